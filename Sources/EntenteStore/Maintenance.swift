import EntenteCore
import Foundation
import GRDB

/// The result of `entente check`.
public struct CheckReport: Sendable {
    public var integrity: [String]
    public var foreignKeyProblems: [String]
    public var migrations: [String]
    public var counts: [(table: String, rows: Int)]

    public var ok: Bool { integrity == ["ok"] && foreignKeyProblems.isEmpty }

    public func describe(_ lang: Language) -> String {
        let fr = lang == .fr
        var out = [
            fr ? "Intégrité : \(integrity.joined(separator: "; "))" : "Integrity: \(integrity.joined(separator: "; "))",
            fr ? "Clés étrangères : \(foreignKeyProblems.isEmpty ? "ok" : foreignKeyProblems.joined(separator: "; "))"
               : "Foreign keys: \(foreignKeyProblems.isEmpty ? "ok" : foreignKeyProblems.joined(separator: "; "))",
            fr ? "Version du schéma : \(migrations.last ?? "aucune") (\(migrations.joined(separator: ", ")))"
               : "Schema version: \(migrations.last ?? "none") (\(migrations.joined(separator: ", ")))",
        ]
        out.append(fr ? "Enregistrements :" : "Records:")
        for c in counts { out.append("  \(c.table): \(c.rows)") }
        out.append(ok ? (fr ? "Base de données saine." : "Database is sound.") : (fr ? "PROBLÈME détecté." : "PROBLEM found."))
        return out.joined(separator: "\n")
    }
}

extension Workspace {
    /// The audit log, newest first.
    public func auditLog(entity: String? = nil, id: Int64? = nil, agreementID: String? = nil, limit: Int = 50) throws -> [AuditEntry] {
        var sql = "SELECT * FROM audit WHERE 1"
        var args: [DatabaseValueConvertible?] = []
        if let entity { sql += " AND entity_type = ?"; args.append(entity) }
        if let id { sql += " AND entity_id = ?"; args.append(String(id)) }
        if let agreementID { sql += " AND agreement_id = ?"; args.append(agreementID) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(max(1, limit))
        return try read { d in
            try Row.fetchAll(d, sql: sql, arguments: StatementArguments(args)).map { r in
                AuditEntry(id: r["id"], timestamp: r["at"], user: r["user"], action: r["action"], entityType: r["entity_type"],
                           entityID: r["entity_id"], agreementID: r["agreement_id"], before: r["before_json"], after: r["after_json"])
            }
        }
    }

    /// Copies the database with SQLite's online backup; never overwrites a file.
    public func backup(to path: String) throws {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.fileExists(path) }
        do {
            let target = try DatabaseQueue(path: path)
            try db.backup(to: target)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError.database("\(path): \(error)")
        }
    }

    public func check() throws -> CheckReport {
        try read { d in
            let integrity = try String.fetchAll(d, sql: "PRAGMA integrity_check")
            let fk = try Row.fetchAll(d, sql: "PRAGMA foreign_key_check").map { r in "\(r[0] as String? ?? "?") rowid \(r[1] as Int64? ?? 0) → \(r[2] as String? ?? "?")" }
            let migrations = try Schema.migrator.appliedIdentifiers(d)
            let tables = try String.fetchAll(d, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
            let counts = try tables.map { t in (t, try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \"\(t)\"") ?? 0) }
            return CheckReport(integrity: integrity, foreignKeyProblems: fk, migrations: migrations.sorted(), counts: counts)
        }
    }

    /// Stores a sample log (see `SampleLog`) in one transaction, resolving the entries'
    /// references to records stored before them. Returns the number of records stored.
    public func storeSample(_ entries: [SampleLog.Entry]) throws -> Int {
        try write { d in
            var plans: [Int: ActionPlan] = [:]
            var meetings: [Int: Int64] = [:]
            for (i, e) in entries.enumerated() {
                switch e {
                case .activity(let a):
                    _ = try self.insertActivity(d, a)
                case .plan(let p):
                    plans[i] = try self.insertPlan(d, p)
                case .activityForPlanItem(var a, let planEntry, let item):
                    a.planItemID = plans[planEntry]?.items[item].id
                    _ = try self.insertActivity(d, a)
                case .meeting(var m, let approves):
                    m.approvedPlanID = approves.flatMap { plans[$0]?.id }
                    meetings[i] = try self.insertMeeting(d, m).id
                case .biennialReport(let r):
                    _ = try self.insertBiennial(d, r)
                case .progressRequest(let r):
                    _ = try self.insertRequest(d, r)
                case .progressReport(var r, let meetingEntry):
                    r.meetingID = meetingEntry.flatMap { meetings[$0] }
                    _ = try self.insertProgress(d, r)
                }
            }
            return entries.count
        }
    }
}
