import Foundation
import Testing

/// The `entente` binary end to end: arguments in, output and exit status out.
@Suite(.serialized) struct EndToEndTests {
    let asOf = ["--as-of", "2026-11-22"]

    func ws() throws -> (URL, [String]) {
        let dir = try CLI.workspace()
        return (dir, ["--workspace", dir.path])
    }

    @Test func statusShowsBothAgreementsUnderCurrentNames() throws {
        let (_, w) = try ws()
        let r = try CLI.run(["status"] + w + asOf + ["--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("quebec-ontario-2008"))
        #expect(r.stdout.contains("quebec-pole-emploi-2022"))
        #expect(r.stdout.contains("France Travail"))
        // Notice given on 2026-11-22 → six months later.
        #expect(r.stdout.contains("May 22, 2027"))
        let fr = try CLI.run(["status"] + w + asOf + ["--lang", "fr"])
        #expect(fr.stdout.contains("22 mai 2027"))
        #expect(fr.stdout.contains("Tableau de bord"))
    }

    @Test func showPoleEmploiReportsTheSignedFacts() throws {
        let (_, w) = try ws()
        let r = try CLI.run(["show", "quebec-pole-emploi-2022", "--format", "json"] + w + asOf)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect(o["entryIntoForce"] as? String == "2022-11-07")
        let sigs = try #require(o["signatures"] as? [[String: Any]])
        #expect(sigs.count == 2)
        let quebec = try #require(sigs.first { ($0["date"] as? String) == "2022-06-22" })
        #expect(quebec["signatory"] as? String == "Carole Arav")
        #expect((quebec["place"] as? String)?.contains("Québec") == true)
        let paris = try #require(sigs.first { ($0["date"] as? String) == "2022-11-07" })
        #expect(paris["signatory"] as? String == "Jean Bassères")
        #expect(paris["place"] as? String == "Paris")
        #expect((o["domains"] as? [Any])?.count == 7)
        #expect((o["meansOfAction"] as? [Any])?.count == 5)
        let notice = try #require(o["notice"] as? [String: Any])
        #expect(notice["length"] as? Int == 6)
        #expect(notice["unit"] as? String == "month")
        #expect((notice["source"] as? String)?.hasPrefix("art_9") == true)
        let bodies = try #require(o["bodies"] as? [[String: Any]])
        #expect(bodies.contains { $0["kind"] as? String == "joint-committee" && $0["coordinatorsPerParty"] as? Int == 1 })
        #expect(bodies.contains { $0["kind"] as? String == "working-group" })
        let parties = try #require(o["parties"] as? [[String: Any]])
        #expect(parties.contains { $0["name"] as? String == "France Travail" })
        // Before the renaming, the same party is Pôle emploi.
        let old = try CLI.run(["show", "quebec-pole-emploi-2022", "--format", "json"] + w + ["--as-of", "2023-06-01"])
        let oldParties = try #require((try CLI.json(old.stdout) as? [String: Any])?["parties"] as? [[String: Any]])
        #expect(oldParties.contains { $0["name"] as? String == "Pôle emploi" })
    }

    @Test func showQuebecOntarioHasNestedDomainsAndTheOutsideCommittee() throws {
        let (_, w) = try ws()
        let r = try CLI.run(["show", "quebec-ontario-2008", "--format", "json"] + w + asOf)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect((o["parties"] as? [Any])?.count == 2)
        let domains = try #require(o["domains"] as? [[String: Any]])
        #expect(domains.map { $0["num"] as? String } == ["2.1", "2.2", "2.3", "2.4"])
        func count(_ list: [[String: Any]]) -> Int {
            list.reduce(0) { $0 + 1 + count(($1["items"] as? [[String: Any]]) ?? []) }
        }
        // 4 domains + 3 items and 4 sub-items under 2.1 + 3 + 2 + 2.
        #expect(count(domains) == 18)
        let notice = try #require(o["notice"] as? [String: Any])
        #expect(notice["length"] as? Int == 6)
        #expect(notice["source"] as? String == "art_4__para_2")
        let bodies = try #require(o["bodies"] as? [[String: Any]])
        #expect(bodies.contains { $0["kind"] as? String == "coordination-committee" })
        #expect(o["entryIntoForce"] is NSNull)
        let sigs = try #require(o["signatures"] as? [[String: Any]])
        #expect(sigs.allSatisfy { $0["signatory"] is NSNull })
        #expect(sigs.allSatisfy { $0["date"] as? String == "2008-06-02" })
    }

    @Test func noticeArithmeticBothWays() throws {
        let (_, w) = try ws()
        let given = try CLI.run(["notice", "quebec-pole-emploi-2022", "--given", "2025-08-31", "--format", "json"] + w + asOf)
        #expect(given.status == 0, "\(given.stderr)")
        let g = try #require(try CLI.json(given.stdout) as? [String: Any])
        #expect(g["earliestTermination"] as? String == "2026-02-28")
        #expect((g["notice"] as? [String: Any])?["length"] as? Int == 6)
        let back = try CLI.run(["notice", "quebec-pole-emploi-2022", "--terminate-on", "2026-02-28", "--format", "json"] + w + asOf)
        let b = try #require(try CLI.json(back.stdout) as? [String: Any])
        #expect(b["latestNoticeDate"] as? String == "2025-08-31")
        let bad = try CLI.run(["notice", "quebec-pole-emploi-2022", "--given", "2025-02-30"] + w + asOf)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("2025-02-30"))
    }

    @Test func deadlinesAsICalendarKeepTheirUIDs() throws {
        let (_, w) = try ws()
        let a = try CLI.run(["deadlines", "--format", "ics"] + w + asOf)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(a.stdout.contains("DTSTART;VALUE=DATE:"))
        let b = try CLI.run(["deadlines", "--format", "ics"] + w + asOf)
        func uids(_ s: String) -> [String] { s.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") } }
        #expect(!uids(a.stdout).isEmpty)
        #expect(uids(a.stdout) == uids(b.stdout))
        let json = try CLI.run(["deadlines", "--format", "json", "--agreement", "quebec-pole-emploi-2022"] + w + asOf)
        let list = try #require(try CLI.json(json.stdout) as? [[String: Any]])
        let first = try #require(list.first { $0["kind"] as? String == "first-joint-committee-meeting" })
        #expect(first["due"] as? String == "2024-11-07")
        for d in list { for k in ["agreement", "kind", "title", "due", "status", "source"] { #expect(d[k] != nil, "missing \(k)") } }
    }

    @Test func hostileXMLIsRefusedWithPositionAndNothingStored() throws {
        let (dir, w) = try ws()
        #expect(try CLI.run(["status"] + w + asOf).status == 0)
        let db = dir.appendingPathComponent(".entente/entente.sqlite")
        let before = try CLI.dump(db)
        let bad = dir.appendingPathComponent("bad.xml")
        try Data("<?xml version=\"1.0\"?>\n<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n  <doc name=\"agreement\">\n    <meta>\n</akomaNtoso>\n".utf8).write(to: bad)
        let r = try CLI.run(["import", bad.path] + w + asOf)
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.xml:5:"), "\(r.stderr)")
        let xxe = dir.appendingPathComponent("xxe.xml")
        try Data("<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">&x;</akomaNtoso>\n".utf8).write(to: xxe)
        let x = try CLI.run(["import", xxe.path, "--format", "json"] + w + asOf)
        #expect(x.status != 0)
        #expect(!x.stdout.contains("root:"))
        #expect(!x.stderr.contains("root:"))
        let akn2 = dir.appendingPathComponent("old.xml")
        try Data("<akomaNtoso xmlns=\"http://www.akomantoso.org/2.0\"><act/></akomaNtoso>".utf8).write(to: akn2)
        let o = try CLI.run(["import", akn2.path] + w + asOf)
        #expect(o.status != 0)
        #expect(o.stderr.contains("http://www.akomantoso.org/2.0"))
        #expect(try CLI.dump(db) == before)
    }

    @Test func importJSONAndReimportChangesNothing() throws {
        let (dir, w) = try ws()
        let r = try CLI.run(["import", CLI.agreementsFolder.path, "--format", "json"] + w + asOf)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect((o["imported"] as? [[String: Any]])?.count == 2)
        #expect((o["failed"] as? [Any])?.isEmpty == true)
        let db = dir.appendingPathComponent(".entente/entente.sqlite")
        let before = try CLI.dump(db)
        _ = try CLI.run(["import", CLI.agreementsFolder.path] + w + asOf)
        #expect(try CLI.dump(db) == before)
    }

    @Test func exportRoundTripsAndValidates() throws {
        let (dir, w) = try ws()
        for id in ["quebec-ontario-2008", "quebec-pole-emploi-2022"] {
            let out = dir.appendingPathComponent("\(id)-export.xml")
            let r = try CLI.run(["export", id, "--output", out.path] + w + asOf)
            #expect(r.status == 0, "\(r.stderr)")
            let original = try String(contentsOf: CLI.agreementsFolder.appendingPathComponent("\(id).xml"), encoding: .utf8)
            #expect(try String(contentsOf: out, encoding: .utf8) == original)
            // Re-importing the export into a new workspace gives the same agreement.
            let other = try CLI.workspace(withAgreements: false)
            let imp = try CLI.run(["import", out.path, "--format", "json", "--workspace", other.path] + asOf)
            #expect(imp.status == 0, "\(imp.stderr)")
            let a = try CLI.run(["show", id, "--format", "json"] + w + asOf)
            let b = try CLI.run(["show", id, "--format", "json", "--workspace", other.path] + asOf)
            // Same agreement, whatever workspace it went through (warnings name the file's path).
            var ja = try #require(try CLI.json(a.stdout) as? [String: Any]), jb = try #require(try CLI.json(b.stdout) as? [String: Any])
            ja["warnings"] = nil
            jb["warnings"] = nil
            #expect(NSDictionary(dictionary: ja).isEqual(to: jb))
            if let xsd = CLI.officialSchema, FileManager.default.fileExists(atPath: "/usr/bin/xmllint") {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
                p.arguments = ["--noout", "--nonet", "--schema", xsd, out.path]
                p.standardError = Pipe()
                try p.run(); p.waitUntilExit()
                #expect(p.terminationStatus == 0)
            }
        }
    }

    @Test func rejectedActivityChangesNothing() throws {
        let (dir, w) = try ws()
        let ok = try CLI.run(["activity", "add", "quebec-pole-emploi-2022", "--title", "Vidéoconférence", "--date", "2025-02-03",
                              "--domain", "4", "--format", "json"] + w + asOf)
        #expect(ok.status == 0, "\(ok.stderr)")
        let db = dir.appendingPathComponent(".entente/entente.sqlite")
        let before = try CLI.dump(db)
        let cases: [[String]] = [
            ["activity", "add", "nope", "--title", "x", "--date", "2025-01-01"],
            ["activity", "add", "quebec-pole-emploi-2022", "--title", "x", "--date", "2025-01-01", "--domain", "9"],
            ["activity", "add", "quebec-pole-emploi-2022", "--title", "x", "--date", "2025-01-05", "--end", "2025-01-01"],
            ["activity", "add", "quebec-pole-emploi-2022", "--title", "x", "--date", "2025-13-01"],
            ["activity", "add", "quebec-pole-emploi-2022", "--title", "x", "--date", "2025-01-01", "--cost", "-5 CAD pole-emploi"],
            ["activity", "add", "quebec-pole-emploi-2022", "--title", "x", "--date", "2025-01-01", "--party", "ontario"],
        ]
        for args in cases {
            let r = try CLI.run(args + w + asOf)
            #expect(r.status != 0, "accepted: \(args)")
            #expect(!r.stderr.isEmpty)
        }
        #expect(try CLI.dump(db) == before)
        let list = try CLI.run(["activity", "list", "quebec-pole-emploi-2022", "--format", "json"] + w + asOf)
        let items = try #require(try CLI.json(list.stdout) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["domains"] as? [String] == ["4"])
        #expect(items.first?["date"] as? String == "2025-02-03")
    }

    @Test func eightParallelWritersLoseNothing() async throws {
        let (_, w) = try ws()
        #expect(try CLI.run(["status"] + w + asOf).status == 0)
        let writers = 8, each = 5
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for p in 0..<writers {
                group.addTask {
                    var worst: Int32 = 0
                    for i in 0..<each {
                        let r = try CLI.run(["activity", "add", "quebec-pole-emploi-2022", "--title", "writer \(p) entry \(i)",
                                             "--date", "2025-03-0\(i + 1)", "--user", "writer\(p)"] + w + ["--as-of", "2026-11-22"])
                        worst = max(worst, r.status)
                    }
                    return worst
                }
            }
            for try await status in group { #expect(status == 0) }
        }
        let list = try CLI.run(["activity", "list", "quebec-pole-emploi-2022", "--format", "json"] + w + asOf)
        let items = try #require(try CLI.json(list.stdout) as? [[String: Any]])
        #expect(items.count == writers * each)
        let history = try CLI.run(["history", "--entity", "activity", "--limit", "1000", "--format", "json"] + w + asOf)
        let entries = try #require(try CLI.json(history.stdout) as? [[String: Any]])
        #expect(entries.filter { $0["action"] as? String == "add" }.count == writers * each)
    }

    @Test func killedWriterLeavesTheDatabaseConsistent() throws {
        let (dir, w) = try ws()
        #expect(try CLI.run(["status"] + w + asOf).status == 0)
        // A CSV import of many rows is one transaction: kill it part-way, then check.
        var csv = "id,title,description,start,end,domains,means,parties,participants,costs,status,outcomes,plan_item\n"
        for i in 0..<20000 { csv += ",Activité \(i),,2025-01-01,,4,,,,,planned,,\n" }
        let file = dir.appendingPathComponent("many.csv")
        try Data(csv.utf8).write(to: file)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["activity", "import", "quebec-pole-emploi-2022", file.path] + w + asOf
        p.standardOutput = Pipe(); p.standardError = Pipe()
        try p.run()
        usleep(300_000)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let check = try CLI.run(["check"] + w + asOf)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let list = try CLI.run(["activity", "list", "quebec-pole-emploi-2022", "--format", "json"] + w + asOf)
        let n = try #require(try CLI.json(list.stdout) as? [Any]).count
        #expect(n == 0 || n == 20000, "partial import: \(n)")
    }

    @Test func biennialReportRendersInBothLanguagesAndFormats() throws {
        let demo = FileManager.default.temporaryDirectory.appendingPathComponent("entente-demo-\(UUID().uuidString)")
        let d = try CLI.run(["demo", demo.path, "--agreements", CLI.agreementsFolder.path] + asOf)
        #expect(d.status == 0, "\(d.stderr)")
        let w = ["--workspace", demo.path]
        for lang in ["fr", "en"] {
            let md = try CLI.run(["report", "biennial", "quebec-pole-emploi-2022", "--from", "2023-01-01", "--to", "2024-12-31",
                                  "--format", "md", "--lang", lang] + w + asOf)
            #expect(md.status == 0, "\(md.stderr)")
            #expect(md.stdout.contains("Mission"))
            let html = try CLI.run(["report", "biennial", "quebec-pole-emploi-2022", "--from", "2023-01-01", "--to", "2024-12-31",
                                    "--format", "html", "--lang", lang] + w + asOf)
            #expect(html.stdout.contains("<html lang=\"\(lang)\""))
        }
        let status = try CLI.run(["status"] + w + asOf)
        #expect(status.stdout.contains("France Travail"))
        let check = try CLI.run(["check"] + w + asOf)
        #expect(check.status == 0)
    }
}

@Suite struct RecordsEndToEndTests {
    let asOf = ["--as-of", "2026-11-22"]

    @Test func coordinationCommitteeMeetingsDriveProgressReports() throws {
        let dir = try CLI.workspace()
        let w = ["--workspace", dir.path]
        let before = try CLI.run(["status", "--lang", "en"] + w + asOf)
        #expect(before.stdout.contains("no meeting of the"))
        let m = try CLI.run(["meeting", "add", "quebec-ontario-2008", "--body", "comite-coordination", "--date", "2027-01-21"] + w + asOf)
        #expect(m.status == 0, "\(m.stderr)")
        let json = try CLI.run(["deadlines", "--agreement", "quebec-ontario-2008", "--format", "json"] + w + asOf)
        let list = try #require(try CLI.json(json.stdout) as? [[String: Any]])
        let due = try #require(list.first { $0["kind"] as? String == "progress-report-before-meeting" })
        #expect(due["due"] as? String == "2027-01-20")
        #expect(due["status"] as? String == "due-soon")
        let bad = try CLI.run(["meeting", "add", "quebec-ontario-2008", "--body", "cabinet", "--date", "2027-01-21"] + w + asOf)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("comite-coordination"))
    }

    @Test func recordingANoticeMovesTheAgreementToTerminating() throws {
        let dir = try CLI.workspace()
        let w = ["--workspace", dir.path]
        let short = try CLI.run(["notice", "record", "quebec-pole-emploi-2022", "--party", "pole-emploi", "--sent", "2026-12-01", "--end", "2027-01-31"] + w + asOf)
        #expect(short.status != 0, "a notice shorter than six months was accepted")
        let r = try CLI.run(["notice", "record", "quebec-pole-emploi-2022", "--party", "pole-emploi", "--sent", "2026-12-01", "--format", "json"] + w + asOf)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect(o["effectiveEnd"] as? String == "2027-06-01")
        let show = try CLI.run(["show", "quebec-pole-emploi-2022", "--format", "json", "--as-of", "2027-01-15"] + w)
        #expect((try CLI.json(show.stdout) as? [String: Any])?["state"] as? String == "terminating")
        let later = try CLI.run(["show", "quebec-pole-emploi-2022", "--format", "json", "--as-of", "2027-06-02"] + w)
        #expect((try CLI.json(later.stdout) as? [String: Any])?["state"] as? String == "terminated")
        let letter = try CLI.run(["report", "notice-letter", "quebec-pole-emploi-2022", "--format", "md", "--lang", "fr"] + w + asOf)
        #expect(letter.stdout.contains("1er juin 2027"), "\(letter.stderr)")
    }

    @Test func badGlobalOptionsAreClearErrors() throws {
        let dir = try CLI.workspace()
        let r = try CLI.run(["--workspace", dir.path, "--as-of", "2026-02-30", "status"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("2026-02-30"))
        let l = try CLI.run(["--workspace", dir.path, "--lang", "de", "status"])
        #expect(l.status == 1)
        #expect(l.stderr.contains("fr, en"))
    }
}
