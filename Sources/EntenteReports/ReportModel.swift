import EntenteCore

/// Builds the plain dictionaries the templates read (the view model). Everything that came
/// from users is escaped here for Markdown; for HTML, Mustache's `{{x}}` escapes it.
enum ReportModel {
    static func context(_ kind: ReportKind, input: ReportInput, format: ReportFormat) -> [String: Any] {
        var m = Builder(input: input, format: format)
        switch kind {
        case .biennial: return m.biennial()
        case .plan: return m.plan()
        case .progress: return m.progress()
        case .noticeLetter: return m.noticeLetter()
        }
    }

    struct Builder {
        let input: ReportInput
        let format: ReportFormat
        var lang: Language { input.language }
        var fr: Bool { lang == .fr }
        var a: Agreement { input.agreement }

        /// User text, made safe for the output format.
        func t(_ s: String?) -> String {
            guard let s else { return "" }
            return format == .markdown ? MarkdownEscape.escape(s) : s
        }

        func long(_ d: CivilDate?) -> String { d.map { $0.long(lang) } ?? "" }

        /// A list item of the text without its closing punctuation ("…vidéoconférences;").
        func label(_ s: String) -> String {
            var s = Substring(s)
            while let l = s.last, l == ";" || l == "." || l == "," || l == " " { s.removeLast() }
            return t(String(s))
        }

        /// "12 950,00 CAD" / "12,950.00 CAD".
        func money(_ minor: Int64, _ currency: String) -> String {
            let neg = minor < 0
            let whole = String(minor.magnitude / 100)
            let cents = minor.magnitude % 100
            var grouped = ""
            for (i, ch) in whole.reversed().enumerated() {
                if i > 0, i % 3 == 0 { grouped.append(fr ? "\u{202F}" : ",") }
                grouped.append(ch)
            }
            let number = String(grouped.reversed()) + (fr ? "," : ".") + (cents < 10 ? "0" : "") + String(cents)
            return (neg ? "-" : "") + number + " " + currency
        }

        func partyName(_ id: String) -> String { t(a.party(id)?.name(on: input.to) ?? id) }

        func dates(_ start: CivilDate, _ end: CivilDate?) -> String {
            guard let end, end != start else { return long(start) }
            return fr ? "du \(long(start)) au \(long(end))" : "\(long(start)) to \(long(end))"
        }

        func status(_ s: ActivityStatus) -> String {
            switch s {
            case .planned: return fr ? "prévue" : "planned"
            case .underWay: return fr ? "en cours" : "under way"
            case .done: return fr ? "réalisée" : "done"
            case .cancelled: return fr ? "annulée" : "cancelled"
            }
        }

        func inPeriod(_ x: Activity) -> Bool { x.start <= input.to && (x.end ?? x.start) >= input.from }

        /// Common keys of every report.
        func base(title: String) -> [String: Any] {
            var c: [String: Any] = [
                "lang": lang.rawValue,
                "title": title,
                "agreement": [
                    "id": t(a.id), "title": t(a.title(lang)), "shortTitle": t(a.displayTitle(lang)),
                    "parties": a.parties.map { partyName($0.id) }.joined(separator: fr ? " et " : " and "),
                ] as [String: Any],
                "parties": a.parties.map { ["id": t($0.id), "name": partyName($0.id)] },
                "period": ["from": long(input.from), "to": long(input.to), "fromISO": input.from.iso, "toISO": input.to.iso],
                "asOf": long(input.asOf),
            ]
            // Labels are top-level names (`label_means`): swift-mustache resolves a dotted name
            // such as `L.means` several times slower, which doubled the time of a 10,000-row table.
            for (k, v) in labels { c["label_" + k] = v }
            return c
        }

        func activityView(_ x: Activity) -> [String: Any] {
            let meansNames = x.meansOfAction.map { m in label(a.meansOfAction.first { $0.num == m || $0.text == m }?.text ?? m) }
            return [
                "id": x.id.map { String($0) } ?? "",
                "title": t(x.title),
                "description": t(x.description),
                "hasDescription": x.description?.isEmpty == false,
                "dates": dates(x.start, x.end),
                "status": status(x.status),
                "domains": t(x.domains.joined(separator: ", ")),
                "means": meansNames.joined(separator: "; "),
                "parties": x.parties.map(partyName).joined(separator: ", "),
                "participants": x.participants.map { "\(t($0.name)) (\(partyName($0.party)))" }.joined(separator: ", "),
                "hasParticipants": !x.participants.isEmpty,
                "costs": x.costs.map { "\(money($0.amountMinor, $0.currency)) (\(partyName($0.party)))" }.joined(separator: ", "),
                "hasCosts": !x.costs.isEmpty,
                "outcomes": t(x.outcomes),
                "hasOutcomes": x.outcomes?.isEmpty == false,
            ]
        }

        func emptyMessage() -> String {
            fr ? "Aucune activité n'a été consignée du \(long(input.from)) au \(long(input.to))."
               : "No activity was recorded from \(long(input.from)) to \(long(input.to))."
        }

        func deadlineView(_ d: Deadline) -> [String: Any] {
            [
                "due": long(d.due),
                "title": t(d.title[lang]),
                "status": d.status == .met && (d.metOn ?? d.due) > d.due ? (fr ? "respectée en retard" : "met late") : Labels.status(d.status, lang),
                "met": d.status == .met,
                "metOn": long(d.metOn),
                "note": t(d.note?[lang]),
                "hasNote": d.note != nil,
                "source": t(d.source),
            ]
        }

        func meetingView(_ m: Meeting) -> [String: Any] {
            [
                "date": long(m.date),
                "body": t(a.bodies.first { $0.id == m.body }?.name ?? m.body),
                "decisions": m.decisions.map { ["text": t($0.text)] },
                "hasDecisions": !m.decisions.isEmpty,
                "agenda": t(m.agenda.joined(separator: "; ")),
            ]
        }

        // MARK: - Biennial report

        mutating func biennial() -> [String: Any] {
            var c = base(title: fr ? "Rapport biennal des activités" : "Biennial report of activities")
            let acts = input.history.activities.filter(inPeriod)
            let live = acts.filter { $0.status != .cancelled }
            let cancelled = acts.filter { $0.status == .cancelled }
            c["isEmpty"] = live.isEmpty
            c["emptyMessage"] = emptyMessage()
            c["activities"] = live.map(activityView)
            c["cancelled"] = cancelled.map(activityView)
            c["hasCancelled"] = !cancelled.isEmpty
            c["domains"] = a.domains.map { d -> [String: Any] in
                let inDomain = live.filter { x in x.domains.contains { $0 == d.num || $0.hasPrefix(d.num + ".") } }
                return [
                    "num": t(d.num), "label": label(d.label),
                    "done": inDomain.filter { $0.status == .done }.count,
                    "underWay": inDomain.filter { $0.status == .underWay }.count,
                    "planned": inDomain.filter { $0.status == .planned }.count,
                    "count": inDomain.count,
                    "activities": inDomain.map { ["title": t($0.title), "dates": dates($0.start, $0.end)] },
                ]
            }
            c["planItems"] = planItems(live: input.history.activities)
            c["hasPlan"] = !(c["planItems"] as! [[String: Any]]).isEmpty
            var means: [[String: Any]] = []
            for m in a.meansOfAction {
                let n = live.filter { $0.meansOfAction.contains(m.num) || $0.meansOfAction.contains(m.text) }.count
                means.append(["num": t(m.num), "text": label(m.text), "count": n])
            }
            c["means"] = means
            c["hasMeans"] = !means.isEmpty
            c["costs"] = costTotals(live)
            c["hasCosts"] = !(c["costs"] as! [[String: Any]]).isEmpty
            c["costRule"] = a.costRule == .ownParticipants
                ? (fr ? "Les frais sont à la charge de la Partie d'origine des participants." : "Costs are borne by the participants' own party.")
                : ""
            let ds = input.deadlines.filter { $0.due >= input.from && $0.due <= input.to }
            c["deadlines"] = ds.map(deadlineView)
            c["hasDeadlines"] = !ds.isEmpty
            let meetings = input.history.meetings.filter { $0.date >= input.from && $0.date <= input.to && $0.corrects == nil }
            c["meetings"] = meetings.map(meetingView)
            c["hasMeetings"] = !meetings.isEmpty
            c["workingGroupMeetings"] = meetings.filter { m in a.bodies.contains { $0.id == m.body && $0.kind == .workingGroup } }.count
            c["copyTo"] = t(a.obligations.first { $0.kind == .biennialReport }?.copyTo)
            c["hasCopyTo"] = a.obligations.contains { $0.kind == .biennialReport && $0.copyTo != nil }
            return c
        }

        func planItems(live: [Activity]) -> [[String: Any]] {
            let plans = input.history.plans.filter { $0.periodStart <= input.to && $0.periodEnd >= input.from }
            return plans.flatMap { p in
                p.items.map { item -> [String: Any] in
                    let linked = live.filter { $0.planItemID != nil && $0.planItemID == item.id }
                    return [
                        "plan": "\(p.periodStart.year)–\(p.periodEnd.year)",
                        "planStatus": p.status == .approved ? (fr ? "approuvé" : "approved") : (fr ? "brouillon" : "draft"),
                        "title": t(item.title),
                        "domains": t(item.domains.joined(separator: ", ")),
                        "due": long(item.due),
                        "lead": item.leadParty.map(partyName) ?? "",
                        "progress": item.progress,
                        "activities": linked.map { ["title": t($0.title), "status": status($0.status)] },
                        "hasActivities": !linked.isEmpty,
                    ]
                }
            }
        }

        func costTotals(_ acts: [Activity]) -> [[String: Any]] {
            var totals: [String: Int64] = [:]
            for x in acts { for c in x.costs { totals["\(c.party)|\(c.currency)", default: 0] += c.amountMinor } }
            return totals.keys.sorted().map { key in
                let parts = key.split(separator: "|").map(String.init)
                return ["party": partyName(parts[0]), "currency": parts[1],
                        "amount": money(totals[key]!, parts[1])]
            }
        }

        // MARK: - Biennial action plan

        mutating func plan() -> [String: Any] {
            var c = base(title: fr ? "Plan d'action biennal" : "Biennial action plan")
            let items = planItems(live: input.history.activities)
            c["planItems"] = items
            c["hasPlan"] = !items.isEmpty
            c["emptyMessage"] = fr ? "Aucun plan d'action n'a été consigné pour la période du \(long(input.from)) au \(long(input.to))."
                                   : "No action plan was recorded for the period from \(long(input.from)) to \(long(input.to))."
            let planned = input.history.activities.filter { inPeriod($0) && ($0.status == .planned || $0.status == .underWay) }
            c["activities"] = planned.map(activityView)
            c["hasActivities"] = !planned.isEmpty
            let ds = input.deadlines.filter { $0.status != .met && $0.due >= input.from && $0.due <= input.to }
            c["deadlines"] = ds.map(deadlineView)
            c["hasDeadlines"] = !ds.isEmpty
            return c
        }

        // MARK: - Progress report

        mutating func progress() -> [String: Any] {
            var c = base(title: fr ? "Rapport d'étape" : "Progress report")
            let committee = a.bodies(of: .coordinationCommittee).first ?? a.bodies.first
            c["committee"] = t(committee?.name ?? "")
            c["hasMeeting"] = input.meeting != nil
            c["meetingDate"] = long(input.meeting?.date)
            let acts = input.history.activities.filter { inPeriod($0) && $0.status != .cancelled }
            c["activities"] = acts.map(activityView)
            c["isEmpty"] = acts.isEmpty
            c["emptyMessage"] = emptyMessage()
            let upcoming = input.deadlines.filter { $0.status != .met }
            c["deadlines"] = upcoming.map(deadlineView)
            c["hasDeadlines"] = !upcoming.isEmpty
            c["representatives"] = a.representatives.map { r in
                ["party": partyName(r.party), "who": t([r.person, r.role].compactMap { $0 }.joined(separator: ", "))]
            }
            return c
        }

        // MARK: - Notice letter

        mutating func noticeLetter() -> [String: Any] {
            var c = base(title: fr ? "Avis de résiliation" : "Notice of termination")
            let n = input.notice
            let giver = n.map { a.party($0.party)?.name(on: $0.sentOn) ?? $0.party } ?? ""
            let others = a.parties.filter { $0.id != n?.party }.map { t($0.name(on: n?.sentOn ?? input.asOf)) }
            c["from"] = t(giver)
            c["to"] = others.joined(separator: fr ? " et " : " and ")
            c["sentOn"] = long(n?.sentOn)
            c["effectiveEnd"] = long(n?.effectiveEnd)
            let clause = a.notice
            c["period"] = clause.map { PeriodText.describe($0.period, lang) } ?? ""
            c["provision"] = t(clause.flatMap { $0.source.num } ?? clause?.source.eId ?? "")
            c["signedOn"] = a.signatures.compactMap(\.date).max().map(long) ?? ""
            let ongoing = TerminationRules.jointProjectsToComplete(agreement: a, history: input.history, asOf: n?.sentOn ?? input.asOf)
            c["completeProjects"] = a.onNotice == .completeOngoingJointProjects
            c["projects"] = ongoing.map(activityView)
            c["hasProjects"] = !ongoing.isEmpty
            let title = t(a.title(lang))
            let provision = c["provision"] as! String
            let period = c["period"] as! String
            var paragraphs: [String] = fr ? [
                "Conformément à l'article \(provision) de l'\(title), \(t(giver)) donne par la présente à \(c["to"] as! String) un préavis écrit de \(period) de son intention de mettre fin à l'entente.",
                "Le présent avis est transmis le \(long(n?.sentOn)). L'entente prendra fin le \(long(n?.effectiveEnd)).",
            ] : [
                "In accordance with article \(provision) of the \(title), \(t(giver)) hereby gives \(c["to"] as! String) \(period)' written notice of its intention to terminate the agreement.",
                "This notice is sent on \(long(n?.sentOn)). The agreement will end on \(long(n?.effectiveEnd)).",
            ]
            if a.onNotice == .completeOngoingJointProjects {
                paragraphs.append(fr ? "Comme le prévoit l'entente, les Parties prendront les moyens nécessaires pour assurer l'achèvement de tout projet entrepris conjointement."
                                     : "As the agreement provides, the Parties will take the necessary measures to complete any project undertaken jointly.")
            }
            c["paragraphs"] = paragraphs.map { ["text": $0] }
            c["salutation"] = fr ? "Veuillez agréer l'expression de notre haute considération." : "Yours faithfully,"
            return c
        }

        // MARK: - Labels

        var labels: [String: String] {
            fr ? [
                "agreement": "Entente", "period": "Période", "parties": "Parties", "asOf": "Produit le",
                "summary": "Bilan par domaine", "domain": "Domaine", "done": "réalisées", "underWay": "en cours", "planned": "prévues",
                "activities": "Activités", "cancelled": "Activités annulées", "planVsDone": "Plan d'action et réalisations",
                "item": "Élément", "due": "Échéance", "lead": "Responsable", "progress": "Avancement", "linked": "Activités liées",
                "means": "Moyens d'action utilisés", "count": "Nombre", "costs": "Frais par Partie", "party": "Partie",
                "amount": "Montant", "currency": "Devise", "deadlines": "Échéances de la période", "status": "État",
                "meetings": "Réunions tenues", "decisions": "Décisions", "workingGroups": "Réunions des groupes de travail",
                "copyTo": "Copie du rapport à", "dates": "Dates", "participants": "Participants", "outcomes": "Résultats",
                "none": "Aucun", "committee": "Comité", "meeting": "Réunion du", "representatives": "Représentants désignés",
                "upcoming": "Échéances ouvertes", "source": "Source", "plannedActivities": "Activités prévues ou en cours",
                "object": "Objet", "signature": "Signature", "projects": "Projets conjoints en cours à mener à terme",
                "domains": "Domaines", "c": "\u{00A0}:",
            ] : [
                "agreement": "Agreement", "period": "Period", "parties": "Parties", "asOf": "Produced on",
                "summary": "Assessment by domain", "domain": "Domain", "done": "done", "underWay": "under way", "planned": "planned",
                "activities": "Activities", "cancelled": "Cancelled activities", "planVsDone": "Action plan and achievements",
                "item": "Item", "due": "Due", "lead": "Lead", "progress": "Progress", "linked": "Linked activities",
                "means": "Means of action used", "count": "Count", "costs": "Costs by party", "party": "Party",
                "amount": "Amount", "currency": "Currency", "deadlines": "Deadlines in the period", "status": "Status",
                "meetings": "Meetings held", "decisions": "Decisions", "workingGroups": "Working-group meetings",
                "copyTo": "Copy of the report to", "dates": "Dates", "participants": "Participants", "outcomes": "Outcomes",
                "none": "None", "committee": "Committee", "meeting": "Meeting of", "representatives": "Designated representatives",
                "upcoming": "Open deadlines", "source": "Source", "plannedActivities": "Planned or ongoing activities",
                "object": "Subject", "signature": "Signature", "projects": "Joint projects under way to be completed",
                "domains": "Domains", "c": ":",
            ]
        }
    }
}

/// Escaping for Markdown: user text cannot start a heading, list, table cell, link or raw HTML.
public enum MarkdownEscape {
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "#", "|", ">", "!", "{", "}": out += "\\" + String(c)
            case "<": out += "&lt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
