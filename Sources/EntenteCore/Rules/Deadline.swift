/// The kinds of deadlines the engine derives. Raw values are the stable JSON `kind`s.
public enum DeadlineKind: String, Sendable, Hashable, Codable, CaseIterable {
    case entryIntoForce = "entry-into-force"
    case firstJointCommitteeMeeting = "first-joint-committee-meeting"
    case biennialActionPlan = "biennial-action-plan"
    case biennialReport = "biennial-report"
    case reportCopyToCommission = "report-copy-to-commission"
    case workingGroupMeeting = "working-group-meeting"
    case progressReportBeforeMeeting = "progress-report-before-meeting"
    case progressReportOnRequest = "progress-report-on-request"
    case terminationEnd = "termination-end"
    /// A fixed term with no further renewal ends by itself (B2); or the end of the current
    /// renewal period, the last day a notice of non-renewal can stop (B5).
    case termExpiry = "term-expiry"
    /// The last day to give notice of non-renewal before the current period ends (B5).
    case nonRenewalNotice = "non-renewal-notice"
}

/// Raw values are the stable JSON `status`es.
public enum DeadlineStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case upcoming
    case dueSoon = "due-soon"
    case overdue
    case met
}

/// A dated obligation derived from an agreement and what has happened under it (échéance).
public struct Deadline: Sendable, Hashable, Codable {
    public var agreementID: String
    public var kind: DeadlineKind
    public var title: Localized
    public var due: CivilDate
    public var status: DeadlineStatus
    /// The provision it comes from (`art_4__para_5`), or `record` for a user-entered fact.
    public var source: String
    /// What met it, when met.
    public var metBy: Localized?
    public var metOn: CivilDate?
    /// Explanations, e.g. the other reading of an ambiguous clause.
    public var note: Localized?
    /// Lead time (days) that made it "due soon", if any.
    public var leadTime: Int?

    public init(agreementID: String, kind: DeadlineKind, title: Localized, due: CivilDate, status: DeadlineStatus,
                source: String, metBy: Localized? = nil, metOn: CivilDate? = nil, note: Localized? = nil, leadTime: Int? = nil) {
        self.agreementID = agreementID
        self.kind = kind
        self.title = title
        self.due = due
        self.status = status
        self.source = source
        self.metBy = metBy
        self.metOn = metOn
        self.note = note
        self.leadTime = leadTime
    }

    /// A stable identifier for calendars (same deadline, same UID from run to run).
    public var stableKey: String { "\(agreementID)/\(kind.rawValue)/\(due.iso)" }
}
