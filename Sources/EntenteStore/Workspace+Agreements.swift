import EntenteCore
import EntenteJSON
import Foundation
import GRDB

/// Agreements and their text versions.
extension Workspace {

    public func importAgreement(_ agreement: Agreement, xml: String, file: String, warnings: [String]) throws -> ImportResult {
        try importAgreement(PreparedAgreement(agreement), xml: xml, file: file, warnings: warnings)
    }

    /// Imports an agreement whose stored forms were encoded beforehand (off the writer's thread).
    public func importAgreement(_ prepared: PreparedAgreement, xml: String, file: String, warnings: [String]) throws -> ImportResult {
        try write { d in try self.importAgreement(d, prepared, xml: xml, file: file, warnings: warnings, action: "import") }
    }

    func importAgreement(_ d: Database, _ agreement: Agreement, xml: String, file: String, warnings: [String],
                         action: String) throws -> ImportResult {
        try importAgreement(d, PreparedAgreement(agreement), xml: xml, file: file, warnings: warnings, action: action)
    }

    func importAgreement(_ d: Database, _ prepared: PreparedAgreement, xml: String, file: String, warnings: [String],
                         action: String) throws -> ImportResult {
        let agreementID = prepared.id
        // Cached statements and JSON written by hand: a bulk import stores files one by one on
        // a single thread, and that thread set the pace (profiled).
        let latest = try Int.fetchOne(d.cachedStatement(sql: "SELECT latest_version FROM agreement WHERE id = ?"), arguments: [agreementID])
        if let latest {
            let text = try String.fetchOne(d.cachedStatement(sql: "SELECT xml FROM agreement_version WHERE agreement_id = ? AND version = ?"),
                                           arguments: [agreementID, latest])
            if text == xml { return .unchanged }
        }
        let version = (latest ?? 0) + 1
        let warningsJSON = ListCodec.strings(warnings), at = Self.now()
        if latest == nil {
            try d.cachedStatement(sql: """
                INSERT INTO agreement (id, latest_version, summary_json, file, warnings_json, imported_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [agreementID, version, prepared.summaryJSON, file, warningsJSON, at])
        } else {
            try d.cachedStatement(sql: """
                UPDATE agreement SET latest_version = ?, summary_json = ?, file = ?, warnings_json = ?, imported_at = ? WHERE id = ?
                """).execute(arguments: [version, prepared.summaryJSON, file, warningsJSON, at, agreementID])
        }
        try d.cachedStatement(sql: """
            INSERT INTO agreement_version (agreement_id, version, xml, model_json, file, warnings_json, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [agreementID, version, xml, prepared.modelJSON, file, warningsJSON, at])
        // {"file":…,"version":"N"}, as JSONEncoder with sorted keys writes that dictionary.
        var w = JSONWriter()
        w.openObject(); w.field("file", file); w.field("version", String(version)); w.closeObject()
        let after = w.text
        try audit(d, action, "agreement", id: "\(agreementID)@\(version)", agreement: agreementID, beforeJSON: nil, afterJSON: after)
        return latest == nil ? .created : .newVersion(version)
    }

    static let storedColumns = "v.agreement_id, v.version, v.model_json, v.file, v.warnings_json, v.imported_at"
    /// The latest summary, kept in `agreement` (the full model when a row somehow lacks it).
    static let summaryColumns = """
        a.id AS agreement_id, a.latest_version AS version,
        COALESCE(a.summary_json, (SELECT model_json FROM agreement_version v WHERE v.agreement_id = a.id AND v.version = a.latest_version)) AS model_json,
        a.file, a.warnings_json, a.imported_at
        """

    static func stored(_ r: Row) throws -> StoredAgreement {
        let json: String? = r["model_json"]
        guard let a = json.flatMap(AgreementJSON.decode) ?? Rows.decode(Agreement.self, json) else {
            throw StoreError.unreadable(entity: "agreement \(r["agreement_id"] as String? ?? "?")", id: r["version"] as Int64? ?? 0,
                                        Localized(fr: "modèle enregistré illisible", en: "stored model unreadable"))
        }
        return StoredAgreement(agreement: a, version: r["version"], file: r["file"],
                               warnings: Rows.decode([String].self, r["warnings_json"]) ?? [], importedAt: r["imported_at"])
    }

    /// The latest version of each agreement, sorted by id. `summaries: true` reads each
    /// model without its domains, articles and recitals (`Agreement.summary`): enough for
    /// dashboards and deadlines, and several times faster over thousands of agreements.
    public func agreements(summaries: Bool = false) throws -> [StoredAgreement] {
        let rows = try read { d in
            try Row.fetchAll(d, cached: """
                SELECT \(summaries ? Self.summaryColumns : Self.storedColumns) FROM agreement a
                \(summaries ? "" : "JOIN agreement_version v ON v.agreement_id = a.id AND v.version = a.latest_version") ORDER BY a.id
                """)
        }
        guard summaries, rows.count > 64 else { return try rows.map { summaries ? try Self.storedSummary($0) : try Self.stored($0) } }
        // Thousands of summaries: decode them on every core (the decoding dominated `deadlines`).
        // An array, not a raw allocation: freed with its contents (the raw buffer was
        // deallocated without being deinitialised, leaking every summary).
        var decoded = [StoredAgreement?](repeating: nil, count: rows.count)
        let sendableRows = UncheckedSendable(rows)
        decoded.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: rows.count) { i in
                out.value[i] = try? Self.storedSummary(sendableRows.value[i])
            }
        }
        // Moved out, not copied: copying then releasing 10,000 summaries cost 8 % (paired runs).
        return try rows.indices.map { i in try decoded[i].take() ?? Self.stored(rows[i]) }
    }

    static func storedSummary(_ r: Row) throws -> StoredAgreement {
        guard let json: String = r["model_json"], let a = AgreementJSON.decode(json) else { return try stored(r) }
        return StoredAgreement(agreement: a.summary, version: r["version"], file: r["file"],
                               warnings: Rows.strings(r["warnings_json"]), importedAt: r["imported_at"])
    }

    /// The ids of the stored agreements, sorted.
    public func agreementIDs() throws -> [String] {
        try read { d in try String.fetchAll(d, cached: "SELECT id FROM agreement ORDER BY id") }
    }

    /// The latest version of an agreement.
    public func agreement(id: String) throws -> StoredAgreement? {
        try read { d in try self.latest(d, id) }
    }

    func latest(_ d: Database, _ id: String) throws -> StoredAgreement? {
        try Row.fetchOne(d, cached: """
            SELECT \(Self.storedColumns) FROM agreement a JOIN agreement_version v
            ON v.agreement_id = a.id AND v.version = a.latest_version WHERE a.id = ?
            """, arguments: [id]).map(Self.stored)
    }

    public func agreement(id: String, version: Int) throws -> StoredAgreement? {
        try read { d in
            try Row.fetchOne(d, cached: "SELECT \(Self.storedColumns) FROM agreement_version v WHERE v.agreement_id = ? AND v.version = ?",
                             arguments: [id, version]).map(Self.stored)
        }
    }

    /// The exact text of a version (nil: the latest).
    public func text(id: String, version: Int?) throws -> String? {
        try read { d in
            if let version {
                return try String.fetchOne(d, cached: "SELECT xml FROM agreement_version WHERE agreement_id = ? AND version = ?", arguments: [id, version])
            }
            return try String.fetchOne(d, cached: """
                SELECT v.xml FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id AND v.version = a.latest_version
                WHERE a.id = ?
                """, arguments: [id])
        }
    }

    public func versions(id: String) throws -> [Int] {
        try read { d in try Int.fetchAll(d, cached: "SELECT version FROM agreement_version WHERE agreement_id = ? ORDER BY version", arguments: [id]) }
    }

    /// Size and modification time of an agreements/ file when it was last brought in.
    public func fileStamp(path: String) throws -> FileStamp? {
        try read { d in
            try Row.fetchOne(d, cached: "SELECT size, mtime FROM file_sync WHERE path = ?", arguments: [path]).map { FileStamp(size: $0["size"], mtime: $0["mtime"]) }
        }
    }

    public func recordFileStamp(path: String, _ stamp: FileStamp, agreementID: String) throws {
        let size = stamp.size, mtime = stamp.mtime
        // Bookkeeping of the file scan, not a change to the institution's records: not audited.
        try write { d in
            try d.execute(sql: "INSERT OR REPLACE INTO file_sync (path, size, mtime, agreement_id) VALUES (?, ?, ?, ?)",
                          arguments: [path, size, mtime, agreementID])
        }
    }

    func requireAgreement(_ d: Database, _ id: String) throws -> Agreement {
        if let a = try latest(d, id) { return a.agreement }
        throw StoreError.unknownAgreement(id, known: try String.fetchAll(d, cached: "SELECT id FROM agreement ORDER BY id"))
    }
}
