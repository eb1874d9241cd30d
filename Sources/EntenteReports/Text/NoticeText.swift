import EntenteCore

/// The notice calculator's answers and a recorded notice, for people (text) and programs
/// (JSON, the keys of cli.md: `agreement`, `given`, `notice`, `earliestTermination`,
/// `terminateOn`, `latestNoticeDate`; `effectiveEnd` for a recorded notice).
public enum NoticeText {
    public static func json(_ a: NoticeAnswer) -> JSONValue {
        let p = a.clause.period
        let notice = JSONValue.object([("length", .int(p.length)), ("unit", .string(p.unit.rawValue))])
        if let end = a.terminateOn, let latest = a.latestNoticeDate {
            return .object([("agreement", .string(a.agreementID)), ("terminateOn", .string(end.iso)),
                            ("latestNoticeDate", .string(latest.iso)), ("notice", notice), ("source", .string(a.clause.source.eId))])
        }
        return .object([("agreement", .string(a.agreementID)), ("given", .str(a.given?.iso)), ("notice", notice),
                        ("earliestTermination", .str(a.earliestTermination?.iso)), ("source", .string(a.clause.source.eId))])
    }

    public static func render(_ a: NoticeAnswer, _ lang: Language) -> String {
        let unit = PeriodText.describe(a.clause.period, lang)
        let fr = lang == .fr
        if let end = a.terminateOn, let latest = a.latestNoticeDate {
            return [fr ? "Pour que l'entente prenne fin au plus tard le \(end.long(.fr)), le préavis écrit (\(unit)) doit être donné au plus tard le \(latest.long(.fr))."
                       : "For the agreement to end on or before \(end.long(.en)), written notice (\(unit)) must be given no later than \(latest.long(.en)).",
                    fr ? "Source : \(a.clause.source.eId)" : "Source: \(a.clause.source.eId)"].joined(separator: "\n")
        }
        guard let given = a.given, let earliest = a.earliestTermination else { return "" }
        return [fr ? "Un préavis écrit donné le \(given.long(.fr)) (\(unit)) permet de mettre fin à l'entente au plus tôt le \(earliest.long(.fr))."
                   : "Written notice given on \(given.long(.en)) (\(unit)) lets the agreement end on \(earliest.long(.en)) at the earliest.",
                fr ? "Règle : date du préavis + \(unit), ramenée au dernier jour du mois si ce jour n'existe pas. Source : \(a.clause.source.eId)"
                   : "Rule: notice date + \(unit), moved back to the month's last day when that day does not exist. Source: \(a.clause.source.eId)"]
            .joined(separator: "\n")
    }

    public static func json(_ r: RecordedNotice) -> JSONValue {
        let n = r.notice
        return .object([("id", .int(Int(n.id ?? 0))), ("agreement", .string(n.agreementID)), ("party", .string(n.party)),
                        ("sentOn", .string(n.sentOn.iso)), ("effectiveEnd", .string(n.effectiveEnd.iso)),
                        ("jointProjectsToComplete", .array(r.jointProjectsToComplete.map(JSONViews.activity)))])
    }

    public static func render(_ r: RecordedNotice, _ lang: Language) -> String {
        let n = r.notice
        let name = r.agreement.party(n.party)?.name(on: n.sentOn) ?? n.party
        var lines = [lang == .fr ? "Préavis enregistré : \(name), envoyé le \(n.sentOn.long(.fr)); l'entente prend fin le \(n.effectiveEnd.long(.fr))."
                                 : "Notice recorded: \(name), sent \(n.sentOn.long(.en)); the agreement ends on \(n.effectiveEnd.long(.en))."]
        if r.agreement.onNotice == .completeOngoingJointProjects {
            let count = r.jointProjectsToComplete.count
            lines.append(lang == .fr ? "Projets conjoints en cours à mener à terme (\(count)) :" : "Joint projects under way to be completed (\(count)):")
            for act in r.jointProjectsToComplete { lines.append("  - #\(act.id ?? 0) \(act.title) (\(act.start.iso))") }
        }
        return lines.joined(separator: "\n")
    }
}
