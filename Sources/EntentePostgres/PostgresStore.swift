@_exported import EntenteStorage
import EntenteCore
import Foundation
import PostgresNIO
import Synchronization

/// Agreements and what is done under them on a PostgreSQL server (PostgresNIO), for a shared
/// deployment: the same `AgreementStore` as the embedded SQLite workspace, with the same
/// guarantees, held by PostgreSQL's own means where SQLite relied on its single writer:
///
/// - every write is one transaction (READ COMMITTED) with its audit entry, retried from the
///   start on a serialization failure (40001) or a deadlock (40P01);
/// - a record that is read, checked and changed is locked first (`SELECT … FOR UPDATE`), so two
///   writers never both see open minutes or an unapproved plan; an agreement's row is locked
///   while its next text version is numbered;
/// - numbers come from identity columns (never handed out twice);
/// - the append-only guarantees are triggers, TRUNCATE included (`PostgresSchema`).
///
/// The client's `run()` runs in a task for the life of the store; `shutdown()` ends it.
/// Connect as a role that does not own the tables (see `grantApplicationRole(_:)`); the schema
/// is created or brought up to date by `open` when the role may (its owner), otherwise `open`
/// says which migration is missing.
public final class PostgresStore: AgreementStore, @unchecked Sendable {
    // @unchecked: every stored property is a `let` of a Sendable type or the run task, set once.
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>

    /// Opens the database at `url`, checking that the server answers and the schema is current
    /// (applying missing migrations when the role owns the schema).
    /// - Throws: `StoreError.mismatch` for a malformed URL, `StoreError.database` when the
    ///   server cannot be reached or refuses the role, with the driver's error as its cause.
    public static func open(url: String) async throws -> PostgresStore {
        let store = PostgresStore(location: try PostgresLocation(url: url))
        do {
            try await store.migrate()
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }

    public init(location: PostgresLocation) {
        self.location = location
        var logger = Logger(label: "entente.postgres")
        logger.logLevel = ProcessInfo.processInfo.environment["ENTENTE_POSTGRES_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        self.logger = logger
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
    }

    deinit { runTask.cancel() }

    /// Closes every connection and ends the client's run task.
    public func shutdown() async {
        runTask.cancel()
        await runTask.value
    }

    // MARK: - Transactions

    /// How many times a transaction is tried when the server asks for a retry.
    static let attempts = 12

    /// Runs `body` in one transaction on one connection: all of it is committed, or nothing.
    /// Serialization failures and deadlocks start it over (the work is redone from its first
    /// read); any other error rolls back and is thrown as is (a `UserFacingError`) or as
    /// `StoreError.database`.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await transaction(body)
            } catch {
                if attempt < Self.attempts, Self.isRetryable(error) {
                    // Back off a little, more each time, with jitter so that the losers of a
                    // race do not meet again.
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
                    continue
                }
                throw Self.mapped(error, location: location)
            }
        }
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await withConnection { conn in
            try await conn.query("BEGIN", logger: logger)
            do {
                let result = try await body(conn)
                try await conn.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await conn.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// A read in one snapshot (REPEATABLE READ, read only): lists and histories are consistent
    /// even while others write.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await transaction { conn in
                try await conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: self.logger)
                return try await body(conn)
            }
        } catch {
            throw Self.mapped(error, location: location)
        }
    }

    /// How long an operation waits for a connection of the pool before it says that the
    /// database does not answer. The pool never gives up by itself: while the server is down it
    /// keeps retrying its connections, and a request would wait until the server is back (a
    /// web page hanging, a proxy timing out). Past this wait the request is withdrawn from the
    /// pool (nothing was sent, so nothing was written) and fails with `.unavailable`; the next
    /// request asks the pool again, which reconnects once the server answers: no restart.
    /// `ENTENTE_POSTGRES_WAIT` (seconds) changes it. The default, 20 s, stays under a proxy's
    /// usual 60 s and above what a fresh connection takes on a loaded 2-core machine: at 5 s
    /// the conformance suite, run in parallel beside two builds, failed 7 tests with
    /// "no connection within 5.0 seconds" while the server was up.
    static let leaseWait: Duration = {
        if let s = ProcessInfo.processInfo.environment["ENTENTE_POSTGRES_WAIT"], let v = Double(s), v > 0 { return .milliseconds(Int(v * 1000)) }
        return .seconds(20)
    }()

    /// A connection of the pool, for `body`, waiting at most `leaseWait` for it.
    /// - Throws: `StoreError.database` (`.unavailable`) when no connection came in time.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client, location = self.location
        return try await withoutActuallyEscaping(body) { body in
            let work = UncheckedBox(body)
            let flag = LeaseFlag()
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await client.withConnection { conn in
                        flag.leased.store(true, ordering: .sequentiallyConsistent)
                        return try await work.value(conn)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: Self.leaseWait)
                    if flag.leased.load(ordering: .sequentiallyConsistent) { return nil }
                    throw StoreError.database(DatabaseFailure(.unavailable, "\(location.description): no connection within \(Self.leaseWait) — \(Self.reachHint)"))
                }
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        }
    }

    static func isRetryable(_ error: any Error) -> Bool {
        let state = sqlState(error)
        return state == "40001" || state == "40P01"
    }

    static func sqlState(_ error: any Error) -> String? {
        if let e = error as? PSQLError { return e.serverInfo?[.sqlState] }
        if let e = error as? PostgresTransactionError { return e.closureError.flatMap(sqlState) ?? e.commitError.flatMap(sqlState) }
        return nil
    }

    /// The driver's error as a failure callers act on, with the error as its cause; a
    /// `UserFacingError` (the store's own refusals, a `change` closure's) passes through.
    static func mapped(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is UserFacingError { return error }
        if let e = error as? PostgresTransactionError, let inner = e.closureError ?? e.beginError ?? e.commitError {
            return mapped(inner, location: location)
        }
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                let state = info[.sqlState] ?? "?"
                var detail = "\(location.description): \(info[.message] ?? "error") (SQLSTATE \(state))"
                if let d = info[.detail] { detail += ": \(d)" }
                let kind: DatabaseFailure.Kind
                switch state {
                case "40001", "40P01", "55P03", "57014": kind = .busy
                case "53100": kind = .full
                // admin_shutdown, crash_shutdown, cannot_connect_now: the server is going away.
                case "57P01", "57P02", "57P03": kind = .unavailable
                default: kind = state.hasPrefix("23") ? .constraint : .other
                }
                return StoreError.database(DatabaseFailure(kind, detail, cause: e))
            }
            // No answer from a server: refused, closed or lost connection.
            return StoreError.database(DatabaseFailure(.unavailable, "\(location.description): \(e.code) — \(Self.reachHint)", cause: e))
        }
        return StoreError.database(DatabaseFailure(.other, "\(location.description): \(error)", cause: error))
    }

    static let reachHint = "the server did not answer or closed the connection; check that it runs and that the URL, user and password are right / le serveur n'a pas répondu ou a fermé la connexion; vérifiez qu'il tourne et que l'adresse, l'utilisateur et le mot de passe sont justes"

    // MARK: - Schema

    /// Applies the migrations not yet applied, one transaction under an advisory lock (several
    /// processes opening a new database at once wait for the first instead of failing).
    /// - Throws: `StoreError.mismatch` when migrations are missing and the role may not apply
    ///   them (the application's role does not own the tables).
    func migrate() async throws {
        try await ping()
        let applied = try await appliedMigrations()
        let pending = PostgresSchema.migrations.filter { !applied.contains($0.id) }
        if pending.isEmpty { return }
        do {
            try await write { conn in
                try await conn.query("SELECT pg_advisory_xact_lock(7447330001)", logger: self.logger)
                try await conn.query("CREATE TABLE IF NOT EXISTS entente_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                                     logger: self.logger)
                var done = Set<String>()
                for try await id in try await conn.query("SELECT id FROM entente_migration", logger: self.logger).decode(String.self) { done.insert(id) }
                for m in PostgresSchema.migrations where !done.contains(m.id) {
                    for statement in PostgresSchema.statements(m.sql) {
                        try await conn.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                    try await conn.query("INSERT INTO entente_migration (id) VALUES (\(m.id))", logger: self.logger)
                }
            }
        } catch let StoreError.database(f) where (f.cause as? PSQLError)?.serverInfo?[.sqlState] == "42501" {
            throw StoreError.mismatch(Localized(
                fr: "le schéma de \(location.description) n'est pas à jour (migrations manquantes : \(pending.map(\.id).joined(separator: ", "))) et le rôle « \(location.user) » ne peut pas le modifier. Lancez une fois « entente --database postgres://PROPRIÉTAIRE@… check » avec le rôle propriétaire des tables.",
                en: "the schema of \(location.description) is not up to date (missing migrations: \(pending.map(\.id).joined(separator: ", "))) and role '\(location.user)' may not change it. Run once 'entente --database postgres://OWNER@… check' as the role that owns the tables."))
        }
    }

    func appliedMigrations() async throws -> [String] {
        try await read { conn in
            let exists = try await conn.query("SELECT to_regclass('entente_migration') IS NOT NULL", logger: self.logger)
                .decode(Bool.self).first { _ in true } ?? false
            guard exists else { return [] }
            var ids: [String] = []
            for try await id in try await conn.query("SELECT id FROM entente_migration ORDER BY id", logger: self.logger).decode(String.self) {
                ids.append(id)
            }
            return ids
        }
    }

    /// Checks that the server answers, with one connection of its own: the pool retries a
    /// refused connection without end and hides why, so a command would wait, then say
    /// nothing useful. Fails within the connect timeout (10 s), saying what the server or the
    /// network said (connection refused, no such database, password refused…).
    /// - Throws: `StoreError.mismatch`, bilingual, with the driver's reason.
    public func ping() async throws {
        do {
            let conn = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            try? await conn.close()
        } catch {
            let reason: String
            if let e = error as? PSQLError {
                if let info = e.serverInfo {
                    reason = "\(info[.message] ?? "\(e.code)") (SQLSTATE \(info[.sqlState] ?? "?"))"
                } else {
                    reason = e.underlying.map { "\($0)" } ?? "\(e.code)"
                }
            } else {
                reason = "\(error)"
            }
            throw StoreError.mismatch(Localized(
                fr: "impossible d'ouvrir la base \(location.description) : \(reason). Vérifiez que le serveur tourne, que la base existe et que l'utilisateur et le mot de passe (dans l'adresse ou PGPASSWORD) sont justes.",
                en: "cannot open the database \(location.description): \(reason). Check that the server runs, that the database exists and that the user and password (in the URL or PGPASSWORD) are right."))
        }
    }

    /// Gives `role` what the application needs and nothing more: read everything, add rows,
    /// update the records the model edits; no DELETE, no TRUNCATE, no UPDATE of the audit log
    /// or of texts (run by the tables' owner, once after `open`). The application then connects
    /// as `role`, which owns nothing: even a bug or a stolen password cannot drop a table,
    /// disable a trigger or rewrite the audit log.
    public func grantApplicationRole(_ role: String) async throws {
        try await write { conn in
            for g in PostgresSchema.grants(to: role) { try await conn.query(PostgresQuery(unsafeSQL: g), logger: self.logger) }
        }
    }

    // MARK: - Audit

    /// The audit JSON of a model: `JSONEncoder` with sorted keys, nil fields left out, as the
    /// SQLite workspace writes it (its hand-written encoders produce the same bytes), so that
    /// the log reads the same on either backend and survives a copy unchanged.
    static func json<T: Encodable>(_ value: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// The instant of a change as the audit log shows it, `2026-11-22T12:30:05.123Z` (UTC,
    /// milliseconds), whatever the session's time zone.
    static let instantSQL = "to_char(%@ AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    static func instant(_ column: String) -> String { instantSQL.replacingOccurrences(of: "%@", with: column) }

    func audit(_ conn: PostgresConnection, by user: ActingUser, _ action: String, _ entity: String, id: String?, agreement: String?,
               before: String?, after: String?) async throws {
        try await conn.query("""
            INSERT INTO audit (at, "user", action, entity_type, entity_id, agreement_id, before_json, after_json)
            VALUES (date_trunc('milliseconds', clock_timestamp()), \(user.auditName), \(action), \(entity), \(id), \(agreement), \(before), \(after))
            """, logger: logger)
    }

    // MARK: - Agreements

    public func prepare(_ agreement: Agreement) -> PreparedAgreement {
        PreparedAgreement(id: agreement.id, modelJSON: Self.json(agreement), summaryJSON: Self.json(agreement.summary))
    }

    public func importAgreement(_ prepared: PreparedAgreement, xml: String, file: String, warnings: [String], by: ActingUser) async throws -> ImportResult {
        try await write { conn in try await self.importAgreement(conn, prepared, xml: xml, file: file, warnings: warnings, action: "import", by: by) }
    }

    /// Numbers the next version under a lock of the agreement's row: two processes importing
    /// texts of one agreement at once get versions n+1 and n+2, never both n+1. A new
    /// agreement's row is created first (`ON CONFLICT DO NOTHING`) so that there is a row to lock.
    func importAgreement(_ conn: PostgresConnection, _ prepared: PreparedAgreement, xml: String, file: String, warnings: [String],
                         action: String, by: ActingUser) async throws -> ImportResult {
        let id = prepared.id
        try await conn.query("INSERT INTO agreement (id, latest_version) VALUES (\(id), 0) ON CONFLICT (id) DO NOTHING", logger: logger)
        let latest = try await conn.query("SELECT latest_version FROM agreement WHERE id = \(id) FOR UPDATE", logger: logger)
            .decode(Int.self).first { _ in true } ?? 0
        if latest > 0 {
            let text = try await conn.query("SELECT xml FROM agreement_version WHERE agreement_id = \(id) AND version = \(latest)", logger: logger)
                .decode(String.self).first { _ in true }
            if text == xml { return .unchanged }
        }
        let version = latest + 1
        try await conn.query("""
            INSERT INTO agreement_version (agreement_id, version, xml, model_json, summary_json, file, warnings, imported_at)
            VALUES (\(id), \(version), \(xml), \(prepared.modelJSON), \(prepared.summaryJSON), \(file), \(warnings), date_trunc('milliseconds', clock_timestamp()))
            """, logger: logger)
        try await conn.query("""
            UPDATE agreement SET latest_version = \(version), summary_json = \(prepared.summaryJSON), file = \(file), warnings = \(warnings),
            imported_at = v.imported_at FROM agreement_version v WHERE agreement.id = \(id) AND v.agreement_id = \(id) AND v.version = \(version)
            """, logger: logger)
        try await audit(conn, by: by, action, "agreement", id: "\(id)@\(version)", agreement: id, before: nil,
                        after: Self.json(["file": file, "version": String(version)]))
        return latest == 0 ? .created : .newVersion(version)
    }

    static func storedAgreement(id: String, version: Int, json: String, file: String, warnings: [String], importedAt: String,
                                summary: Bool) throws -> StoredAgreement {
        guard let a = decode(Agreement.self, json) else {
            throw StoreError.unreadable(entity: "agreement \(id)", id: Int64(version),
                                        Localized(fr: "modèle enregistré illisible", en: "stored model unreadable"))
        }
        return StoredAgreement(agreement: summary ? a.summary : a, version: version, file: file, warnings: warnings, importedAt: importedAt)
    }

    public func agreements(summaries: Bool) async throws -> [StoredAgreement] {
        let rows = try await read { conn in
            var out: [(String, Int, String, String, [String], String)] = []
            let sql = summaries
                ? "SELECT a.id, a.latest_version, COALESCE(a.summary_json, v.model_json), a.file, a.warnings, \(Self.instant("a.imported_at")) FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id AND v.version = a.latest_version ORDER BY a.id"
                : "SELECT a.id, a.latest_version, v.model_json, v.file, v.warnings, \(Self.instant("v.imported_at")) FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id AND v.version = a.latest_version ORDER BY a.id"
            for try await row in try await conn.query(PostgresQuery(unsafeSQL: sql), logger: self.logger)
                .decode((String, Int, String, String, [String], String).self) {
                out.append(row)
            }
            return out
        }
        // Decoding thousands of models is the cost: spread it over the cores, in chunks.
        let chunk = max(64, rows.count / (ProcessInfo.processInfo.activeProcessorCount * 2) + 1)
        return try await withThrowingTaskGroup(of: (Int, [StoredAgreement]).self) { group in
            for start in stride(from: 0, to: rows.count, by: chunk) {
                let slice = rows[start..<min(rows.count, start + chunk)]
                group.addTask {
                    (start, try slice.map { r in
                        try Self.storedAgreement(id: r.0, version: r.1, json: r.2, file: r.3, warnings: r.4, importedAt: r.5, summary: summaries)
                    })
                }
            }
            var parts: [(Int, [StoredAgreement])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    public func changeMark() async throws -> ChangeMark {
        try await read { conn in
            for try await (n, newest) in try await conn.query("SELECT count(*), COALESCE(max(id), 0) FROM audit", logger: self.logger)
                .decode((Int64, Int64).self) {
                return ChangeMark(entries: n, newest: newest)
            }
            return ChangeMark(entries: 0, newest: 0)
        }
    }

    public func agreementIDs() async throws -> [String] {
        try await read { conn in
            var ids: [String] = []
            for try await id in try await conn.query("SELECT id FROM agreement WHERE latest_version > 0 ORDER BY id", logger: self.logger).decode(String.self) {
                ids.append(id)
            }
            return ids
        }
    }

    public func agreement(id: String, version: Int?) async throws -> StoredAgreement? {
        try await read { conn in try await self.agreement(conn, id: id, version: version) }
    }

    func agreement(_ conn: PostgresConnection, id: String, version: Int?) async throws -> StoredAgreement? {
        let rows: PostgresRowSequence
        if let version {
            rows = try await conn.query("""
                SELECT version, model_json, file, warnings, \(unescaped: Self.instant("imported_at")) FROM agreement_version
                WHERE agreement_id = \(id) AND version = \(version)
                """, logger: logger)
        } else {
            rows = try await conn.query("""
                SELECT v.version, v.model_json, v.file, v.warnings, \(unescaped: Self.instant("v.imported_at")) FROM agreement a
                JOIN agreement_version v ON v.agreement_id = a.id AND v.version = a.latest_version WHERE a.id = \(id)
                """, logger: logger)
        }
        for try await r in rows.decode((Int, String, String, [String], String).self) {
            return try Self.storedAgreement(id: id, version: r.0, json: r.1, file: r.2, warnings: r.3, importedAt: r.4, summary: false)
        }
        return nil
    }

    public func text(id: String, version: Int?) async throws -> String? {
        try await read { conn in
            let rows = try await conn.query("""
                SELECT v.xml FROM agreement_version v JOIN agreement a ON a.id = v.agreement_id
                WHERE v.agreement_id = \(id) AND v.version = COALESCE(\(version), a.latest_version)
                """, logger: self.logger)
            for try await x in rows.decode(String.self) { return x }
            return nil
        }
    }

    public func versions(id: String) async throws -> [Int] {
        try await read { conn in
            var out: [Int] = []
            for try await v in try await conn.query("SELECT version FROM agreement_version WHERE agreement_id = \(id) ORDER BY version",
                                                    logger: self.logger).decode(Int.self) {
                out.append(v)
            }
            return out
        }
    }

    public func fileStamp(path: String) async throws -> FileStamp? {
        try await read { conn in
            for try await (size, mtime) in try await conn.query("SELECT size, mtime FROM file_sync WHERE path = \(path)", logger: self.logger)
                .decode((Int64, Double).self) {
                return FileStamp(size: size, mtime: mtime)
            }
            return nil
        }
    }

    public func recordFileStamp(path: String, _ stamp: FileStamp, agreementID: String) async throws {
        // Bookkeeping of a folder scan, not a change to the institution's records: not audited.
        _ = try await write { conn in
            try await conn.query("""
                INSERT INTO file_sync (path, size, mtime, agreement_id) VALUES (\(path), \(stamp.size), \(stamp.mtime), \(agreementID))
                ON CONFLICT (path) DO UPDATE SET size = EXCLUDED.size, mtime = EXCLUDED.mtime, agreement_id = EXCLUDED.agreement_id
                """, logger: self.logger)
        }
    }

    /// The latest model of an agreement, or `StoreError.unknownAgreement` listing the known ids.
    func requireAgreement(_ conn: PostgresConnection, _ id: String) async throws -> Agreement {
        if let a = try await agreement(conn, id: id, version: nil) { return a.agreement }
        var known: [String] = []
        for try await k in try await conn.query("SELECT id FROM agreement WHERE latest_version > 0 ORDER BY id", logger: logger).decode(String.self) {
            known.append(k)
        }
        throw StoreError.unknownAgreement(id, known: known)
    }
}

/// Whether the pool handed a connection over (set once, read by the wait's timer).
final class LeaseFlag: Sendable {
    let leased = Atomic<Bool>(false)
}

/// A non-escaping closure carried into the child task that runs it; the task group ends
/// before `withConnection` returns, so the closure never outlives its call.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
