import EntenteCore
import EntenteReports
import EntenteStorage

/// The activity log (journal des activités): add, edit, cancel, list, CSV in and out.
public struct ActivityService: Sendable {
    let store: any AgreementStore

    /// Adds an activity after checking it against its agreement (`RecordValidator`).
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError`, `StoreError` (an unknown
    ///   plan item, or one of another agreement).
    public func add(_ activity: Activity, _ caller: Caller) async throws -> Activity {
        let a = try await store.require(activity.agreementID).agreement
        try RecordValidator.validate(activity, against: a)
        return try await store.addActivity(activity, by: caller.user)
    }

    /// Edits an activity; the values before and after go to the audit log.
    /// - Parameter change: applied to the stored activity inside the transaction; may throw.
    /// - Throws: `StoreError.notFound`, `ValidationError`, whatever `change` throws.
    public func edit(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout Activity) throws -> Void) async throws -> Activity {
        try await store.updateActivity(id: id, by: caller.user) { activity, agreement in
            try change(&activity)
            try RecordValidator.validate(activity, against: agreement)
        }
    }

    /// Cancels an activity: it stays in the log, marked cancelled (never deleted), with the
    /// reason added to its outcomes.
    /// - Throws: `StoreError.notFound`, `ServiceError.alreadyCancelled`.
    public func cancel(_ id: Int64, reason: String?, _ caller: Caller) async throws -> Activity {
        try await store.updateActivity(id: id, by: caller.user) { a, _ in
            if a.status == .cancelled { throw ServiceError.alreadyCancelled(activity: id) }
            a.status = .cancelled
            if let reason, !reason.isEmpty {
                a.outcomes = [a.outcomes, "Annulée / cancelled: \(reason)"].compactMap { $0 }.joined(separator: "\n")
            }
        }
    }

    /// The activities of an agreement that pass the filter, by start date.
    /// - Throws: `ServiceError.unknownAgreement`.
    public func list(_ filter: ActivityFilter) async throws -> [Activity] {
        if let id = filter.agreementID { _ = try await store.require(id) }
        return try await store.activities(filter)
    }

    /// Imports activities from CSV text: every row checked against the agreement first, then
    /// all stored in one transaction, or none.
    /// - Throws: `CSVError` (what cannot be read, with its line), `ServiceError.row` (a row a
    ///   rule refuses), `ServiceError.unknownAgreement`.
    public func importCSV(_ text: String, into id: String, _ caller: Caller) async throws -> [Activity] {
        let a = try await store.require(id).agreement
        let rows = try ActivityCSV.parse(text, agreementID: id)
        for (i, row) in rows.enumerated() {
            do { try RecordValidator.validate(row, against: a) } catch {
                throw ServiceError.row(line: i + 1, field: error.field, problem: error.problem)
            }
        }
        return try await store.addActivities(rows, by: caller.user)
    }

    /// What `importCSV` would store, and every problem by line, without writing anything:
    /// the preview a person confirms before the import.
    /// - Throws: `ServiceError.unknownAgreement`.
    public func previewCSV(_ text: String, into id: String) async throws -> CSVPreview {
        let a = try await store.require(id).agreement
        let rows: [Activity]
        do { rows = try ActivityCSV.parse(text, agreementID: id) } catch {
            return CSVPreview(rows: [], problems: [CSVProblem(line: error.line, field: error.column, problem: error.problem)])
        }
        var problems: [CSVProblem] = []
        for (i, row) in rows.enumerated() {
            do { try RecordValidator.validate(row, against: a) } catch {
                problems.append(CSVProblem(line: i + 1, field: error.field, problem: error.problem))
            }
        }
        return CSVPreview(rows: rows, problems: problems)
    }

    /// The activity log of an agreement as RFC 4180 CSV.
    /// - Throws: `ServiceError.unknownAgreement`.
    public func exportCSV(_ id: String) async throws -> String {
        ActivityCSV.format(try await list(ActivityFilter(agreementID: id)))
    }
}

/// What an activity CSV would import (`rows`, in file order) and what stops it (`problems`;
/// when there is any, `importCSV` refuses the whole file).
public struct CSVPreview: Sendable {
    public var rows: [Activity]
    public var problems: [CSVProblem]
}

/// A problem of one line of an activity CSV (the row's number, as `importCSV` reports it).
public struct CSVProblem: Sendable, Hashable {
    public var line: Int
    public var field: String
    public var problem: Localized
}

/// Biennial action plans (plans d'action biennaux) and their items.
public struct PlanService: Sendable {
    let store: any AgreementStore

    /// Creates a draft plan for a period.
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError`.
    public func create(_ plan: ActionPlan, _ caller: Caller) async throws -> ActionPlan {
        let a = try await store.require(plan.agreementID).agreement
        try RecordValidator.validate(plan, against: a)
        for item in plan.items { try RecordValidator.validate(item, against: a) }
        return try await store.addPlan(plan, by: caller.user)
    }

    /// Adds a planned item with its timeline to a plan.
    /// - Throws: `StoreError.notFound`, `ValidationError`.
    public func addItem(to planID: Int64, _ item: PlanItem, _ caller: Caller) async throws -> PlanItem {
        try await store.addPlanItem(planID: planID, item, by: caller.user) { item, agreement in
            try RecordValidator.validate(item, against: agreement)
        }
    }

    /// Updates an item (its progress, most often); allowed on an approved plan, audited.
    /// - Throws: `StoreError.notFound`, `ValidationError`.
    public func editItem(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout PlanItem) throws -> Void) async throws -> PlanItem {
        try await store.updatePlanItem(id: id, by: caller.user) { item, agreement in
            try change(&item)
            try RecordValidator.validate(item, against: agreement)
        }
    }

    /// Approves a plan (at a joint committee meeting of the same agreement, when given).
    /// - Throws: `StoreError.notFound`, `.alreadyApproved`, `.otherAgreement`.
    public func approve(_ planID: Int64, on date: CivilDate, meetingID: Int64?, _ caller: Caller) async throws -> ActionPlan {
        try await store.approvePlan(id: planID, on: date, meetingID: meetingID, by: caller.user)
    }

    /// The plans of an agreement with their items, by period.
    public func list(_ id: String) async throws -> [ActionPlan] {
        _ = try await store.require(id)
        return try await store.history(agreementID: id).plans
    }
}

/// Meetings of committees and working groups, their minutes and corrections.
public struct MeetingService: Sendable {
    let store: any AgreementStore

    /// Records a meeting, or a correcting entry of closed minutes (`corrects`). What it
    /// approves (a plan, a biennial report) takes effect with it.
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError`, `StoreError`.
    public func add(_ meeting: Meeting, _ caller: Caller) async throws -> Meeting {
        let a = try await store.require(meeting.agreementID).agreement
        try RecordValidator.validate(meeting, against: a)
        return try await store.addMeeting(meeting, by: caller.user)
    }

    /// Edits a meeting whose minutes are still open.
    /// - Throws: `StoreError.minutesClosed`, `.notFound`, `ValidationError`.
    public func edit(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout Meeting) throws -> Void) async throws -> Meeting {
        try await store.updateMeeting(id: id, by: caller.user) { meeting, agreement in
            try change(&meeting)
            try RecordValidator.validate(meeting, against: agreement)
        }
    }

    /// Closes the minutes: no more edits, only corrections (new linked entries).
    /// - Throws: `StoreError.minutesClosed`, `.notFound`.
    public func close(_ id: Int64, _ caller: Caller) async throws -> Meeting {
        try await edit(id, caller) { $0.minutesClosed = true }
    }

    /// The meetings of an agreement, by date.
    public func list(_ id: String) async throws -> [Meeting] {
        _ = try await store.require(id)
        return try await store.history(agreementID: id).meetings
    }
}

/// Progress reports (rapports d'étape) to a committee, and the committee's requests.
public struct ProgressService: Sendable {
    let store: any AgreementStore

    /// Records a progress report sent to one of the agreement's bodies.
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError`, `StoreError` (an unknown
    ///   meeting or request, or one of another agreement).
    public func submit(_ report: ProgressReport, _ caller: Caller) async throws -> ProgressReport {
        let a = try await store.require(report.agreementID).agreement
        try RecordValidator.validate(report, against: a)
        return try await store.addProgressReport(report, by: caller.user)
    }

    /// Records a committee's request for a progress report, with its due date.
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError`.
    public func request(_ request: ProgressReportRequest, _ caller: Caller) async throws -> ProgressReportRequest {
        let a = try await store.require(request.agreementID).agreement
        try RecordValidator.validate(request, against: a)
        return try await store.addProgressRequest(request, by: caller.user)
    }
}

/// Biennial reports (rapports biennaux): period, approval, copy to the Commission permanente.
public struct BiennialService: Sendable {
    let store: any AgreementStore

    /// Records a biennial report. A copy cannot be sent to the Commission before the report
    /// is approved (`RecordValidator`, Québec–Pôle emploi art. 4).
    /// - Throws: `ServiceError.unknownAgreement`, `ValidationError`.
    public func record(_ report: BiennialReportRecord, _ caller: Caller) async throws -> BiennialReportRecord {
        let a = try await store.require(report.agreementID).agreement
        try RecordValidator.validate(report, against: a)
        return try await store.addBiennialReport(report, by: caller.user)
    }

    /// Edits a biennial report record (its approval, or the day its copy was sent).
    /// - Throws: `StoreError.notFound`, `ValidationError`.
    public func edit(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout BiennialReportRecord) throws -> Void) async throws -> BiennialReportRecord {
        try await store.updateBiennialReport(id: id, by: caller.user) { report, agreement in
            try change(&report)
            try RecordValidator.validate(report, against: agreement)
        }
    }
}
