import EntenteCore

/// One agreement on the `entente status` dashboard.
public struct DashboardRow: Sendable {
    public var agreement: Agreement
    public var state: AgreementState
    public var deadlines: [Deadline]
    /// The earliest end date if notice were given on the as-of date.
    public var earliestEnd: CivilDate?
    public var notices: [TerminationNotice]
    /// Recorded entry-into-force events (A7).
    public var events: [EntryIntoForceEvent]

    public init(agreement: Agreement, state: AgreementState, deadlines: [Deadline], earliestEnd: CivilDate?, notices: [TerminationNotice],
                events: [EntryIntoForceEvent] = []) {
        self.agreement = agreement
        self.state = state
        self.deadlines = deadlines
        self.earliestEnd = earliestEnd
        self.notices = notices
        self.events = events
    }

    /// Entry into force still ahead, or the term's end, in words; nil when there is nothing to say.
    public func lifeLine(asOf: CivilDate, lang: Language) -> String? {
        let fr = lang == .fr
        let a = agreement
        let start = TerminationRules.effectiveStart(of: a, events: events)
        if state == .notYetInForce {
            if let start { return fr ? "Entrée en vigueur : \(start.long(lang))" : "Entry into force: \(start.long(lang))" }
            return fr ? "Entrée en vigueur : en attente de l'événement (\(LifeRules.describeEntryIntoForce(a, events: events).fr))"
                      : "Entry into force: waiting for the event (\(LifeRules.describeEntryIntoForce(a, events: events).en))"
        }
        guard let term = a.resolvedTerm, term.kind == .fixed, let start else { return nil }
        if let e = LifeRules.expiry(of: a, entryIntoForce: start) {
            if state == .expired { return fr ? "Expirée le \(e.long(lang)) (fin de sa durée)" : "Expired on \(e.long(lang)) (end of its term)" }
            return fr ? "Durée déterminée : expire le \(e.long(lang))" : "Fixed term: expires on \(e.long(lang))"
        }
        if let p = LifeRules.currentPeriodEnd(on: asOf, term: term, entryIntoForce: start) {
            return fr ? "Période en cours jusqu'au \(p.long(lang)), reconduite tacitement sauf avis" : "Current period until \(p.long(lang)), renewed tacitly unless notice is given"
        }
        return nil
    }

    /// Rows the most pressing first: those with an overdue deadline (the oldest first), then
    /// those with one due within the lead times, then those with one upcoming, each by the
    /// due date of its first open deadline (`open`); then those with none; ties by id. The
    /// dashboard's order when there are more agreements than fit on a page.
    public static func byUrgency(_ rows: [DashboardRow]) -> [DashboardRow] {
        func rank(_ s: DeadlineStatus) -> Int { s == .overdue ? 0 : s == .dueSoon ? 1 : 2 }
        let keyed = rows.map { r -> (rank: Int, due: Int, row: DashboardRow) in
            guard let first = r.open.first else { return (3, 0, r) }
            return (rank(first.status), first.due.dayNumber, r)
        }
        return keyed.sorted { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.due != b.due { return a.due < b.due }
            return a.row.agreement.id < b.row.agreement.id
        }.map(\.row)
    }

    /// Open deadlines a dashboard shows per agreement, the most pressing; the rest are one
    /// link (or command) away. An agreement with years of missed semi-annual meetings has
    /// dozens: 850 rows for 25 agreements on the 10,000-agreement corpus, measured.
    public static let shownPerAgreement = 6

    /// Overdue first (oldest first), then due soon, then upcoming; met ones are left out.
    public var open: [Deadline] {
        func rank(_ s: DeadlineStatus) -> Int { s == .overdue ? 0 : s == .dueSoon ? 1 : 2 }
        return deadlines.filter { $0.status != .met }.sorted { (rank($0.status), $0.due) < (rank($1.status), $1.due) }
    }
}

/// The dashboard and deadline list for people, and the dashboard's JSON.
public enum DashboardText {
    public static func render(_ rows: [DashboardRow], asOf: CivilDate, lang: Language, perAgreement: Int = DashboardRow.shownPerAgreement) -> String {
        let fr = lang == .fr
        var out: [String] = []
        out.append(fr ? "Tableau de bord au \(asOf.long(lang))" : "Dashboard as of \(asOf.long(lang))")
        if rows.isEmpty {
            out.append(fr ? "Aucune entente dans cet espace de travail. Déposez un fichier Akoma Ntoso dans agreements/ ou lancez « entente import FICHIER »."
                          : "No agreement in this workspace. Put an Akoma Ntoso file in agreements/ or run 'entente import FILE'.")
        }
        for r in rows {
            let a = r.agreement
            out.append("")
            out.append("■ \(a.displayTitle(lang)) [\(a.id)]")
            out.append("  \(fr ? "État :" : "State:") \(Labels.state(r.state, lang))")
            if let life = r.lifeLine(asOf: asOf, lang: lang) { out.append("  \(life)") }
            out.append("  \(fr ? "Parties :" : "Parties:") \(a.parties.map { $0.name(on: asOf) }.joined(separator: " · "))")
            if let n = r.notices.first(where: { !$0.withdrawn }) {
                out.append(fr ? "  Préavis donné le \(n.sentOn.long(lang)) : fin le \(n.effectiveEnd.long(lang))"
                              : "  Notice given on \(n.sentOn.long(lang)): ends on \(n.effectiveEnd.long(lang))")
            } else if let e = r.earliestEnd, let n = a.notice {
                out.append(fr ? "  Si un préavis était donné aujourd'hui (\(PeriodText.describe(n.period, lang))) : fin au plus tôt le \(e.long(lang))"
                              : "  If notice were given today (\(PeriodText.describe(n.period, lang))): earliest end \(e.long(lang))")
            } else {
                out.append(fr ? "  Préavis : aucune clause connue" : "  Notice: no known clause")
            }
            // Meetings of an outside committee are not in the text: say so rather than show nothing.
            if let o = a.obligations.first(where: { $0.kind == .progressReport && $0.triggers.contains(.beforeEachMeeting) }),
               !r.deadlines.contains(where: { $0.kind == .progressReportBeforeMeeting }) {
                let body = a.bodies.first { $0.id == o.to }?.name ?? o.to ?? ""
                out.append(fr ? "  Rapports d'étape : aucune réunion du \(body) n'est consignée; inscrivez-les (entente meeting add \(a.id) --body \(o.to ?? "ID") --date AAAA-MM-JJ) pour suivre les échéances."
                              : "  Progress reports: no meeting of the \(body) is recorded; enter them (entente meeting add \(a.id) --body \(o.to ?? "ID") --date YYYY-MM-DD) to track the deadlines.")
            }
            let open = r.open
            if open.isEmpty {
                out.append(fr ? "  Échéances : rien d'ouvert" : "  Deadlines: nothing open")
            } else {
                out.append(fr ? "  Prochaines échéances :" : "  Next deadlines:")
                for d in open.prefix(perAgreement) { out.append("    " + line(d, asOf: asOf, lang: lang)) }
                if open.count > perAgreement {
                    out.append(fr ? "    … et \(open.count - perAgreement) autre(s) : entente deadlines --agreement \(a.id)"
                                  : "    … and \(open.count - perAgreement) more: entente deadlines --agreement \(a.id)")
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// One deadline on one line: marker, date, status, title, days left, source.
    public static func line(_ d: Deadline, asOf: CivilDate, lang: Language) -> String {
        let fr = lang == .fr
        let mark: String
        switch d.status {
        case .overdue: mark = "!!"
        case .dueSoon: mark = "! "
        case .upcoming: mark = "  "
        case .met: mark = "ok"
        }
        let days = asOf.days(until: d.due)
        var rel = ""
        if d.status != .met {
            if days < 0 { rel = fr ? " (\(-days) j de retard)" : " (\(-days) days late)" }
            else if days == 0 { rel = fr ? " (aujourd'hui)" : " (today)" }
            else { rel = fr ? " (dans \(days) j)" : " (in \(days) days)" }
        } else if let m = d.metOn {
            rel = fr ? " (le \(m.long(lang)))" : " (on \(m.long(lang)))"
        }
        var s = "\(mark) \(d.due.iso)  \(Labels.status(d.status, lang).padding(12))  \(d.title[lang])\(rel)  (\(Citation.describe(d.source, lang)))"
        if let note = d.note { s += "\n       \(note[lang])" }
        return s
    }

    public static func deadlines(_ list: [Deadline], agreements: [Agreement], asOf: CivilDate, lang: Language) -> String {
        if list.isEmpty { return lang == .fr ? "Aucune échéance dans cette période." : "No deadline in this period." }
        var out: [String] = []
        var current: String?
        let titles = Dictionary(agreements.map { ($0.id, $0.displayTitle(lang)) }, uniquingKeysWith: { a, _ in a })
        for d in list.sorted(by: { ($0.agreementID, $0.due) < ($1.agreementID, $1.due) }) {
            if d.agreementID != current {
                if current != nil { out.append("") }
                current = d.agreementID
                out.append("■ \(titles[d.agreementID] ?? d.agreementID) [\(d.agreementID)]")
            }
            out.append("  " + line(d, asOf: asOf, lang: lang))
        }
        return out.joined(separator: "\n")
    }

    public static func json(_ rows: [DashboardRow], asOf: CivilDate, lang: Language) -> JSONValue {
        .object([
            ("asOf", .string(asOf.iso)),
            ("agreements", .array(rows.map { r in
                .object([
                    ("id", .string(r.agreement.id)),
                    ("title", .string(r.agreement.title(lang))),
                    ("state", .string(r.state.rawValue)),
                    ("parties", .array(r.agreement.parties.map { p in .object([("id", .string(p.id)), ("name", .string(p.name(on: asOf)))]) })),
                    ("earliestTerminationIfNoticeToday", .date(r.earliestEnd)),
                    ("deadlines", .array(r.open.map { JSONViews.deadline($0, lang: lang) })),
                ])
            })),
        ])
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
