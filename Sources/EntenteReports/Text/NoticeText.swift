import EntenteCore

/// The notice calculator's answers and a recorded notice, for people (text) and programs
/// (JSON: the keys of cli.md, `agreement`, `given`, `notice`, `earliestTermination`,
/// `terminateOn`, `latestNoticeDate`, `rule`, `countsFrom`; `effectiveEnd` for a recorded
/// notice).
public enum NoticeText {
    public static func json(_ a: NoticeAnswer, lang: Language) -> JSONValue {
        let p = a.clause.period
        let notice = JSONValue.object([("length", .int(p.length)), ("unit", .string(p.unit.rawValue))])
        if let answer = a.latest {
            return .object([("agreement", .string(a.agreementID)), ("terminateOn", .string(answer.terminateOn.iso)),
                            ("latestNoticeDate", .date(answer.latest)), ("notice", notice), ("source", .string(a.clause.source.eId)),
                            ("rule", .string(answer.rule[lang])), ("countsFrom", .string(answer.countsFrom.rawValue)),
                            ("earliestPossibleEnd", .date(answer.earliestPossibleEnd)),
                            ("alternative", .str(answer.alternative?[lang]))])
        }
        let t = a.termination
        return .object([("agreement", .string(a.agreementID)), ("given", .str(a.given?.iso)), ("notice", notice),
                        ("earliestTermination", .date(t?.end)), ("source", .string(a.clause.source.eId)),
                        ("rule", .str(t?.rule[lang])), ("countsFrom", .str(t?.countsFrom.rawValue)),
                        ("alternative", .str(t?.alternative?[lang])), ("premature", .str(t?.premature?[lang])),
                        ("provisional", .str(t?.provisional?[lang]))])
    }

    public static func render(_ a: NoticeAnswer, _ lang: Language) -> String {
        if let answer = a.latest { return LifeText.latest(a.agreement, answer, lang: lang).joined(separator: "\n") }
        guard let t = a.termination else { return "" }
        return LifeText.given(a.agreement, t, lang: lang).joined(separator: "\n")
    }

    public static func json(_ r: RecordedNotice, lang: Language) -> JSONValue {
        let n = r.notice
        return .object([("id", .int(Int(n.id ?? 0))), ("agreement", .string(n.agreementID)), ("party", .string(n.party)),
                        ("sentOn", .string(n.sentOn.iso)), ("effectiveEnd", .string(n.effectiveEnd.iso)),
                        ("receivedOn", .date(n.receivedOn)), ("countsFrom", .string(r.answer.countsFrom.rawValue)),
                        ("provisional", .bool(r.answer.provisional != nil)), ("rule", .string(r.answer.rule[lang])),
                        ("jointProjectsToComplete", .array(r.jointProjectsToComplete.map(JSONViews.activity)))])
    }

    public static func render(_ r: RecordedNotice, _ lang: Language) -> String {
        let n = r.notice
        let name = r.agreement.party(n.party)?.name(on: n.sentOn) ?? n.party
        var lines = [lang == .fr ? "Préavis enregistré : \(name), envoyé le \(n.sentOn.long(.fr)); l'entente prend fin le \(n.effectiveEnd.long(.fr))."
                                 : "Notice recorded: \(name), sent \(n.sentOn.long(.en)); the agreement ends on \(n.effectiveEnd.long(.en)).",
                     "\(lang == .fr ? "Règle :" : "Rule:") \(r.answer.rule[lang])"]
        if let p = r.answer.provisional { lines.append(p[lang]) }
        if r.agreement.onNotice == .completeOngoingJointProjects {
            let count = r.jointProjectsToComplete.count
            lines.append(lang == .fr ? "Projets conjoints en cours à mener à terme (\(count)) :" : "Joint projects under way to be completed (\(count)):")
            for act in r.jointProjectsToComplete { lines.append("  - #\(act.id ?? 0) \(act.title) (\(act.start.iso))") }
        }
        return lines.joined(separator: "\n")
    }
}
