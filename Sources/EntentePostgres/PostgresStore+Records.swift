import EntenteCore
import Foundation
import PostgresNIO

/// What is done under agreements: the same operations, checks and audit entries (actions,
/// entity types, before/after JSON) as the SQLite workspace's `Records.swift`. Where SQLite
/// relied on its single writer between a read and a write, the row is locked (`FOR UPDATE`).
extension PostgresStore {
    // MARK: - Activities

    static let activitySelect = """
        id, agreement_id, title, description, start, "end", status, outcomes, plan_item_id, domains, means, parties, participants::text, costs::text
        """
    typealias ActivityRow = (Int64, String, String, String?, CivilDate, CivilDate?, String, String?, Int64?, [String], [String], [String], String, String)

    static func activity(_ r: ActivityRow) throws -> Activity {
        guard let status = ActivityStatus(rawValue: r.6) else {
            throw StoreError.unreadable(entity: "activity", id: r.0, Localized(fr: "statut inconnu « \(r.6) »", en: "unknown status '\(r.6)'"))
        }
        return Activity(id: r.0, agreementID: r.1, title: r.2, description: r.3, start: r.4, end: r.5, domains: r.9, meansOfAction: r.10,
                        parties: r.11, participants: decode([Participant].self, r.12) ?? [], costs: decode([Cost].self, r.13) ?? [],
                        status: status, outcomes: r.7, planItemID: r.8)
    }

    func fetchActivities(_ conn: PostgresConnection, _ query: PostgresQuery) async throws -> [Activity] {
        var out: [Activity] = []
        for try await r in try await conn.query(query, logger: logger).decode(ActivityRow.self) { out.append(try Self.activity(r)) }
        return out
    }

    func insertActivity(_ conn: PostgresConnection, _ a: Activity, checked: Bool, by: ActingUser) async throws -> Activity {
        if !checked { _ = try await requireAgreement(conn, a.agreementID) }
        if let item = a.planItemID { try await requirePlanItem(conn, item, agreement: a.agreementID) }
        let rows = try await conn.query("""
            INSERT INTO activity (agreement_id, title, description, start, "end", status, outcomes, plan_item_id, domains, means, parties, participants, costs)
            VALUES (\(a.agreementID), \(a.title), \(a.description), \(a.start), \(a.end), \(a.status.rawValue), \(a.outcomes), \(a.planItemID),
                    \(a.domains), \(a.meansOfAction), \(a.parties), \(Self.json(a.participants))::jsonb, \(Self.json(a.costs))::jsonb)
            RETURNING id
            """, logger: logger)
        var saved = a
        for try await id in rows.decode(Int64.self) { saved.id = id }
        try await audit(conn, by: by, "add", "activity", id: String(saved.id!), agreement: saved.agreementID, before: nil, after: Self.json(saved))
        return saved
    }

    public func addActivity(_ activity: Activity, by: ActingUser) async throws -> Activity {
        try await write { conn in try await self.insertActivity(conn, activity, checked: false, by: by) }
    }

    public func addActivities(_ batch: [Activity], by: ActingUser) async throws -> [Activity] {
        try await write { conn in
            var known = Set<String>()
            var out: [Activity] = []
            out.reserveCapacity(batch.count)
            for (i, a) in batch.enumerated() {
                do {
                    if !known.contains(a.agreementID) {
                        _ = try await self.requireAgreement(conn, a.agreementID)
                        known.insert(a.agreementID)
                    }
                    out.append(try await self.insertActivity(conn, a, checked: true, by: by))
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

    public func activity(id: Int64) async throws -> Activity? {
        try await read { conn in
            try await self.fetchActivities(conn, "SELECT \(unescaped: Self.activitySelect) FROM activity WHERE id = \(id)").first
        }
    }

    public func updateActivity(id: Int64, by: ActingUser, _ change: (inout Activity, Agreement) throws -> Void) async throws -> Activity {
        try await write { conn in
            guard let before = try await self.fetchActivities(conn, "SELECT \(unescaped: Self.activitySelect) FROM activity WHERE id = \(id) FOR UPDATE").first else {
                throw StoreError.notFound(entity: "activity", id: id)
            }
            var after = before
            try change(&after, try await self.requireAgreement(conn, before.agreementID))
            after.id = id
            after.agreementID = before.agreementID
            if after == before { return before }
            if let item = after.planItemID, item != before.planItemID {
                try await self.requirePlanItem(conn, item, agreement: after.agreementID)
            }
            try await conn.query("""
                UPDATE activity SET title = \(after.title), description = \(after.description), start = \(after.start), "end" = \(after.end),
                status = \(after.status.rawValue), outcomes = \(after.outcomes), plan_item_id = \(after.planItemID), domains = \(after.domains),
                means = \(after.meansOfAction), parties = \(after.parties), participants = \(Self.json(after.participants))::jsonb,
                costs = \(Self.json(after.costs))::jsonb WHERE id = \(id)
                """, logger: self.logger)
            try await self.audit(conn, by: by, after.status == .cancelled && before.status != .cancelled ? "cancel" : "edit", "activity",
                                 id: String(id), agreement: after.agreementID, before: Self.json(before), after: Self.json(after))
            return after
        }
    }

    public func activities(_ filter: ActivityFilter) async throws -> [Activity] {
        // Agreement, status and period in SQL (indexed); domain prefixes and parties, which
        // look inside lists, in Swift with the SQLite store's exact rule.
        let from = filter.from, to = filter.to, status = filter.status?.rawValue, agreementID = filter.agreementID
        let all = try await read { conn in
            try await self.fetchActivities(conn, """
                SELECT \(unescaped: Self.activitySelect) FROM activity
                WHERE (\(agreementID)::text IS NULL OR agreement_id = \(agreementID))
                  AND (\(status)::text IS NULL OR status = \(status))
                  AND (\(to)::date IS NULL OR start <= \(to))
                  AND (\(from)::date IS NULL OR COALESCE("end", start) >= \(from))
                ORDER BY start, id
                """)
        }
        let below = filter.domain.map { $0 + "." }
        return all.filter { a in
            if let domain = filter.domain, let below, !a.domains.contains(where: { $0 == domain || $0.hasPrefix(below) }) { return false }
            if let p = filter.party, !(a.parties.contains(p) || a.participants.contains { $0.party == p } || a.costs.contains { $0.party == p }) {
                return false
            }
            return true
        }
    }

    // MARK: - Plans

    typealias PlanRow = (Int64, String, CivilDate, CivilDate, String, CivilDate?, Int64?)
    typealias ItemRow = (Int64, Int64, String, [String], CivilDate?, CivilDate?, String?, Int)
    static let planSelect = "id, agreement_id, period_start, period_end, status, approved_on, approved_meeting_id"
    static let itemSelect = "id, plan_id, title, domains, start, due, lead_party, progress"

    static func plan(_ r: PlanRow, items: [PlanItem]) throws -> ActionPlan {
        guard let status = PlanStatus(rawValue: r.4) else {
            throw StoreError.unreadable(entity: "plan", id: r.0, Localized(fr: "statut inconnu « \(r.4) »", en: "unknown status '\(r.4)'"))
        }
        return ActionPlan(id: r.0, agreementID: r.1, periodStart: r.2, periodEnd: r.3, status: status, approvedOn: r.5,
                          approvedAtMeeting: r.6, items: items)
    }

    static func item(_ r: ItemRow) -> PlanItem {
        PlanItem(id: r.0, title: r.2, domains: r.3, start: r.4, due: r.5, leadParty: r.6, progress: r.7)
    }

    func insertItem(_ conn: PostgresConnection, planID: Int64, _ item: PlanItem) async throws -> PlanItem {
        var saved = item
        for try await id in try await conn.query("""
            INSERT INTO plan_item (plan_id, title, domains, start, due, lead_party, progress)
            VALUES (\(planID), \(item.title), \(item.domains), \(item.start), \(item.due), \(item.leadParty), \(item.progress)) RETURNING id
            """, logger: logger).decode(Int64.self) { saved.id = id }
        return saved
    }

    /// A plan with its items; `lock` holds its row until the transaction ends.
    func requirePlan(_ conn: PostgresConnection, _ id: Int64, lock: Bool = false) async throws -> ActionPlan {
        var row: PlanRow?
        for try await r in try await conn.query("SELECT \(unescaped: Self.planSelect) FROM action_plan WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")",
                                                logger: logger).decode(PlanRow.self) { row = r }
        guard let row else { throw StoreError.notFound(entity: "plan", id: id) }
        var items: [PlanItem] = []
        for try await r in try await conn.query("SELECT \(unescaped: Self.itemSelect) FROM plan_item WHERE plan_id = \(id) ORDER BY id",
                                                logger: logger).decode(ItemRow.self) { items.append(Self.item(r)) }
        return try Self.plan(row, items: items)
    }

    public func addPlan(_ plan: ActionPlan, by: ActingUser) async throws -> ActionPlan {
        try await write { conn in
            _ = try await self.requireAgreement(conn, plan.agreementID)
            var saved = plan
            for try await id in try await conn.query("""
                INSERT INTO action_plan (agreement_id, period_start, period_end, status, approved_on, approved_meeting_id)
                VALUES (\(plan.agreementID), \(plan.periodStart), \(plan.periodEnd), \(plan.status.rawValue), \(plan.approvedOn), \(plan.approvedAtMeeting))
                RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            var items: [PlanItem] = []
            for item in plan.items { items.append(try await self.insertItem(conn, planID: saved.id!, item)) }
            saved.items = items
            try await self.audit(conn, by: by, "add", "plan", id: String(saved.id!), agreement: plan.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func addPlanItem(planID: Int64, _ item: PlanItem, by: ActingUser, check: (PlanItem, Agreement) throws -> Void) async throws -> PlanItem {
        try await write { conn in
            let plan = try await self.requirePlan(conn, planID, lock: true)
            try check(item, try await self.requireAgreement(conn, plan.agreementID))
            let saved = try await self.insertItem(conn, planID: planID, item)
            try await self.audit(conn, by: by, "add", "plan-item", id: String(saved.id!), agreement: plan.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func updatePlanItem(id: Int64, by: ActingUser, _ change: (inout PlanItem, Agreement) throws -> Void) async throws -> PlanItem {
        try await write { conn in
            var row: ItemRow?
            for try await r in try await conn.query("SELECT \(unescaped: Self.itemSelect) FROM plan_item WHERE id = \(id) FOR UPDATE",
                                                    logger: self.logger).decode(ItemRow.self) { row = r }
            guard let row else { throw StoreError.notFound(entity: "plan-item", id: id) }
            let before = Self.item(row)
            let plan = try await self.requirePlan(conn, row.1)
            var after = before
            try change(&after, try await self.requireAgreement(conn, plan.agreementID))
            after.id = id
            if after == before { return before }
            try await conn.query("""
                UPDATE plan_item SET title = \(after.title), domains = \(after.domains), start = \(after.start), due = \(after.due),
                lead_party = \(after.leadParty), progress = \(after.progress) WHERE id = \(id)
                """, logger: self.logger)
            try await self.audit(conn, by: by, "edit", "plan-item", id: String(id), agreement: plan.agreementID, before: Self.json(before), after: Self.json(after))
            return after
        }
    }

    public func approvePlan(id: Int64, on date: CivilDate, meetingID: Int64?, by: ActingUser) async throws -> ActionPlan {
        try await write { conn in try await self.approvePlan(conn, id: id, on: date, meetingID: meetingID, by: by) }
    }

    /// Under a lock of the plan's row: of two concurrent approvals, the second sees the first
    /// and is refused (`alreadyApproved`), as with SQLite's single writer.
    func approvePlan(_ conn: PostgresConnection, id: Int64, on date: CivilDate, meetingID: Int64?, by: ActingUser) async throws -> ActionPlan {
        let before = try await requirePlan(conn, id, lock: true)
        if before.status == .approved { throw StoreError.alreadyApproved(id) }
        if let meetingID { try await requireRecord(conn, "meeting", meetingID, entity: "meeting", agreement: before.agreementID) }
        try await conn.query("UPDATE action_plan SET status = 'approved', approved_on = \(date), approved_meeting_id = \(meetingID) WHERE id = \(id)",
                             logger: logger)
        var after = before
        after.status = .approved
        after.approvedOn = date
        after.approvedAtMeeting = meetingID
        try await audit(conn, by: by, "approve", "plan", id: String(id), agreement: before.agreementID, before: Self.json(before), after: Self.json(after))
        return after
    }

    // MARK: - Meetings

    static let meetingSelect = """
        id, agreement_id, body, date, agenda, attendees::text, decisions::text, approved_plan_id, approved_report_id, minutes_closed, corrects
        """
    typealias MeetingRow = (Int64, String, String, CivilDate, [String], String, String, Int64?, Int64?, Bool, Int64?)

    static func meeting(_ r: MeetingRow) -> Meeting {
        Meeting(id: r.0, agreementID: r.1, body: r.2, date: r.3, agenda: r.4, attendees: decode([Participant].self, r.5) ?? [],
                decisions: decode([Decision].self, r.6) ?? [], approvedPlanID: r.7, approvedReportID: r.8, minutesClosed: r.9, corrects: r.10)
    }

    func fetchMeetings(_ conn: PostgresConnection, _ query: PostgresQuery) async throws -> [Meeting] {
        var out: [Meeting] = []
        for try await r in try await conn.query(query, logger: logger).decode(MeetingRow.self) { out.append(Self.meeting(r)) }
        return out
    }

    public func addMeeting(_ m: Meeting, by: ActingUser) async throws -> Meeting {
        try await write { conn in
            _ = try await self.requireAgreement(conn, m.agreementID)
            if let c = m.corrects { try await self.requireRecord(conn, "meeting", c, entity: "meeting", agreement: m.agreementID) }
            if let p = m.approvedPlanID { try await self.requireRecord(conn, "action_plan", p, entity: "plan", agreement: m.agreementID) }
            if let r = m.approvedReportID { try await self.requireRecord(conn, "biennial_report", r, entity: "biennial-report", agreement: m.agreementID) }
            var saved = m
            for try await id in try await conn.query("""
                INSERT INTO meeting (agreement_id, body, date, agenda, attendees, decisions, approved_plan_id, approved_report_id, minutes_closed, corrects)
                VALUES (\(m.agreementID), \(m.body), \(m.date), \(m.agenda), \(Self.json(m.attendees))::jsonb, \(Self.json(m.decisions))::jsonb,
                        \(m.approvedPlanID), \(m.approvedReportID), \(m.minutesClosed), \(m.corrects))
                RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, m.corrects == nil ? "add" : "correct", "meeting", id: String(saved.id!), agreement: m.agreementID,
                                 before: nil, after: Self.json(saved))
            try await self.applyApprovals(conn, saved, previous: nil, by: by)
            return saved
        }
    }

    /// What a meeting approves takes effect with it (as in the SQLite store): the plan becomes
    /// approved on the meeting's date unless it already was; the biennial report gets its
    /// approval date if it had none. Both rows are locked before they are read.
    func applyApprovals(_ conn: PostgresConnection, _ m: Meeting, previous: Meeting?, by: ActingUser) async throws {
        if let plan = m.approvedPlanID, plan != previous?.approvedPlanID {
            let p = try await requirePlan(conn, plan, lock: true)
            if p.status != .approved { _ = try await approvePlan(conn, id: plan, on: m.date, meetingID: m.id, by: by) }
        }
        if let report = m.approvedReportID, report != previous?.approvedReportID {
            guard let r = try await fetchBiennial(conn, "SELECT \(unescaped: Self.biennialSelect) FROM biennial_report WHERE id = \(report) FOR UPDATE").first else {
                throw StoreError.notFound(entity: "biennial-report", id: report)
            }
            if r.approvedOn == nil {
                try await conn.query("UPDATE biennial_report SET approved_on = \(m.date) WHERE id = \(report)", logger: logger)
                var after = r
                after.approvedOn = m.date
                try await audit(conn, by: by, "approve", "biennial-report", id: String(report), agreement: r.agreementID,
                                before: Self.json(r), after: Self.json(after))
            }
        }
    }

    /// Under a lock of the meeting's row: once one writer closes the minutes, every later
    /// edit sees them closed (and the `minutes_closed_no_update` trigger refuses it anyway).
    public func updateMeeting(id: Int64, by: ActingUser, _ change: (inout Meeting, Agreement) throws -> Void) async throws -> Meeting {
        try await write { conn in
            guard let before = try await self.fetchMeetings(conn, "SELECT \(unescaped: Self.meetingSelect) FROM meeting WHERE id = \(id) FOR UPDATE").first else {
                throw StoreError.notFound(entity: "meeting", id: id)
            }
            if before.minutesClosed { throw StoreError.minutesClosed(id) }
            var after = before
            try change(&after, try await self.requireAgreement(conn, before.agreementID))
            after.id = id
            after.agreementID = before.agreementID
            after.corrects = before.corrects
            if (before.approvedPlanID != nil && after.approvedPlanID != before.approvedPlanID)
                || (before.approvedReportID != nil && after.approvedReportID != before.approvedReportID) {
                throw StoreError.mismatch(Localized(
                    fr: "la réunion #\(id) a déjà consigné une approbation; elle ne se retire pas par une modification. Ajoutez une réunion qui la corrige (--corrects \(id)).",
                    en: "meeting #\(id) already records an approval; an edit cannot withdraw it. Add a meeting that corrects it (--corrects \(id))."))
            }
            if after == before { return before }
            if let p = after.approvedPlanID { try await self.requireRecord(conn, "action_plan", p, entity: "plan", agreement: before.agreementID) }
            if let r = after.approvedReportID { try await self.requireRecord(conn, "biennial_report", r, entity: "biennial-report", agreement: before.agreementID) }
            try await conn.query("""
                UPDATE meeting SET body = \(after.body), date = \(after.date), agenda = \(after.agenda), attendees = \(Self.json(after.attendees))::jsonb,
                decisions = \(Self.json(after.decisions))::jsonb, approved_plan_id = \(after.approvedPlanID), approved_report_id = \(after.approvedReportID),
                minutes_closed = \(after.minutesClosed) WHERE id = \(id)
                """, logger: self.logger)
            let closing = after.minutesClosed && !before.minutesClosed
            try await self.audit(conn, by: by, closing ? "close" : "edit", "meeting", id: String(id), agreement: before.agreementID,
                                 before: Self.json(before), after: Self.json(after))
            try await self.applyApprovals(conn, after, previous: before, by: by)
            return after
        }
    }

    // MARK: - Reports, requests, notices, amendments

    static let biennialSelect = "id, agreement_id, period_start, period_end, approved_on, copy_sent_on"
    typealias BiennialRow = (Int64, String, CivilDate, CivilDate, CivilDate?, CivilDate?)

    func fetchBiennial(_ conn: PostgresConnection, _ query: PostgresQuery) async throws -> [BiennialReportRecord] {
        var out: [BiennialReportRecord] = []
        for try await r in try await conn.query(query, logger: logger).decode(BiennialRow.self) {
            out.append(BiennialReportRecord(id: r.0, agreementID: r.1, periodStart: r.2, periodEnd: r.3, approvedOn: r.4, copySentOn: r.5))
        }
        return out
    }

    public func addBiennialReport(_ r: BiennialReportRecord, by: ActingUser) async throws -> BiennialReportRecord {
        try await write { conn in
            _ = try await self.requireAgreement(conn, r.agreementID)
            var saved = r
            for try await id in try await conn.query("""
                INSERT INTO biennial_report (agreement_id, period_start, period_end, approved_on, copy_sent_on)
                VALUES (\(r.agreementID), \(r.periodStart), \(r.periodEnd), \(r.approvedOn), \(r.copySentOn)) RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, "add", "biennial-report", id: String(saved.id!), agreement: r.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func updateBiennialReport(id: Int64, by: ActingUser, _ change: (inout BiennialReportRecord, Agreement) throws -> Void) async throws -> BiennialReportRecord {
        try await write { conn in
            guard let before = try await self.fetchBiennial(conn, "SELECT \(unescaped: Self.biennialSelect) FROM biennial_report WHERE id = \(id) FOR UPDATE").first else {
                throw StoreError.notFound(entity: "biennial-report", id: id)
            }
            var after = before
            try change(&after, try await self.requireAgreement(conn, before.agreementID))
            after.id = id
            after.agreementID = before.agreementID
            if after == before { return before }
            try await conn.query("""
                UPDATE biennial_report SET period_start = \(after.periodStart), period_end = \(after.periodEnd), approved_on = \(after.approvedOn),
                copy_sent_on = \(after.copySentOn) WHERE id = \(id)
                """, logger: self.logger)
            try await self.audit(conn, by: by, "edit", "biennial-report", id: String(id), agreement: before.agreementID, before: Self.json(before), after: Self.json(after))
            return after
        }
    }

    public func addProgressRequest(_ r: ProgressReportRequest, by: ActingUser) async throws -> ProgressReportRequest {
        try await write { conn in
            _ = try await self.requireAgreement(conn, r.agreementID)
            var saved = r
            for try await id in try await conn.query("""
                INSERT INTO progress_request (agreement_id, body, requested_on, due, note)
                VALUES (\(r.agreementID), \(r.body), \(r.requestedOn), \(r.due), \(r.note)) RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, "add", "progress-request", id: String(saved.id!), agreement: r.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func addProgressReport(_ r: ProgressReport, by: ActingUser) async throws -> ProgressReport {
        try await write { conn in
            _ = try await self.requireAgreement(conn, r.agreementID)
            if let m = r.meetingID { try await self.requireRecord(conn, "meeting", m, entity: "meeting", agreement: r.agreementID) }
            if let q = r.requestID { try await self.requireRecord(conn, "progress_request", q, entity: "progress-request", agreement: r.agreementID) }
            var saved = r
            for try await id in try await conn.query("""
                INSERT INTO progress_report (agreement_id, body, submitted_on, meeting_id, request_id, title)
                VALUES (\(r.agreementID), \(r.body), \(r.submittedOn), \(r.meetingID), \(r.requestID), \(r.title)) RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, "add", "progress-report", id: String(saved.id!), agreement: r.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func addNotice(_ n: TerminationNotice, by: ActingUser) async throws -> TerminationNotice {
        try await write { conn in
            _ = try await self.requireAgreement(conn, n.agreementID)
            var saved = n
            for try await id in try await conn.query("""
                INSERT INTO termination_notice (agreement_id, party, sent_on, received_on, requested_end, effective_end, withdrawn)
                VALUES (\(n.agreementID), \(n.party), \(n.sentOn), \(n.receivedOn), \(n.requestedEnd), \(n.effectiveEnd), \(n.withdrawn)) RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, "add", "notice", id: String(saved.id!), agreement: n.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func addEntryIntoForceEvent(_ e: EntryIntoForceEvent, by: ActingUser) async throws -> EntryIntoForceEvent {
        try await write { conn in
            _ = try await self.requireAgreement(conn, e.agreementID)
            var saved = e
            for try await id in try await conn.query("""
                INSERT INTO entry_into_force_event (agreement_id, "on", received_on, note)
                VALUES (\(e.agreementID), \(e.on), \(e.receivedOn), \(e.note)) RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, "add", "entry-into-force-event", id: String(saved.id!), agreement: e.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    public func addAmendment(_ a: Amendment, text prepared: PreparedAgreement, xml: String, file: String, warnings: [String],
                             by: ActingUser) async throws -> Amendment {
        try await write { conn in
            _ = try await self.requireAgreement(conn, a.agreementID)
            guard prepared.id == a.agreementID else {
                throw StoreError.mismatch(Localized(fr: "le texte porte l'identifiant « \(prepared.id) », pas « \(a.agreementID) ».",
                                                    en: "the text has id '\(prepared.id)', not '\(a.agreementID)'."))
            }
            let result = try await self.importAgreement(conn, prepared, xml: xml, file: file, warnings: warnings, action: "amend", by: by)
            guard case .newVersion(let version) = result else {
                throw StoreError.mismatch(Localized(fr: "le texte modifié est identique au texte en vigueur.",
                                                    en: "the amended text is identical to the current text."))
            }
            var saved = a
            saved.textVersion = version
            for try await id in try await conn.query("""
                INSERT INTO amendment (agreement_id, signed_on, summary, text_version) VALUES (\(a.agreementID), \(a.signedOn), \(a.summary), \(version))
                RETURNING id
                """, logger: self.logger).decode(Int64.self) { saved.id = id }
            try await self.audit(conn, by: by, "add", "amendment", id: String(saved.id!), agreement: a.agreementID, before: nil, after: Self.json(saved))
            return saved
        }
    }

    /// A record another one refers to must exist and fall under the same agreement. No lock is
    /// needed: nothing is ever deleted (the role may not, triggers refuse) and a record never
    /// changes agreement; the foreign key holds the rest. (`FOR SHARE` would also need UPDATE
    /// privilege, which the application's role has not on every table.)
    func requireRecord(_ conn: PostgresConnection, _ table: String, _ id: Int64, entity: String, agreement: String) async throws {
        var owner: String?
        for try await o in try await conn.query("SELECT agreement_id FROM \(unescaped: table) WHERE id = \(id)", logger: logger)
            .decode(String.self) { owner = o }
        guard let owner else { throw StoreError.notFound(entity: entity, id: id) }
        if owner != agreement { throw StoreError.otherAgreement(entity: entity, id: id, belongsTo: owner, expected: agreement) }
    }

    func requirePlanItem(_ conn: PostgresConnection, _ id: Int64, agreement: String) async throws {
        var owner: String?
        for try await o in try await conn.query("""
            SELECT p.agreement_id FROM plan_item i JOIN action_plan p ON p.id = i.plan_id WHERE i.id = \(id)
            """, logger: logger).decode(String.self) { owner = o }
        guard let owner else { throw StoreError.notFound(entity: "plan-item", id: id) }
        if owner != agreement { throw StoreError.otherAgreement(entity: "plan-item", id: id, belongsTo: owner, expected: agreement) }
    }

    // MARK: - Histories

    public func history(agreementID: String) async throws -> AgreementHistory {
        try await histories(agreementID: agreementID, activities: true)[agreementID] ?? AgreementHistory()
    }

    public func allHistories(activities: Bool) async throws -> [String: AgreementHistory] {
        try await histories(agreementID: nil, activities: activities)
    }

    /// Every table read once, in one snapshot, in the SQLite store's orders.
    func histories(agreementID a: String?, activities: Bool) async throws -> [String: AgreementHistory] {
        try await read { conn in
            var out: [String: AgreementHistory] = [:]
            if activities {
                for x in try await self.fetchActivities(conn, "SELECT \(unescaped: Self.activitySelect) FROM activity WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY start, id") {
                    out[x.agreementID, default: .init()].activities.append(x)
                }
            }
            var items: [Int64: [PlanItem]] = [:]
            for try await r in try await conn.query("""
                SELECT \(unescaped: Self.itemSelect.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM plan_item i JOIN action_plan p ON p.id = i.plan_id WHERE \(a)::text IS NULL OR p.agreement_id = \(a) ORDER BY i.id
                """, logger: self.logger).decode(ItemRow.self) {
                items[r.1, default: []].append(Self.item(r))
            }
            for try await r in try await conn.query("SELECT \(unescaped: Self.planSelect) FROM action_plan WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY period_start, id",
                                                    logger: self.logger).decode(PlanRow.self) {
                out[r.1, default: .init()].plans.append(try Self.plan(r, items: items[r.0] ?? []))
            }
            for m in try await self.fetchMeetings(conn, "SELECT \(unescaped: Self.meetingSelect) FROM meeting WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY date, id") {
                out[m.agreementID, default: .init()].meetings.append(m)
            }
            for b in try await self.fetchBiennial(conn, "SELECT \(unescaped: Self.biennialSelect) FROM biennial_report WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY period_start, id") {
                out[b.agreementID, default: .init()].biennialReports.append(b)
            }
            for p in try await self.progressReports(conn, a) {
                out[p.agreementID, default: .init()].progressReports.append(p)
            }
            for p in try await self.progressRequests(conn, a) { out[p.agreementID, default: .init()].progressRequests.append(p) }
            for n in try await self.notices(conn, a) { out[n.agreementID, default: .init()].notices.append(n) }
            for x in try await self.amendments(conn, a) { out[x.agreementID, default: .init()].amendments.append(x) }
            for e in try await self.entryIntoForceEvents(conn, a) { out[e.agreementID, default: .init()].entryIntoForceEvents.append(e) }
            return out
        }
    }

    func progressReports(_ conn: PostgresConnection, _ a: String?) async throws -> [ProgressReport] {
        var out: [ProgressReport] = []
        for try await r in try await conn.query("""
            SELECT id, agreement_id, body, submitted_on, meeting_id, request_id, title FROM progress_report
            WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY submitted_on, id
            """, logger: logger).decode((Int64, String, String, CivilDate, Int64?, Int64?, String?).self) {
            out.append(ProgressReport(id: r.0, agreementID: r.1, body: r.2, submittedOn: r.3, meetingID: r.4, requestID: r.5, title: r.6))
        }
        return out
    }

    func progressRequests(_ conn: PostgresConnection, _ a: String?) async throws -> [ProgressReportRequest] {
        var out: [ProgressReportRequest] = []
        for try await r in try await conn.query("""
            SELECT id, agreement_id, body, requested_on, due, note FROM progress_request
            WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY requested_on, id
            """, logger: logger).decode((Int64, String, String, CivilDate, CivilDate, String?).self) {
            out.append(ProgressReportRequest(id: r.0, agreementID: r.1, body: r.2, requestedOn: r.3, due: r.4, note: r.5))
        }
        return out
    }

    func notices(_ conn: PostgresConnection, _ a: String?) async throws -> [TerminationNotice] {
        var out: [TerminationNotice] = []
        for try await r in try await conn.query("""
            SELECT id, agreement_id, party, sent_on, received_on, requested_end, effective_end, withdrawn FROM termination_notice
            WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY sent_on, id
            """, logger: logger).decode((Int64, String, String, CivilDate, CivilDate?, CivilDate?, CivilDate, Bool).self) {
            out.append(TerminationNotice(id: r.0, agreementID: r.1, party: r.2, sentOn: r.3, receivedOn: r.4, requestedEnd: r.5,
                                         effectiveEnd: r.6, withdrawn: r.7))
        }
        return out
    }

    func amendments(_ conn: PostgresConnection, _ a: String?) async throws -> [Amendment] {
        var out: [Amendment] = []
        for try await r in try await conn.query("""
            SELECT id, agreement_id, signed_on, summary, text_version FROM amendment
            WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY signed_on, id
            """, logger: logger).decode((Int64, String, CivilDate, String, Int?).self) {
            out.append(Amendment(id: r.0, agreementID: r.1, signedOn: r.2, summary: r.3, textVersion: r.4))
        }
        return out
    }

    func entryIntoForceEvents(_ conn: PostgresConnection, _ a: String?) async throws -> [EntryIntoForceEvent] {
        var out: [EntryIntoForceEvent] = []
        for try await r in try await conn.query("""
            SELECT id, agreement_id, "on", received_on, note FROM entry_into_force_event
            WHERE \(a)::text IS NULL OR agreement_id = \(a) ORDER BY "on", id
            """, logger: logger).decode((Int64, String, CivilDate, CivilDate?, String?).self) {
            out.append(EntryIntoForceEvent(id: r.0, agreementID: r.1, on: r.2, receivedOn: r.3, note: r.4))
        }
        return out
    }
}
