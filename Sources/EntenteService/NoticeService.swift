import EntenteCore
import EntenteStorage

/// Termination notice: the calculator both ways, notices actually given, and the recorded
/// event that brings an agreement into force.
public struct NoticeService: Sendable {
    let store: any AgreementStore

    func clause(_ id: String) async throws -> (Agreement, NoticeClause, [EntryIntoForceEvent]) {
        let a = try await store.require(id).agreement
        guard let clause = a.notice else { throw ServiceError.noNoticeClause(agreement: id) }
        return (a, clause, try await store.history(agreementID: id).entryIntoForceEvents)
    }

    /// The earliest end of the agreement for a notice given (sent) on `given`, by the kind of
    /// clause the text has (`LifeRules.termination`), with the rule applied.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `.noNoticeClause`.
    /// - Throws: also `ValidationError` when the end would fall after 9999-12-31.
    public func earliestEnd(_ id: String, noticeGivenOn given: CivilDate, _ caller: Caller) async throws -> NoticeAnswer {
        try caller.require(.noticeCalculator, on: id)
        let (a, clause, events) = try await clause(id)
        let termination = LifeRules.termination(a, sent: given, events: events)
        if let end = termination.end { try TerminationRules.checkWithinCalendar(end: end, sent: given) }
        return NoticeAnswer(agreement: a, clause: clause, given: given, termination: termination)
    }

    /// The last day notice can be given for the agreement to end on or before `end`: the
    /// exact inverse of `earliestEnd` (`LifeRules.latestNotice`).
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `.noNoticeClause`.
    public func latestNotice(_ id: String, toTerminateOn end: CivilDate, _ caller: Caller) async throws -> NoticeAnswer {
        try caller.require(.noticeCalculator, on: id)
        let (a, clause, events) = try await clause(id)
        return NoticeAnswer(agreement: a, clause: clause, latest: LifeRules.latestNotice(a, toEndBy: end, events: events))
    }

    /// Records a notice actually given (`TerminationRules.makeNotice` decides when it ends,
    /// counted from receipt when the clause says so).
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError` (unknown party, dates out
    ///   of order, an end the notice cannot reach), `StoreError`.
    public func record(_ id: String, party: String, sentOn: CivilDate, receivedOn: CivilDate?, requestedEnd: CivilDate?,
                       _ caller: Caller) async throws -> RecordedNotice {
        try caller.require(.recordNotice, on: id)
        let a = try await store.require(id).agreement
        let events = try await store.history(agreementID: id).entryIntoForceEvents
        let notice = try TerminationRules.makeNotice(agreement: a, party: party, sentOn: sentOn, receivedOn: receivedOn,
                                                     requestedEnd: requestedEnd, events: events)
        let answer = LifeRules.termination(a, sent: notice.sentOn, received: notice.receivedOn, events: events)
        let saved = try await store.addNotice(notice, by: caller.user)
        let history = try await store.history(agreementID: id)
        return RecordedNotice(notice: saved, agreement: a, answer: answer,
                              jointProjectsToComplete: TerminationRules.jointProjectsToComplete(agreement: a, history: history, asOf: caller.asOf))
    }

    /// Records the event that brings an agreement into force (entrée en vigueur sur
    /// notification), audited; the entry-into-force rule of the text then applies.
    /// - Returns: the event stored, the entry into force that follows (nil while the rule
    ///   still waits) and the rule in words.
    /// A fact of the agreement's life, like its text: recorded by whoever may import texts.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `StoreError`.
    public func recordEntryIntoForce(_ event: EntryIntoForceEvent, _ caller: Caller) async throws
        -> (event: EntryIntoForceEvent, entryIntoForce: CivilDate?, rule: Localized) {
        try caller.require(.importText, on: event.agreementID)
        let a = try await store.require(event.agreementID).agreement
        try RecordValidator.validate(event, against: a)
        let saved = try await store.addEntryIntoForceEvent(event, by: caller.user)
        let events = try await store.history(agreementID: event.agreementID).entryIntoForceEvents
        return (saved, TerminationRules.effectiveStart(of: a, events: events), LifeRules.describeEntryIntoForce(a, events: events))
    }
}

extension NoticeService {
    /// What the parties must still finish after notice was given: the joint projects under
    /// way on the caller's day, when the text says they are to be completed (Québec–Pôle
    /// emploi art. 9); empty when the text says nothing of it.
    /// - Throws: `ServiceError.unknownAgreement`.
    public func windDown(_ id: String, _ caller: Caller) async throws -> [Activity] {
        try caller.require(.view, on: id)
        let a = try await store.require(id).agreement
        let history = try await store.history(agreementID: id)
        return TerminationRules.jointProjectsToComplete(agreement: a, history: history, asOf: caller.asOf)
    }
}

/// What falls due.
public struct DeadlineList: Sendable {
    public var deadlines: [Deadline]
    /// The agreements they fall under (summaries), for names.
    public var agreements: [Agreement]
}

/// Deadlines derived from the agreements and what was recorded under them.
public struct DeadlineService: Sendable {
    let store: any AgreementStore

    /// Every deadline (of one agreement, or all), due in [from, to] when given, sorted by due date.
    /// - Parameter leadTimes: days before a due date at which a deadline is "due soon".
    /// - Throws: `ServiceError.unknownAgreement`.
    public func list(agreement: String? = nil, from: CivilDate? = nil, to: CivilDate? = nil, leadTimes: [Int],
                     _ caller: Caller) async throws -> DeadlineList {
        try caller.require(.view, on: agreement)
        let stored: [StoredAgreement]
        if let agreement { stored = [try await store.require(agreement)] } else { stored = try await store.agreements(summaries: true) }
        let histories = try await store.allHistories(activities: false)
        let list = DeadlineEngine(leadTimes: leadTimes).deadlines(
            for: stored.map { ($0.agreement, histories[$0.agreement.id] ?? AgreementHistory()) }, asOf: caller.asOf, from: from, to: to)
        return DeadlineList(deadlines: list, agreements: stored.map(\.agreement))
    }
}
