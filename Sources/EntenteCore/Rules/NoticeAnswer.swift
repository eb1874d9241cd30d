/// A notice computed both ways: for a notice given on a day, the earliest end; for a wanted
/// end, the latest day to give notice.
public struct NoticeAnswer: Sendable {
    public var agreementID: String
    public var clause: NoticeClause
    /// Set when asked for the earliest end of a notice given that day.
    public var given: CivilDate?
    public var earliestTermination: CivilDate?
    /// Set when asked for the latest notice day for a wanted end.
    public var terminateOn: CivilDate?
    public var latestNoticeDate: CivilDate?

    public init(agreementID: String, clause: NoticeClause, given: CivilDate? = nil, earliestTermination: CivilDate? = nil,
                terminateOn: CivilDate? = nil, latestNoticeDate: CivilDate? = nil) {
        self.agreementID = agreementID
        self.clause = clause
        self.given = given
        self.earliestTermination = earliestTermination
        self.terminateOn = terminateOn
        self.latestNoticeDate = latestNoticeDate
    }
}

/// A notice recorded, with the joint projects it leaves to complete (Québec–Pôle emploi art. 9).
public struct RecordedNotice: Sendable {
    public var notice: TerminationNotice
    public var agreement: Agreement
    public var jointProjectsToComplete: [Activity]

    public init(notice: TerminationNotice, agreement: Agreement, jointProjectsToComplete: [Activity]) {
        self.notice = notice
        self.agreement = agreement
        self.jointProjectsToComplete = jointProjectsToComplete
    }
}

