import EntenteCore

/// Where agreements and what is done under them are kept: the one door the service layer
/// goes through to storage. Domain-level (agreements, records, audit), never SQL; the
/// embedded SQLite workspace (EntenteStore) implements it, and a shared database server can.
///
/// Guarantees every implementation gives:
/// - each write is one transaction, with its audit entry (who: `by`) in the same transaction;
///   a failed write leaves nothing;
/// - a record that refers to another (`planItemID`, `meetingID`, an approval) must exist and
///   fall under the same agreement (`StoreError.notFound` / `.otherAgreement`);
/// - closed minutes are never edited (`StoreError.minutesClosed`), an approval is never
///   repeated, nothing is deleted (cancelled activities stay).
///
/// What a record may contain is Core's rule (`RecordValidator`), checked by the service before
/// it writes; the `change` closures of the updates get the agreement the record falls under so
/// that the service can check the changed record inside the same transaction.
///
/// - Throws: `StoreError` for what only the database knows (unknown agreement or record,
///   closed minutes, busy or failing database, with its cause), and whatever a `change`
///   closure throws.
public protocol AgreementStore: Sendable {
    // MARK: Agreements and their texts

    /// Encodes an agreement in the forms this store keeps (pure; any thread).
    func prepare(_ agreement: Agreement) -> PreparedAgreement
    /// Stores a text: a new agreement, a new version of a changed text, or nothing when unchanged.
    func importAgreement(_ prepared: PreparedAgreement, xml: String, file: String, warnings: [String], by: ActingUser) async throws -> ImportResult
    /// The latest version of each agreement, sorted by id; `summaries` leaves out the long lists.
    func agreements(summaries: Bool) async throws -> [StoredAgreement]
    func agreementIDs() async throws -> [String]
    /// The latest version (`version` nil) or the given one.
    func agreement(id: String, version: Int?) async throws -> StoredAgreement?
    /// The exact text of a version (nil: the latest).
    func text(id: String, version: Int?) async throws -> String?
    func versions(id: String) async throws -> [Int]
    /// When a file of a workspace's `agreements/` folder was last brought in (not audited).
    func fileStamp(path: String) async throws -> FileStamp?
    func recordFileStamp(path: String, _ stamp: FileStamp, agreementID: String) async throws

    // MARK: Activities

    func addActivity(_ activity: Activity, by: ActingUser) async throws -> Activity
    /// All or none, in one transaction. - Throws: `StoreError.row` naming the 1-based row.
    func addActivities(_ batch: [Activity], by: ActingUser) async throws -> [Activity]
    func activity(id: Int64) async throws -> Activity?
    func updateActivity(id: Int64, by: ActingUser, _ change: (inout Activity, Agreement) throws -> Void) async throws -> Activity
    func activities(_ filter: ActivityFilter) async throws -> [Activity]

    // MARK: Plans

    func addPlan(_ plan: ActionPlan, by: ActingUser) async throws -> ActionPlan
    func addPlanItem(planID: Int64, _ item: PlanItem, by: ActingUser, check: (PlanItem, Agreement) throws -> Void) async throws -> PlanItem
    func updatePlanItem(id: Int64, by: ActingUser, _ change: (inout PlanItem, Agreement) throws -> Void) async throws -> PlanItem
    func approvePlan(id: Int64, on date: CivilDate, meetingID: Int64?, by: ActingUser) async throws -> ActionPlan

    // MARK: Meetings

    func addMeeting(_ meeting: Meeting, by: ActingUser) async throws -> Meeting
    func updateMeeting(id: Int64, by: ActingUser, _ change: (inout Meeting, Agreement) throws -> Void) async throws -> Meeting

    // MARK: Reports, requests, notices, amendments

    func addBiennialReport(_ report: BiennialReportRecord, by: ActingUser) async throws -> BiennialReportRecord
    func updateBiennialReport(id: Int64, by: ActingUser, _ change: (inout BiennialReportRecord, Agreement) throws -> Void) async throws -> BiennialReportRecord
    func addProgressRequest(_ request: ProgressReportRequest, by: ActingUser) async throws -> ProgressReportRequest
    func addProgressReport(_ report: ProgressReport, by: ActingUser) async throws -> ProgressReport
    func addNotice(_ notice: TerminationNotice, by: ActingUser) async throws -> TerminationNotice
    /// The recorded event that brings an agreement into force (the last notification that
    /// internal procedures are complete).
    func addEntryIntoForceEvent(_ event: EntryIntoForceEvent, by: ActingUser) async throws -> EntryIntoForceEvent
    /// Records a signed amendment and stores its text as the agreement's next version.
    /// - Throws: `StoreError.mismatch` when the text is another agreement's or unchanged.
    func addAmendment(_ amendment: Amendment, text prepared: PreparedAgreement, xml: String, file: String, warnings: [String],
                      by: ActingUser) async throws -> Amendment

    // MARK: Histories and audit

    /// Everything recorded under one agreement.
    func history(agreementID: String) async throws -> AgreementHistory
    /// Every agreement's records; `activities: false` leaves out the activity log.
    func allHistories(activities: Bool) async throws -> [String: AgreementHistory]
    func auditLog(_ query: AuditQuery) async throws -> [AuditEntry]

    // MARK: Maintenance

    /// A consistent copy of the whole database in a new file; never overwrites.
    func backup(to path: String) async throws
    /// Integrity, foreign keys, schema version and row counts.
    func check() async throws -> CheckReport
    /// Whether the database answers now (for `/healthz`): a trivial query, nothing written.
    /// - Throws: a `UserFacingError` saying why it does not (`StoreError.database` with kind
    ///   `.unavailable`, or the backend's own message).
    func ping() async throws
    /// A number that changes whenever a transaction that changed the records has committed,
    /// in this process or another one on the same database: the audit log is append-only and
    /// every change writes to it in its own transaction, so the log's size and newest entry
    /// say whether anything read earlier may be stale. Nothing is written. For caches of
    /// whole-database views (the dashboard over 10,000 agreements), never for a rule.
    /// - Throws: the backend's error when the database does not answer.
    func changeMark() async throws -> ChangeMark

    // MARK: Moving between backends

    /// Everything stored, numbers, texts and audit entries included, sorted by key (see
    /// `StoreSnapshot`), read in one consistent view.
    func exportAll() async throws -> StoreSnapshot
    /// Writes a snapshot into this store, keeping its numbers, texts and audit entries as they
    /// were (the copy itself is not audited: the copied log is the history); one transaction,
    /// so a failed copy leaves the store empty. Numbering continues after the highest number.
    /// - Throws: `StoreError.mismatch` when the store already holds anything.
    func importAll(_ snapshot: StoreSnapshot) async throws
}

/// Reopening closed minutes (issue 12; administrators only, issue 13's matrix): the one
/// audited exception to "closed minutes are never edited".
extension AgreementStore {
    /// Reopens the closed minutes of a meeting, with the reason in the audit log (action
    /// `reopen`), in one transaction. A store that cannot do it refuses with nothing written.
    /// - Parameter check: run inside the transaction with the meeting and its agreement, before
    ///   anything is written (the service's rights check).
    /// - Throws: `StoreError.notFound`, `.mismatch` (minutes not closed, or a store without this
    ///   path), whatever `check` throws.
    public func reopenMinutes(id: Int64, reason: String, by: ActingUser,
                              check: (Meeting, Agreement) throws -> Void) async throws -> Meeting {
        if let s = self as? any MinutesReopening { return try await s.reopenClosedMinutes(id: id, reason: reason, by: by, check: check) }
        throw StoreError.mismatch(Localized(
            fr: "cette base de données ne permet pas encore de rouvrir un procès-verbal clos; rien n'a été écrit. Corrigez-le par une nouvelle entrée liée.",
            en: "this database cannot reopen closed minutes yet; nothing was written. Correct them with a new linked entry."))
    }
}

/// A store that can reopen closed minutes through its one audited path.
public protocol MinutesReopening: Sendable {
    func reopenClosedMinutes(id: Int64, reason: String, by: ActingUser,
                             check: (Meeting, Agreement) throws -> Void) async throws -> Meeting
}

/// What `AgreementStore.changeMark()` returns: equal marks, nothing committed in between.
/// Both the count and the newest id: on PostgreSQL, transactions commit in any order, so an
/// entry with a lower id can appear after a higher one (the newest id alone would miss it);
/// the count grows with every commit because nothing is ever removed from the log.
public struct ChangeMark: Sendable, Hashable {
    public var entries: Int64
    public var newest: Int64
    public init(entries: Int64, newest: Int64) {
        self.entries = entries
        self.newest = newest
    }
}
