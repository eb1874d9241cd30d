import Foundation
import Testing

/// The contract of cli.md's "Service boundary": parse errors exit 1, global options anywhere.
@Suite struct ServiceBoundaryTests {
    @Test func parseErrorsExitOneWithAMessage() throws {
        let dir = try CLI.workspace()
        for args in [["statu"], ["show"], ["notice", "quebec-pole-emploi-2022", "--given"], ["--bogus", "status"],
                     ["activity", "add", "quebec-pole-emploi-2022", "--title"], ["deadlines", "--format", "pdf"]] {
            let r = try CLI.run(["--workspace", dir.path] + args)
            #expect(r.status == 1, "\(args): exit \(r.status)")
            #expect(!r.stderr.isEmpty && r.stdout.isEmpty, "\(args)")
            #expect(!r.stderr.hasPrefix("usage error: Error:"), "\(args): \(r.stderr)")
        }
        let fr = try CLI.run(["--workspace", dir.path, "statu"], env: ["LANG": "fr_CA.UTF-8"])
        #expect(fr.status == 1 && fr.stderr.contains("erreur de syntaxe"))
        let help = try CLI.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("--workspace"))
    }

    @Test func globalOptionsAreAcceptedBeforeBetweenAndAfterCommandNames() throws {
        let dir = try CLI.workspace()
        let w = dir.path
        let forms: [[String]] = [
            ["--workspace", w, "--as-of", "2026-11-22", "--lang", "en", "activity", "list", "quebec-pole-emploi-2022", "--format", "json"],
            ["activity", "--workspace", w, "--as-of", "2026-11-22", "list", "--lang", "en", "quebec-pole-emploi-2022", "--format", "json"],
            ["activity", "list", "quebec-pole-emploi-2022", "--format", "json", "--workspace", w, "--lang", "en", "--as-of", "2026-11-22"],
            ["--workspace=\(w)", "activity", "list", "quebec-pole-emploi-2022", "--as-of=2026-11-22", "--format", "json"],
        ]
        var outputs: Set<String> = []
        for args in forms {
            let r = try CLI.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            outputs.insert(r.stdout)
        }
        #expect(outputs.count == 1)
        let notice = try CLI.run(["--as-of", "2026-11-22", "notice", "quebec-pole-emploi-2022", "--given", "2025-08-31",
                                  "--format", "json", "--workspace", w])
        #expect(notice.status == 0, "\(notice.stderr)")
        #expect(notice.stdout.contains("2026-02-28"))
    }

    /// Core's rule, applied once by the service: a copy cannot go to the Commission before the
    /// report is approved (the store's own check used to accept it when no approval was given).
    @Test func aBiennialReportCopiedBeforeApprovalIsRefusedEndToEnd() throws {
        let dir = try CLI.workspace()
        let w = ["--workspace", dir.path, "--as-of", "2026-11-22", "--lang", "en"]
        let refused = try CLI.run(["biennial", "quebec-pole-emploi-2022", "--from", "2022-11-07", "--to", "2024-11-06",
                                   "--copy-sent", "2025-01-15"] + w)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("copy-sent") && refused.stderr.contains("approved"))
        let history = try CLI.run(["history", "--entity", "biennial-report", "--format", "json"] + w)
        #expect(history.status == 0 && history.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        let ok = try CLI.run(["biennial", "quebec-pole-emploi-2022", "--from", "2022-11-07", "--to", "2024-11-06",
                              "--approved", "2024-12-10", "--copy-sent", "2025-01-15"] + w)
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
