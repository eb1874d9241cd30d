import EntenteCore
import EntentePasswords
import EntentePostgres
import EntenteService
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// What lets several `entente serve` processes share one PostgreSQL database: sessions, failed
/// sign-ins and people live in the database, not in a process.
@Suite(.enabled(PGServer.skipNote) { await PGServer.shouldRun() })
struct PostgresSharedTests {
    static func service(_ store: PostgresStore) -> EntenteService {
        var configuration = ServiceConfiguration()
        configuration.passwordCost = 4
        return EntenteService(store: store, people: store, passwords: BcryptHasher(), configuration: configuration)
    }

    /// Two independent pools (two server processes) on one database: a session put through
    /// one is read through the other, and removed through one is gone for the other; a person
    /// added and a wrong password counted through one are seen by the other.
    @Test func twoPoolsOnOneDatabaseShareSessionsPeopleAndSignInCounters() async throws {
        let db = try await PGServer.createDatabase()
        let a = try await PostgresStore.open(url: db.appURL)
        let b = try await PostgresStore.open(url: db.appURL)
        do {
            let sa = Self.service(a), sb = Self.service(b)
            let root = Caller(user: .operator("root"), lang: .fr, asOf: CivilDate(iso: "2026-11-29")!)
            _ = try await sa.people.add(Person(login: "marie", role: .admin), password: "Cheval-Batterie-Agrafe", root)
            #expect(try await sb.people.authenticate(login: "marie", password: "Cheval-Batterie-Agrafe") == .signedIn(Person(login: "marie", role: .admin)))

            let key = "hbs.Q2hldmFsLUJhdHRlcmllLUFncmFmZS1Db3JyZWN0LTEyMzQ="
            try await sa.people.putSession(key: key, data: #"{"login":"marie"}"#, expires: Date().addingTimeInterval(3600))
            #expect(try await sb.people.session(key: key) == #"{"login":"marie"}"#)
            // A wrong key with the same lookup part opens nothing on either.
            #expect(try await sb.people.session(key: String(key.dropLast()) + "x") == nil)
            try await sb.people.putSession(key: key, data: #"{"login":"marie","lang":"en"}"#, expires: Date().addingTimeInterval(3600))
            #expect(try await sa.people.session(key: key) == #"{"login":"marie","lang":"en"}"#)
            try await sa.people.removeSession(key: key)
            #expect(try await sb.people.session(key: key) == nil)

            _ = try await sa.people.authenticate(login: "marie", password: "faux")
            _ = try await sb.people.authenticate(login: "marie", password: "faux")
            #expect(try await a.failedSignIns(login: "marie").count == 2)
            #expect(try await b.failedSignIns(login: "marie").count == 2)
        } catch {
            await a.shutdown(); await b.shutdown()
            throw error
        }
        await a.shutdown(); await b.shutdown()
    }
}

/// The database going away under a running `entente-server` and coming back: pages and the
/// API answer 503 with a message for people (no stack, no SQL, no server address), `/healthz`
/// 503; once it is back, the same process answers 200 again, without a restart. Runs on a
/// throwaway cluster of its own (`.ci/postgres-cluster.sh`), since it stops it; under CI
/// without PostgreSQL's programs it fails.
@Suite struct PostgresRecoveryTests {
    static let bin = ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    static var available: Bool { PGServer.inCI || FileManager.default.isExecutableFile(atPath: bin + "/pg_ctl") }

    /// A cluster started by the project's own script; `stop` and `start` keep its folder and port.
    struct Cluster {
        let dir: String
        let url: String
        let port: String

        static func start() throws -> Cluster {
            let out = try Self.shell("source \(Stores.packageRoot)/.ci/postgres-cluster.sh && pg_cluster_start && echo \"$PG_CLUSTER_DIR $PG_CLUSTER_URL\"")
            // The last line: PostgreSQL's programs may warn before it.
            let last = out.split(separator: "\n").last.map(String.init) ?? ""
            let parts = last.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
            guard parts.count == 2, let port = parts[1].split(separator: ":").last?.split(separator: "/").first else {
                throw Failure("could not start a cluster: \(out)")
            }
            return Cluster(dir: parts[0], url: parts[1], port: String(port))
        }

        var asPostgres: String { getuid() == 0 ? "runuser -u postgres -- " : "" }
        func stop() throws { _ = try Self.shell("\(asPostgres)\(bin)/pg_ctl -D \(dir)/data -m fast -w stop") }
        func restart() throws {
            _ = try Self.shell("""
                \(asPostgres)\(bin)/pg_ctl -D \(dir)/data -l \(dir)/log -w start -o "-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                """)
        }
        func remove() { _ = try? Self.shell("\(asPostgres)\(bin)/pg_ctl -D \(dir)/data -m immediate -w stop; rm -rf \(dir)") }

        /// Output to a file, not a pipe, and every other inherited descriptor closed first: the
        /// server `pg_ctl` starts inherits them, and Foundation's `Process` waits for the socket
        /// it gives the child to close (measured: `waitUntilExit` never returned while the
        /// server ran).
        @discardableResult
        static func shell(_ script: String) throws -> String {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("entente-shell-\(UUID().uuidString).out")
            defer { try? FileManager.default.removeItem(at: file) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            // From "/": the commands run as `postgres`, who may not enter the checkout's folder
            // (a clone in `mktemp -d` is 0700: "could not change directory … Permission denied").
            p.currentDirectoryURL = URL(fileURLWithPath: "/")
            p.arguments = ["-c", "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\" 2>/dev/null; done; (\(script)) >\(file.path) 2>&1 </dev/null"]
            try p.run()
            p.waitUntilExit()
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            guard p.terminationStatus == 0 else { throw Failure("\(script): exit \(p.terminationStatus): \(text)") }
            return text
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// A session with no cookie store of its own: Foundation's shared one drops a Cookie
    /// header set by hand (measured: the page then went to the sign-in form).
    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.httpCookieStorage = nil
        c.httpShouldSetCookies = false
        return URLSession(configuration: c)
    }()

    static func get(_ url: String, headers: [String: String] = [:]) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 30
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: available, "PostgreSQL's programs (pg_ctl) are not installed"))
    func pagesAnswer503WhileTheDatabaseIsDownAndTheSameServerRecovers() async throws {
        let cluster = try Cluster.start()
        defer { cluster.remove() }
        let imported = try Binaries.run("entente-server", ["--database", cluster.url, "import", Stores.packageRoot + "/agreements"])
        #expect(imported.status == 0, "\(imported.stderr)")

        let server = Process()
        server.executableURL = Binaries.path("entente-server")
        server.arguments = ["--database", cluster.url, "serve", "--host", "127.0.0.1", "--port", "0", "--as-of", "2026-11-29"]
        var env = ProcessInfo.processInfo.environment
        env["ENTENTE_POSTGRES_WAIT"] = "2"
        env.removeValue(forKey: "ENTENTE_DATABASE_URL")
        server.environment = env
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() } }
        var seen = ""
        while !seen.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(seen.split(separator: "\n").first.map(String.init))
        let base = String(line.dropFirst("Listening on ".count))
        let page = base + "/agreements/quebec-pole-emploi-2022"

        #expect(try await Self.get(base + "/healthz") == (200, #"{"status":"ok","database":"ok"}"#))
        #expect(try await Self.get(page).0 == 200)

        try cluster.stop()
        // Pages need a session and the API a token since sign-in (issue 13): a browser holding a
        // session cookie and a program holding a token, both looked up in the database that is
        // down (the session and the token need not exist: the lookup is what fails).
        let browser = ["Cookie": "entente_session=" + String(repeating: "ab", count: 40)]
        let program = ["Authorization": "Bearer ent_0123456789abcdef_" + String(repeating: "cd", count: 32)]
        let (down, body) = try await Self.get(page, headers: browser)
        #expect(down == 503)
        #expect(body.contains("La base de données ne répond pas"), "\(body)")
        let (downEN, bodyEN) = try await Self.get(page + "?lang=en", headers: browser)
        #expect(downEN == 503 && bodyEN.contains("The database is not answering"), "\(bodyEN)")
        let (api, apiBody) = try await Self.get(base + "/api/v1/agreements", headers: program)
        #expect(api == 503 && (apiBody.contains("\"status\": 503") || apiBody.contains("\"status\":503")), "\(apiBody)")
        for text in [body, bodyEN, apiBody] {
            for leak in ["SQLSTATE", "PSQLError", "postgres://", ":\(cluster.port)", "Swift", "at /"] {
                #expect(!text.contains(leak), "the page shows \(leak)")
            }
        }
        let (health, healthBody) = try await Self.get(base + "/healthz")
        #expect(health == 503)
        #expect(healthBody.hasPrefix(#"{"status":"unavailable","database":"unavailable","message":{"fr":"#), "\(healthBody)")
        #expect(healthBody.contains("The database is not answering"))

        try cluster.restart()
        // The pool reconnects by itself (its back-off grows while the server is down, up to a
        // few seconds here): the same process, no restart.
        var status = 0
        for _ in 0..<60 where status != 200 {
            status = try await Self.get(page).0
            if status != 200 { try await Task.sleep(for: .seconds(1)) }
        }
        #expect(status == 200)
        #expect(try await Self.get(base + "/healthz") == (200, #"{"status":"ok","database":"ok"}"#))
        #expect(server.isRunning)
    }
}

/// No server needed: a store on an address where nothing listens.
@Suite struct PostgresHealthTests {
    @Test func healthSaysTheDatabaseDoesNotAnswerWithoutDriverDetail() async throws {
        let store = PostgresStore(location: try PostgresLocation(url: "postgres://nobody@127.0.0.1:9/entente?sslmode=disable"))
        let report = await EntenteService(store: store).maintenance.health()
        await store.shutdown()
        #expect(!report.databaseAnswers)
        let problem = try #require(report.problem)
        #expect(problem.fr.hasPrefix("La base de données ne répond pas") && problem.en.hasPrefix("The database is not answering"))
        #expect(!report.json.contains("127.0.0.1") && !report.json.contains("nobody") && !report.json.contains("refused"))
    }
}
