import Foundation
import Testing

/// `entente convert` and `entente extract`, run as a user runs them.
@Suite("convert and extract, end to end")
struct IntakeEndToEndTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/EntenteIntakeTests/Fixtures")
    static let asOf = ["--as-of", "2023-01-01"]

    /// Deadlines as (kind, due, source) triples.
    static func deadlines(_ ws: URL, _ id: String) throws -> [String] {
        let r = try CLI.run(["--workspace", ws.path, "deadlines", "--agreement", id, "--format", "json", "--to", "2031-01-01"] + asOf)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try CLI.json(r.stdout) as? [[String: Any]])
        return rows.map { "\($0["kind"] ?? "")|\($0["due"] ?? "")|\($0["source"] ?? "")" }
    }

    @Test("seed 003: convert, import, extract --write: the deadlines are those of the hand-encoded file; version 1 stays readable")
    func seedToDeadlines() throws {
        let ws = try CLI.workspace(withAgreements: false)
        let out = ws.appendingPathComponent("agreements/quebec-pole-emploi-2022.xml")
        let conv = try CLI.run(["convert", Self.fixtures.appendingPathComponent("seed-003-quebec-pole-emploi.txt").path,
                                "--id", "quebec-pole-emploi-2022", "--output", out.path] + Self.asOf)
        #expect(conv.status == 0, "\(conv.stderr)")
        #expect(conv.stderr.contains("Pdle") || !FileManager.default.fileExists(atPath: "/usr/share/dict/french"))

        let json = try CLI.run(["--workspace", ws.path, "extract", "quebec-pole-emploi-2022", "--format", "json"] + Self.asOf)
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try CLI.json(json.stdout) as? [String: Any])
        let proposals = try #require(doc["proposals"] as? [[String: Any]])
        #expect(proposals.allSatisfy { $0.keys.contains("source") && $0.keys.contains("quote") })
        #expect(proposals.contains { ($0["kind"] as? String) == "firstMeeting" && ($0["source"] as? String) == "art_4__para_5" })

        let text = try CLI.run(["--workspace", ws.path, "--lang", "fr", "extract", "quebec-pole-emploi-2022"] + Self.asOf)
        #expect(text.stdout.contains("autre lecture : après la première signature"))

        let write = try CLI.run(["--workspace", ws.path, "extract", "quebec-pole-emploi-2022", "--write"] + Self.asOf)
        #expect(write.status == 0, "\(write.stderr)")
        #expect(write.stderr.contains("new text version 2"))
        let v1 = try CLI.run(["--workspace", ws.path, "export", "quebec-pole-emploi-2022", "--version", "1"])
        #expect(v1.status == 0)
        #expect(!v1.stdout.contains("ent:firstMeeting"))
        let v2 = try CLI.run(["--workspace", ws.path, "export", "quebec-pole-emploi-2022"])
        #expect(v2.stdout.contains("ent:firstMeeting"))
        let history = try CLI.run(["--workspace", ws.path, "history", "--agreement", "quebec-pole-emploi-2022"])
        #expect(history.stdout.contains("quebec-pole-emploi-2022@2"))

        let hand = try CLI.workspace(withAgreements: true)
        #expect(try Self.deadlines(ws, "quebec-pole-emploi-2022") == Self.deadlines(hand, "quebec-pole-emploi-2022"))
    }

    @Test("seed 000: after extract --write, the progress reports to the Coordination Committee are tracked as in the hand file")
    func seed000() throws {
        let ws = try CLI.workspace(withAgreements: false)
        let out = ws.appendingPathComponent("agreements/quebec-ontario-2008.xml")
        let conv = try CLI.run(["convert", Self.fixtures.appendingPathComponent("seed-000-quebec-ontario.txt").path,
                                "--id", "quebec-ontario-2008", "--output", out.path] + Self.asOf)
        #expect(conv.status == 0, "\(conv.stderr)")
        #expect(conv.stderr.contains("no signature block"))
        let write = try CLI.run(["--workspace", ws.path, "extract", "quebec-ontario-2008", "--write"] + Self.asOf)
        #expect(write.status == 0, "\(write.stderr)")
        let show = try CLI.run(["--workspace", ws.path, "show", "quebec-ontario-2008", "--format", "json"] + Self.asOf)
        #expect(show.stdout.contains("progressReport") || show.stdout.contains("progress-report"))
        #expect(show.stdout.contains("comite-coordination"))
    }

    @Test("refusals: an empty file, a text without article, a fake .docx: exit 1, a message naming what was found, no output file")
    func refusals() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cases: [(String, String, String)] = [
            ("empty.txt", "\n \n", "empty file"),
            ("memo.txt", "Note au ministre\n\nLe budget est adopté.\n", "no article found"),
            ("fake.docx", "not a zip at all", "not a zip archive"),
        ]
        for (name, content, message) in cases {
            let input = dir.appendingPathComponent(name)
            try Data(content.utf8).write(to: input)
            let output = dir.appendingPathComponent(name + ".xml")
            let r = try CLI.run(["convert", input.path, "--output", output.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }
}
