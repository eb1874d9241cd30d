/// A notice computed both ways, with the rule applied: for a notice given (sent) on a day,
/// the earliest end (`termination`); for a wanted end, the latest day to give notice
/// (`latest`). The arithmetic is `LifeRules`'.
public struct NoticeAnswer: Sendable {
    public var agreement: Agreement
    public var clause: NoticeClause
    /// Set when asked for the earliest end of a notice given that day.
    public var given: CivilDate?
    public var termination: TerminationAnswer?
    /// Set when asked for the latest notice day for a wanted end.
    public var latest: LatestNoticeAnswer?

    public init(agreement: Agreement, clause: NoticeClause, given: CivilDate? = nil, termination: TerminationAnswer? = nil,
                latest: LatestNoticeAnswer? = nil) {
        self.agreement = agreement
        self.clause = clause
        self.given = given
        self.termination = termination
        self.latest = latest
    }

    public var agreementID: String { agreement.id }
    public var earliestTermination: CivilDate? { termination?.end }
    public var terminateOn: CivilDate? { latest?.terminateOn }
    public var latestNoticeDate: CivilDate? { latest?.latest }
}

/// A notice recorded, with the rule that gave its end and the joint projects it leaves to
/// complete (Québec–Pôle emploi art. 9).
public struct RecordedNotice: Sendable {
    public var notice: TerminationNotice
    public var agreement: Agreement
    public var answer: TerminationAnswer
    public var jointProjectsToComplete: [Activity]

    public init(notice: TerminationNotice, agreement: Agreement, answer: TerminationAnswer, jointProjectsToComplete: [Activity]) {
        self.notice = notice
        self.agreement = agreement
        self.answer = answer
        self.jointProjectsToComplete = jointProjectsToComplete
    }
}
