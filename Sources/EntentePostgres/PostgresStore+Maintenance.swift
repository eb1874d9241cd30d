import EntenteCore
import Foundation
import PostgresNIO

extension PostgresStore {
    // MARK: - Audit log

    typealias AuditRow = (Int64, String, String, String, String, String?, String?, String?, String?)
    static let auditSelect = """
        id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), "user", action, entity_type, entity_id, agreement_id, before_json, after_json
        """

    static func auditEntry(_ r: AuditRow) -> AuditEntry {
        AuditEntry(id: r.0, timestamp: r.1, user: r.2, action: r.3, entityType: r.4, entityID: r.5, agreementID: r.6, before: r.7, after: r.8)
    }

    public func auditLog(_ query: AuditQuery) async throws -> [AuditEntry] {
        let entity = query.entity, id = query.entityID.map { String($0) }, agreementID = query.agreementID, limit = Int64(max(1, query.limit))
        return try await read { conn in
            var out: [AuditEntry] = []
            for try await r in try await conn.query("""
                SELECT \(unescaped: Self.auditSelect) FROM audit
                WHERE (\(entity)::text IS NULL OR entity_type = \(entity)) AND (\(id)::text IS NULL OR entity_id = \(id))
                  AND (\(agreementID)::text IS NULL OR agreement_id = \(agreementID))
                ORDER BY id DESC LIMIT \(limit)
                """, logger: self.logger).decode(AuditRow.self) {
                out.append(Self.auditEntry(r))
            }
            return out
        }
    }

    // MARK: - Backup and check

    /// A server's backups are the server's tools: `pg_dump` (consistent, online) or a copy to a
    /// SQLite file (`entente db copy --to FILE`).
    /// - Throws: `StoreError.mismatch` saying so.
    public func backup(to path: String) async throws {
        throw StoreError.mismatch(Localized(
            fr: "une base PostgreSQL se sauvegarde avec pg_dump (pg_dump -Fc -f \(path).dump \(location.database)) ou se copie dans un fichier SQLite : entente db copy --to \(path)",
            en: "a PostgreSQL database is backed up with pg_dump (pg_dump -Fc -f \(path).dump \(location.database)) or copied to a SQLite file: entente db copy --to \(path)"))
    }

    /// Integrity on a server: every constraint validated (none left `NOT VALID`), every guard
    /// trigger present and enabled, no foreign key left dangling (checked by query, not only
    /// trusted), the migrations applied and the row counts.
    public func check() async throws -> CheckReport {
        try await read { conn in
            var integrity: [String] = []
            for try await (table, name) in try await conn.query("""
                SELECT conrelid::regclass::text, conname FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND NOT convalidated ORDER BY 1, 2
                """, logger: self.logger).decode((String, String).self) {
                integrity.append("constraint \(name) on \(table) not validated")
            }
            var present: [String: String] = [:]
            for try await (name, enabled) in try await conn.query("""
                SELECT tgname, tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
                """, logger: self.logger).decode((String, String).self) {
                present[name] = enabled
            }
            for t in PostgresSchema.guardTriggers {
                if present[t] == nil { integrity.append("trigger \(t) missing") } else if present[t] == "D" { integrity.append("trigger \(t) disabled") }
            }
            if integrity.isEmpty { integrity = ["ok"] }
            var fk: [String] = []
            for (child, column, parent) in Self.references {
                let n = try await conn.query("""
                    SELECT count(*) FROM \(unescaped: child) c WHERE c.\(unescaped: column) IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM \(unescaped: parent) p WHERE p.id = c.\(unescaped: column))
                    """, logger: self.logger).decode(Int64.self).first { _ in true } ?? 0
                if n > 0 { fk.append("\(child).\(column) → \(parent): \(n)") }
            }
            var migrations: [String] = []
            for try await id in try await conn.query("SELECT id FROM entente_migration ORDER BY id", logger: self.logger).decode(String.self) {
                migrations.append(id)
            }
            var counts: [(table: String, rows: Int)] = []
            for t in PostgresSchema.tables.sorted() {
                let n = try await conn.query("SELECT count(*) FROM \(unescaped: t)", logger: self.logger).decode(Int64.self).first { _ in true } ?? 0
                counts.append((t, Int(n)))
            }
            return CheckReport(integrity: integrity, foreignKeyProblems: fk, migrations: migrations, counts: counts)
        }
    }

    /// Every reference between records (child table, column, parent table).
    static let references: [(String, String, String)] = [
        ("agreement_version", "agreement_id", "agreement"), ("action_plan", "agreement_id", "agreement"),
        ("action_plan", "approved_meeting_id", "meeting"), ("plan_item", "plan_id", "action_plan"),
        ("activity", "agreement_id", "agreement"), ("activity", "plan_item_id", "plan_item"),
        ("meeting", "agreement_id", "agreement"), ("meeting", "approved_plan_id", "action_plan"),
        ("meeting", "approved_report_id", "biennial_report"), ("meeting", "corrects", "meeting"),
        ("biennial_report", "agreement_id", "agreement"), ("progress_request", "agreement_id", "agreement"),
        ("progress_report", "agreement_id", "agreement"), ("progress_report", "meeting_id", "meeting"),
        ("progress_report", "request_id", "progress_request"), ("termination_notice", "agreement_id", "agreement"),
        ("amendment", "agreement_id", "agreement"), ("entry_into_force_event", "agreement_id", "agreement"),
    ]

    // MARK: - Moving between backends

    public func exportAll() async throws -> StoreSnapshot {
        try await read { conn in
            var s = StoreSnapshot()
            for try await r in try await conn.query("""
                SELECT v.agreement_id, v.version, v.xml, v.model_json,
                       CASE WHEN v.version = a.latest_version THEN COALESCE(a.summary_json, v.summary_json) ELSE v.summary_json END,
                       v.file, v.warnings, \(unescaped: Self.instant("v.imported_at"))
                FROM agreement_version v JOIN agreement a ON a.id = v.agreement_id ORDER BY v.agreement_id, v.version
                """, logger: self.logger).decode((String, Int, String, String, String?, String, [String], String).self) {
                s.versions.append(StoredVersion(agreementID: r.0, version: r.1, xml: r.2, modelJSON: r.3, summaryJSON: r.4, file: r.5,
                                                warnings: r.6, importedAt: r.7))
            }
            for try await r in try await conn.query("SELECT path, size, mtime, agreement_id FROM file_sync ORDER BY path", logger: self.logger)
                .decode((String, Int64, Double, String?).self) {
                s.fileStamps.append(StoredFileStamp(path: r.0, stamp: FileStamp(size: r.1, mtime: r.2), agreementID: r.3))
            }
            let histories = try await self.historiesUnlocked(conn)
            s.activities = histories.activities
            s.plans = histories.plans
            s.meetings = histories.meetings
            s.biennialReports = histories.biennialReports
            s.progressReports = histories.progressReports
            s.progressRequests = histories.progressRequests
            s.notices = histories.notices
            s.amendments = histories.amendments
            s.entryIntoForceEvents = histories.entryIntoForceEvents
            for try await r in try await conn.query("SELECT \(unescaped: Self.auditSelect) FROM audit ORDER BY id", logger: self.logger).decode(AuditRow.self) {
                s.audit.append(Self.auditEntry(r))
            }
            var people: [(String, String?, String)] = []
            for try await r in try await conn.query("""
                SELECT login, password_hash, \(unescaped: Self.instant("created_at")) FROM person ORDER BY login COLLATE "C"
                """, logger: self.logger).decode((String, String?, String).self) {
                people.append(r)
            }
            for r in people {
                guard let p = try await self.personRow(conn, r.0) else { continue }
                s.people.append(StoredPerson(person: p, passwordHash: r.1, createdAt: r.2))
            }
            for try await r in try await conn.query("SELECT \(unescaped: Self.tokenSelect), secret_hash FROM api_token ORDER BY id COLLATE \"C\"",
                                                    logger: self.logger).decode((String, String, String?, String, String?, String).self) {
                s.tokens.append(StoredToken(Self.tokenInfo((r.0, r.1, r.2, r.3, r.4)), secretHash: r.5))
            }
            s.normalise()
            return s
        }
    }

    /// Every record of every agreement, in one list per kind, inside the caller's snapshot.
    func historiesUnlocked(_ conn: PostgresConnection) async throws -> AgreementHistory {
        var h = AgreementHistory()
        h.activities = try await fetchActivities(conn, "SELECT \(unescaped: Self.activitySelect) FROM activity ORDER BY id")
        var items: [Int64: [PlanItem]] = [:]
        for try await r in try await conn.query("SELECT \(unescaped: Self.itemSelect) FROM plan_item ORDER BY id", logger: logger).decode(ItemRow.self) {
            items[r.1, default: []].append(Self.item(r))
        }
        for try await r in try await conn.query("SELECT \(unescaped: Self.planSelect) FROM action_plan ORDER BY id", logger: logger).decode(PlanRow.self) {
            h.plans.append(try Self.plan(r, items: items[r.0] ?? []))
        }
        h.meetings = try await fetchMeetings(conn, "SELECT \(unescaped: Self.meetingSelect) FROM meeting ORDER BY id")
        h.biennialReports = try await fetchBiennial(conn, "SELECT \(unescaped: Self.biennialSelect) FROM biennial_report ORDER BY id")
        h.progressReports = try await progressReports(conn, nil)
        h.progressRequests = try await progressRequests(conn, nil)
        h.notices = try await notices(conn, nil)
        h.amendments = try await amendments(conn, nil)
        h.entryIntoForceEvents = try await entryIntoForceEvents(conn, nil)
        return h
    }

    /// One transaction: refuses a database that holds anything, inserts every row with its
    /// number (identity columns accept given values), defers the plan ↔ meeting references to
    /// the commit, then moves each numbering past the highest number copied.
    public func importAll(_ s: StoreSnapshot) async throws {
        try await write { conn in
            // Two copies into one new database at once: the second waits, then finds it full.
            try await conn.query("LOCK TABLE agreement IN EXCLUSIVE MODE", logger: self.logger)
            for t in PostgresSchema.tables {
                let any = try await conn.query("SELECT EXISTS (SELECT 1 FROM \(unescaped: t))", logger: self.logger).decode(Bool.self).first { _ in true } ?? false
                if any { throw StoreSnapshot.notEmptyError(self.location.description) }
            }
            try await conn.query("SET CONSTRAINTS ALL DEFERRED", logger: self.logger)
            let latest = Dictionary(s.versions.map { ($0.agreementID, $0) }, uniquingKeysWith: { $0.version >= $1.version ? $0 : $1 })
            for (id, v) in latest.sorted(by: { $0.key < $1.key }) {
                try await conn.query("""
                    INSERT INTO agreement (id, latest_version, summary_json, file, warnings, imported_at)
                    VALUES (\(id), \(v.version), \(v.summaryJSON), \(v.file), \(v.warnings), \(v.importedAt)::timestamptz)
                    """, logger: self.logger)
            }
            for v in s.versions {
                // The latest summary lives on the agreement's row, as in the SQLite store.
                let summary = latest[v.agreementID]?.version == v.version ? nil : v.summaryJSON
                try await conn.query("""
                    INSERT INTO agreement_version (agreement_id, version, xml, model_json, summary_json, file, warnings, imported_at)
                    VALUES (\(v.agreementID), \(v.version), \(v.xml), \(v.modelJSON), \(summary), \(v.file), \(v.warnings), \(v.importedAt)::timestamptz)
                    """, logger: self.logger)
            }
            for f in s.fileStamps {
                try await conn.query("INSERT INTO file_sync (path, size, mtime, agreement_id) VALUES (\(f.path), \(f.stamp.size), \(f.stamp.mtime), \(f.agreementID))",
                                     logger: self.logger)
            }
            for p in s.plans {
                try await conn.query("""
                    INSERT INTO action_plan (id, agreement_id, period_start, period_end, status, approved_on, approved_meeting_id)
                    VALUES (\(p.id), \(p.agreementID), \(p.periodStart), \(p.periodEnd), \(p.status.rawValue), \(p.approvedOn), \(p.approvedAtMeeting))
                    """, logger: self.logger)
            }
            for p in s.plans {
                for i in p.items {
                    try await conn.query("""
                        INSERT INTO plan_item (id, plan_id, title, domains, start, due, lead_party, progress)
                        VALUES (\(i.id), \(p.id), \(i.title), \(i.domains), \(i.start), \(i.due), \(i.leadParty), \(i.progress))
                        """, logger: self.logger)
                }
            }
            for r in s.biennialReports {
                try await conn.query("""
                    INSERT INTO biennial_report (id, agreement_id, period_start, period_end, approved_on, copy_sent_on)
                    VALUES (\(r.id), \(r.agreementID), \(r.periodStart), \(r.periodEnd), \(r.approvedOn), \(r.copySentOn))
                    """, logger: self.logger)
            }
            for m in s.meetings {
                try await conn.query("""
                    INSERT INTO meeting (id, agreement_id, body, date, agenda, attendees, decisions, approved_plan_id, approved_report_id, minutes_closed, corrects)
                    VALUES (\(m.id), \(m.agreementID), \(m.body), \(m.date), \(m.agenda), \(Self.json(m.attendees))::jsonb, \(Self.json(m.decisions))::jsonb,
                            \(m.approvedPlanID), \(m.approvedReportID), \(m.minutesClosed), \(m.corrects))
                    """, logger: self.logger)
            }
            for a in s.activities {
                try await conn.query("""
                    INSERT INTO activity (id, agreement_id, title, description, start, "end", status, outcomes, plan_item_id, domains, means, parties, participants, costs)
                    VALUES (\(a.id), \(a.agreementID), \(a.title), \(a.description), \(a.start), \(a.end), \(a.status.rawValue), \(a.outcomes), \(a.planItemID),
                            \(a.domains), \(a.meansOfAction), \(a.parties), \(Self.json(a.participants))::jsonb, \(Self.json(a.costs))::jsonb)
                    """, logger: self.logger)
            }
            for r in s.progressRequests {
                try await conn.query("""
                    INSERT INTO progress_request (id, agreement_id, body, requested_on, due, note)
                    VALUES (\(r.id), \(r.agreementID), \(r.body), \(r.requestedOn), \(r.due), \(r.note))
                    """, logger: self.logger)
            }
            for r in s.progressReports {
                try await conn.query("""
                    INSERT INTO progress_report (id, agreement_id, body, submitted_on, meeting_id, request_id, title)
                    VALUES (\(r.id), \(r.agreementID), \(r.body), \(r.submittedOn), \(r.meetingID), \(r.requestID), \(r.title))
                    """, logger: self.logger)
            }
            for n in s.notices {
                try await conn.query("""
                    INSERT INTO termination_notice (id, agreement_id, party, sent_on, received_on, requested_end, effective_end, withdrawn)
                    VALUES (\(n.id), \(n.agreementID), \(n.party), \(n.sentOn), \(n.receivedOn), \(n.requestedEnd), \(n.effectiveEnd), \(n.withdrawn))
                    """, logger: self.logger)
            }
            for a in s.amendments {
                try await conn.query("""
                    INSERT INTO amendment (id, agreement_id, signed_on, summary, text_version)
                    VALUES (\(a.id), \(a.agreementID), \(a.signedOn), \(a.summary), \(a.textVersion))
                    """, logger: self.logger)
            }
            for e in s.entryIntoForceEvents {
                try await conn.query("""
                    INSERT INTO entry_into_force_event (id, agreement_id, "on", received_on, note)
                    VALUES (\(e.id), \(e.agreementID), \(e.on), \(e.receivedOn), \(e.note))
                    """, logger: self.logger)
            }
            for e in s.audit {
                try await conn.query("""
                    INSERT INTO audit (id, at, "user", action, entity_type, entity_id, agreement_id, before_json, after_json)
                    VALUES (\(e.id), \(e.timestamp)::timestamptz, \(e.user), \(e.action), \(e.entityType), \(e.entityID), \(e.agreementID), \(e.before), \(e.after))
                    """, logger: self.logger)
            }
            for sp in s.people {
                let p = sp.person
                try await conn.query("""
                    INSERT INTO person (login, display_name, language, role, party, active, password_hash, created_at)
                    VALUES (\(p.login), \(p.displayName), \(p.language.rawValue), \(p.role.rawValue), \(p.party), \(p.active), \(sp.passwordHash),
                            \(sp.createdAt)::timestamptz)
                    """, logger: self.logger)
                for a in p.agreements {
                    try await conn.query("INSERT INTO person_agreement (login, agreement_id) VALUES (\(p.login), \(a))", logger: self.logger)
                }
            }
            for t in s.tokens {
                try await conn.query("""
                    INSERT INTO api_token (id, login, secret_hash, label, created_at, revoked_at)
                    VALUES (\(t.id), \(t.login), \(t.secretHash), \(t.label), \(t.createdAt)::timestamptz, \(t.revokedAt)::timestamptz)
                    """, logger: self.logger)
            }
            for t in PostgresSchema.numberedTables {
                try await conn.query("""
                    SELECT setval(pg_get_serial_sequence('\(unescaped: t)', 'id'), GREATEST((SELECT max(id) FROM \(unescaped: t)), 1),
                                  (SELECT max(id) FROM \(unescaped: t)) IS NOT NULL)
                    """, logger: self.logger)
            }
        }
    }
}
