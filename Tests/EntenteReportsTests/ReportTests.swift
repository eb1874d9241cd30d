import EntenteCore
@testable import EntenteReports
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct ReportTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    static let update = ProcessInfo.processInfo.environment["ENTENTE_UPDATE_GOLDEN"] == "1"

    static let cases: [(ReportKind, Language, ReportFormat)] = ReportKind.allCases.flatMap { k in
        [Language.fr, .en].flatMap { l in [ReportFormat.markdown, .html].map { (k, l, $0) } }
    }

    /// Every report, both languages, both formats, against its golden file.
    @Test(arguments: cases)
    func matchesItsGoldenFile(_ kind: ReportKind, _ lang: Language, _ format: ReportFormat) async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let out = try renderer.render(kind, format: format, input: ReportFixture.input(lang))
        let path = "\(Self.goldenDir)/\(kind.rawValue).\(lang.rawValue).\(format.fileExtension)"
        if Self.update {
            try FileManager.default.createDirectory(atPath: Self.goldenDir, withIntermediateDirectories: true)
            try out.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(out == golden, "differs from \(path); regenerate with ENTENTE_UPDATE_GOLDEN=1 after checking the change")
    }

    @Test(arguments: ReportKind.allCases)
    func htmlIsWellFormedAndStandalone(_ kind: ReportKind) async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        for lang in Language.allCases {
            let html = try renderer.render(kind, format: .html, input: ReportFixture.input(lang))
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<html lang=\"\(lang.rawValue)\">"))
            #expect(!html.contains("http://") && !html.contains("https://"), "no network resources")
            // A real XML parser: the page is well-formed (XHTML-compatible).
            let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            let doc = try XMLDocument(data: Data(body.utf8))
            #expect(doc.rootElement()?.name == "html")
        }
    }

    @Test func userTextIsEscaped() async throws {
        var input = ReportFixture.input(.en)
        input.history.activities[0].title = "<script>alert('x')</script> & \"quotes\" *bold* [link](http://x)"
        input.history.activities[0].start = day("2023-06-01")
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let html = try renderer.render(.biennial, format: .html, input: input)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        let md = try renderer.render(.biennial, format: .markdown, input: input)
        #expect(!md.contains("<script>"))
        #expect(md.contains("\\*bold\\*"))
        #expect(md.contains("\\[link\\]"))
    }

    @Test func anEmptyPeriodSaysSoPlainly() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let fr = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.fr, from: "2019-01-01", to: "2020-12-31"))
        #expect(fr.contains("Aucune activité n'a été consignée du 1er janvier 2019 au 31 décembre 2020."))
        let en = try renderer.render(.biennial, format: .html, input: ReportFixture.input(.en, from: "2019-01-01", to: "2020-12-31"))
        #expect(en.contains("No activity was recorded from January 1, 2019 to December 31, 2020."))
    }

    @Test func partyNamesFollowTheReportPeriod() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let before = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.fr, from: "2023-01-01", to: "2023-12-31"))
        #expect(before.contains("Pôle emploi") && !before.contains("France Travail"))
        let after = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.fr, from: "2024-01-01", to: "2025-12-31"))
        #expect(after.contains("France Travail"))
    }

    @Test func aWorkspaceTemplateOverridesOneFileAndAMissingKeyIsNamed() async throws {
        let dir = try ReportFixture.tempDir()
        try "Custom {{title}} for {{agreement.id}}\n".write(toFile: "\(dir)/plan.md.mustache", atomically: true, encoding: .utf8)
        var renderer = try await ReportRenderer(workspaceTemplatesDirectory: dir)
        #expect(try renderer.render(.plan, format: .markdown, input: ReportFixture.input(.en)) == "Custom Biennial action plan for quebec-pole-emploi-2022\n")
        // The others stay built in.
        #expect(try renderer.render(.plan, format: .html, input: ReportFixture.input(.en)).hasPrefix("<!DOCTYPE html>"))
        try "Line one\n{{#activities}}\n{{title}} {{nonsense}}\n{{/activities}}\n".write(toFile: "\(dir)/biennial.md.mustache", atomically: true, encoding: .utf8)
        renderer = try await ReportRenderer(workspaceTemplatesDirectory: dir)
        do {
            _ = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.en))
            Issue.record("a missing key rendered silently")
        } catch let e as TemplateError {
            let m = e.message(.en)
            #expect(m.contains("biennial.md.mustache:3:"), "\(m)")
            #expect(m.contains("nonsense"))
        }
    }

    @Test func aBrokenTemplateIsReportedWithItsPosition() async throws {
        let dir = try ReportFixture.tempDir()
        try "ok\n{{#section}}\nnever closed\n".write(toFile: "\(dir)/progress.md.mustache", atomically: true, encoding: .utf8)
        do {
            _ = try await ReportRenderer(workspaceTemplatesDirectory: dir)
            Issue.record("a broken template loaded")
        } catch let e as TemplateError {
            #expect(e.message(.en).contains("progress.md.mustache"))
        }
    }

    @Test func noticeLetterCitesTheClauseAndTheProjectsToComplete() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let fr = try renderer.render(.noticeLetter, format: .markdown, input: ReportFixture.input(.fr))
        #expect(fr.contains("article 9"))
        #expect(fr.contains("6 mois"))
        #expect(fr.contains("1er juin 2027"))
        #expect(fr.contains("Analyse partagée"))
    }
}
