import EntenteCore
import GRDB

/// The embedded SQLite workspace as the service layer's storage. Each write runs under the
/// acting person's name (`acting(_:)`), in one IMMEDIATE transaction.
extension Workspace: AgreementStore {
    public func prepare(_ agreement: Agreement) -> PreparedAgreement { PreparedAgreement(agreement) }

    /// The file can be read: one trivial query.
    public func ping() throws {
        _ = try read { d in try Int.fetchOne(d, cached: "SELECT 1") }
    }

    /// SQLite writes one transaction at a time, so ids are committed in order and the newest
    /// id alone tells (`max(id)` reads the last page of the primary key; a `count(*)` would
    /// walk the whole index). The count is the same number while entries are never removed.
    public func changeMark() throws -> ChangeMark {
        try read { d in
            let newest = try Int64.fetchOne(d, cached: "SELECT COALESCE(max(id), 0) FROM audit") ?? 0
            return ChangeMark(entries: newest, newest: newest)
        }
    }

    public func importAgreement(_ prepared: PreparedAgreement, xml: String, file: String, warnings: [String], by: ActingUser) throws -> ImportResult {
        try acting(by).importAgreement(prepared, xml: xml, file: file, warnings: warnings)
    }

    public func agreement(id: String, version: Int?) throws -> StoredAgreement? {
        guard let version else { return try agreement(id: id) }
        return try agreement(id: id, version: version)
    }

    public func addActivity(_ activity: Activity, by: ActingUser) throws -> Activity { try acting(by).addActivity(activity) }
    public func addActivities(_ batch: [Activity], by: ActingUser) throws -> [Activity] { try acting(by).addActivities(batch) }
    public func updateActivity(id: Int64, by: ActingUser, _ change: (inout Activity, Agreement) throws -> Void) throws -> Activity {
        try acting(by).updateActivity(id: id, change)
    }

    public func addPlan(_ plan: ActionPlan, by: ActingUser) throws -> ActionPlan { try acting(by).addPlan(plan) }
    public func addPlanItem(planID: Int64, _ item: PlanItem, by: ActingUser, check: (PlanItem, Agreement) throws -> Void) throws -> PlanItem {
        try acting(by).addPlanItem(planID: planID, item, check: check)
    }
    public func updatePlanItem(id: Int64, by: ActingUser, _ change: (inout PlanItem, Agreement) throws -> Void) throws -> PlanItem {
        try acting(by).updatePlanItem(id: id, change)
    }
    public func approvePlan(id: Int64, on date: CivilDate, meetingID: Int64?, by: ActingUser) throws -> ActionPlan {
        try acting(by).approvePlan(id: id, on: date, meetingID: meetingID)
    }

    public func addMeeting(_ meeting: Meeting, by: ActingUser) throws -> Meeting { try acting(by).addMeeting(meeting) }
    public func updateMeeting(id: Int64, by: ActingUser, _ change: (inout Meeting, Agreement) throws -> Void) throws -> Meeting {
        try acting(by).updateMeeting(id: id, change)
    }

    public func addBiennialReport(_ report: BiennialReportRecord, by: ActingUser) throws -> BiennialReportRecord {
        try acting(by).addBiennialReport(report)
    }
    public func updateBiennialReport(id: Int64, by: ActingUser, _ change: (inout BiennialReportRecord, Agreement) throws -> Void) throws -> BiennialReportRecord {
        try acting(by).updateBiennialReport(id: id, change)
    }
    public func addProgressRequest(_ request: ProgressReportRequest, by: ActingUser) throws -> ProgressReportRequest {
        try acting(by).addProgressRequest(request)
    }
    public func addProgressReport(_ report: ProgressReport, by: ActingUser) throws -> ProgressReport {
        try acting(by).addProgressReport(report)
    }
    public func addNotice(_ notice: TerminationNotice, by: ActingUser) throws -> TerminationNotice { try acting(by).addNotice(notice) }
    public func addEntryIntoForceEvent(_ event: EntryIntoForceEvent, by: ActingUser) throws -> EntryIntoForceEvent {
        try acting(by).addEntryIntoForceEvent(event)
    }
    public func addAmendment(_ amendment: Amendment, text prepared: PreparedAgreement, xml: String, file: String, warnings: [String],
                             by: ActingUser) throws -> Amendment {
        try acting(by).addAmendment(amendment, text: prepared, xml: xml, file: file, warnings: warnings)
    }
}
