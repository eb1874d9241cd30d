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

    /// Parses a page with a real XML parser: the HTML is written to be well-formed XML too.
    static func xml(_ html: String) throws -> XMLDocument {
        try XMLDocument(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
    }

    /// Every report, both languages, both formats, against its golden file.
    @Test(arguments: cases)
    func matchesItsGoldenFile(_ kind: ReportKind, _ lang: Language, _ format: ReportFormat) async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let out = try renderer.render(kind, format: format, input: ReportFixture.input(lang, for: kind))
        let path = "\(Self.goldenDir)/\(kind.rawValue).\(lang.rawValue).\(format.fileExtension)"
        if Self.update {
            try FileManager.default.createDirectory(atPath: Self.goldenDir, withIntermediateDirectories: true)
            try out.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(out == golden, "differs from \(path); regenerate with ENTENTE_UPDATE_GOLDEN=1 after checking the change")
    }

    /// Long activity lists are rendered on every core, the section's text as a template of
    /// its own: forced here from the first activity, the biennial reports must still be
    /// their golden files byte for byte.
    @Test(arguments: cases.filter { $0.0 == .biennial })
    func theActivityListRenderedOnEveryCoreIsTheSameText(_ kind: ReportKind, _ lang: Language, _ format: ReportFormat) async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let input = ReportFixture.input(lang, for: kind)
        let source = try #require(renderer.sources[ReportRenderer.templateName(kind, lang, format)])
        #expect(ListSplit(source: source.text) != nil, "the built-in template should take the split path")
        let split = try renderer.render(kind, format: format, input: input, splitAt: 1)
        #expect(split == (try renderer.render(kind, format: format, input: input, splitAt: .max)))
        let golden = try String(contentsOfFile: "\(Self.goldenDir)/\(kind.rawValue).\(lang.rawValue).\(format.fileExtension)", encoding: .utf8)
        #expect(split == golden)
    }

    @Test func templatesThatCannotBeSplitRenderAsUsual() {
        #expect(ListSplit(source: "a {{#activities}}{{title}}{{/activities}}\n") == nil) // tags inline
        #expect(ListSplit(source: "{{#activities}}\n{{.}}\n{{/activities}}\n") == nil)    // the element itself
        #expect(ListSplit(source: "{{#activities}}\n- {{title}}\n{{/activities}}") == nil)  // no line after the section
        let ok = ListSplit(source: "{{%CONTENT_TYPE: TEXT}}\n# T\n{{#activities}}\n- {{title}}\n{{/activities}}\nend\n")
        #expect(ok?.inner == "{{%CONTENT_TYPE: TEXT}}- {{title}}\n")
        #expect(ok?.outer == "{{%CONTENT_TYPE: TEXT}}\n# T\n{{{__entente_rows}}}\nend\n")
    }

    @Test(arguments: ReportKind.allCases)
    func htmlIsWellFormedStandaloneAndPrintable(_ kind: ReportKind) async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        for lang in Language.allCases {
            let html = try renderer.render(kind, format: .html, input: ReportFixture.input(lang, for: kind))
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\""))
            #expect(html.contains("<meta charset=\"utf-8\" />"))
            #expect(html.contains("@media print"))
            for outside in ["http://", "https://", "src=", "<link", "@import", "url(", "<script"] where outside != "http://" {
                #expect(!html.contains(outside), "no outside resource or script: \(outside)")
            }
            #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/1999/xhtml\"", with: "").contains("http://"))
            let doc = try Self.xml(html)
            #expect(doc.rootElement()?.name == "html")
            #expect(try doc.nodes(forXPath: "/*/@lang").first?.stringValue == lang.rawValue)
            let title = try doc.nodes(forXPath: "//*[local-name()='title']").first?.stringValue ?? ""
            #expect(title.contains("—"))
            // No unrendered tag.
            #expect(!html.contains("{{") && !html.contains("}}"))
        }
    }

    @Test func userTextIsEscapedInHTMLAndHarmlessInMarkdown() async throws {
        var input = ReportFixture.input(.en)
        let nasty = "<script>&\"' *bold* [link](http://x) | cell _x_ `code` &amp; ~~no~~"
        input.history.activities[0].title = nasty
        input.history.activities[0].start = day("2023-06-01")
        input.history.activities[0].status = .done
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let html = try renderer.render(.biennial, format: .html, input: input)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;&amp;&quot;&#39; *bold*"))
        // Read back through the XML parser, the text is exactly what the user typed.
        let doc = try Self.xml(html)
        let strong = try doc.nodes(forXPath: "//*[local-name()='strong']").compactMap(\.stringValue)
        #expect(strong.contains(nasty))
        let md = try renderer.render(.biennial, format: .markdown, input: input)
        #expect(!md.contains("<script>"))
        #expect(md.contains("- **\\<script\\>&\"' \\*bold\\* \\[link\\](http://x) \\| cell \\_x\\_ \\`code\\` \\&amp; \\~\\~no\\~\\~** —"))
        // Table rows keep their number of cells.
        for row in md.split(separator: "\n") where row.hasPrefix("| ") {
            let cells = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(cells >= 3)
        }
    }

    @Test func markdownTablesHaveAsManyCellsAsTheirHeader() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        for (kind, lang, format) in Self.cases where format == .markdown {
            let md = try renderer.render(kind, format: .markdown, input: ReportFixture.input(lang, for: kind))
            var width: Int?
            for row in md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                guard row.hasPrefix("|") else { width = nil; continue }
                let n = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
                if let w = width { #expect(n == w, "\(kind) \(lang): \(row)") } else { width = n }
            }
        }
    }

    @Test func anEmptyPeriodSaysSoPlainly() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        for format in [ReportFormat.markdown, .html] {
            let fr = try renderer.render(.biennial, format: format, input: ReportFixture.input(.fr, from: "2019-01-01", to: "2020-12-31"))
            #expect(fr.contains("Aucune activité n'a été consignée du 1er janvier 2019 au 31 décembre 2020."))
            let en = try renderer.render(.biennial, format: format, input: ReportFixture.input(.en, from: "2019-01-01", to: "2020-12-31"))
            #expect(en.contains("No activity was recorded from January 1, 2019 to December 31, 2020."))
        }
        var empty = ReportFixture.input(.fr)
        empty.history = AgreementHistory()
        empty.meeting = nil
        let md = try renderer.render(.biennial, format: .markdown, input: empty)
        #expect(md.contains("Aucune activité n'a été consignée du 1er janvier 2023 au 31 décembre 2024."))
        empty.language = .en
        let progress = try renderer.render(.progress, format: .markdown, input: empty)
        #expect(progress.contains("No activity was recorded from January 1, 2023 to December 31, 2024."))
    }

    /// With nothing recorded every list is empty: the check still knows the keys inside them,
    /// and every report renders.
    @Test(arguments: cases)
    func everyReportRendersWithAnEmptyHistory(_ kind: ReportKind, _ lang: Language, _ format: ReportFormat) async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        var input = ReportFixture.input(lang)
        input.history = AgreementHistory()
        input.deadlines = []
        input.meeting = nil
        input.notice = nil
        let out = try renderer.render(kind, format: format, input: input)
        #expect(!out.isEmpty)
        if format == .html { _ = try Self.xml(out) }
    }

    @Test func partyNamesFollowTheReportPeriod() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let before = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.fr, from: "2023-01-01", to: "2023-12-31"))
        #expect(before.contains("Pôle emploi") && !before.contains("France Travail"))
        let after = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.fr, from: "2024-01-01", to: "2025-12-31"))
        #expect(after.contains("France Travail") && !after.contains("Pôle emploi"))
    }

    @Test func progressReportCoversWhatHappenedSinceThePreviousOne() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let md = try renderer.render(.progress, format: .markdown, input: ReportFixture.input(.fr, for: .progress))
        #expect(md.contains("## Activités depuis le rapport d'étape précédent (29 mai 2026)"))
        #expect(md.contains("**Pour la réunion du\u{00A0}:** 21 janvier 2027"))
        #expect(md.contains("**Destinataire\u{00A0}:** Comité de coordination"))
        // Before the previous report: left out; overlapping the window: listed.
        #expect(!md.contains("visite d'échange entre agences"))
        #expect(md.contains("Analyse partagée"))
        // Open deadlines, the missed one first.
        #expect(md.contains("- 14 novembre 2026 — Réunion semestrielle"))
        // Without a previous report: from the start of the period.
        var input = ReportFixture.input(.en, for: .progress)
        input.history.progressReports = []
        let en = try renderer.render(.progress, format: .markdown, input: input)
        #expect(en.contains("## Activities since January 1, 2025"))
    }

    @Test func biennialReportCoversEveryPart() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let md = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.en))
        for part in ["## Assessment by domain", "## Activities", "## Action plan and achievements", "## Means of action used",
                     "## Costs by party", "each party bears the costs of its own participants", "## Deadlines in the period",
                     "## Meetings held", "working-group meetings: 3", "| 4. aux projets numériques et à l'IA | 1 | 0 | 0 |",
                     "| France Travail | 4,200.00\u{00A0}EUR |", "met late on", "Commission permanente de coopération franco-québécoise"] {
            #expect(md.contains(part), "\(part)")
        }
    }

    @Test func aWorkspaceTemplateOverridesOneFileOnly() async throws {
        let dir = try ReportFixture.tempDir()
        try "Custom {{agreement.id}}\n".write(toFile: "\(dir)/plan.en.md.mustache", atomically: true, encoding: .utf8)
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: dir)
        #expect(try renderer.render(.plan, format: .markdown, input: ReportFixture.input(.en)) == "Custom quebec-pole-emploi-2022\n")
        // The other language and the other format stay built in.
        #expect(try renderer.render(.plan, format: .markdown, input: ReportFixture.input(.fr)).hasPrefix("# Plan d'action biennal"))
        #expect(try renderer.render(.plan, format: .html, input: ReportFixture.input(.en)).hasPrefix("<!DOCTYPE html>"))
        // A missing folder is fine.
        _ = try await ReportRenderer(workspaceTemplatesDirectory: dir + "/nowhere")
    }

    @Test func aMissingKeyIsNamedWithItsFileAndLine() async throws {
        let dir = try ReportFixture.tempDir()
        for (text, line, key) in [
            ("Line one\n{{#activities}}\n{{title}} {{nonsense}}\n{{/activities}}\n", 3, "nonsense"),
            ("{{! a comment\nover two lines }}\n{{^isEmpty}}\n\n{{titel}}\n{{/isEmpty}}\n", 5, "titel"),
            ("{{#cancelled}}{{title}}{{/cancelled}}\n{{#cancelled}}\n{{colour}}{{/cancelled}}\n", 3, "colour"),
            ("{{agreement.title}} {{agreement.nom}}\n", 1, "agreement.nom"),
            ("{{{raw}}}\n", 1, "raw"),
            ("{{& amp }}\n", 1, "amp"),
        ] {
            try text.write(toFile: "\(dir)/biennial.fr.md.mustache", atomically: true, encoding: .utf8)
            let renderer = try await ReportRenderer(workspaceTemplatesDirectory: dir)
            do {
                _ = try renderer.render(.biennial, format: .markdown, input: ReportFixture.input(.fr))
                Issue.record("a missing key rendered silently: \(text)")
            } catch let e as TemplateError {
                guard case .missingKey(let template, let l, let k, let available) = e else { Issue.record("\(e)"); continue }
                #expect(!available.isEmpty && !available.contains(k))
                #expect(template == "\(dir)/biennial.fr.md.mustache")
                #expect(l == line, "\(text)")
                #expect(k == key)
                #expect(e.message(.fr).hasPrefix("\(dir)/biennial.fr.md.mustache:\(line): la variable « \(key) »"))
                #expect(e.message(.en).hasPrefix("\(dir)/biennial.fr.md.mustache:\(line): variable '\(key)'"))
            }
        }
        // A partial that does not exist, and a key missing inside a partial: named in the partial's file.
        try "A\n{{> _absent}}\n".write(toFile: "\(dir)/biennial.fr.md.mustache", atomically: true, encoding: .utf8)
        do {
            _ = try await ReportRenderer(workspaceTemplatesDirectory: dir).render(.biennial, format: .markdown, input: ReportFixture.input(.fr))
            Issue.record("a missing partial rendered silently")
        } catch let e as TemplateError {
            #expect(e.message(.en).hasPrefix("\(dir)/biennial.fr.md.mustache:2: partial '_absent'"))
        }
        try "{{> _part}}\n".write(toFile: "\(dir)/biennial.fr.md.mustache", atomically: true, encoding: .utf8)
        try "ok\n{{#domains}}{{num}} {{numero}}{{/domains}}\n".write(toFile: "\(dir)/_part.mustache", atomically: true, encoding: .utf8)
        do {
            _ = try await ReportRenderer(workspaceTemplatesDirectory: dir).render(.biennial, format: .markdown, input: ReportFixture.input(.fr))
            Issue.record("a key missing in a partial rendered silently")
        } catch let e as TemplateError {
            #expect(e.message(.en).hasPrefix("\(dir)/_part.mustache:2: variable 'numero'"))
        }
    }

    @Test func aBrokenTemplateIsReportedWithItsPosition() async throws {
        let dir = try ReportFixture.tempDir()
        try "ok\n{{#section}}\nnever closed\n".write(toFile: "\(dir)/progress.en.md.mustache", atomically: true, encoding: .utf8)
        do {
            _ = try await ReportRenderer(workspaceTemplatesDirectory: dir)
            Issue.record("a broken template loaded")
        } catch let e as TemplateError {
            guard case .parse(let t, let line, let column, _) = e else { Issue.record("\(e)"); return }
            #expect(t == "\(dir)/progress.en.md.mustache")
            #expect(line >= 2 && column >= 1)
            #expect(e.message(.en).hasPrefix("\(dir)/progress.en.md.mustache:\(line):\(column): invalid Mustache template"))
        }
    }

    @Test func aWorkspaceFileThatReplacesNothingIsRefused() async throws {
        let dir = try ReportFixture.tempDir()
        // The old naming without a language would silently do nothing.
        try "x\n".write(toFile: "\(dir)/biennial.md.mustache", atomically: true, encoding: .utf8)
        do {
            _ = try await ReportRenderer(workspaceTemplatesDirectory: dir)
            Issue.record("an unknown template name was accepted")
        } catch let e as TemplateError {
            #expect(e.message(.fr).contains("biennial.md.mustache"))
            #expect(e.message(.en).contains("biennial.fr.md.mustache"))
        }
    }

    @Test func everyBuiltInTemplateExists() throws {
        let dir = try #require(ReportRenderer.builtInDirectory)
        for name in ReportRenderer.templateNames {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(name).mustache"), "\(name)")
        }
        #expect(ReportRenderer.templateNames.count == 16)
    }

    @Test func noticeLetterCitesTheClauseAndTheProjectsToComplete() async throws {
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: nil)
        let fr = try renderer.render(.noticeLetter, format: .markdown, input: ReportFixture.input(.fr))
        #expect(fr.contains("Conformément à l'article 9 de l'Entente visant la coopération dans le domaine de l'emploi, signée le 7 novembre 2022, Gouvernement du Québec vous donne par la présente un préavis écrit de 6 mois"))
        #expect(fr.contains("L'entente prendra fin le 1er juin 2027."))
        #expect(fr.contains("À\u{00A0}: France Travail"))
        #expect(fr.contains("- Analyse partagée"))
        let en = try renderer.render(.noticeLetter, format: .html, input: ReportFixture.input(.en))
        #expect(en.contains("hereby gives you written notice of 6 months"))
        #expect(en.contains("June 1, 2027"))
    }
}
