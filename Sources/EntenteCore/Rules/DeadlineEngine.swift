import Dispatch

/// Derives deadlines (échéances) from an agreement and what has happened under it.
///
/// Readings taken, each shown to users in the deadline's note where it matters:
/// - Entry into force (rule "last signature"): due on the last signature, met once signed.
/// - First joint-committee meeting: the period after the anchor the metadata names (Québec–
///   Pôle emploi: two years after the last signature, 2024-11-07); the other reading (first
///   signature) is given in the note. Met by the first recorded meeting of that committee.
/// - Biennial action plans: the first is due at the first-meeting deadline (the committee
///   examines and approves it there), then every two years; the n-th approved plan (by
///   period) meets the n-th deadline.
/// - Biennial reports of past activities: the first is due one cycle after the first-meeting
///   deadline (there must be past years to report on), then every two years; n-th approved
///   report meets the n-th deadline.
/// - Copy of each approved report to the Commission: the text sets no delay, so it is due on
///   the approval date; met when the copy's sending is recorded.
/// - Working groups (semi-annual): the committee "may" set them up, so the cadence starts
///   with the first working-group meeting recorded; each next one is due one cadence after
///   the previous meeting held (or the previous due date when none was held). A meeting
///   held after its due date meets it late (said in the note).
/// - Progress reports to the Coordination Committee: one due the day before each recorded
///   meeting ("avant chacune de ses réunions"), met by a report sent for that meeting, or to
///   that committee since its previous meeting; one per recorded request, due when asked.
/// - After a notice: the end date.
/// - Facts count as of `asOf` ("today"): a meeting, approval, report or copy dated after it
///   meets nothing yet (a meeting recorded ahead still sets its progress-report deadline),
///   and a notice sent after it is not given yet.
/// - A meeting entry that corrects closed minutes (`corrects`) replaces the meeting it corrects.
/// Recurring series run until the first due date past the longest lead time, and stop at
/// the end date of a notice.
public struct DeadlineEngine: Sendable {
    /// Days before a due date at which a deadline becomes "due soon" (default 90, 30, 7).
    public var leadTimes: [Int]

    public init(leadTimes: [Int] = [90, 30, 7]) {
        self.leadTimes = leadTimes.sorted()
    }

    /// Every deadline of the agreement, sorted by due date then kind.
    public func deadlines(for agreement: Agreement, history h: AgreementHistory, asOf: CivilDate) -> [Deadline] {
        // Entry into force as its rule gives it (a recorded event included): deadlines counted
        // from it wait while it is unknown (A7).
        var a = agreement
        let start = TerminationRules.effectiveStart(of: agreement, events: h.entryIntoForceEvents)
        if a.entryIntoForce.rule != .unknown { a.entryIntoForce.date = start }
        let notice = TerminationRules.activeNotice(h.notices, on: asOf)
        let expiry = LifeRules.expiry(of: a, entryIntoForce: start)
        let end = [notice?.effectiveEnd, expiry].compactMap { $0 }.min()
        var b = Builder(agreement: a, asOf: asOf, horizon: asOf.adding(days: leadTimes.last ?? 0), end: end)
        let current = h.currentMeetings
        let meetingsByBody = Dictionary(grouping: current.meetings, by: \.body)
            .mapValues { $0.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) } }
        // Meetings held by `asOf`: only they meet a deadline.
        let heldByBody = meetingsByBody.mapValues { $0.filter { $0.date <= asOf } }

        // Entry into force.
        if a.entryIntoForce.rule == .lastSignature, let due = a.entryIntoForce.date ?? a.lastSignature {
            let signed = a.signatures.allSatisfy { $0.date != nil } && due <= asOf
            b.add(.entryIntoForce, Localized(fr: "Entrée en vigueur (dernière signature)", en: "Entry into force (last signature)"),
                  due: due, source: a.entryIntoForce.source?.eId ?? "metadata",
                  met: signed ? (due, Localized(fr: "signée par toutes les Parties", en: "signed by all parties")) : nil)
        }

        // Other entry-into-force rules, once their date is known (A2–A7).
        if a.entryIntoForce.rule != .lastSignature, a.entryIntoForce.rule != .unknown, a.entryIntoForce.rule != .date, let due = start {
            b.add(.entryIntoForce, Localized(fr: "Entrée en vigueur (\(LifeRules.describeEntryIntoForce(a, events: h.entryIntoForceEvents).fr))",
                                             en: "Entry into force (\(LifeRules.describeEntryIntoForce(a, events: h.entryIntoForceEvents).en))"),
                  due: due, source: a.entryIntoForce.source?.eId ?? "metadata",
                  met: due <= asOf ? (due, Localized(fr: "en vigueur", en: "in force")) : nil)
        }

        // Term: expiry of a fixed term (B2), or the end of the current period and the last day
        // for a notice of non-renewal (B5). Not once a notice has set an earlier end.
        if let term = a.resolvedTerm, term.kind == .fixed, let start, notice == nil {
            let source = term.source?.eId ?? "metadata"
            if let expiry {
                b.add(.termExpiry, Localized(fr: "Expiration de l'entente (fin de sa durée)", en: "Expiry of the agreement (end of its term)"),
                      due: expiry, source: source, met: expiry < asOf ? (expiry, Localized(fr: "entente expirée", en: "agreement expired")) : nil)
            } else if let periodEnd = LifeRules.currentPeriodEnd(on: asOf, term: term, entryIntoForce: start) {
                b.add(.termExpiry, Localized(fr: "Fin de la période en cours (reconduction tacite sauf avis)", en: "End of the current period (renewed tacitly unless notice is given)"),
                      due: periodEnd, source: source)
                if let clause = a.notice, clause.timing == .beforeExpiry {
                    let latest = LifeRules.latestNotice(a, toEndBy: periodEnd, events: h.entryIntoForceEvents)
                    if let d = latest.latest, d >= asOf {
                        b.add(.nonRenewalNotice, Localized(fr: "Dernier jour pour un avis de non-reconduction", en: "Last day for a notice of non-renewal"),
                              due: d, source: clause.source.eId)
                    }
                }
            }
        }

        // First joint-committee meeting; it anchors plans, reports and working groups.
        // The cycle start as an anchor date plus periods, so series never drift under clamping.
        var cycle: (anchor: CivilDate, offset: [Period])?
        for body in a.bodies(of: .jointCommittee) {
            guard let within = body.firstMeetingWithin, let from = body.firstMeetingFrom, let anchor = a.date(of: from) else { continue }
            let due = within.after(anchor)
            if cycle == nil { cycle = (anchor, [within]) }
            let first = heldByBody[body.id]?.first
            var note: Localized?
            if let alt = body.firstMeetingAlternative, let altAnchor = a.date(of: alt) {
                let altDue = within.after(altAnchor)
                note = Localized(
                    fr: "Lecture retenue : \(within.words(.fr)) après \(from.describe(.fr)) (\(anchor.long(.fr))). Autre lecture : après \(alt.describe(.fr)) (\(altAnchor.long(.fr))), soit au plus tard le \(altDue.long(.fr)).",
                    en: "Reading taken: \(within.words(.en)) after \(from.describe(.en)) (\(anchor.long(.en))). Other reading: after \(alt.describe(.en)) (\(altAnchor.long(.en))), i.e. by \(altDue.long(.en)).")
            }
            if let first, first.date > due { note = Self.join(note, Self.late("Tenue", "Held", first.date)) }
            b.add(.firstJointCommitteeMeeting, Localized(fr: "Première réunion du \(body.name.lowercasedFirst)", en: "First meeting of the joint committee (\(body.name))"),
                  due: due, source: body.source?.eId ?? "metadata",
                  met: first.map { ($0.date, Localized(fr: "réunion du \($0.date.long(.fr))", en: "meeting of \($0.date.long(.en))")) }, note: note)
        }

        // Biennial plans and reports, and the copy of each report.
        let fallback = start.map { (anchor: $0, offset: [Period]()) }
        for o in a.obligations {
            switch o.kind {
            case .biennialActionPlan:
                guard let every = o.every, let start = cycle ?? fallback.map({ ($0.anchor, [every]) }) else { continue }
                let approved = h.plans.filter { $0.status == .approved && ($0.approvedOn ?? $0.periodStart) <= asOf }
                    .sorted { $0.periodStart < $1.periodStart }
                for (k, due) in b.series(anchor: start.0, offset: start.1, every: every) {
                    let met = k < approved.count ? Self.planMet(approved[k]) : nil
                    b.add(.biennialActionPlan, Localized(fr: "Plan d'action biennal n° \(k + 1)", en: "Biennial action plan no. \(k + 1)"),
                          due: due, source: o.source?.eId ?? "metadata", met: met,
                          note: met.flatMap { $0.0 > due ? Self.late("Approuvé", "Approved", $0.0) : nil })
                }
            case .biennialReport:
                guard let every = o.every, let base = cycle ?? fallback.map({ ($0.anchor, [every]) }) else { continue }
                let start = (base.0, base.1 + [every])
                let approved = h.biennialReports.filter { $0.approvedOn.map { $0 <= asOf } ?? false }.sorted { $0.periodStart < $1.periodStart }
                for (k, due) in b.series(anchor: start.0, offset: start.1, every: every) {
                    let r = k < approved.count ? approved[k] : nil
                    b.add(.biennialReport, Localized(fr: "Rapport biennal des activités n° \(k + 1)", en: "Biennial report of activities no. \(k + 1)"),
                          due: due, source: o.source?.eId ?? "metadata",
                          met: r.map { r in (r.approvedOn!, Localized(fr: "rapport \(r.periodStart.year)–\(r.periodEnd.year) approuvé",
                                                                       en: "report \(r.periodStart.year)–\(r.periodEnd.year) approved")) },
                          note: r.flatMap { $0.approvedOn! > due ? Self.late("Approuvé", "Approved", $0.approvedOn!) : nil })
                }
                if let copyTo = o.copyTo {
                    for r in approved {
                        b.add(.reportCopyToCommission, Localized(fr: "Copie du rapport biennal \(r.periodStart.year)–\(r.periodEnd.year) à : \(copyTo)",
                                                                 en: "Copy of the \(r.periodStart.year)–\(r.periodEnd.year) biennial report to: \(copyTo)"),
                              due: r.approvedOn!, source: o.source?.eId ?? "metadata",
                              met: r.copySentOn.flatMap { $0 <= asOf ? ($0, Localized(fr: "copie transmise", en: "copy sent")) : nil },
                              note: Localized(fr: "Le texte ne fixe pas de délai : échéance à la date d'approbation du rapport.",
                                              en: "The text sets no delay: due on the report's approval date."))
                    }
                }
            case .progressReport:
                let target = o.to.flatMap { id in a.bodies.first { $0.id == id } } ?? a.bodies(of: .coordinationCommittee).first
                guard let committee = target else { continue }
                // Indexed once: by meeting, by request, and the free-standing ones by date.
                let reports = h.progressReports.filter { $0.body == committee.id && $0.submittedOn <= asOf }
                var byMeeting: [Int64: ProgressReport] = [:], byRequest: [Int64: ProgressReport] = [:]
                for r in reports {
                    if let m = r.meetingID, byMeeting[current.resolve(m)].map({ r.submittedOn < $0.submittedOn }) ?? true {
                        byMeeting[current.resolve(m)] = r
                    }
                    if let q = r.requestID, byRequest[q].map({ r.submittedOn < $0.submittedOn }) ?? true { byRequest[q] = r }
                }
                let loose = reports.filter { $0.meetingID == nil && $0.requestID == nil }.sorted { $0.submittedOn < $1.submittedOn }
                /// The first report sent after `previous` and on or before `date`.
                func sentSince(_ previous: CivilDate?, before date: CivilDate) -> ProgressReport? {
                    var lo = 0, hi = loose.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if previous.map({ loose[mid].submittedOn <= $0 }) ?? false { lo = mid + 1 } else { hi = mid }
                    }
                    return lo < loose.count && loose[lo].submittedOn <= date ? loose[lo] : nil
                }
                if o.triggers.contains(.beforeEachMeeting) {
                    var previous: CivilDate?
                    for m in meetingsByBody[committee.id] ?? [] {
                        let report = m.id.flatMap { byMeeting[$0] } ?? sentSince(previous, before: m.date)
                        b.add(.progressReportBeforeMeeting,
                              Localized(fr: "Rapport d'étape avant la réunion du \(committee.name) du \(m.date.long(.fr))",
                                        en: "Progress report before the \(m.date.long(.en)) meeting of the \(committee.name)"),
                              due: m.date.adding(days: -1), source: o.source?.eId ?? "metadata",
                              met: report.map { ($0.submittedOn, Localized(fr: "rapport transmis", en: "report sent")) })
                        previous = m.date
                    }
                }
                for r in h.progressRequests where r.body == committee.id {
                    let report = r.id.flatMap { byRequest[$0] }
                    b.add(.progressReportOnRequest,
                          Localized(fr: "Rapport d'étape demandé le \(r.requestedOn.long(.fr))", en: "Progress report requested on \(r.requestedOn.long(.en))"),
                          due: r.due, source: "record", met: report.map { ($0.submittedOn, Localized(fr: "rapport transmis", en: "report sent")) },
                          note: r.note.map { Localized(fr: $0, en: $0) })
                }
            }
        }

        // Working groups.
        for body in a.bodies(of: .workingGroup) {
            let held = heldByBody[body.id] ?? []
            guard let cadence = body.cadence, var cursor = held.first?.date else { continue }
            var index = 1
            var due = cadence.after(cursor)
            var guardCount = 0
            while guardCount < 1000 {
                guardCount += 1
                if let end = b.end, due > end { break }
                while index < held.count, held[index].date <= cursor { index += 1 }
                let next = index < held.count ? held[index] : nil
                let note = next.flatMap { $0.date > due ? Self.late("Tenue", "Held", $0.date) : nil }
                b.add(.workingGroupMeeting, Localized(fr: "Réunion semestrielle : \(body.name)", en: "Semi-annual meeting: \(body.name)"),
                      due: due, source: body.source?.eId ?? "metadata",
                      met: next.map { ($0.date, Localized(fr: "réunion du \($0.date.long(.fr))", en: "meeting of \($0.date.long(.en))")) }, note: note)
                if due > b.horizon { break }
                cursor = next?.date ?? due
                due = cadence.after(cursor)
            }
        }

        // The end date after a notice.
        if let n = notice {
            let who = a.party(n.party)?.name(on: n.sentOn) ?? n.party
            b.add(.terminationEnd, Localized(fr: "Fin de l'entente (préavis de \(who) du \(n.sentOn.long(.fr)))",
                                             en: "End of the agreement (notice by \(who) of \(n.sentOn.long(.en)))"),
                  due: n.effectiveEnd, source: a.notice?.source.eId ?? "record",
                  met: n.effectiveEnd < asOf ? (n.effectiveEnd, Localized(fr: "entente terminée", en: "agreement ended")) : nil)
        }

        // After the end date, nothing more falls due. In place: deadlines are large values.
        var out = b.out
        b.out = [] // `out` now owns the buffer: edits below do not copy it
        if let end = b.end { out.removeAll { d in d.kind != .terminationEnd && d.kind != .termExpiry && d.metOn == nil && d.due > end } }
        for i in out.indices { applyStatus(&out[i], asOf: asOf) }
        out.sort { a, b in a.due != b.due ? a.due < b.due : Self.kindRank[a.kind]! < Self.kindRank[b.kind]! }
        return out
    }

    /// Deadlines of many agreements, optionally limited to due dates in [from, to], sorted by
    /// due date, agreement id, then kind.
    ///
    /// Agreements are worked on every core (each one's deadlines depend on it alone), then
    /// ordered on integer keys, and each deadline is moved, never copied, into the result:
    /// over 10,000 agreements, comparing strings and copying deadlines (a dozen strings each)
    /// dominated the run (profiled).
    public func deadlines(for items: [(Agreement, AgreementHistory)], asOf: CivilDate, from: CivilDate? = nil, to: CivilDate? = nil) -> [Deadline] {
        let ids = Array(Set(items.map(\.0.id))).sorted()
        let agreementRank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let lo = from?.dayNumber ?? Int.min, hi = to?.dayNumber ?? Int.max
        // Each worker also writes its deadlines' sort keys (day numbers of years 1…9999
        // shifted positive, then kind; the agreement's rank is added below): reading them
        // back out of the lists afterwards copied every deadline once more (profiled).
        var lists = [[Deadline?]](repeating: [], count: items.count)
        var partial = [[Int]](repeating: [], count: items.count)
        lists.withUnsafeMutableBufferPointer { buffer in
            partial.withUnsafeMutableBufferPointer { keyBuffer in
                let out = UncheckedSendable(buffer), outKeys = UncheckedSendable(keyBuffer)
                let chunk = 256
                DispatchQueue.concurrentPerform(iterations: (items.count + chunk - 1) / chunk) { c in
                    for i in c * chunk..<min(items.count, (c + 1) * chunk) {
                        let list = deadlines(for: items[i].0, history: items[i].1, asOf: asOf).filter {
                            let day = $0.due.dayNumber
                            return day >= lo && day <= hi
                        }
                        outKeys.value[i] = list.map { (($0.due.dayNumber + 800_000) << 36) | Self.kindRank[$0.kind]! }
                        out.value[i] = list
                    }
                }
            }
        }
        // The last fields keep the agreement's own order (a stable sort on plain integers).
        var keys: [(key: Int, list: Int, index: Int)] = []
        keys.reserveCapacity(items.count * 12)
        for i in items.indices {
            let rank = agreementRank[items[i].0.id]! << 8
            for (k, key) in partial[i].enumerated() { keys.append((key | rank, i, k)) }
        }
        keys.sort { ($0.key, $0.list, $0.index) < ($1.key, $1.list, $1.index) }
        var result: [Deadline] = []
        result.reserveCapacity(keys.count)
        for k in keys { result.append(lists[k.list][k.index].take()!) }
        return result
    }

    /// Kinds in the order of their JSON names, for sorting without string comparisons.
    static let kindRank: [DeadlineKind: Int] = Dictionary(
        uniqueKeysWithValues: DeadlineKind.allCases.sorted { $0.rawValue < $1.rawValue }.enumerated().map { ($1, $0) })

    /// Met, overdue, due soon (within the longest lead time) or upcoming, as of `asOf`.
    public func status(_ d: Deadline, asOf: CivilDate) -> Deadline {
        var d = d
        applyStatus(&d, asOf: asOf)
        return d
    }

    func applyStatus(_ d: inout Deadline, asOf: CivilDate) {
        if d.metOn != nil {
            d.status = .met
            d.leadTime = nil
        } else if d.due < asOf {
            d.status = .overdue
        } else {
            let days = asOf.days(until: d.due)
            if let lead = leadTimes.first(where: { days <= $0 }) {
                d.status = .dueSoon
                d.leadTime = lead
            } else {
                d.status = .upcoming
            }
        }
    }

    /// `date` + the sum of `periods`: months and years added in one step (so 31 August + 6 + 6
    /// months is 31 August a year later, not 28 August), then days.
    static func add(_ date: CivilDate, _ periods: [Period]) -> CivilDate {
        var months = 0, days = 0
        for p in periods {
            switch p.unit {
            case .month: months += p.length
            case .year: months += 12 * p.length
            case .day: days += p.length
            }
        }
        return date.adding(months: months).adding(days: days)
    }

    static func planMet(_ p: ActionPlan) -> (CivilDate, Localized) {
        let years = "\(p.periodStart.year)–\(p.periodEnd.year)"
        return (p.approvedOn ?? p.periodStart, Localized(fr: "plan \(years) approuvé", en: "plan \(years) approved"))
    }

    /// "Tenue en retard, le 3 mars 2025." / "Held late, on March 3, 2025."
    static func late(_ fr: String, _ en: String, _ on: CivilDate) -> Localized {
        Localized(fr: "\(fr) en retard, le \(on.long(.fr)).", en: "\(en) late, on \(on.long(.en)).")
    }

    static func join(_ a: Localized?, _ b: Localized) -> Localized {
        guard let a else { return b }
        return Localized(fr: a.fr + " " + b.fr, en: a.en + " " + b.en)
    }

    /// Collects deadlines for one agreement.
    struct Builder {
        let agreement: Agreement
        let asOf: CivilDate
        let horizon: CivilDate
        /// The end date after a notice: nothing recurs past it.
        let end: CivilDate?
        var out: [Deadline] = []

        mutating func add(_ kind: DeadlineKind, _ title: Localized, due: CivilDate, source: String,
                          met: (CivilDate, Localized)? = nil, note: Localized? = nil) {
            out.append(Deadline(agreementID: agreement.id, kind: kind, title: title, due: due, status: .upcoming, source: source,
                                metBy: met?.1, metOn: met?.0, note: note))
        }

        /// The due dates anchor + offset, start + every, … up to the first due date past the
        /// horizon, and not past the end date. Each due date is computed from `start` so
        /// clamping does not drift (31 Aug, 28 Feb, 31 Aug …).
        func series(anchor: CivilDate, offset: [Period], every: Period) -> [(Int, CivilDate)] {
            guard every.length > 0 else { return [(0, DeadlineEngine.add(anchor, offset))] }
            var out: [(Int, CivilDate)] = []
            for k in 0..<1000 {
                let due = DeadlineEngine.add(anchor, offset + [Period(every.length * k, every.unit)])
                if let end, due > end { break }
                out.append((k, due))
                if due > horizon { break }
            }
            return out
        }
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
