import EntenteCore
import EntentePostgres
import EntenteService
import EntenteStore
import Foundation
import PostgresNIO
import Testing

/// The backends the conformance suite runs on.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty store of one backend, and how to dispose of it.
struct Fresh: Sendable {
    let store: any AgreementStore
    /// The URL (PostgreSQL, as the application's role) or path (SQLite) it was opened at.
    let location: String
    let close: @Sendable () async -> Void
}

enum Stores {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fresh(_ backend: Backend) async throws -> Fresh {
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("entente-conf-\(UUID().uuidString)/entente.sqlite").path
            return Fresh(store: try Workspace(path: path, user: "opener"), location: path, close: {})
        case .postgres:
            let db = try await PGServer.createDatabase()
            let store = try await PostgresStore.open(url: db.appURL)
            return Fresh(store: store, location: db.appURL, close: { await store.shutdown() })
        }
    }
}

/// The PostgreSQL server the tests use: `ENTENTE_TEST_POSTGRES_URL`, an administrator's URL on
/// a throwaway cluster (`.ci/postgres-cluster.sh` starts one). Each test gets its own database
/// (Swift Testing runs tests in parallel; a shared database made them flaky), created by the
/// administrator, owned by `entente_test_owner` (who applies the migrations and grants) and
/// used through `entente_test_app`, which owns nothing.
///
/// Without the variable, or with an unreachable server, the PostgreSQL tests are skipped on a
/// developer's machine and FAIL under CI (`CI` set): CI must never pass without them.
enum PGServer {
    static let owner = "entente_test_owner"
    static let app = "entente_test_app"
    static var adminURL: String? { ProcessInfo.processInfo.environment["ENTENTE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    /// Whether to run the PostgreSQL tests: always under CI (so that a missing server fails
    /// them), else when the server answers.
    static func shouldRun() async -> Bool {
        if inCI { return true }
        return await reachable.value
    }

    static let skipNote: Comment = "PostgreSQL tests skipped: set ENTENTE_TEST_POSTGRES_URL=postgres://ADMIN@HOST:PORT/postgres (a throwaway cluster: source .ci/postgres-cluster.sh; pg_cluster_start)"

    static let reachable = Task<Bool, Never> {
        guard let url = adminURL, let location = try? PostgresLocation(url: url) else { return false }
        let store = PostgresStore(location: location)
        defer { Task { await store.shutdown() } }
        do {
            try await store.ping()
            return true
        } catch {
            return false
        }
    }

    struct Database: Sendable {
        let name: String
        let ownerURL: String
        let appURL: String
        let adminURL: String
    }

    /// A new database t_<uuid>, migrated by its owner, the application's role granted.
    static func createDatabase() async throws -> Database {
        guard let url = adminURL else {
            Issue.record("ENTENTE_TEST_POSTGRES_URL is not set, and CI requires the PostgreSQL tests (.ci/run starts a throwaway cluster and sets it)")
            throw CancellationError()
        }
        let admin = try PostgresLocation(url: url)
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        do {
          try await withAdmin(admin) { conn, logger in
            for role in [owner, app] {
                // Roles are cluster-wide and tests run in parallel: create once, tolerate the race.
                try await conn.query(PostgresQuery(unsafeSQL: """
                    DO $$ BEGIN CREATE ROLE \(role) LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
                    """), logger: logger)
            }
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) OWNER \(owner)"), logger: logger)
          }
        } catch {
            Issue.record("cannot create a test database on \(PostgresLocation.redacted(url)): \(String(reflecting: error))")
            throw error
        }
        func roleURL(_ user: String) -> String {
            "postgres://\(user)@\(admin.host):\(admin.port)/\(name)?sslmode=\(admin.sslMode)"
        }
        let ownerStore = try await PostgresStore.open(url: roleURL(owner))
        do {
            try await ownerStore.grantApplicationRole(app)
        } catch {
            await ownerStore.shutdown()
            throw error
        }
        await ownerStore.shutdown()
        return Database(name: name, ownerURL: roleURL(owner), appURL: roleURL(app),
                        adminURL: "postgres://\(admin.user)@\(admin.host):\(admin.port)/\(name)?sslmode=\(admin.sslMode)")
    }

    /// One connection as the administrator, for `body`.
    static func withAdmin(_ location: PostgresLocation, _ body: (PostgresConnection, Logger) async throws -> Void) async throws {
        try await withConnection(location, body)
    }

    /// One connection to `location` (any role), for raw SQL in tests.
    static func withConnection(_ location: PostgresLocation, _ body: (PostgresConnection, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "entente.tests")
        logger.logLevel = .critical
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                 database: location.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await body(connection, logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
