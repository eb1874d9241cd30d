/// The answer to "if notice is given (or received) on d, when does the agreement end?".
public struct TerminationAnswer: Sendable, Hashable {
    /// The day the period counts from: the day sent, or the day received (`countsFrom`).
    public var countedFrom: CivilDate
    public var countsFrom: NoticeCount
    /// X: the end date (the agreement is in force that day); nil when it cannot be known yet
    /// (entry into force still waiting for its event).
    public var end: CivilDate?
    /// Which rule gave `end`, in words, with the source article.
    public var rule: Localized
    /// Set when the end is provisional: the clause counts from receipt and none is recorded.
    public var provisional: Localized?
    /// Set when notice given that day is premature (C8: a minimum duration restricts notice).
    public var premature: Localized?
    /// The other reading, when the clause admits two.
    public var alternative: Localized?
}

/// The answer to "to end on or before T, by when must notice be given (or received)?".
public struct LatestNoticeAnswer: Sendable, Hashable {
    public var terminateOn: CivilDate
    /// The last day that still works; nil when none does (then `earliestPossibleEnd` says why).
    public var latest: CivilDate?
    /// The agreement cannot end before this date (set when `latest` is nil).
    public var earliestPossibleEnd: CivilDate?
    public var countsFrom: NoticeCount
    public var rule: Localized
    public var alternative: Localized?
}

/// Entry into force, term, renewal and termination arithmetic for every kind of final clause
/// in shared/design/clause-kinds.md. Pure functions over values.
///
/// Readings taken (said out loud in the README too):
/// - +N days: the day of the act is not counted, X = d + N (CPC art. 641 al. 1, ETS 76 art. 3).
/// - +N months/years: the same day number, clamped to the end of the month (CPC art. 641
///   al. 2, ETS 76 art. 4(2), Canada IA s. 28).
/// - Renewal boundaries are anchored on entry into force, E_k = EIF + initial + k × renewal,
///   never chained (29 February 2024 + 4 years is 29 February 2028).
/// - The agreement is in force on its end date X and ended from the next day.
/// - Every end X(d) is non-decreasing in d, so the inverse (latest notice date) is one
///   monotone search, exact by construction, for every kind.
public enum LifeRules {
    // MARK: Calendar boundaries

    /// The first day of the Nth month following the month of `d` (A3): the month after d's
    /// month counts as the first. 10 Nov 2026, N = 2 → 1 Jan 2027.
    public static func firstDayOfNthMonth(after d: CivilDate, nth: Int) -> CivilDate {
        // Arithmetic only (no validating initialiser): the inverse search may probe any year.
        d.adding(days: 1 - d.day).adding(months: nth)
    }

    /// 1 January of the year after `d`'s year.
    static func firstOfNextYear(_ d: CivilDate) -> CivilDate { firstDayOfNthMonth(after: d, nth: 13 - d.month) }

    /// The first day of the month following `d`'s month (the month "following the expiry").
    public static func firstDayOfFollowingMonth(_ d: CivilDate) -> CivilDate { firstDayOfNthMonth(after: d, nth: 1) }

    /// The 31 December strictly after `d` (C7: "following" taken strictly, as "after" in A5).
    public static func followingDecember31(_ d: CivilDate) -> CivilDate {
        let thisYear = firstOfNextYear(d).adding(days: -1)
        return d < thisYear ? thisYear : thisYear.adding(months: 12)
    }

    // MARK: Entry into force

    /// The date the anchor of the entry-into-force rule stands for, or nil while unknown
    /// (an event not yet recorded, an undated signature).
    public static func anchorDate(of a: Agreement, events: [EntryIntoForceEvent]) -> CivilDate? {
        let eif = a.entryIntoForce
        let anchor = eif.anchor ?? (eif.rule == .event ? .lastNotification : (eif.rule == .signature ? .signature : .lastSignature))
        switch anchor {
        case .lastSignature:
            guard !a.signatures.isEmpty, a.signatures.allSatisfy({ $0.date != nil }) else { return nil }
            return a.lastSignature
        case .signature:
            let key = eif.party.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
            return a.signatures.filter { key == nil || $0.party == key }.compactMap(\.date).max()
        case .lastNotification, .exchangeOfInstruments:
            return events.map(\.countingDate).max()
        }
    }

    /// The date the agreement enters into force under its rule, nil while unknown or waiting
    /// for the event users record (A1–A7). A date the metadata states wins.
    public static func entryIntoForceDate(of a: Agreement, events: [EntryIntoForceEvent] = []) -> CivilDate? {
        let eif = a.entryIntoForce
        switch eif.rule {
        case .date, .unknown: return eif.date
        case .lastSignature: return eif.date ?? anchorDate(of: a, events: events)
        case .signature, .onAnchor, .event: return anchorDate(of: a, events: events) ?? (eif.waitsForEvent ? nil : eif.date)
        case .afterPeriod:
            guard let d = anchorDate(of: a, events: events) else { return nil }
            return (eif.period ?? Period(0, .day)).after(d)
        case .firstDayOfNthMonth:
            guard let d = anchorDate(of: a, events: events) else { return nil }
            return firstDayOfNthMonth(after: d, nth: eif.nth ?? 1)
        case .firstDayOfMonthAfterPeriod:
            guard let d = anchorDate(of: a, events: events) else { return nil }
            return firstDayOfFollowingMonth((eif.period ?? Period(0, .day)).after(d))
        }
    }

    /// The rule in words: "le premier jour du 2e mois suivant la dernière signature (20 octobre 2026)".
    public static func describeEntryIntoForce(_ a: Agreement, events: [EntryIntoForceEvent] = []) -> Localized {
        let eif = a.entryIntoForce
        let anchor = eif.anchor ?? (eif.rule == .event ? .lastNotification : .lastSignature)
        let anchorWords: Localized
        switch anchor {
        case .lastSignature: anchorWords = Localized(fr: "la dernière signature", en: "the last signature")
        case .signature: anchorWords = Localized(fr: "la signature de \(eif.party ?? "une Partie")", en: "the signature of \(eif.party ?? "a party")")
        case .lastNotification: anchorWords = Localized(fr: "la dernière notification de l'accomplissement des procédures internes",
                                                        en: "the last notification that internal procedures are complete")
        case .exchangeOfInstruments: anchorWords = Localized(fr: "l'échange des instruments de ratification", en: "the exchange of instruments of ratification")
        }
        let d = anchorDate(of: a, events: events)
        func at(_ l: Language) -> String {
            d.map { " (\($0.long(l)))" } ?? (anchor.isEvent ? (l == .fr ? " (pas encore enregistrée)" : " (not yet recorded)") : "")
        }
        switch eif.rule {
        case .unknown: return Localized(fr: "inconnue", en: "unknown")
        case .date: return Localized(fr: "date fixée par le texte", en: "date set by the text")
        case .lastSignature, .signature, .onAnchor, .event:
            return Localized(fr: "à la date de \(anchorWords.fr)\(at(.fr))", en: "on the date of \(anchorWords.en)\(at(.en))")
        case .afterPeriod:
            let p = eif.period ?? Period(0, .day)
            return Localized(fr: "\(p.words(.fr)) après \(anchorWords.fr)\(at(.fr)), le jour de l'acte non compté",
                             en: "\(p.words(.en)) after \(anchorWords.en)\(at(.en)), the day of the act not counted")
        case .firstDayOfNthMonth:
            let n = eif.nth ?? 1
            return Localized(fr: "le premier jour du \(n == 1 ? "1er" : "\(n)e") mois suivant \(anchorWords.fr)\(at(.fr))",
                             en: "on the first day of the \(ordinal(n)) month following \(anchorWords.en)\(at(.en))")
        case .firstDayOfMonthAfterPeriod:
            let p = eif.period ?? Period(0, .day)
            return Localized(fr: "le premier jour du mois qui suit l'expiration de \(p.words(.fr)) après \(anchorWords.fr)\(at(.fr))",
                             en: "on the first day of the month following the expiry of \(p.words(.en)) after \(anchorWords.en)\(at(.en))")
        }
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    // MARK: Term and renewal

    /// The end of the initial term (E_0), included: EIF + length, or the stated end date.
    public static func initialTermEnd(_ term: Term, entryIntoForce: CivilDate?) -> CivilDate? {
        guard term.kind == .fixed else { return nil }
        if let until = term.until { return until }
        guard let length = term.length, let eif = entryIntoForce else { return nil }
        return length.after(eif)
    }

    /// E_k: the end of the k-th period (k = 0 is the initial term), anchored on the entry into
    /// force (or on the stated end date), never chained from the previous boundary.
    public static func boundary(_ k: Int, term: Term, entryIntoForce: CivilDate?) -> CivilDate? {
        guard let e0 = initialTermEnd(term, entryIntoForce: entryIntoForce) else { return nil }
        guard k > 0, let r = term.renewal?.period else { return e0 }
        if term.until == nil, let length = term.length, let eif = entryIntoForce, length.unit != .day, r.unit != .day {
            let months = (length.unit == .year ? length.length * 12 : length.length) + k * (r.unit == .year ? r.length * 12 : r.length)
            return eif.adding(months: months)
        }
        switch r.unit {
        case .day: return e0.adding(days: k * r.length)
        case .month: return e0.adding(months: k * r.length)
        case .year: return e0.adding(years: k * r.length)
        }
    }

    /// How many boundaries the term has: 1 without tacit renewal, 2 for one further period,
    /// nil (unbounded) for successive periods.
    static func boundaryCount(_ term: Term) -> Int? {
        guard let r = term.renewal, r.tacit else { return 1 }
        return r.successive ? nil : 2
    }

    /// The date the agreement expires by itself (B2–B4, B6): the last boundary when renewal
    /// is not tacit and successive; nil for an indefinite term or successive tacit renewals.
    public static func expiry(of a: Agreement, entryIntoForce: CivilDate?) -> CivilDate? {
        guard let term = a.resolvedTerm, term.kind == .fixed, let count = boundaryCount(term) else { return nil }
        return boundary(count - 1, term: term, entryIntoForce: entryIntoForce)
    }

    /// The end of the period `d` falls in (E_k ≥ d), or the last boundary when past them all.
    public static func currentPeriodEnd(on d: CivilDate, term: Term, entryIntoForce: CivilDate?) -> CivilDate? {
        currentBoundary(d, term: term, entryIntoForce: entryIntoForce)
    }

    /// The first boundary on or after `d` (the end of the period `d` falls in), or the last
    /// one when `d` is past them all.
    static func currentBoundary(_ d: CivilDate, term: Term, entryIntoForce: CivilDate?) -> CivilDate? {
        var k = 0
        let count = boundaryCount(term)
        while true {
            guard let e = boundary(k, term: term, entryIntoForce: entryIntoForce) else { return nil }
            if e >= d { return e }
            if let count, k + 1 >= count { return e }
            k += 1
            if k > 10_000 { return e }
        }
    }

    // MARK: Termination

    /// The end for notice counted from `d` (sent or received, as the clause says).
    ///
    /// - Notice at any time (C1–C7): X = d + N, then moved to the calendar boundary the clause
    ///   names (first day of the following month, 1 January after the year, following
    ///   31 December); with a fixed term, no later than the end of the current period (B7).
    /// - Notice of non-renewal (B5): the first boundary E_k with d ≤ E_k − N ("at least N
    ///   before" admits equality). Without a further renewal the agreement expires anyway.
    /// - A minimum duration M = EIF + m (C8): restricting notice, a notice before M counts as
    ///   given on M (and is said to be premature); restricting effect, X = max(X, M).
    /// - Throws nothing: nil `end` when the entry into force a rule needs is not yet known.
    public static func earliestEnd(_ a: Agreement, clause: NoticeClause?, countedFrom d: CivilDate,
                                   entryIntoForce eif: CivilDate?) -> (end: CivilDate?, premature: Bool) {
        let term = a.resolvedTerm
        let fixed = term?.kind == .fixed ? term : nil
        guard let clause else {
            // No notice clause: a fixed term still ends on its own.
            return (fixed == nil ? nil : expiry(of: a, entryIntoForce: eif), false)
        }
        var from = d
        var premature = false
        var minimumEnd: CivilDate?
        if let m = clause.notBefore {
            guard let eif else { return (nil, false) }
            let limit = m.after(eif)
            if (clause.restricts ?? .notice) == .notice {
                if from < limit { from = limit; premature = true }
            } else {
                minimumEnd = limit
            }
        }
        if let term = fixed, clause.timing == .beforeExpiry {
            guard initialTermEnd(term, entryIntoForce: eif) != nil else { return (nil, premature) }
            let count = boundaryCount(term)
            var k = 0
            while true {
                guard let e = boundary(k, term: term, entryIntoForce: eif) else { return (nil, premature) }
                if from <= clause.period.before(e) { return (max(e, minimumEnd ?? e), premature) }
                if let count, k + 1 >= count { return (e, premature) } // expires anyway
                k += 1
                if k > 10_000 { return (nil, premature) }
            }
        }
        let y = clause.period.after(from)
        var x: CivilDate
        switch clause.effect ?? .afterPeriod {
        case .afterPeriod: x = y
        case .firstDayOfFollowingMonth: x = firstDayOfFollowingMonth(y)
        case .endOfCalendarYear: x = firstOfNextYear(y)
        case .followingDec31: x = followingDecember31(y)
        }
        if let minimumEnd, x < minimumEnd { x = minimumEnd }
        if let term = fixed {
            guard let e = currentBoundary(from, term: term, entryIntoForce: eif) else { return (nil, premature) }
            x = min(x, e)
        }
        return (x, premature)
    }

    /// The full answer for a notice sent on `sent` (received on `received`, when known).
    public static func termination(_ a: Agreement, sent: CivilDate, received: CivilDate? = nil,
                                   events: [EntryIntoForceEvent] = []) -> TerminationAnswer {
        let clause = a.notice
        let counts = clause?.countsFrom ?? .sending
        let from = counts == .receipt ? (received ?? sent) : sent
        let eif = TerminationRules.effectiveStart(of: a, events: events)
        let r = earliestEnd(a, clause: clause, countedFrom: from, entryIntoForce: eif)
        var provisional: Localized?
        if counts == .receipt, received == nil {
            provisional = Localized(
                fr: "Date provisoire : le délai court à compter de la réception de l'avis, qui n'est pas encore connue ; compté ici depuis l'envoi (\(sent.long(.fr))).",
                en: "Provisional date: the period runs from receipt of the notice, not yet known; counted here from sending (\(sent.long(.en))).")
        }
        var premature: Localized?
        if r.premature, let m = clause?.notBefore, let eif {
            let limit = m.after(eif)
            premature = Localized(fr: "Un préavis ne peut être donné avant le \(limit.long(.fr)) (\(m.words(.fr)) après l'entrée en vigueur) : il compte à partir de cette date.",
                                  en: "Notice cannot be given before \(limit.long(.en)) (\(m.words(.en)) after entry into force): it counts from that date.")
        }
        return TerminationAnswer(countedFrom: from, countsFrom: counts, end: r.end, rule: rule(a, entryIntoForce: eif),
                                 provisional: provisional, premature: premature,
                                 alternative: alternative(a, end: r.end, entryIntoForce: eif))
    }

    /// The last day `d` (of sending, or of receipt when the clause counts from receipt) whose
    /// notice ends the agreement on or before `end`: the exact inverse of `earliestEnd`, found
    /// by a monotone search. When no day works, `earliestPossibleEnd` says from when it can.
    public static func latestNotice(_ a: Agreement, toEndBy end: CivilDate, events: [EntryIntoForceEvent] = []) -> LatestNoticeAnswer {
        let eif = TerminationRules.effectiveStart(of: a, events: events)
        let counts = a.notice?.countsFrom ?? .sending
        let words = rule(a, entryIntoForce: eif)
        func x(_ day: Int) -> CivilDate? { earliestEnd(a, clause: a.notice, countedFrom: CivilDate(dayNumber: day), entryIntoForce: eif).end }
        var lo = end.dayNumber - 200 * 366, hi = end.dayNumber
        guard let first = x(lo) else {
            return LatestNoticeAnswer(terminateOn: end, latest: nil, earliestPossibleEnd: nil, countsFrom: counts, rule: words)
        }
        guard first <= end else {
            return LatestNoticeAnswer(terminateOn: end, latest: nil, earliestPossibleEnd: first, countsFrom: counts, rule: words)
        }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if let v = x(mid), v <= end { lo = mid } else { hi = mid - 1 }
        }
        let latest = CivilDate(dayNumber: lo)
        return LatestNoticeAnswer(terminateOn: end, latest: latest, earliestPossibleEnd: nil, countsFrom: counts, rule: words,
                                  alternative: alternative(a, end: x(lo), entryIntoForce: eif))
    }

    /// Which rule applies, in words, citing the article.
    public static func rule(_ a: Agreement, entryIntoForce eif: CivilDate?) -> Localized {
        guard let c = a.notice else {
            if let e = expiry(of: a, entryIntoForce: eif) {
                return Localized(fr: "Aucune clause de résiliation : l'entente expire d'elle-même au terme de sa durée, le \(e.long(.fr)).",
                                 en: "No termination clause: the agreement expires by itself at the end of its term, on \(e.long(.en)).")
            }
            return Localized(fr: "Aucune clause de résiliation reconnue.", en: "No termination clause recognised.")
        }
        let cite = Citation.localized(c.source)
        let n = Localized(fr: c.period.words(.fr), en: c.period.words(.en))
        let from = (c.countsFrom ?? .sending) == .receipt
            ? Localized(fr: "à compter de la réception de l'avis", en: "counted from receipt of the notice")
            : Localized(fr: "à compter de l'envoi de l'avis", en: "counted from the day the notice is sent")
        var fr: String, en: String
        let term = a.resolvedTerm
        if let term, term.kind == .fixed, c.timing == .beforeExpiry {
            let ren = term.renewal.map { r in
                (r.successive ? "reconduite tacitement par périodes successives de \(r.period.words(.fr))" : "reconduite une fois pour \(r.period.words(.fr))",
                 r.successive ? "renewed tacitly for successive periods of \(r.period.words(.en))" : "renewed once for \(r.period.words(.en))")
            }
            let initial = term.length.map { ($0.words(.fr), $0.words(.en)) } ?? (term.until?.long(.fr) ?? "?", term.until?.long(.en) ?? "?")
            fr = "Durée déterminée (\(initial.0) à compter de l'entrée en vigueur)\(ren.map { ", \($0.0)" } ?? ""); avis de non-reconduction au moins \(n.fr) avant la fin de la période en cours, \(from.fr) : l'entente prend fin à la fin de la première période que l'avis peut encore arrêter, et reste en vigueur ce jour-là (la période se termine à minuit) ; les périodes sont comptées depuis l'entrée en vigueur"
            en = "Fixed term (\(initial.1) from entry into force)\(ren.map { ", \($0.1)" } ?? ""); notice of non-renewal at least \(n.en) before the end of the current period, \(from.en): the agreement ends at the end of the first period the notice can still stop, and is in force on that day (the period ends at midnight); periods are counted from entry into force"
        } else {
            let effect: (String, String)
            switch c.effect ?? .afterPeriod {
            case .afterPeriod: effect = ("date de l'avis + \(n.fr), ramenée au dernier jour du mois si ce jour n'existe pas", "notice date + \(n.en), moved back to the month's last day when that day does not exist")
            case .firstDayOfFollowingMonth: effect = ("le premier jour du mois qui suit l'expiration de \(n.fr)", "the first day of the month following the expiry of \(n.en)")
            case .endOfCalendarYear: effect = ("le 1er janvier qui suit la fin de la première année civile dont la fin est au moins \(n.fr) après l'avis", "1 January after the first calendar year ending at least \(n.en) after the notice")
            case .followingDec31: effect = ("le 31 décembre qui suit l'expiration de \(n.fr) (« suivant » pris au sens strict)", "the 31 December following the expiry of \(n.en) (\"following\" taken strictly)")
            }
            fr = "Préavis à tout moment, \(from.fr) : \(effect.0)"
            en = "Notice at any time, \(from.en): \(effect.1)"
            if let term, term.kind == .fixed {
                fr += ", au plus tard à la fin de la période en cours"
                en += ", no later than the end of the current period"
            }
        }
        if let m = c.notBefore {
            if (c.restricts ?? .notice) == .notice {
                fr += "; aucun préavis avant \(m.words(.fr)) après l'entrée en vigueur"
                en += "; no notice before \(m.words(.en)) after entry into force"
            } else {
                fr += "; pas de fin avant \(m.words(.fr)) après l'entrée en vigueur"
                en += "; no end before \(m.words(.en)) after entry into force"
            }
        }
        return Localized(fr: "\(fr) (\(cite.fr)).", en: "\(en) (\(cite.en)).")
    }

    /// The other reading beside the one taken, when the clause admits two.
    static func alternative(_ a: Agreement, end: CivilDate?, entryIntoForce eif: CivilDate?) -> Localized? {
        var notes: [Localized] = []
        if let n = a.notice?.alternative { notes.append(n) }
        if let t = a.resolvedTerm?.alternative { notes.append(t) }
        if let end, let term = a.resolvedTerm, term.kind == .fixed, a.notice?.timing == .beforeExpiry {
            let last = end.adding(days: -1)
            let safe = a.notice.map { $0.period.before(end).adding(days: -1) }
            notes.append(Localized(
                fr: "Autre lecture (pratique des dépositaires, premier jour compté) : dernier jour en vigueur le \(last.long(.fr))\(safe.map { "; pour être sûr sous les deux lectures, donner l'avis au plus tard le \($0.long(.fr))" } ?? "").",
                en: "Other reading (depositary practice, day one counted): last day in force \(last.long(.en))\(safe.map { "; to be safe under either reading, give notice by \($0.long(.en))" } ?? "")."))
        }
        guard !notes.isEmpty else { return nil }
        return Localized(fr: notes.map(\.fr).joined(separator: " "), en: notes.map(\.en).joined(separator: " "))
    }

    // MARK: State

    /// The state on `date` (see `AgreementState`): `signed` before entry into force (or while
    /// it waits for its event), `terminating` once a notice is given, `terminated` the day
    /// after its end, `expired` the day after a fixed term with no further renewal ends.
    public static func state(of a: Agreement, notices: [TerminationNotice], events: [EntryIntoForceEvent] = [],
                             on date: CivilDate) -> AgreementState {
        guard let start = TerminationRules.effectiveStart(of: a, events: events) else {
            // Waiting for its event: signed, not yet in force. An undated signature: unknown.
            return a.entryIntoForce.waitsForEvent && !a.signatures.isEmpty ? .notYetInForce : .unknown
        }
        if date < start { return .notYetInForce }
        let expires = expiry(of: a, entryIntoForce: start)
        if let notice = TerminationRules.activeNotice(notices, on: date), expires.map({ notice.effectiveEnd <= $0 }) ?? true {
            return date > notice.effectiveEnd ? .terminated : .terminating
        }
        if let expires, date > expires { return .expired }
        return .inForce
    }
}
