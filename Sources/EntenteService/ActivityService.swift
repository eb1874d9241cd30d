import EntenteCore
import EntenteReports
import EntenteStorage

/// The activity log (journal des activités): add, edit, cancel, list, CSV in and out.
public struct ActivityService: Sendable {
    let store: any AgreementStore

    /// Adds an activity after checking it against its agreement (`RecordValidator`).
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `ValidationError`, `StoreError` (an unknown
    ///   plan item, or one of another agreement).
    public func add(_ activity: Activity, _ caller: Caller) async throws -> Activity {
        try caller.require(.addActivity, on: activity.agreementID)
        let a = try await store.require(activity.agreementID).agreement
        try RecordValidator.validate(activity, against: a)
        return try await store.addActivity(activity, by: caller.user)
    }

    /// Edits an activity; the values before and after go to the audit log.
    /// - Parameter change: applied to the stored activity inside the transaction; may throw.
    /// - Throws: `ServiceError.forbidden`, `StoreError.notFound`, `ValidationError`, whatever `change` throws.
    public func edit(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout Activity) throws -> Void) async throws -> Activity {
        try await store.updateActivity(id: id, by: caller.user) { activity, agreement in
            // The activity's agreement is known inside the transaction only; refusing here
            // leaves it unwritten.
            try caller.require(.editActivity, on: agreement.id)
            let wasCancelled = activity.status == .cancelled
            try change(&activity)
            if !wasCancelled, activity.status == .cancelled { try caller.require(.cancelActivity, on: agreement.id) }
            try RecordValidator.validate(activity, against: agreement)
        }
    }

    /// Cancels an activity: it stays in the log, marked cancelled (never deleted), with the
    /// reason added to its outcomes.
    /// - Throws: `ServiceError.forbidden`, `StoreError.notFound`, `ServiceError.alreadyCancelled`.
    public func cancel(_ id: Int64, reason: String?, _ caller: Caller) async throws -> Activity {
        try await store.updateActivity(id: id, by: caller.user) { a, agreement in
            try caller.require(.cancelActivity, on: agreement.id)
            if a.status == .cancelled { throw ServiceError.alreadyCancelled(activity: id) }
            a.status = .cancelled
            if let reason, !reason.isEmpty {
                a.outcomes = [a.outcomes, "Annulée / cancelled: \(reason)"].compactMap { $0 }.joined(separator: "\n")
            }
        }
    }

    /// The activities of an agreement that pass the filter, by start date.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func list(_ filter: ActivityFilter, _ caller: Caller) async throws -> [Activity] {
        try caller.require(.view, on: filter.agreementID)
        if let id = filter.agreementID { _ = try await store.require(id) }
        return try await store.activities(filter)
    }

    /// Imports activities from a CSV file's bytes (`ActivityCSV.read`: UTF-8 with or without
    /// BOM, `,` or `;` from the header, French Excel's dates and amounts in a `;` file or as
    /// `options` say): every row checked against the agreement first, then all stored in one
    /// transaction, or none.
    /// - Returns: the stored activities and how the file was read, for the import summary.
    /// - Throws: `CSVError` for anything that cannot be read or that a rule refuses, placed on
    ///   the CSV line where the record starts (header = line 1); `ServiceError.forbidden`, `.unknownAgreement`.
    public func importCSV(_ bytes: [UInt8], into id: String, options: CSVReadOptions = .init(),
                          _ caller: Caller) async throws -> (activities: [Activity], reading: CSVReading) {
        try caller.require(.addActivity, on: id)
        let a = try await store.require(id).agreement
        let read = try ActivityCSV.read(bytes, agreementID: id, options: options)
        for (i, row) in read.activities.enumerated() {
            do { try RecordValidator.validate(row, against: a) } catch {
                throw read.error(row: i + 1, column: error.field, problem: error.problem)
            }
        }
        do {
            return (try await store.addActivities(read.activities, by: caller.user), read.reading)
        } catch StoreError.row(let n, let field, let problem) {
            throw read.error(row: n, column: field, problem: problem) // the CSV line, not the row's rank
        }
    }

    /// `importCSV` of text (tests, callers that already hold a String).
    public func importCSV(_ text: String, into id: String, _ caller: Caller) async throws -> [Activity] {
        try await importCSV(Array(text.utf8), into: id, caller).activities
    }

    /// What `importCSV` would store, and every problem by line, without writing anything:
    /// the preview a person confirms before the import.
    /// - Throws: `ServiceError.unknownAgreement`.
    public func previewCSV(_ text: String, into id: String, _ caller: Caller) async throws -> CSVPreview {
        try caller.require(.addActivity, on: id)
        let a = try await store.require(id).agreement
        let read: ActivityCSVImport
        do { read = try ActivityCSV.read(Array(text.utf8), agreementID: id) } catch {
            return CSVPreview(rows: [], problems: [CSVProblem(line: error.line, field: error.column, problem: error.problem)])
        }
        var problems: [CSVProblem] = []
        for (i, row) in read.activities.enumerated() {
            do { try RecordValidator.validate(row, against: a) } catch {
                let e = read.error(row: i + 1, column: error.field, problem: error.problem)
                problems.append(CSVProblem(line: e.line, field: e.column, problem: e.problem))
            }
        }
        return CSVPreview(rows: read.activities, problems: problems)
    }

    /// The activity log of an agreement as RFC 4180 CSV.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func exportCSV(_ id: String, _ caller: Caller) async throws -> String {
        ActivityCSV.format(try await list(ActivityFilter(agreementID: id), caller))
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
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `ValidationError`.
    public func create(_ plan: ActionPlan, _ caller: Caller) async throws -> ActionPlan {
        try caller.require(Permissions.actions(recording: plan), on: plan.agreementID)
        let a = try await store.require(plan.agreementID).agreement
        try RecordValidator.validate(plan, against: a)
        for item in plan.items { try RecordValidator.validate(item, against: a) }
        return try await store.addPlan(plan, by: caller.user)
    }

    /// Adds a planned item with its timeline to a plan.
    /// - Throws: `ServiceError.forbidden`, `StoreError.notFound`, `ValidationError`.
    public func addItem(to planID: Int64, _ item: PlanItem, _ caller: Caller) async throws -> PlanItem {
        try await store.addPlanItem(planID: planID, item, by: caller.user) { item, agreement in
            try caller.require(.editPlanItem, on: agreement.id)
            try RecordValidator.validate(item, against: agreement)
        }
    }

    /// Updates an item (its progress, most often); allowed on an approved plan, audited.
    /// - Throws: `ServiceError.forbidden`, `StoreError.notFound`, `ValidationError`.
    public func editItem(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout PlanItem) throws -> Void) async throws -> PlanItem {
        try await store.updatePlanItem(id: id, by: caller.user) { item, agreement in
            try caller.require(.editPlanItem, on: agreement.id)
            try change(&item)
            try RecordValidator.validate(item, against: agreement)
        }
    }

    /// Approves a plan (at a joint committee meeting of the same agreement, when given).
    /// - Throws: `ServiceError.forbidden`, `StoreError.notFound`, `.alreadyApproved`, `.otherAgreement`.
    public func approve(_ planID: Int64, on date: CivilDate, meetingID: Int64?, _ caller: Caller) async throws -> ActionPlan {
        if !caller.may(.approvePlan, on: nil) {
            // Rights per agreement: find the plan among the caller's agreements (a plan never
            // changes agreement), else refuse.
            var found: String?
            for id in caller.user.person?.agreements ?? [] where try await store.history(agreementID: id).plans.contains(where: { $0.id == planID }) {
                found = id
                break
            }
            try caller.require(.approvePlan, on: found)
        }
        return try await store.approvePlan(id: planID, on: date, meetingID: meetingID, by: caller.user)
    }

    /// The plans of an agreement with their items, by period.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func list(_ id: String, _ caller: Caller) async throws -> [ActionPlan] {
        try caller.require(.view, on: id)
        _ = try await store.require(id)
        return try await store.history(agreementID: id).plans
    }
}

/// Meetings of committees and working groups, their minutes and corrections.
public struct MeetingService: Sendable {
    let store: any AgreementStore

    /// Records a meeting, or a correcting entry of closed minutes (`corrects`). What it
    /// approves (a plan, a biennial report) takes effect with it.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `ValidationError`, `StoreError`.
    public func add(_ meeting: Meeting, _ caller: Caller) async throws -> Meeting {
        try caller.require(Permissions.actions(recording: meeting), on: meeting.agreementID)
        let a = try await store.require(meeting.agreementID).agreement
        try RecordValidator.validate(meeting, against: a)
        return try await store.addMeeting(meeting, by: caller.user)
    }

    /// Edits a meeting whose minutes are still open.
    /// - Throws: `ServiceError.forbidden`, `StoreError.minutesClosed`, `.notFound`, `ValidationError`.
    public func edit(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout Meeting) throws -> Void) async throws -> Meeting {
        try await store.updateMeeting(id: id, by: caller.user) { meeting, agreement in
            let before = meeting
            try caller.require(.draftMeeting, on: agreement.id)
            try change(&meeting)
            try caller.require(Permissions.actions(editing: before, to: meeting), on: agreement.id)
            try RecordValidator.validate(meeting, against: agreement)
        }
    }

    /// Closes the minutes: no more edits, only corrections (new linked entries).
    /// - Throws: `ServiceError.forbidden`, `StoreError.minutesClosed`, `.notFound`.
    public func close(_ id: Int64, _ caller: Caller) async throws -> Meeting {
        try await edit(id, caller) { $0.minutesClosed = true }
    }

    /// The meetings of an agreement, by date.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func list(_ id: String, _ caller: Caller) async throws -> [Meeting] {
        try caller.require(.view, on: id)
        _ = try await store.require(id)
        return try await store.history(agreementID: id).meetings
    }
}

/// Progress reports (rapports d'étape) to a committee, and the committee's requests.
public struct ProgressService: Sendable {
    let store: any AgreementStore

    /// Records a progress report sent to one of the agreement's bodies.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `ValidationError`, `StoreError` (an unknown
    ///   meeting or request, or one of another agreement).
    public func submit(_ report: ProgressReport, _ caller: Caller) async throws -> ProgressReport {
        try caller.require(.submitProgressReport, on: report.agreementID)
        let a = try await store.require(report.agreementID).agreement
        try RecordValidator.validate(report, against: a)
        return try await store.addProgressReport(report, by: caller.user)
    }

    /// Records a committee's request for a progress report, with its due date.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `ValidationError`.
    public func request(_ request: ProgressReportRequest, _ caller: Caller) async throws -> ProgressReportRequest {
        try caller.require(.requestProgressReport, on: request.agreementID)
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
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `ValidationError`.
    public func record(_ report: BiennialReportRecord, _ caller: Caller) async throws -> BiennialReportRecord {
        try caller.require(Permissions.actions(recording: report), on: report.agreementID)
        let a = try await store.require(report.agreementID).agreement
        try RecordValidator.validate(report, against: a)
        return try await store.addBiennialReport(report, by: caller.user)
    }

    /// Edits a biennial report record (its approval, or the day its copy was sent).
    /// - Throws: `ServiceError.forbidden`, `StoreError.notFound`, `ValidationError`.
    public func edit(_ id: Int64, _ caller: Caller, _ change: @escaping @Sendable (inout BiennialReportRecord) throws -> Void) async throws -> BiennialReportRecord {
        try await store.updateBiennialReport(id: id, by: caller.user) { report, agreement in
            let before = report
            try caller.require(.recordBiennialReport, on: agreement.id)
            try change(&report)
            try caller.require(Permissions.actions(editing: before, to: report), on: agreement.id)
            try RecordValidator.validate(report, against: agreement)
        }
    }
}
