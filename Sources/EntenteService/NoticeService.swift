import EntenteCore
import EntenteStorage

/// Termination notice: the calculator both ways, and notices actually given.
public struct NoticeService: Sendable {
    let store: any AgreementStore

    func clause(_ id: String) async throws -> (Agreement, NoticeClause) {
        let a = try await store.require(id).agreement
        guard let clause = a.notice else { throw ServiceError.noNoticeClause(agreement: id) }
        return (a, clause)
    }

    /// The earliest end of the agreement for a notice given on `given`.
    /// - Throws: `ServiceError.unknownAgreement`, `.noNoticeClause`.
    public func earliestEnd(_ id: String, noticeGivenOn given: CivilDate) async throws -> NoticeAnswer {
        let (_, clause) = try await clause(id)
        return NoticeAnswer(agreementID: id, clause: clause, given: given,
                            earliestTermination: TerminationRules.earliestTermination(noticeGivenOn: given, period: clause.period))
    }

    /// The last day notice can be given for the agreement to end on or before `end`.
    /// - Throws: `ServiceError.unknownAgreement`, `.noNoticeClause`.
    public func latestNotice(_ id: String, toTerminateOn end: CivilDate) async throws -> NoticeAnswer {
        let (_, clause) = try await clause(id)
        return NoticeAnswer(agreementID: id, clause: clause, terminateOn: end,
                            latestNoticeDate: TerminationRules.latestNoticeDate(toTerminateOn: end, period: clause.period))
    }

    /// Records a notice actually given (`TerminationRules.makeNotice` decides when it ends).
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError` (unknown party, dates out
    ///   of order, an end the notice cannot reach), `StoreError`.
    public func record(_ id: String, party: String, sentOn: CivilDate, receivedOn: CivilDate?, requestedEnd: CivilDate?,
                       _ caller: Caller) async throws -> RecordedNotice {
        let a = try await store.require(id).agreement
        let notice = try TerminationRules.makeNotice(agreement: a, party: party, sentOn: sentOn, receivedOn: receivedOn, requestedEnd: requestedEnd)
        let saved = try await store.addNotice(notice, by: caller.user)
        let history = try await store.history(agreementID: id)
        return RecordedNotice(notice: saved, agreement: a,
                              jointProjectsToComplete: TerminationRules.jointProjectsToComplete(agreement: a, history: history, asOf: caller.asOf))
    }
}

extension NoticeService {
    /// What the parties must still finish after notice was given: the joint projects under
    /// way on the caller's day, when the text says they are to be completed (Québec–Pôle
    /// emploi art. 9); empty when the text says nothing of it.
    /// - Throws: `ServiceError.unknownAgreement`.
    public func windDown(_ id: String, _ caller: Caller) async throws -> [Activity] {
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
        let stored: [StoredAgreement]
        if let agreement { stored = [try await store.require(agreement)] } else { stored = try await store.agreements(summaries: true) }
        let histories = try await store.allHistories(activities: false)
        let list = DeadlineEngine(leadTimes: leadTimes).deadlines(
            for: stored.map { ($0.agreement, histories[$0.agreement.id] ?? AgreementHistory()) }, asOf: caller.asOf, from: from, to: to)
        return DeadlineList(deadlines: list, agreements: stored.map(\.agreement))
    }
}
