import Foundation
import Testing

/// Two `entente serve` processes on one PostgreSQL database, as behind a load balancer
/// (issue 14, "must show"): a session opened through one is valid on the other, because
/// sessions live in the database, and writes through both lose nothing.
@Suite struct TwoServersTests {
    static let adminURL = ProcessInfo.processInfo.environment["ENTENTE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let ci = ProcessInfo.processInfo.environment["CI"] != nil
    static let agreement = "quebec-pole-emploi-2022"
    static let login = "deux-serveurs"
    static let password = "two servers one database 16+"

    /// A new database on the test cluster, created with `psql` (PostgreSQL's client, installed
    /// with the server by `.ci/run`), and its URL.
    static func freshDatabase(_ admin: String) throws -> String {
        let name = "two_servers_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "psql could not create a database on \(admin)")
        let base = try #require(admin.range(of: "/", options: .backwards, range: admin.range(of: "://")!.upperBound..<admin.endIndex),
                                "ENTENTE_TEST_POSTGRES_URL names no database")
        let query = admin[base.upperBound...].firstIndex(of: "?").map { String(admin[$0...]) } ?? ""
        return String(admin[..<base.upperBound]) + name + query
    }

    @Test(.enabled(if: adminURL != nil || ci, "set ENTENTE_TEST_POSTGRES_URL (source .ci/postgres-cluster.sh; pg_cluster_start)"))
    func aSessionOpenedThroughOneServerIsValidOnTheOtherAndWritesThroughBothLoseNothing() throws {
        let admin = try #require(Self.adminURL, "CI requires ENTENTE_TEST_POSTGRES_URL (.ci/run starts a throwaway cluster)")
        let url = try Self.freshDatabase(admin)
        let imported = try CLI.run(["--database", url, "import", CLI.agreementsFolder.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let added = try CLI.run(["--database", url, "user", "add", Self.login, "--role", "admin", "--password-stdin"], input: Self.password + "\n")
        try #require(added.status == 0, "\(added.stderr)")

        let one = try LiveServer(database: url)
        defer { one.stop() }
        let two = try LiveServer(database: url)
        defer { two.stop() }
        let page = "/agreements/\(Self.agreement)/activities"

        // Signed in through the first server only.
        var first = try WebSession.open(port: one.port, login: Self.login, password: Self.password, landing: page)
        #expect(first.cookies["entente_session"] != nil, "signing in set a session cookie")
        var second = WebSession(port: two.port)
        second.cookies = first.cookies
        let seen = try second.get(page)
        #expect(seen.status == 200, "the second server knows the session the first opened (\(seen.status))")
        #expect(seen.body.contains(Self.login) || seen.body.contains("Se déconnecter"), "signed in on the second server")
        #expect(second.token == first.token, "the form token is the session's, on both servers")

        // Writes through both, at once.
        let titles = (0..<24).map { "Deux serveurs \($0)" }
        final class Answers: @unchecked Sendable {
            let lock = NSLock()
            var byTitle: [String: Int] = [:]
        }
        let answers = Answers()
        let (a, b) = (first, second)
        DispatchQueue.concurrentPerform(iterations: titles.count) { i in
            let session = i % 2 == 0 ? a : b
            let status = (try? session.post(page, FaultTests.activityForm(titles[i])).status) ?? -1
            answers.lock.withLock { answers.byTitle[titles[i]] = status }
        }
        let answered = answers.byTitle
        #expect(answered.values.allSatisfy { $0 == 303 }, "\(answered.filter { $0.value != 303 })")

        let list = try CLI.run(["--database", url, "activity", "list", Self.agreement, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let stored = (try CLI.json(list.stdout) as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["title"] as? String }
        for t in titles { #expect(stored.filter { $0 == t }.count == 1, "\(t) stored once") }
        let history = try CLI.run(["--database", url, "history", "--entity", "activity", "--limit", "100000", "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        let adds = (try CLI.json(history.stdout) as? [Any] ?? []).compactMap { $0 as? [String: Any] }.filter { $0["action"] as? String == "add" }
        #expect(adds.count == titles.count, "one audit entry per write (\(adds.count))")
        #expect(adds.allSatisfy { ($0["user"] as? String) == Self.login }, "the audit log names the signed-in person")

        // Signing out through the second server ends the session on the first too.
        let out = try second.post("/sign-out", [])
        #expect(out.status == 303)
        #expect(try first.get(page).status == 303, "the session is gone on the first server as well")
    }
}
