/// Termination-notice arithmetic and the state of an agreement over time.
///
/// Readings taken (said out loud, as the README does):
/// - A notice of N months given on day d lets the agreement end on d + N months, clamped to
///   the end of the month (31 August + 6 months = 28/29 February).
/// - The period counts from the day the notice is given, i.e. sent ("préavis écrit …
///   transmis à l'autre Partie"), unless the clause counts from receipt (`countsFrom`), as
///   « à compter de la réception » / "after the date on which the other Party receives" do.
/// - Every other kind of clause (renewal, calendar boundaries, minimum duration) is in
///   `LifeRules`; `makeNotice` uses it.
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

    /// The date the agreement took or takes effect: the date its entry-into-force rule gives
    /// (`LifeRules.entryIntoForceDate`), else the last signature once every signature is
    /// dated. That covers a text with no entry-into-force clause whose signatures are dated
    /// (Québec–Ontario): read as in force from the last signature (VCLT art. 24(2) by
    /// analogy), and `effectiveStartNote` says so. nil (state `unknown`, or `signed`) when
    /// nothing is known, or while a rule waits for its event or its anchor.
    public static func effectiveStart(of agreement: Agreement, events: [EntryIntoForceEvent] = []) -> CivilDate? {
        if let date = LifeRules.entryIntoForceDate(of: agreement, events: events) { return date }
        guard agreement.entryIntoForce.rule == .unknown || agreement.entryIntoForce.rule == .lastSignature else { return nil }
        guard !agreement.signatures.isEmpty, agreement.signatures.allSatisfy({ $0.date != nil }) else { return nil }
        return agreement.lastSignature
    }

    /// Why `effectiveStart` is what it is, when the text does not state it; nil when it does.
    public static func effectiveStartNote(of agreement: Agreement, events: [EntryIntoForceEvent] = []) -> Localized? {
        guard agreement.entryIntoForce.date == nil else { return nil }
        let rule = agreement.entryIntoForce.rule
        if rule != .unknown && rule != .lastSignature {
            let words = LifeRules.describeEntryIntoForce(agreement, events: events)
            guard let start = effectiveStart(of: agreement, events: events) else {
                return Localized(fr: "Pas encore en vigueur : entrée en vigueur \(words.fr).", en: "Not yet in force: enters into force \(words.en).")
            }
            return Localized(fr: "Entrée en vigueur le \(start.long(.fr)) : \(words.fr).", en: "In force from \(start.long(.en)): \(words.en).")
        }
        guard let start = effectiveStart(of: agreement, events: events) else {
            return Localized(fr: "Date d'entrée en vigueur inconnue : le texte ne la fixe pas et les signatures ne sont pas toutes datées.",
                             en: "Entry into force unknown: the text does not set it and not every signature is dated.")
        }
        if rule == .lastSignature {
            return Localized(fr: "En vigueur à la dernière signature, le \(start.long(.fr)).",
                             en: "In force from the last signature, \(start.long(.en)).")
        }
        return Localized(fr: "Le texte ne fixe pas d'entrée en vigueur : elle est réputée à la dernière signature, le \(start.long(.fr)).",
                         en: "The text sets no entry into force: it is taken to be the last signature, \(start.long(.en)).")
    }

    /// The state of the agreement on `date` (`LifeRules.state`).
    public static func state(of agreement: Agreement, notices: [TerminationNotice], events: [EntryIntoForceEvent] = [],
                             on date: CivilDate) -> AgreementState {
        LifeRules.state(of: agreement, notices: notices, events: events, on: date)
    }

    /// The notice that governs the end: the earliest-ending one not withdrawn and given by `date`.
    public static func activeNotice(_ notices: [TerminationNotice], on date: CivilDate? = nil) -> TerminationNotice? {
        notices.filter { n in !n.withdrawn && (date.map { n.sentOn <= $0 } ?? true) }
            .min { $0.effectiveEnd < $1.effectiveEnd }
    }

    /// Builds a notice actually given, refusing what the agreement does not allow.
    public static func makeNotice(agreement: Agreement, party: String, sentOn: CivilDate, receivedOn: CivilDate?,
                                  requestedEnd: CivilDate?, events: [EntryIntoForceEvent] = []) throws(ValidationError) -> TerminationNotice {
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
        let answer = LifeRules.termination(agreement, sent: sentOn, received: receivedOn, events: events)
        guard let earliest = answer.end else {
            throw ValidationError(field: "notice", problem: Localized(
                fr: "la fin ne peut être calculée : l'entrée en vigueur de \(agreement.id) n'est pas encore connue; enregistrez-la d'abord (entente in-force).",
                en: "the end cannot be computed: the entry into force of \(agreement.id) is not yet known; record it first (entente in-force)."))
        }
        try checkWithinCalendar(end: earliest, sent: sentOn)
        if let requestedEnd, requestedEnd < earliest {
            throw ValidationError(field: "end", problem: Localized(
                fr: "un préavis donné le \(sentOn.long(.fr)) ne permet pas de finir avant le \(earliest.long(.fr)) (préavis de \(clause.period.words(.fr))); demandez cette date ou une date plus tardive.",
                en: "a notice given on \(sentOn.long(.en)) cannot end the agreement before \(earliest.long(.en)) (notice period: \(clause.period.words(.en))); ask for that date or a later one."))
        }
        return TerminationNotice(agreementID: agreement.id, party: party, sentOn: sentOn, receivedOn: receivedOn,
                                 requestedEnd: requestedEnd, effectiveEnd: requestedEnd ?? earliest)
    }

    /// Refuses a notice whose end would fall after 9999-12-31: no calendar date can hold it
    /// (`CivilDate.isWithinCalendar`), and storing it would leave a date no reader can read.
    /// - Throws: `ValidationError` on `sent`.
    public static func checkWithinCalendar(end: CivilDate, sent: CivilDate) throws(ValidationError) {
        guard !end.isWithinCalendar else { return }
        throw ValidationError(field: "sent", problem: Localized(
            fr: "un préavis donné le \(sent.long(.fr)) prendrait fin après le 31 décembre 9999, hors du calendrier que l'on peut enregistrer; vérifiez la date d'envoi.",
            en: "a notice given on \(sent.long(.en)) would end after December 31, 9999, beyond the dates that can be recorded; check the date sent."))
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
