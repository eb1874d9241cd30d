import EntenteCore
import Foundation
import GRDB

extension Workspace {
    /// The audit log, newest first.
    public func auditLog(_ query: AuditQuery) throws -> [AuditEntry] {
        let entity = query.entity, id = query.entityID, agreementID = query.agreementID, limit = query.limit
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
            throw StoreError.database(Self.failure(error, at: path))
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
}
