import Foundation
import Testing

/// The cases of shared/cases/clauses (copied into Fixtures/clauses), answered as their README
/// states as of 2026-11-29, through the built binary.
@Suite(.serialized) struct ClauseCasesTests {
    let asOf = ["--as-of", "2026-11-29"]
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/EntenteCLITests/Fixtures/clauses")

    /// A workspace holding the seeds and one case (or a text made from it).
    func ws(_ name: String, text: String? = nil) throws -> [String] {
        let dir = try CLI.workspace()
        let target = dir.appendingPathComponent("agreements/\(name).xml")
        if let text { try text.write(to: target, atomically: true, encoding: .utf8) } else {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("\(name).xml"), to: target)
        }
        return ["--workspace", dir.path]
    }

    func object(_ r: Run) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try CLI.json(r.stdout) as? [String: Any])
    }

    @Test func withdrawalCountsFromReceipt() throws {
        let w = try ws("case-withdrawal-after-receipt")
        let id = "case-withdrawal-after-receipt"
        let given = try object(try CLI.run(["notice", id, "--given", "2026-12-01", "--format", "json"] + w + asOf))
        #expect(given["countsFrom"] as? String == "receipt")
        #expect((given["rule"] as? String)?.contains("receipt") == true)
        #expect((given["provisional"] as? String)?.isEmpty == false)
        let text = try CLI.run(["notice", id, "--given", "2026-12-01", "--lang", "fr"] + w + asOf)
        #expect(text.stdout.contains("réception"), "\(text.stdout)")
        // Not the amendment clause's "ninety days notice".
        #expect((given["notice"] as? [String: Any])?["unit"] as? String == "year")
        let recorded = try object(try CLI.run(["notice", "record", id, "--party", "p1", "--sent", "2026-12-01", "--received", "2026-12-22",
                                               "--format", "json"] + w + asOf))
        #expect(recorded["effectiveEnd"] as? String == "2027-12-22")
        #expect(recorded["countsFrom"] as? String == "receipt")
        let show = try object(try CLI.run(["show", id, "--format", "json"] + w + asOf))
        #expect(show["state"] as? String == "in-force") // the notice is sent on 1 December
        let sent = try object(try CLI.run(["show", id, "--format", "json", "--as-of", "2027-12-22"] + w))
        #expect(sent["state"] as? String == "terminating")
        let ended = try object(try CLI.run(["show", id, "--format", "json", "--as-of", "2027-12-23"] + w))
        #expect(ended["state"] as? String == "terminated")
        #expect(show["entryIntoForce"] as? String == "2021-03-15")
        #expect((show["term"] as? [String: Any])?["kind"] as? String == "indefinite")
    }

    @Test func fixedTermWithTacitRenewal() throws {
        let w = try ws("case-fixed-term-renewal")
        let id = "case-fixed-term-renewal"
        let given = try object(try CLI.run(["notice", id, "--given", "2026-12-01", "--format", "json"] + w + asOf))
        #expect(given["earliestTermination"] as? String == "2031-05-02")
        #expect(given["countsFrom"] as? String == "sending")
        let rule = try #require(given["rule"] as? String)
        #expect(rule.contains("non-renewal") && rule.contains("in force on that day"))
        let latest = try object(try CLI.run(["notice", id, "--terminate-on", "2031-05-02", "--format", "json"] + w + asOf))
        #expect(latest["latestNoticeDate"] as? String == "2030-11-02")
        let dayLater = try object(try CLI.run(["notice", id, "--given", "2030-11-03", "--format", "json"] + w + asOf))
        #expect(dayLater["earliestTermination"] as? String == "2041-05-02")
        let show = try object(try CLI.run(["show", id, "--format", "json"] + w + asOf))
        let term = try #require(show["term"] as? [String: Any])
        #expect(term["kind"] as? String == "fixed")
        #expect(term["ends"] as? String == "2031-05-02")
        #expect((term["renewal"] as? [String: Any])?["length"] as? Int == 10)
        #expect((term["renewal"] as? [String: Any])?["unit"] as? String == "year")
        #expect(term["source"] as? String == "art_2__para_1")
        #expect((term["quote"] as? String)?.contains("fifteen years") == true)
        #expect(show["state"] as? String == "in-force")
        // Not treated as notice at any time: never "ends June 1, 2027".
        let text = try CLI.run(["show", id, "--lang", "en"] + w + asOf)
        #expect(!text.stdout.contains("June 1, 2027"))
        #expect(text.stdout.contains("May 2, 2031"))
        let deadlines = try CLI.run(["deadlines", "--agreement", id, "--format", "json"] + w + asOf)
        #expect(deadlines.stdout.contains("\"non-renewal-notice\"") && deadlines.stdout.contains("2030-11-02"))
    }

    @Test func entryIntoForceDeferred() throws {
        let w = try ws("case-entry-into-force-deferred")
        let id = "case-entry-into-force-deferred"
        let show = try object(try CLI.run(["show", id, "--format", "json"] + w + asOf))
        #expect(show["entryIntoForce"] as? String == "2027-01-01")
        #expect(show["state"] as? String == "signed")
        let text = try CLI.run(["show", id, "--lang", "en"] + w + asOf)
        #expect(!text.stdout.contains("no entry-into-force clause"))
        #expect(text.stdout.contains("not yet in force"))
        #expect(text.stdout.contains("January 1, 2027"))
        let status = try CLI.run(["status", "--lang", "fr"] + w + asOf)
        #expect(status.stdout.contains("pas encore en vigueur"))
        let later = try object(try CLI.run(["show", id, "--format", "json", "--as-of", "2027-01-01"] + w))
        #expect(later["state"] as? String == "in-force")
    }

    /// Entry into force on the last notification: waits for the event users record.
    @Test func entryIntoForceOnARecordedEvent() throws {
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent("case-entry-into-force-deferred.xml"), encoding: .utf8)
        let text = source.replacingOccurrences(
            of: "le premier jour du deuxième mois suivant la date de la dernière signature",
            with: "le premier jour du mois suivant la date de réception de la dernière des notifications par lesquelles les Parties s'informent de l'accomplissement de leurs procédures internes")
        #expect(text != source)
        let w = try ws("case-entry-into-force-deferred", text: text)
        let id = "case-entry-into-force-deferred"
        let before = try object(try CLI.run(["show", id, "--format", "json"] + w + asOf))
        #expect(before["entryIntoForce"] is NSNull)
        #expect(before["state"] as? String == "signed")
        let early = try CLI.run(["in-force", id, "--on", "2026-10-01"] + w + asOf)
        #expect(early.status != 0)
        #expect(early.stderr.contains("2026-11-10"))
        let recorded = try object(try CLI.run(["in-force", id, "--on", "2027-02-10", "--received", "2027-02-15", "--format", "json"] + w + asOf))
        #expect(recorded["entryIntoForce"] as? String == "2027-03-01")
        let after = try object(try CLI.run(["show", id, "--format", "json", "--as-of", "2027-03-01"] + w))
        #expect(after["entryIntoForce"] as? String == "2027-03-01")
        #expect(after["state"] as? String == "in-force")
        let history = try CLI.run(["history", "--agreement", id] + w + asOf)
        #expect(history.stdout.contains("entry-into-force-event"), "\(history.stdout)")
    }
}
