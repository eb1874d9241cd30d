/// Termination-notice arithmetic and the state of an agreement over time.
///
/// Readings taken (said out loud, as the README does):
/// - A notice of N months given on day d lets the agreement end on d + N months, clamped to
///   the end of the month (31 August + 6 months = 28/29 February).
/// - The period counts from the day the notice is given, i.e. sent ("préavis écrit …
///   transmis à l'autre Partie"); the day it is received is recorded beside it.
/// - The agreement is still in force on its end date and terminated from the next day.
public enum TerminationRules {
    /// The earliest date the agreement can end for a notice given on `given`.
    public static func earliestTermination(noticeGivenOn given: CivilDate, period: Period) -> CivilDate {
        period.after(given)
    }

    /// The last day notice can be given for the agreement to end on or before `end`.
    ///
    /// Not simply `end − period`: under clamping several notice days end on the same date
    /// (29, 30 and 31 August + 6 months all give 28 February), and the latest of them counts.
    public static func latestNoticeDate(toTerminateOn end: CivilDate, period: Period) -> CivilDate {
        var d = period.before(end)
        // Step back if the subtraction overshot (cannot happen for days; kept for safety).
        while earliestTermination(noticeGivenOn: d, period: period) > end { d = d.adding(days: -1) }
        // Step forward while the next day still ends on or before `end` (at most 3 steps).
        while earliestTermination(noticeGivenOn: d.adding(days: 1), period: period) <= end { d = d.adding(days: 1) }
        return d
    }

    /// The date the agreement took or takes effect: the stated date, else the last signature
    /// once every signature is dated. That covers the rule "at the last signature" and also a
    /// text with no entry-into-force clause whose signatures are dated (Québec–Ontario): we
    /// read it as in force from the last signature, the reading a ministry uses in practice,
    /// and `effectiveStartNote` says so. nil (state `unknown`) when nothing is known: no
    /// stated date and no signatures, or a signature whose date is unknown.
    public static func effectiveStart(of agreement: Agreement) -> CivilDate? {
        if let date = agreement.entryIntoForce.date { return date }
        guard !agreement.signatures.isEmpty, agreement.signatures.allSatisfy({ $0.date != nil }) else { return nil }
        return agreement.lastSignature
    }

    /// Why `effectiveStart` is what it is, when the text does not state it; nil when it does.
    public static func effectiveStartNote(of agreement: Agreement) -> Localized? {
        guard agreement.entryIntoForce.date == nil else { return nil }
        guard let start = effectiveStart(of: agreement) else {
            return Localized(fr: "Date d'entrée en vigueur inconnue : le texte ne la fixe pas et les signatures ne sont pas toutes datées.",
                             en: "Entry into force unknown: the text does not set it and not every signature is dated.")
        }
        if agreement.entryIntoForce.rule == .lastSignature {
            return Localized(fr: "En vigueur à la dernière signature, le \(start.long(.fr)).",
                             en: "In force from the last signature, \(start.long(.en)).")
        }
        return Localized(fr: "Le texte ne fixe pas d'entrée en vigueur : elle est réputée à la dernière signature, le \(start.long(.fr)).",
                         en: "The text sets no entry into force: it is taken to be the last signature, \(start.long(.en)).")
    }

    /// The state of the agreement on `date`.
    public static func state(of agreement: Agreement, notices: [TerminationNotice], on date: CivilDate) -> AgreementState {
        guard let start = effectiveStart(of: agreement) else { return .unknown }
        if date < start { return .notYetInForce }
        if let notice = activeNotice(notices, on: date) {
            return date > notice.effectiveEnd ? .terminated : .terminating
        }
        return .inForce
    }

    /// The notice that governs the end: the earliest-ending one not withdrawn and given by `date`.
    public static func activeNotice(_ notices: [TerminationNotice], on date: CivilDate? = nil) -> TerminationNotice? {
        notices.filter { n in !n.withdrawn && (date.map { n.sentOn <= $0 } ?? true) }
            .min { $0.effectiveEnd < $1.effectiveEnd }
    }

    /// Builds a notice actually given, refusing what the agreement does not allow.
    public static func makeNotice(agreement: Agreement, party: String, sentOn: CivilDate, receivedOn: CivilDate?,
                                  requestedEnd: CivilDate?) throws(ValidationError) -> TerminationNotice {
        guard let clause = agreement.notice else {
            throw ValidationError(field: "notice", problem: Localized(
                fr: "l'entente \(agreement.id) n'a pas de clause de préavis connue; aucun préavis ne peut être calculé.",
                en: "agreement \(agreement.id) has no known notice clause; no notice can be computed."))
        }
        try RecordValidator.checkParty(party, agreement, field: "party")
        if let receivedOn, receivedOn < sentOn {
            throw ValidationError(field: "received", problem: Localized(
                fr: "la date de réception (\(receivedOn.iso)) précède la date d'envoi (\(sentOn.iso)); vérifiez les deux dates.",
                en: "the date received (\(receivedOn.iso)) is before the date sent (\(sentOn.iso)); check both dates."))
        }
        let earliest = earliestTermination(noticeGivenOn: sentOn, period: clause.period)
        if let requestedEnd, requestedEnd < earliest {
            throw ValidationError(field: "end", problem: Localized(
                fr: "un préavis donné le \(sentOn.long(.fr)) ne permet pas de finir avant le \(earliest.long(.fr)) (préavis de \(clause.period.words(.fr))); demandez cette date ou une date plus tardive.",
                en: "a notice given on \(sentOn.long(.en)) cannot end the agreement before \(earliest.long(.en)) (notice period: \(clause.period.words(.en))); ask for that date or a later one."))
        }
        return TerminationNotice(agreementID: agreement.id, party: party, sentOn: sentOn, receivedOn: receivedOn,
                                 requestedEnd: requestedEnd, effectiveEnd: requestedEnd ?? earliest)
    }

    /// Joint projects under way that must still be completed once notice is given
    /// (Québec–Pôle emploi art. 9): activities planned or under way that involve two or more
    /// distinct parties, or that name no party (joint by default). The recorded status
    /// decides, not the dates: `asOf` is the day the list is drawn up, kept for callers.
    public static func jointProjectsToComplete(agreement: Agreement, history: AgreementHistory, asOf: CivilDate) -> [Activity] {
        guard agreement.onNotice == .completeOngoingJointProjects else { return [] }
        return history.activities.filter { a in
            guard a.status == .planned || a.status == .underWay else { return false }
            return Set(a.parties.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }).count != 1
        }
    }
}
