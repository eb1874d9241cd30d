import EntenteCore
import Foundation
import GRDB

extension Workspace {
    // MARK: - Activities

    /// Adds an activity after checking it against the agreement it falls under.
    public func addActivity(_ activity: Activity) throws -> Activity {
        try write { d in try self.insertActivity(d, activity) }
    }

    func insertActivity(_ d: Database, _ activity: Activity, agreement cached: Agreement? = nil) throws -> Activity {
        if cached == nil { _ = try requireAgreement(d, activity.agreementID) }
        if let item = activity.planItemID { try requirePlanItem(d, item, agreement: activity.agreementID) }
        // A prepared statement, compiled once per connection: batches insert by the thousand.
        try d.cachedStatement(sql: "INSERT INTO activity (\(Rows.activityColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: Rows.activityArguments(activity))
        var saved = activity
        saved.id = d.lastInsertedRowID
        try audit(d, "add", "activity", id: String(saved.id!), agreement: saved.agreementID, before: nil, after: saved)
        return saved
    }

    /// Adds many activities in one transaction: all or none. Errors name the 1-based row.
    public func addActivities(_ batch: [Activity]) throws -> [Activity] {
        try write { d in
            var cache: [String: Agreement] = [:]
            var out: [Activity] = []
            out.reserveCapacity(batch.count)
            for (i, a) in batch.enumerated() {
                do {
                    if cache[a.agreementID] == nil { cache[a.agreementID] = try self.requireAgreement(d, a.agreementID) }
                    out.append(try self.insertActivity(d, a, agreement: cache[a.agreementID]))
                } catch let e as StoreError {
                    let field: String
                    switch e {
                    case .unknownAgreement: field = "agreement"
                    case .notFound(let entity, _), .otherAgreement(let entity, _, _, _): field = entity
                    default: field = "activity"
                    }
                    throw StoreError.row(i + 1, field, Localized(fr: e.message(.fr), en: e.message(.en)))
                }
            }
            return out
        }
    }

    public func activity(id: Int64) throws -> Activity? {
        try read { d in try Row.fetchOne(d, cached: "SELECT \(Rows.activitySelect) FROM activity WHERE id = ?", arguments: [id]).map(Rows.activity) }
    }

    /// Edits an activity; the values before and after go to the audit log. `change` gets the
    /// agreement the activity falls under, inside the transaction, and may throw to leave it as is.
    public func updateActivity(id: Int64, _ change: (inout Activity, Agreement) throws -> Void) throws -> Activity {
        try write { d in
            guard let before = try Row.fetchOne(d, cached: "SELECT \(Rows.activitySelect) FROM activity WHERE id = ?", arguments: [id]).map(Rows.activity) else {
                throw StoreError.notFound(entity: "activity", id: id)
            }
            var after = before
            try change(&after, try self.requireAgreement(d, before.agreementID))
            after.id = id
            after.agreementID = before.agreementID
            if after == before { return before }
            if let item = after.planItemID, item != before.planItemID {
                try self.requirePlanItem(d, item, agreement: after.agreementID)
            }
            var args = Rows.activityArguments(after)
            _ = args.append(contentsOf: [id])
            try d.execute(sql: """
                UPDATE activity SET agreement_id = ?, title = ?, description = ?, start = ?, "end" = ?, status = ?, outcomes = ?,
                plan_item_id = ?, domains_json = ?, means_json = ?, parties_json = ?, participants_json = ?, costs_json = ? WHERE id = ?
                """, arguments: args)
            try self.audit(d, after.status == .cancelled && before.status != .cancelled ? "cancel" : "edit", "activity",
                           id: String(id), agreement: after.agreementID, before: before, after: after)
            return after
        }
    }

    public func activities(_ filter: ActivityFilter) throws -> [Activity] {
        var sql = "SELECT \(Rows.activitySelect) FROM activity WHERE 1"
        var args: [DatabaseValueConvertible?] = []
        if let a = filter.agreementID { sql += " AND agreement_id = ?"; args.append(a) }
        if let s = filter.status { sql += " AND status = ?"; args.append(s.rawValue) }
        if let to = filter.to { sql += " AND start <= ?"; args.append(to.iso) }
        if let from = filter.from { sql += " AND COALESCE(\"end\", start) >= ?"; args.append(from.iso) }
        sql += " ORDER BY start, id"
        let below = filter.domain.map { $0 + "." }
        return try read { d in
            var out: [Activity] = []
            let cursor = try Row.fetchCursor(d, cached: sql, arguments: StatementArguments(args))
            while let r = try cursor.next() {
                let a = try Rows.activity(r)
                if let domain = filter.domain, let below, !a.domains.contains(where: { $0 == domain || $0.hasPrefix(below) }) { continue }
                if let p = filter.party, !(a.parties.contains(p) || a.participants.contains { $0.party == p } || a.costs.contains { $0.party == p }) {
                    continue
                }
                out.append(a)
            }
            return out
        }
    }

    // MARK: - Plans

    public func addPlan(_ plan: ActionPlan) throws -> ActionPlan {
        try write { d in try self.insertPlan(d, plan) }
    }

    func insertPlan(_ d: Database, _ plan: ActionPlan) throws -> ActionPlan {
        _ = try requireAgreement(d, plan.agreementID)
        try d.execute(sql: "INSERT INTO action_plan (agreement_id, period_start, period_end, status, approved_on, approved_meeting_id) VALUES (?, ?, ?, ?, ?, ?)",
                      arguments: [plan.agreementID, plan.periodStart.iso, plan.periodEnd.iso, plan.status.rawValue, plan.approvedOn?.iso, plan.approvedAtMeeting])
        var saved = plan
        saved.id = d.lastInsertedRowID
        saved.items = try plan.items.map { try insertItem(d, planID: saved.id!, $0) }
        try audit(d, "add", "plan", id: String(saved.id!), agreement: plan.agreementID, before: nil, after: saved)
        return saved
    }

    func insertItem(_ d: Database, planID: Int64, _ item: PlanItem) throws -> PlanItem {
        try d.execute(sql: "INSERT INTO plan_item (plan_id, title, domains_json, start, due, lead_party, progress) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      arguments: [planID, item.title, Rows.json(item.domains), item.start?.iso, item.due?.iso, item.leadParty, item.progress])
        var saved = item
        saved.id = d.lastInsertedRowID
        return saved
    }

    func requirePlan(_ d: Database, _ id: Int64) throws -> ActionPlan {
        guard let r = try Row.fetchOne(d, cached: "SELECT * FROM action_plan WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "plan", id: id)
        }
        let items = try Row.fetchAll(d, cached: "SELECT * FROM plan_item WHERE plan_id = ? ORDER BY id", arguments: [id]).map(Rows.planItem)
        return try Rows.plan(r, items: items)
    }

    /// Adds an item to a plan; `check` gets the agreement the plan falls under and may refuse.
    public func addPlanItem(planID: Int64, _ item: PlanItem, check: (PlanItem, Agreement) throws -> Void) throws -> PlanItem {
        try write { d in
            let plan = try self.requirePlan(d, planID)
            try check(item, try self.requireAgreement(d, plan.agreementID))
            let saved = try self.insertItem(d, planID: planID, item)
            try self.audit(d, "add", "plan-item", id: String(saved.id!), agreement: plan.agreementID, before: nil, after: saved)
            return saved
        }
    }

    /// Progress updates stay possible on an approved plan; each is audited.
    public func updatePlanItem(id: Int64, _ change: (inout PlanItem, Agreement) throws -> Void) throws -> PlanItem {
        try write { d in
            guard let r = try Row.fetchOne(d, cached: "SELECT * FROM plan_item WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "plan-item", id: id)
            }
            let before = try Rows.planItem(r)
            let plan = try self.requirePlan(d, r["plan_id"])
            var after = before
            try change(&after, try self.requireAgreement(d, plan.agreementID))
            after.id = id
            if after == before { return before }
            try d.execute(sql: "UPDATE plan_item SET title = ?, domains_json = ?, start = ?, due = ?, lead_party = ?, progress = ? WHERE id = ?",
                          arguments: [after.title, Rows.json(after.domains), after.start?.iso, after.due?.iso, after.leadParty, after.progress, id])
            try self.audit(d, "edit", "plan-item", id: String(id), agreement: plan.agreementID, before: before, after: after)
            return after
        }
    }

    public func approvePlan(id: Int64, on date: CivilDate, meetingID: Int64?) throws -> ActionPlan {
        try write { d in try self.approvePlan(d, id: id, on: date, meetingID: meetingID) }
    }

    func approvePlan(_ d: Database, id: Int64, on date: CivilDate, meetingID: Int64?) throws -> ActionPlan {
        let before = try requirePlan(d, id)
        if before.status == .approved { throw StoreError.alreadyApproved(id) }
        if let meetingID { try requireRecord(d, "meeting", meetingID, entity: "meeting", agreement: before.agreementID) }
        try d.execute(sql: "UPDATE action_plan SET status = 'approved', approved_on = ?, approved_meeting_id = ? WHERE id = ?",
                      arguments: [date.iso, meetingID, id])
        var after = before
        after.status = .approved
        after.approvedOn = date
        after.approvedAtMeeting = meetingID
        try audit(d, "approve", "plan", id: String(id), agreement: before.agreementID, before: before, after: after)
        return after
    }

    // MARK: - Meetings

    public func addMeeting(_ m: Meeting) throws -> Meeting {
        try write { d in try self.insertMeeting(d, m) }
    }

    func insertMeeting(_ d: Database, _ m: Meeting) throws -> Meeting {
        _ = try requireAgreement(d, m.agreementID)
        if let c = m.corrects { try requireRecord(d, "meeting", c, entity: "meeting", agreement: m.agreementID) }
        if let p = m.approvedPlanID { try requireRecord(d, "action_plan", p, entity: "plan", agreement: m.agreementID) }
        if let r = m.approvedReportID { try requireRecord(d, "biennial_report", r, entity: "biennial-report", agreement: m.agreementID) }
        try d.execute(sql: """
            INSERT INTO meeting (agreement_id, body, date, agenda_json, attendees_json, decisions_json, approved_plan_id,
            approved_report_id, minutes_closed, corrects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [m.agreementID, m.body, m.date.iso, Rows.json(m.agenda), Rows.json(m.attendees), Rows.json(m.decisions),
                             m.approvedPlanID, m.approvedReportID, m.minutesClosed, m.corrects])
        var saved = m
        saved.id = d.lastInsertedRowID
        try audit(d, m.corrects == nil ? "add" : "correct", "meeting", id: String(saved.id!), agreement: m.agreementID, before: nil, after: saved)
        try applyApprovals(d, saved, previous: nil)
        return saved
    }

    /// What a meeting approves takes effect with it: the plan becomes approved on the
    /// meeting's date (unless it already was: a correcting entry repeats the approval), the
    /// biennial report gets its approval date if it had none.
    func applyApprovals(_ d: Database, _ m: Meeting, previous: Meeting?) throws {
        if let plan = m.approvedPlanID, plan != previous?.approvedPlanID {
            let p = try requirePlan(d, plan)
            if p.status != .approved { _ = try approvePlan(d, id: plan, on: m.date, meetingID: m.id) }
        }
        if let report = m.approvedReportID, report != previous?.approvedReportID {
            guard let r = try Row.fetchOne(d, cached: "SELECT * FROM biennial_report WHERE id = ?", arguments: [report]).map(Rows.biennial) else {
                throw StoreError.notFound(entity: "biennial-report", id: report)
            }
            if r.approvedOn == nil {
                try d.execute(sql: "UPDATE biennial_report SET approved_on = ? WHERE id = ?", arguments: [m.date.iso, report])
                var after = r
                after.approvedOn = m.date
                try audit(d, "approve", "biennial-report", id: String(report), agreement: r.agreementID, before: r, after: after)
            }
        }
    }

    /// Edits a meeting whose minutes are still open.
    public func updateMeeting(id: Int64, _ change: (inout Meeting, Agreement) throws -> Void) throws -> Meeting {
        try write { d in
            guard let before = try Row.fetchOne(d, cached: "SELECT * FROM meeting WHERE id = ?", arguments: [id]).map(Rows.meeting) else {
                throw StoreError.notFound(entity: "meeting", id: id)
            }
            if before.minutesClosed { throw StoreError.minutesClosed(id) }
            var after = before
            try change(&after, try self.requireAgreement(d, before.agreementID))
            after.id = id
            after.agreementID = before.agreementID
            after.corrects = before.corrects
            // An approval already recorded is part of the institution's memory: an edit may add
            // one, not withdraw or replace it.
            if (before.approvedPlanID != nil && after.approvedPlanID != before.approvedPlanID)
                || (before.approvedReportID != nil && after.approvedReportID != before.approvedReportID) {
                throw StoreError.mismatch(Localized(
                    fr: "la réunion #\(id) a déjà consigné une approbation; elle ne se retire pas par une modification. Ajoutez une réunion qui la corrige (--corrects \(id)).",
                    en: "meeting #\(id) already records an approval; an edit cannot withdraw it. Add a meeting that corrects it (--corrects \(id))."))
            }
            if after == before { return before }
            if let p = after.approvedPlanID { try self.requireRecord(d, "action_plan", p, entity: "plan", agreement: before.agreementID) }
            if let r = after.approvedReportID { try self.requireRecord(d, "biennial_report", r, entity: "biennial-report", agreement: before.agreementID) }
            try d.execute(sql: """
                UPDATE meeting SET body = ?, date = ?, agenda_json = ?, attendees_json = ?, decisions_json = ?, approved_plan_id = ?,
                approved_report_id = ?, minutes_closed = ? WHERE id = ?
                """, arguments: [after.body, after.date.iso, Rows.json(after.agenda), Rows.json(after.attendees), Rows.json(after.decisions),
                                 after.approvedPlanID, after.approvedReportID, after.minutesClosed, id])
            let closing = after.minutesClosed && !before.minutesClosed
            try self.audit(d, closing ? "close" : "edit", "meeting", id: String(id), agreement: before.agreementID, before: before, after: after)
            try self.applyApprovals(d, after, previous: before)
            return after
        }
    }

    // MARK: - Reports, requests, notices, amendments

    public func addBiennialReport(_ r: BiennialReportRecord) throws -> BiennialReportRecord {
        try write { d in try self.insertBiennial(d, r) }
    }

    func insertBiennial(_ d: Database, _ r: BiennialReportRecord) throws -> BiennialReportRecord {
        _ = try requireAgreement(d, r.agreementID)
        try d.execute(sql: "INSERT INTO biennial_report (agreement_id, period_start, period_end, approved_on, copy_sent_on) VALUES (?, ?, ?, ?, ?)",
                      arguments: [r.agreementID, r.periodStart.iso, r.periodEnd.iso, r.approvedOn?.iso, r.copySentOn?.iso])
        var saved = r
        saved.id = d.lastInsertedRowID
        try audit(d, "add", "biennial-report", id: String(saved.id!), agreement: r.agreementID, before: nil, after: saved)
        return saved
    }

    /// Edits a biennial report record (its approval or the date its copy was sent).
    public func updateBiennialReport(id: Int64, _ change: (inout BiennialReportRecord, Agreement) throws -> Void) throws -> BiennialReportRecord {
        try write { d in
            guard let before = try Row.fetchOne(d, cached: "SELECT * FROM biennial_report WHERE id = ?", arguments: [id]).map(Rows.biennial) else {
                throw StoreError.notFound(entity: "biennial-report", id: id)
            }
            var after = before
            try change(&after, try self.requireAgreement(d, before.agreementID))
            after.id = id
            after.agreementID = before.agreementID
            if after == before { return before }
            try d.execute(sql: "UPDATE biennial_report SET period_start = ?, period_end = ?, approved_on = ?, copy_sent_on = ? WHERE id = ?",
                          arguments: [after.periodStart.iso, after.periodEnd.iso, after.approvedOn?.iso, after.copySentOn?.iso, id])
            try self.audit(d, "edit", "biennial-report", id: String(id), agreement: before.agreementID, before: before, after: after)
            return after
        }
    }

    public func addProgressRequest(_ r: ProgressReportRequest) throws -> ProgressReportRequest {
        try write { d in try self.insertRequest(d, r) }
    }

    func insertRequest(_ d: Database, _ r: ProgressReportRequest) throws -> ProgressReportRequest {
        _ = try requireAgreement(d, r.agreementID)
        try d.execute(sql: "INSERT INTO progress_request (agreement_id, body, requested_on, due, note) VALUES (?, ?, ?, ?, ?)",
                      arguments: [r.agreementID, r.body, r.requestedOn.iso, r.due.iso, r.note])
        var saved = r
        saved.id = d.lastInsertedRowID
        try audit(d, "add", "progress-request", id: String(saved.id!), agreement: r.agreementID, before: nil, after: saved)
        return saved
    }

    public func addProgressReport(_ r: ProgressReport) throws -> ProgressReport {
        try write { d in try self.insertProgress(d, r) }
    }

    func insertProgress(_ d: Database, _ r: ProgressReport) throws -> ProgressReport {
        _ = try requireAgreement(d, r.agreementID)
        if let m = r.meetingID { try requireRecord(d, "meeting", m, entity: "meeting", agreement: r.agreementID) }
        if let q = r.requestID { try requireRecord(d, "progress_request", q, entity: "progress-request", agreement: r.agreementID) }
        try d.execute(sql: "INSERT INTO progress_report (agreement_id, body, submitted_on, meeting_id, request_id, title) VALUES (?, ?, ?, ?, ?, ?)",
                      arguments: [r.agreementID, r.body, r.submittedOn.iso, r.meetingID, r.requestID, r.title])
        var saved = r
        saved.id = d.lastInsertedRowID
        try audit(d, "add", "progress-report", id: String(saved.id!), agreement: r.agreementID, before: nil, after: saved)
        return saved
    }

    public func addNotice(_ n: TerminationNotice) throws -> TerminationNotice {
        try write { d in
            // When the notice takes effect, and what a notice may say, are EntenteCore's
            // termination rules, applied by the service.
            _ = try self.requireAgreement(d, n.agreementID)
            try d.execute(sql: """
                INSERT INTO termination_notice (agreement_id, party, sent_on, received_on, requested_end, effective_end, withdrawn)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [n.agreementID, n.party, n.sentOn.iso, n.receivedOn?.iso, n.requestedEnd?.iso, n.effectiveEnd.iso, n.withdrawn])
            var saved = n
            saved.id = d.lastInsertedRowID
            try self.audit(d, "add", "notice", id: String(saved.id!), agreement: n.agreementID, before: nil, after: saved)
            return saved
        }
    }

    /// Records the event that brings an agreement into force (A7), audited. Refuses an event
    /// before the last signature, a receipt before the act, and an agreement whose rule does
    /// not wait for an event (its date comes from the text).
    public func addEntryIntoForceEvent(_ e: EntryIntoForceEvent) throws -> EntryIntoForceEvent {
        try write { d in
            // What an event may say is Core's rule (`RecordValidator`), applied by the service.
            _ = try self.requireAgreement(d, e.agreementID)
            try d.execute(sql: "INSERT INTO entry_into_force_event (agreement_id, \"on\", received_on, note) VALUES (?, ?, ?, ?)",
                          arguments: [e.agreementID, e.on.iso, e.receivedOn?.iso, e.note])
            var saved = e
            saved.id = d.lastInsertedRowID
            try self.audit(d, "add", "entry-into-force-event", id: String(saved.id!), agreement: e.agreementID, before: nil, after: saved)
            return saved
        }
    }

    /// Records a signed amendment and stores its text as the agreement's next version.
    public func addAmendment(_ a: Amendment, text prepared: PreparedAgreement, xml: String, file: String, warnings: [String]) throws -> Amendment {
        try write { d in
            _ = try self.requireAgreement(d, a.agreementID)
            guard prepared.id == a.agreementID else {
                throw StoreError.mismatch(Localized(fr: "le texte porte l'identifiant « \(prepared.id) », pas « \(a.agreementID) ».",
                                                    en: "the text has id '\(prepared.id)', not '\(a.agreementID)'."))
            }
            let result = try self.importAgreement(d, prepared, xml: xml, file: file, warnings: warnings, action: "amend")
            guard case .newVersion(let version) = result else {
                throw StoreError.mismatch(Localized(fr: "le texte modifié est identique au texte en vigueur.",
                                                    en: "the amended text is identical to the current text."))
            }
            var saved = a
            saved.textVersion = version
            try d.execute(sql: "INSERT INTO amendment (agreement_id, signed_on, summary, text_version) VALUES (?, ?, ?, ?)",
                          arguments: [a.agreementID, a.signedOn.iso, a.summary, version])
            saved.id = d.lastInsertedRowID
            try self.audit(d, "add", "amendment", id: String(saved.id!), agreement: a.agreementID, before: nil, after: saved)
            return saved
        }
    }

    /// A record another one refers to must exist and fall under the same agreement.
    func requireRecord(_ d: Database, _ table: String, _ id: Int64, entity: String, agreement: String) throws {
        guard let owner = try String.fetchOne(d, cached: "SELECT agreement_id FROM \(table) WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: entity, id: id)
        }
        if owner != agreement { throw StoreError.otherAgreement(entity: entity, id: id, belongsTo: owner, expected: agreement) }
    }

    func requirePlanItem(_ d: Database, _ id: Int64, agreement: String) throws {
        guard let owner = try String.fetchOne(d, cached: "SELECT p.agreement_id FROM plan_item i JOIN action_plan p ON p.id = i.plan_id WHERE i.id = ?",
                                              arguments: [id]) else {
            throw StoreError.notFound(entity: "plan-item", id: id)
        }
        if owner != agreement { throw StoreError.otherAgreement(entity: "plan-item", id: id, belongsTo: owner, expected: agreement) }
    }

    // MARK: - Histories

    public func history(agreementID: String) throws -> AgreementHistory {
        try histories(agreementID: agreementID, activities: true)[agreementID] ?? AgreementHistory()
    }

    /// Every agreement's records, each table read once. `activities: false` skips the
    /// activity log (the deadline engine does not need it).
    public func allHistories(activities: Bool = true) throws -> [String: AgreementHistory] {
        try histories(agreementID: nil, activities: activities)
    }

    func histories(agreementID: String?, activities: Bool) throws -> [String: AgreementHistory] {
        try read { d in
            let whereClause = agreementID == nil ? "" : " WHERE agreement_id = ?"
            let args: StatementArguments = agreementID.map { [$0] } ?? []
            var out: [String: AgreementHistory] = [:]
            func rows(_ table: String, order: String) throws -> [Row] {
                try Row.fetchAll(d, cached: "SELECT * FROM \(table)\(whereClause) ORDER BY \(order)", arguments: args)
            }
            if activities {
                let cursor = try Row.fetchCursor(d, cached: "SELECT \(Rows.activitySelect) FROM activity\(whereClause) ORDER BY start, id", arguments: args)
                while let r = try cursor.next() { let a = try Rows.activity(r); out[a.agreementID, default: .init()].activities.append(a) }
            }
            var items: [Int64: [PlanItem]] = [:]
            let itemSQL = agreementID == nil ? "SELECT * FROM plan_item ORDER BY id"
                : "SELECT i.* FROM plan_item i JOIN action_plan p ON p.id = i.plan_id WHERE p.agreement_id = ? ORDER BY i.id"
            for r in try Row.fetchAll(d, cached: itemSQL, arguments: args) { items[r["plan_id"], default: []].append(try Rows.planItem(r)) }
            for r in try rows("action_plan", order: "period_start, id") {
                let p = try Rows.plan(r, items: items[r["id"]] ?? [])
                out[p.agreementID, default: .init()].plans.append(p)
            }
            for r in try rows("meeting", order: "date, id") { let m = try Rows.meeting(r); out[m.agreementID, default: .init()].meetings.append(m) }
            for r in try rows("biennial_report", order: "period_start, id") { let b = try Rows.biennial(r); out[b.agreementID, default: .init()].biennialReports.append(b) }
            for r in try rows("progress_report", order: "submitted_on, id") { let p = try Rows.progressReport(r); out[p.agreementID, default: .init()].progressReports.append(p) }
            for r in try rows("progress_request", order: "requested_on, id") { let p = try Rows.progressRequest(r); out[p.agreementID, default: .init()].progressRequests.append(p) }
            for r in try rows("termination_notice", order: "sent_on, id") { let n = try Rows.notice(r); out[n.agreementID, default: .init()].notices.append(n) }
            for r in try rows("entry_into_force_event", order: "\"on\", id") {
                let e = try Rows.entryIntoForceEvent(r); out[e.agreementID, default: .init()].entryIntoForceEvents.append(e)
            }
            for r in try rows("amendment", order: "signed_on, id") { let a = try Rows.amendment(r); out[a.agreementID, default: .init()].amendments.append(a) }
            return out
        }
    }
}
