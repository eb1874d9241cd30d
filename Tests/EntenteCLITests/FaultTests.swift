import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Faults from outside (issue 16 §3) on the built binaries: the server killed during writes,
/// its SQLite file locked by another process, a full disk under an import. Each runs in a
/// few seconds. PostgreSQL stopped and started is tested with that backend.
@Suite(.serialized) struct FaultTests {
    static let agreement = "quebec-pole-emploi-2022"
    static let login = "fault-admin"
    static let password = "correct horse battery staple 16"

    /// A workspace with the two real agreements and an administrator who can sign in (when
    /// the server has sign-in).
    static func workspace() throws -> URL {
        let ws = try CLI.workspace()
        let added = try CLI.run(["--workspace", ws.path, "user", "add", login, "--role", "admin", "--password-stdin"], input: password + "\n")
        #expect(added.status == 0, "\(added.stderr)")
        return ws
    }

    static func activityForm(_ title: String) -> [(String, String)] {
        [("title", title), ("start", "2026-12-01"), ("end", ""), ("description", "Écrit pendant un test de panne."),
         ("status", "planned"), ("domains[]", "4")]
    }

    /// The activities of the agreement, by title, and the `add` audit entries of activities,
    /// by the activity's id, as the command line reads them.
    static func recorded(_ ws: URL) throws -> (activities: [String: [String: Any]], audit: [String: [[String: Any]]]) {
        let list = try CLI.run(["--workspace", ws.path, "activity", "list", agreement, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        var activities: [String: [String: Any]] = [:]
        for case let a as [String: Any] in try CLI.json(list.stdout) as? [Any] ?? [] {
            if let t = a["title"] as? String { activities[t] = a }
        }
        let history = try CLI.run(["--workspace", ws.path, "history", "--entity", "activity", "--limit", "100000", "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        var audit: [String: [[String: Any]]] = [:]
        for case let e as [String: Any] in try CLI.json(history.stdout) as? [Any] ?? [] where e["action"] as? String == "add" {
            audit[e["entityId"] as? String ?? "", default: []].append(e)
        }
        return (activities, audit)
    }

    static func checkSound(_ ws: URL) throws {
        let check = try CLI.run(["--workspace", ws.path, "check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("Integrity: ok") && check.stdout.contains("Database is sound."), "\(check.stdout)")
    }

    /// SIGKILL while four people post activities: after a restart the database is sound,
    /// every write the server acknowledged (303) is there with its one audit entry, and any
    /// write in flight is whole (row and audit entry) or absent.
    @Test func serverKilledDuringWritesLosesNoAcknowledgedWrite() throws {
        let ws = try Self.workspace()
        let server = try LiveServer(workspace: ws)
        let page = "/agreements/\(Self.agreement)/activities"
        let session = try WebSession.open(port: server.port, login: Self.login, password: Self.password, landing: page)
        #expect(!session.token.isEmpty, "the activity page carries a _csrf token")

        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var acknowledged: [String] = []
            var refused: [(String, Int)] = []
            var cut = 0
            var sent = 0
        }
        let tally = Tally()
        let killAfter = 40
        let group = DispatchGroup()
        for writer in 0..<4 {
            DispatchQueue.global().async(group: group) {
                var i = 0
                while true {
                    let title = "Panne \(writer)-\(i)"
                    i += 1
                    tally.lock.withLock { tally.sent += 1 }
                    do {
                        let r = try session.post(page, Self.activityForm(title))
                        tally.lock.withLock {
                            if r.status == 303 { tally.acknowledged.append(title) } else { tally.refused.append((title, r.status)) }
                        }
                    } catch {
                        // The server is gone: this write may or may not have committed.
                        tally.lock.withLock { tally.cut += 1 }
                        return
                    }
                }
            }
        }
        let giveUp = Date().addingTimeInterval(120)
        while tally.lock.withLock({ tally.acknowledged.count < killAfter && tally.cut == 0 }), Date() < giveUp { usleep(2_000) }
        #expect(tally.lock.withLock { tally.acknowledged.count } >= killAfter, "writes were acknowledged before the kill")
        server.stop(SIGKILL)
        group.wait()
        #expect(server.process.terminationReason == .uncaughtSignal && server.process.terminationStatus == SIGKILL)
        #expect(tally.refused.isEmpty, "no write refused before the kill: \(tally.refused)")
        #expect(tally.cut == 4, "each writer saw the connection go")

        try Self.checkSound(ws)
        let (activities, audit) = try Self.recorded(ws)
        for title in tally.acknowledged {
            let a = try #require(activities[title], "acknowledged write \(title) is in the database")
            let id = "\(a["id"] as? Int ?? -1)"
            #expect(audit[id]?.count == 1, "\(title) has its one audit entry")
        }
        // Whatever else was written is whole: every activity of the test has its audit entry
        // and all of its fields; no audit entry names a missing activity.
        let ours = activities.filter { $0.key.hasPrefix("Panne ") }
        #expect(ours.count >= tally.acknowledged.count && ours.count <= tally.sent)
        for (title, a) in ours {
            let id = "\(a["id"] as? Int ?? -1)"
            #expect(audit[id]?.count == 1, "\(title) written with its audit entry")
            #expect(a["date"] as? String == "2026-12-01" && a["description"] as? String == "Écrit pendant un test de panne.")
            #expect(a["domains"] as? [String] == ["4"] && a["status"] as? String == "planned")
            let after = audit[id]?.first?["after"] as? String ?? ""
            #expect(after.contains("\"title\":\"\(title)\""), "the audit entry records the same activity")
        }
        let ids = Set(ours.values.map { "\($0["id"] as? Int ?? -1)" })
        let orphans = audit.filter { entry in
            entry.value.contains { ($0["agreement"] as? String) == Self.agreement && (($0["after"] as? String) ?? "").contains("\"title\":\"Panne ") }
        }.keys.filter { !ids.contains($0) }
        #expect(orphans.isEmpty, "no audit entry without its activity: \(orphans)")

        // The same workspace serves again, with the writes in its list.
        let again = try LiveServer(workspace: ws)
        defer { again.stop() }
        var s2 = try WebSession.open(port: again.port, login: Self.login, password: Self.password, landing: page)
        let list = try s2.get(page)
        #expect(list.status == 200)
        let r = try s2.post(page, Self.activityForm("Après le redémarrage"))
        #expect(r.status == 303)
    }

    /// Another process holds SQLite's write lock longer than the busy timeout: the person
    /// gets a 503 page saying so in words (no stack, no path), nothing is written; reads go
    /// on (WAL); once the lock goes, the same server takes the same write.
    @Test func lockedDatabaseGivesAClearErrorAndTheSameServerRecovers() throws {
        let ws = try Self.workspace()
        let db = ws.appendingPathComponent(".entente/entente.sqlite")
        let server = try LiveServer(workspace: ws, env: ["ENTENTE_BUSY_TIMEOUT": "1"])
        defer { server.stop() }
        let page = "/agreements/\(Self.agreement)/activities"
        var session = try WebSession.open(port: server.port, login: Self.login, password: Self.password, landing: page)
        let first = try session.post(page, Self.activityForm("Avant le verrou"))
        #expect(first.status == 303)

        // A second process takes the write lock and holds it until its standard input closes.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            c.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.read()
            c.execute("ROLLBACK")
            """, db.path]
        let toHolder = Pipe(), fromHolder = Pipe()
        holder.standardInput = toHolder
        holder.standardOutput = fromHolder
        try holder.run()
        let said = String(decoding: fromHolder.fileHandleForReading.availableData, as: UTF8.self)
        try #require(said.contains("locked"), "the other process holds the lock")
        let before = try CLI.dump(db)

        let refused = try session.post(page, Self.activityForm("Pendant le verrou"))
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "5")
        #expect(refused.body.contains("La base de données est occupée par un autre programme depuis trop longtemps"), "\(refused.body)")
        #expect(refused.body.contains("rien n&#39;a été écrit"), "the apostrophe escaped as the pages escape it")
        #expect(refused.body.contains("<html lang=\"fr\""))
        #expect(!refused.body.contains(db.path) && !refused.body.contains("/tmp/") && !refused.body.contains("DatabaseError"))
        // In English for a person who chose English.
        let english = try HTTP.request(port: server.port, "POST", page,
                                       headers: [("Cookie", (session.cookieHeader.first?.1 ?? "") + "; lang=en"),
                                                 ("Content-Type", "application/x-www-form-urlencoded")],
                                       body: HTTP.formEncode(Self.activityForm("Pendant le verrou") + [("_csrf", session.token)]))
        #expect(english.status == 503)
        #expect(english.body.contains("The database has been busy with another program for too long"), "\(english.body)")
        // Reads do not wait for the writer (write-ahead log).
        let read = try session.get(page)
        #expect(read.status == 200)
        #expect(try CLI.dump(db) == before, "nothing written while locked")

        try toHolder.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        let accepted = try session.post(page, Self.activityForm("Pendant le verrou"))
        #expect(accepted.status == 303, "the same server writes once the lock is gone")
        try Self.checkSound(ws)
        let (activities, audit) = try Self.recorded(ws)
        let a = try #require(activities["Pendant le verrou"])
        #expect(audit["\(a["id"] as? Int ?? -1)"]?.count == 1)
        #expect(server.process.isRunning)
        #expect(server.log.contains("request refused: busy"))
    }

    /// A full disk (a 4 MiB tmpfs holding the workspace, filled to its last 64 KiB) during
    /// `entente import` of an agreement and during a CSV import of 3,000 activities: each is
    /// refused with a message saying the disk is full and that nothing was written; the
    /// database is sound and holds exactly what it held; with space freed the same commands
    /// succeed. Mounting needs root (CAP_SYS_ADMIN): outside CI a machine without it skips,
    /// in CI (`CI` set) that is a failure.
    @Test func fullDiskRefusesImportsWholeAndNothingIsHalfWritten() throws {
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("entente-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: mountPoint) }
        let mount = try Self.tool("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.path])
        guard mount.status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                Issue.record("cannot mount a small tmpfs (needs root): \(mount.stderr)")
            }
            return
        }
        defer { _ = try? Self.tool("/usr/bin/env", ["umount", "-l", mountPoint.path]) }
        let ws = mountPoint.appendingPathComponent("ws")
        try FileManager.default.createDirectory(at: ws.appendingPathComponent("agreements"), withIntermediateDirectories: true)
        let db = ws.appendingPathComponent(".entente/entente.sqlite")
        let ontario = CLI.agreementsFolder.appendingPathComponent("quebec-ontario-2008.xml").path
        let poleEmploi = CLI.agreementsFolder.appendingPathComponent("quebec-pole-emploi-2022.xml").path
        #expect(try CLI.run(["--workspace", ws.path, "import", ontario]).status == 0)
        let filler = mountPoint.appendingPathComponent("filler")

        /// Fills the filesystem but for `room` bytes.
        func fill(leaving room: Int) throws {
            var st = statvfs()
            guard statvfs(mountPoint.path, &st) == 0 else { throw HTTP.Failure(what: "statvfs: errno \(errno)") }
            let free = Int(st.f_bavail) * Int(st.f_frsize)
            let size = max(0, (free - room) / 4096 * 4096)
            FileManager.default.createFile(atPath: filler.path, contents: nil)
            let h = try FileHandle(forWritingTo: filler)
            // Written, not truncated: tmpfs counts only pages actually used.
            let block = Data(repeating: 0x2e, count: 4096)
            for _ in 0..<(size / 4096) { h.write(block) }
            try h.close()
        }

        // An agreement.
        let before = try CLI.dump(db)
        try fill(leaving: 64 * 1024)
        let refused = try CLI.run(["--workspace", ws.path, "import", poleEmploi])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("The disk is full") && refused.stderr.contains("nothing was written"), "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("0 imported, 1 failed."))
        let refusedFR = try CLI.run(["--workspace", ws.path, "import", "--lang", "fr", poleEmploi])
        #expect(refusedFR.stderr.contains("Le disque est plein") && refusedFR.stderr.contains("rien n'a été écrit"), "\(refusedFR.stderr)")
        try FileManager.default.removeItem(at: filler)
        #expect(try CLI.dump(db) == before, "nothing of the refused import is in the database")
        try Self.checkSound(ws)

        // A CSV file of activities (all rows or none).
        var csv = "title,description,start,domains,status\n"
        for i in 0..<3000 {
            csv += "Atelier \(i),Compte rendu de l'atelier \(i) \(String(repeating: "x", count: 200)),2025-01-15,4,planned\n"
        }
        let csvFile = FileManager.default.temporaryDirectory.appendingPathComponent("entente-full-\(UUID().uuidString).csv")
        try csv.write(to: csvFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: csvFile) }
        #expect(try CLI.run(["--workspace", ws.path, "import", poleEmploi]).status == 0)
        let beforeCSV = try CLI.dump(db)
        try fill(leaving: 64 * 1024)
        let refusedCSV = try CLI.run(["--workspace", ws.path, "activity", "import", Self.agreement, csvFile.path])
        #expect(refusedCSV.status != 0)
        #expect(refusedCSV.stderr.contains("The disk is full") && refusedCSV.stderr.contains("nothing was written"), "\(refusedCSV.stdout)\(refusedCSV.stderr)")
        try FileManager.default.removeItem(at: filler)
        #expect(try CLI.dump(db) == beforeCSV, "no row of the refused CSV import is in the database")
        try Self.checkSound(ws)

        // Space again: the same import goes through whole.
        let accepted = try CLI.run(["--workspace", ws.path, "activity", "import", Self.agreement, csvFile.path])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("3000 activities imported"))
    }

    static func tool(_ path: String, _ args: [String]) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
