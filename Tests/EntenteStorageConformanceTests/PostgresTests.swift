import EntenteCore
import EntentePostgres
import EntenteStore
import Foundation
import PostgresNIO
import Testing

/// What only a database server shows: concurrent writers, session time zones, roles, and
/// moving a workspace between backends with the built binaries.
@Suite(.enabled(PGServer.skipNote) { await PGServer.shouldRun() })
struct PostgresTests {
    static let marie = ActingUser("marie")

    /// A deterministic generator (SplitMix64): the same 10,000 dates on every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// 10,000 dates from 1900 to 2200: every 29 February of the range first, then random days.
    static func dates() -> [CivilDate] {
        var out = (1900...2200).filter(CivilDate.isLeap).map { CivilDate(year: $0, month: 2, day: 29)! }
        var g = SplitMix(state: 2026)
        let first = CivilDate(year: 1900, month: 1, day: 1)!.dayNumber, last = CivilDate(year: 2200, month: 12, day: 31)!.dayNumber
        while out.count < 10_000 { out.append(CivilDate(dayNumber: Int.random(in: first...last, using: &g))) }
        return out
    }

    @Test(arguments: ["America/Toronto", "Pacific/Kiritimati"])
    func tenThousandCivilDatesRoundTripUnchangedUnderASessionTimeZone(_ zone: String) async throws {
        let db = try await PGServer.createDatabase()
        let dates = Self.dates()
        #expect(dates.count == 10_000 && dates.filter { $0.month == 2 && $0.day == 29 }.count >= 73)
        // Raw: bound and read back through the codec, and as the server itself prints them.
        try await PGServer.withConnection(try PostgresLocation(url: db.appURL)) { conn, logger in
            try await conn.query(PostgresQuery(unsafeSQL: "SET TIME ZONE '\(zone)'"), logger: logger)
            let shown = try await conn.query("SHOW TIME ZONE", logger: logger).decode(String.self).first { _ in true }
            #expect(shown == zone)
            try await conn.query("CREATE TEMP TABLE d (i integer PRIMARY KEY, v date NOT NULL)", logger: logger)
            try await conn.query("INSERT INTO d SELECT * FROM unnest(\(Array(Int32(0)..<Int32(dates.count))), \(dates))", logger: logger)
            var back: [CivilDate] = [], text: [String] = []
            for try await (v, t) in try await conn.query("SELECT v, v::text FROM d ORDER BY i", logger: logger).decode((CivilDate, String).self) {
                back.append(v)
                text.append(t)
            }
            #expect(back == dates)
            #expect(text == dates.map(\.iso), "the server holds other days than those bound")
        }
        // Through the store, every session of its pool in that zone (the database's setting).
        try await PGServer.withConnection(try PostgresLocation(url: db.adminURL)) { conn, logger in
            try await conn.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(db.name) SET timezone = '\(zone)'"), logger: logger)
        }
        let store = try await PostgresStore.open(url: db.appURL)
        do {
            let r = try Conformance.parsed(Conformance.ontario)
            _ = try await store.importAgreement(store.prepare(r.agreement), xml: r.xml, file: "o.xml", warnings: [], by: Self.marie)
            let sample = Array(dates.prefix(600))
            let added = try await store.addActivities(sample.map { d in
                var a = Conformance.activity(start: d.iso)
                a.end = d.adding(months: 1)
                return a
            }, by: Self.marie)
            let read = try await store.activities(ActivityFilter(agreementID: Conformance.ontario))
            #expect(Dictionary(uniqueKeysWithValues: read.map { ($0.id!, $0.start) }) == Dictionary(uniqueKeysWithValues: added.map { ($0.id!, $0.start) }))
            #expect(Set(read.map(\.start)) == Set(sample))
            #expect(read.allSatisfy { $0.end == $0.start.adding(months: 1) })
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// The audit log refuses UPDATE, DELETE and TRUNCATE: to the application's role by its
    /// privileges, and even to the tables' owner by the triggers (TRUNCATE by a statement
    /// trigger: row triggers never see it).
    @Test func theAuditLogRefusesUpdateDeleteAndTruncate() async throws {
        let db = try await PGServer.createDatabase()
        let store = try await PostgresStore.open(url: db.appURL)
        try await Conformance.seeded(store)
        _ = try await store.addActivity(Conformance.activity(), by: Self.marie)
        let before = try await store.auditLog(AuditQuery(limit: 100))
        await store.shutdown()
        #expect(before.count == 3)

        for (url, expected) in [(db.appURL, "42501"), (db.ownerURL, "23000")] {
            try await PGServer.withConnection(try PostgresLocation(url: url)) { conn, logger in
                for sql in ["UPDATE audit SET \"user\" = 'mallory'", "DELETE FROM audit", "TRUNCATE audit",
                            "UPDATE agreement_version SET xml = ''", "DELETE FROM activity", "TRUNCATE activity, audit CASCADE"] {
                    let e = await #expect(throws: PSQLError.self, "\(sql) as \(url)") {
                        try await conn.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    }
                    #expect(e?.serverInfo?[.sqlState] == expected, "\(sql) as \(url): \(String(reflecting: e))")
                }
            }
        }
        // The application's role owns nothing: it cannot switch a trigger off or drop a table.
        try await PGServer.withConnection(try PostgresLocation(url: db.appURL)) { conn, logger in
            for sql in ["ALTER TABLE audit DISABLE TRIGGER audit_no_truncate", "DROP TABLE audit CASCADE", "CREATE TABLE x (i int)"] {
                let e = await #expect(throws: PSQLError.self) { try await conn.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                #expect(["42501"].contains(e?.serverInfo?[.sqlState] ?? ""), "\(sql): \(String(reflecting: e))")
            }
            let owners = try await conn.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", logger: logger).decode(String.self)
            var names: [String] = []
            for try await o in owners { names.append(o) }
            #expect(names == [PGServer.owner])
        }
        let after = try await PostgresStore.open(url: db.appURL)
        #expect(try await after.auditLog(AuditQuery(limit: 100)).map(\.id) == before.map(\.id))
        #expect(try await after.check().ok)
        await after.shutdown()
    }

    /// 16 writers at once through one store (a pool of connections): every row and its audit
    /// entry, distinct numbers; text versions numbered without a gap or a repeat; one close of
    /// the same minutes, every later edit refused.
    @Test func sixteenConcurrentWritersLoseNothing() async throws {
        let db = try await PGServer.createDatabase()
        let store = try await PostgresStore.open(url: db.appURL)
        do {
            try await Conformance.seeded(store)
            let added = try await withThrowingTaskGroup(of: Activity.self) { group in
                for i in 0..<16 {
                    group.addTask { try await store.addActivity(Conformance.activity(Conformance.ontario, "writer \(i)"), by: ActingUser("writer-\(i)")) }
                }
                var out: [Activity] = []
                for try await a in group { out.append(a) }
                return out
            }
            #expect(Set(added.compactMap(\.id)).count == 16)
            let audit = try await store.auditLog(AuditQuery(entity: "activity", limit: 100))
            #expect(Set(audit.compactMap(\.entityID)) == Set(added.map { String($0.id!) }))
            #expect(Set(audit.map(\.user)) == Set((0..<16).map { "writer-\($0)" }))

            // Eight new texts of one agreement at once: versions 2…9, each once.
            let r = try Conformance.parsed(Conformance.poleEmploi)
            let results = try await withThrowingTaskGroup(of: ImportResult.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        try await store.importAgreement(store.prepare(r.agreement), xml: r.xml + "<!-- \(i) -->", file: "v\(i).xml", warnings: [], by: Self.marie)
                    }
                }
                var out: [ImportResult] = []
                for try await x in group { out.append(x) }
                return out
            }
            #expect(results.compactMap { if case .newVersion(let n) = $0 { n } else { nil } }.sorted() == Array(2...9))
            #expect(try await store.versions(id: Conformance.poleEmploi) == Array(1...9))

            // Sixteen writers on one meeting, half of them closing it: one close; every edit
            // after it refused; never an edit of closed minutes.
            let m = try await store.addMeeting(Meeting(agreementID: Conformance.ontario, body: "b", date: Conformance.day("2025-01-01"),
                                                       agenda: [], attendees: [], decisions: []), by: Self.marie)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for i in 0..<16 {
                    group.addTask {
                        do {
                            _ = try await store.updateMeeting(id: m.id!, by: ActingUser("w\(i)")) { x, _ in
                                x.agenda.append("point \(i)")
                                if i % 2 == 0 { x.minutesClosed = true }
                            }
                            return "ok"
                        } catch StoreError.minutesClosed {
                            return "closed"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var out: [String] = []
                for await o in group { out.append(o) }
                return out
            }
            #expect(outcomes.allSatisfy { $0 == "ok" || $0 == "closed" }, "\(outcomes)")
            let log = try await store.auditLog(AuditQuery(entity: "meeting", entityID: m.id, limit: 100)).reversed()
            #expect(log.filter { $0.action == "close" }.count == 1)
            #expect(log.last?.action == "close", "an edit was recorded after the minutes were closed")
            #expect(log.count == outcomes.filter { $0 == "ok" }.count + 1)
            let final = try #require(try await store.history(agreementID: Conformance.ontario).meetings.first)
            #expect(final.minutesClosed && final.agenda.count == log.count - 1)
            #expect(try await store.check().ok)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// The same operations on both backends write the same audit entries (who, action, entity,
    /// record, agreement, JSON before and after, byte for byte) and the same records.
    @Test func theSameOperationsGiveTheSameAuditAndRecordsOnBothBackends() async throws {
        var logs: [[String]] = [], histories: [[String: AgreementHistory]] = []
        for backend in Backend.allCases {
            let fresh = try await Stores.fresh(backend)
            let s = fresh.store
            do {
                try await Conformance.seeded(s)
                let plan = try await s.addPlan(ActionPlan(agreementID: Conformance.poleEmploi, periodStart: Conformance.day("2024-11-07"),
                                                          periodEnd: Conformance.day("2026-11-06"), items: [PlanItem(title: "Mobilité", domains: ["1"])]),
                                               by: Self.marie)
                let item = try await s.addPlanItem(planID: plan.id!, PlanItem(title: "Veille « France »", domains: ["2"], progress: 5), by: Self.marie) { _, _ in }
                _ = try await s.updatePlanItem(id: item.id!, by: Self.marie) { i, _ in i.progress = 50 }
                let a = try await s.addActivity(Conformance.activity(Conformance.poleEmploi, "Forum / emploi", planItem: item.id), by: Self.marie)
                _ = try await s.updateActivity(id: a.id!, by: ActingUser("paul")) { x, _ in x.status = .cancelled; x.outcomes = "reporté" }
                let report = try await s.addBiennialReport(BiennialReportRecord(agreementID: Conformance.poleEmploi, periodStart: Conformance.day("2024-11-07"),
                                                                                periodEnd: Conformance.day("2026-11-06")), by: Self.marie)
                let m = try await s.addMeeting(Meeting(agreementID: Conformance.poleEmploi, body: "comite-mixte", date: Conformance.day("2024-11-05"),
                                                       agenda: ["Plan"], attendees: [Participant(name: "Zoé", party: "france-travail", role: "présidente")],
                                                       decisions: [Decision(text: "Plan adopté", activityIDs: [a.id!])], approvedPlanID: plan.id,
                                                       approvedReportID: report.id), by: Self.marie)
                _ = try await s.updateMeeting(id: m.id!, by: Self.marie) { x, _ in x.minutesClosed = true }
                _ = try await s.addNotice(TerminationNotice(agreementID: Conformance.ontario, party: "gouvernement-ontario", sentOn: Conformance.day("2024-02-29"),
                                                            requestedEnd: Conformance.day("2024-08-31"), effectiveEnd: Conformance.day("2024-08-29")), by: Self.marie)
                let r = try Conformance.parsed(Conformance.ontario)
                _ = try await s.addAmendment(Amendment(agreementID: Conformance.ontario, signedOn: Conformance.day("2026-01-31"), summary: "Avenant"),
                                             text: s.prepare(r.agreement), xml: r.xml + " ", file: "avenant.xml", warnings: [], by: Self.marie)
                logs.append(try await s.auditLog(AuditQuery(limit: 1000)).map { e in
                    [e.user, e.action, e.entityType, e.entityID ?? "-", e.agreementID ?? "-", e.before ?? "-", e.after ?? "-"].joined(separator: " | ")
                })
                histories.append(try await s.allHistories(activities: true))
            } catch {
                await fresh.close()
                throw error
            }
            await fresh.close()
        }
        #expect(logs[0].count == 15)
        #expect(logs[0] == logs[1])
        #expect(histories[0] == histories[1])
    }

    /// A copy from SQLite into PostgreSQL and back gives the same snapshot.
    @Test func sqliteToPostgresToSQLiteKeepsEverything() async throws {
        let source = try await Stores.fresh(.sqlite)
        try await Conformance.seeded(source.store)
        for i in 0..<20 { _ = try await source.store.addActivity(Conformance.activity(Conformance.ontario, "a\(i)", start: "2024-02-\(10 + i % 19)"), by: Self.marie) }
        let snapshot = try await source.store.exportAll()
        let pg = try await Stores.fresh(.postgres)
        let back = try await Stores.fresh(.sqlite)
        try await pg.store.importAll(snapshot)
        let viaPG = try await pg.store.exportAll()
        try await back.store.importAll(viaPG)
        #expect(viaPG == snapshot)
        #expect(try await back.store.exportAll() == snapshot)
        #expect(try await pg.store.history(agreementID: Conformance.ontario) == (try await source.store.history(agreementID: Conformance.ontario)))
        await pg.close()
    }
}

/// The built binaries against a server: processes writing at once, `db copy` both ways.
@Suite(.enabled(PGServer.skipNote) { await PGServer.shouldRun() })
struct PostgresEndToEndTests {
    static let asOf = ["--as-of", "2026-11-29"]

    /// 16 `entente-server --database URL activity add …` processes at once.
    @Test func sixteenProcessesAddingActivitiesAtOnce() async throws {
        let db = try await PGServer.createDatabase()
        let imported = try Binaries.run("entente-server", ["--database", db.appURL, "import", Stores.packageRoot + "/agreements"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // All started before any is waited for: sixteen processes really at once.
        let started = try (0..<16).map { i in
            try Binaries.start("entente-server", ["--database", db.appURL, "--user", "proc-\(i)", "activity", "add", "quebec-pole-emploi-2022",
                                                  "--title", "Processus \(i)", "--date", "2025-02-03", "--domain", "4", "--format", "json"])
        }
        let runs = started.map { $0.wait() }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        let store = try await PostgresStore.open(url: db.appURL)
        let activities = try await store.activities(ActivityFilter(agreementID: "quebec-pole-emploi-2022"))
        let audit = try await store.auditLog(AuditQuery(entity: "activity", limit: 1000))
        let check = try await store.check()
        await store.shutdown()
        #expect(activities.count == 16 && Set(activities.compactMap(\.id)).count == 16)
        #expect(Set(audit.compactMap(\.entityID)) == Set(activities.map { String($0.id!) }))
        // The command line on a shared database acts as its operator (issue 13): `operator:USER`.
        #expect(Set(audit.map(\.user)) == Set((0..<16).map { "operator:proc-\($0)" }))
        #expect(check.ok)
        // `entente check` on PostgreSQL says so too.
        let c = try Binaries.run("entente", ["--database", db.appURL, "check"])
        #expect(c.status == 0 && c.stdout.contains("Database is sound."), "\(c.stdout)\(c.stderr)")
    }

    /// A writer killed in the middle of its transaction (SIGKILL, after it has written rows)
    /// leaves nothing of it: `entente check` finds the database sound, the batch is absent
    /// with its audit entries, and the next writer is not held by the dead one's locks.
    @Test func aWriterKilledMidTransactionLeavesTheDatabaseConsistent() async throws {
        let db = try await PGServer.createDatabase()
        #expect(try Binaries.run("entente-server", ["--database", db.appURL, "import", Stores.packageRoot + "/agreements"]).status == 0)
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("entente-kill-\(UUID().uuidString).csv")
        var text = "title,start,domains\r\n"
        for i in 0..<20_000 { text += "Activité \(i),2025-01-01,4\r\n" }
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let writer = try Binaries.start("entente-server", ["--database", db.appURL, "activity", "import", "quebec-pole-emploi-2022", csv.path])
        // Wait until its transaction has written (it holds a transaction id), then kill it.
        var wrote = false
        try await PGServer.withConnection(try PostgresLocation(url: db.adminURL)) { conn, logger in
            for _ in 0..<1200 where !wrote {
                let n = try await conn.query("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = \(db.name) AND usename = \(PGServer.app) AND backend_xid IS NOT NULL
                    """, logger: logger).decode(Int64.self).first { _ in true } ?? 0
                if n > 0 { wrote = true } else { try await Task.sleep(for: .milliseconds(50)) }
            }
        }
        #expect(wrote, "the writer never started writing")
        kill(writer.process.processIdentifier, SIGKILL)
        let run = writer.wait()
        #expect(writer.process.terminationReason == .uncaughtSignal, "the writer finished before it was killed: \(run.stdout)")
        let check = try Binaries.run("entente", ["--database", db.appURL, "check"])
        #expect(check.status == 0 && check.stdout.contains("Database is sound."), "\(check.stdout)\(check.stderr)")
        let after = try Binaries.run("entente-server", ["--database", db.appURL, "activity", "add", "quebec-pole-emploi-2022", "--title", "Après",
                                                        "--date", "2025-02-03", "--domain", "4"])
        #expect(after.status == 0, "\(after.stderr)")
        let store = try await PostgresStore.open(url: db.appURL)
        let activities = try await store.activities(ActivityFilter())
        let audit = try await store.auditLog(AuditQuery(entity: "activity", limit: 100))
        await store.shutdown()
        #expect(activities.map(\.title) == ["Après"])
        #expect(audit.count == 1)
    }

    /// The sample workspace, SQLite → PostgreSQL → SQLite with the lean `entente` (which hands
    /// over to `entente-server` for PostgreSQL): the same `show`, `activity list`, `deadlines`
    /// and `history` JSON for every agreement, from the original, the server and the copy back.
    @Test func dbCopyRoundTripOfTheDemoWorkspaceGivesIdenticalJSON() async throws {
        let db = try await PGServer.createDatabase()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("entente-copy-\(UUID().uuidString)")
        let demo = tmp.appendingPathComponent("demo").path
        let d = try Binaries.run("entente", ["demo", demo, "--agreements", Stores.packageRoot + "/agreements"] + Self.asOf)
        #expect(d.status == 0, "\(d.stderr)")
        // People, their agreements and tokens travel with the records.
        let added = try Binaries.run("entente", ["--workspace", demo, "user", "add", "marie", "--role", "coordinator", "--agreement", "quebec-ontario-2008",
                                                 "--name", "Marie Côté"] + Self.asOf)
        #expect(added.status == 0, "\(added.stderr)")
        let token = try Binaries.run("entente", ["--workspace", demo, "user", "token", "marie", "--label", "calendrier"] + Self.asOf)
        #expect(token.status == 0 && token.stdout.hasPrefix("ent_"), "\(token.stderr)")
        let toPG = try Binaries.run("entente", ["--workspace", demo, "db", "copy", "--to", db.appURL] + Self.asOf)
        #expect(toPG.status == 0, "\(toPG.stderr)")
        #expect(toPG.stdout.contains("audit") && toPG.stdout.contains("Copy complete"), "\(toPG.stdout)")
        #expect(toPG.stdout.contains("people") && toPG.stdout.contains("api-tokens") && toPG.stdout.contains("Not copied: browser sessions"), "\(toPG.stdout)")
        // A second copy into the same database is refused, and says why.
        let again = try Binaries.run("entente", ["--workspace", demo, "db", "copy", "--to", db.appURL] + Self.asOf)
        #expect(again.status == 1 && again.stderr.contains("not empty"), "\(again.stderr)")

        let empty = tmp.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let back = tmp.appendingPathComponent("back.sqlite").path
        let toSQLite = try Binaries.run("entente", ["--workspace", empty, "--database", db.appURL, "db", "copy", "--to", back] + Self.asOf)
        #expect(toSQLite.status == 0, "\(toSQLite.stderr)")
        // Row counts and checksums: the same lines on both copies.
        #expect(Self.table(toPG.stdout) == Self.table(toSQLite.stdout))

        let sources: [(String, [String])] = [
            ("original", ["--workspace", demo]),
            ("postgres", ["--workspace", empty, "--database", db.appURL]),
            ("copy", ["--workspace", empty, "--db", back]),
        ]
        for id in ["quebec-ontario-2008", "quebec-pole-emploi-2022"] {
            for command in [["show", id], ["activity", "list", id], ["deadlines", "--agreement", id], ["history", "--agreement", id, "--limit", "10000"]] {
                var outputs: [String: String] = [:]
                for (name, where_) in sources {
                    let r = try Binaries.run("entente", where_ + command + ["--format", "json"] + Self.asOf)
                    #expect(r.status == 0, "\(name) \(command): \(r.stderr)")
                    outputs[name] = r.stdout
                }
                #expect(outputs["original"]!.count > 2, "\(command) printed nothing")
                #expect(outputs["postgres"] == outputs["original"], "\(command) differs on PostgreSQL")
                #expect(outputs["copy"] == outputs["original"], "\(command) differs after the copy back")
            }
        }
        for command in [["user", "list", "--format", "json"], ["user", "token", "marie", "--list"]] {
            var outputs: [String: String] = [:]
            for (name, where_) in sources {
                let r = try Binaries.run("entente", where_ + command + Self.asOf)
                #expect(r.status == 0, "\(name) \(command): \(r.stderr)")
                outputs[name] = r.stdout
            }
            #expect(outputs["original"]!.contains(command[1] == "list" ? "Marie Côté" : "calendrier"), "\(command): \(outputs["original"]!)")
            #expect(outputs["postgres"] == outputs["original"] && outputs["copy"] == outputs["original"], "\(command): \(outputs)")
        }
        // The token made on the workspace opens the API of the copy: its hash came along.
        let fromToken = String(token.stdout.split(separator: "\n")[0])
        let pg = try await PostgresStore.open(url: db.appURL)
        let resolved = try await PostgresSharedTests.service(pg).people.resolve(token: fromToken)
        await pg.shutdown()
        #expect(resolved?.login == "marie")
    }

    /// The lines of a copy report naming a set, without the direction-dependent header.
    static func table(_ out: String) -> [String] {
        out.split(separator: "\n").map(String.init).filter { $0.contains(" → ") && !$0.contains("source") }
    }
}

/// The built executables, beside the test runner.
enum Binaries {
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func path(_ name: String) -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(name)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: Stores.packageRoot + "/.build/debug/" + name)
    }

    /// A process started, its output collected by `wait()` (short outputs: they fit the pipes).
    struct Started {
        let process: Process
        let out: Pipe
        let err: Pipe
        func wait() -> Run {
            process.waitUntilExit()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
    }

    static func start(_ name: String, _ args: [String]) throws -> Started {
        let p = Process()
        p.executableURL = path(name)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C"
        for k in ["ENTENTE_WORKSPACE", "ENTENTE_DB", "ENTENTE_AS_OF", "ENTENTE_DATABASE_URL"] { env.removeValue(forKey: k) }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return Started(process: p, out: out, err: err)
    }

    static func run(_ name: String, _ args: [String]) throws -> Run {
        let p = Process()
        p.executableURL = path(name)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C"
        for k in ["ENTENTE_WORKSPACE", "ENTENTE_DB", "ENTENTE_AS_OF", "ENTENTE_DATABASE_URL"] { env.removeValue(forKey: k) }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
