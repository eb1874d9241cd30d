import EntenteCore
@testable import EntenteDocx
@testable import EntenteReports
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The reports as people get them: each Word document opened by LibreOffice and turned into a
/// PDF, and each HTML report printed by headless Chromium; the text read back with pdftotext.
/// The words checked are the report's own: every activity title its HTML shows, and its period.
@Suite struct PrintedReportTests {
    static let cases = DocxTests.cases

    /// What a report must show on paper: the titles of the fixture's activities that its HTML
    /// page shows, and the period's dates when the page gives them.
    static func expected(_ kind: ReportKind, _ input: ReportInput) async throws -> (titles: [String], period: [String]) {
        let html = try await DocxTests.html(kind, input)
        let page = try XMLDocument(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        let text = Tools.collapse(try DocxTests.values(page, "//*[local-name()='body']//text()").joined())
        let titles = input.history.activities.map(\.title).filter { text.contains(Tools.collapse($0)) }
        let period = [input.from.long(input.language), input.to.long(input.language)]
        return (titles, period.allSatisfy(text.contains) ? period : [])
    }

    /// The fixture shows activities and periods where the reports are meant to: the checks
    /// below are not vacuous.
    @Test func theExpectationsAreNotEmpty() async throws {
        for lang in Language.allCases {
            let biennial = try await Self.expected(.biennial, ReportFixture.input(lang, for: .biennial))
            let inPeriod = ReportFixture.input(lang).history.activities.filter { $0.start <= day("2024-12-31") && ($0.end ?? $0.start) >= day("2023-01-01") }
            #expect(biennial.titles.count == inPeriod.count && inPeriod.count >= 4)
            #expect(biennial.period.count == 2)
            #expect(try await !Self.expected(.plan, ReportFixture.input(lang, for: .plan)).period.isEmpty)
            #expect(try await !Self.expected(.progress, ReportFixture.input(lang, for: .progress)).titles.isEmpty)
            #expect(try await !Self.expected(.noticeLetter, ReportFixture.input(lang, for: .noticeLetter)).titles.isEmpty)
        }
    }

    /// Every `.docx` opens in LibreOffice: converted to PDF headlessly, each holds every
    /// activity title and the period; so does a report whose activity title is full of `<`, `&`
    /// and quotation marks, and a report written with a reference document that LibreOffice
    /// itself saved.
    @Test(.enabled(if: Tools.available("libreoffice", "pdftotext"), "LibreOffice or pdftotext absent (apt-get install libreoffice-writer poppler-utils)"))
    func everyWordReportOpensInLibreOffice() async throws {
        let office = try Tools.require("libreoffice", package: "libreoffice-writer")
        let dir = try ReportFixture.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A writable profile of its own: LibreOffice refuses to start without one.
        let env = ["HOME": dir]
        let profile = "-env:UserInstallation=file://\(dir)/profile"

        // A reference document saved by LibreOffice (from plain text to .docx).
        try "Modèle\n".write(toFile: "\(dir)/modele.txt", atomically: true, encoding: .utf8)
        let made = try Tools.run(office, [profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", "\(dir)/ref", "\(dir)/modele.txt"], environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        let reference = try WordReference(path: "\(dir)/ref/modele.docx")

        var documents: [(file: String, input: ReportInput, kind: ReportKind, extra: [String])] = []
        for (kind, lang) in Self.cases {
            documents.append(("\(kind.rawValue).\(lang.rawValue)", ReportFixture.input(lang, for: kind), kind, []))
        }
        var nasty = ReportFixture.input(.fr)
        nasty.history.activities[0].title = "Atelier <IA> & données « ouvertes » \"v2\" l'été"
        nasty.history.activities[0].start = day("2023-06-01")
        nasty.history.activities[0].status = .done
        documents.append(("nasty", nasty, .biennial, ["Atelier <IA> & données « ouvertes » \"v2\" l'été"]))
        var files: [String] = []
        for d in documents {
            let file = "\(dir)/\(d.file).docx"
            let html = try await DocxTests.html(d.kind, d.input)
            try WordReport.docx(html: html, language: d.input.language, options: DocxOptions(created: DocxTests.created)).write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        let referenced = "\(dir)/with-reference.docx"
        try WordReport.docx(html: try await DocxTests.html(.biennial, ReportFixture.input(.en)), language: .en,
                            options: DocxOptions(created: DocxTests.created, reference: reference)).write(to: URL(fileURLWithPath: referenced))
        documents.append(("with-reference", ReportFixture.input(.en), .biennial, []))
        files.append(referenced)

        let r = try Tools.run(office, [profile, "--headless", "--convert-to", "pdf", "--outdir", "\(dir)/pdf"] + files, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        for d in documents {
            let pdf = "\(dir)/pdf/\(d.file).pdf"
            guard FileManager.default.fileExists(atPath: pdf) else { Issue.record("LibreOffice wrote no \(pdf): \(r.stdout) \(r.stderr)"); continue }
            let text = try Tools.pdfText(pdf)
            let (titles, period) = try await Self.expected(d.kind, d.input)
            for t in titles + period + d.extra {
                #expect(text.contains(Tools.collapse(t)), "\(d.file): \(t)")
            }
        }
    }

    /// The Chromium PDF of every report holds every activity title and the period, carries the
    /// report's title and "page / pages" at the foot of every page, is tagged, and passes
    /// `qpdf --check`.
    @Test(.enabled(if: Tools.available("chromium", "pdftotext", "pdfinfo", "qpdf"), "chromium, poppler-utils or qpdf absent (apt-get install chromium poppler-utils qpdf)"))
    func chromiumPrintsEveryReport() async throws {
        _ = try Tools.require("chromium", package: "chromium")
        let qpdf = try Tools.require("qpdf", package: "qpdf")
        let pdfinfo = try Tools.require("pdfinfo", package: "poppler-utils")
        let printer = try ChromiumPrinter.find()
        let dir = try ReportFixture.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (kind, lang) in Self.cases {
            let input = ReportFixture.input(lang, for: kind)
            let html = try await DocxTests.html(kind, input)
            let file = "\(dir)/\(kind.rawValue).\(lang.rawValue).pdf"
            try printer.pdf(html: html).write(to: URL(fileURLWithPath: file))
            let text = try Tools.pdfText(file)
            let (titles, period) = try await Self.expected(kind, input)
            for t in titles + period { #expect(text.contains(Tools.collapse(t)), "\(kind) \(lang): \(t)") }

            let info = try Tools.run(pdfinfo, [file]).stdout
            let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
            #expect(pages >= 1)
            #expect(info.contains("Tagged:          yes"), "\(kind) \(lang): a tagged PDF")
            let title = try HTMLReader.title(html: html)
            for page in 1...max(1, pages) {
                #expect(text.contains("\(page) / \(pages)") || text.contains("\(page)/\(pages)"), "\(kind) \(lang): page \(page) of \(pages)")
            }
            let footers = text.components(separatedBy: Tools.collapse(title)).count - 1
            #expect(footers >= pages, "\(kind) \(lang): the title on every page (\(footers) for \(pages) pages)")
            let check = try Tools.run(qpdf, ["--check", file])
            #expect(check.status == 0, "\(kind) \(lang): qpdf --check: \(check.stdout) \(check.stderr)")
        }
    }

    @Test func withoutChromiumTheMessageNamesThePackage() throws {
        do {
            _ = try ChromiumPrinter.find(environment: ["PATH": "/nonexistent"])
            Issue.record("found a Chromium in an empty PATH")
        } catch let e as DocxError {
            #expect(e == .chromiumMissing(tried: ChromiumPrinter.candidates))
            #expect(e.message(.fr).contains("paquet Debian « chromium » (apt-get install chromium)"))
            #expect(e.message(.en).contains("Debian package 'chromium' (apt-get install chromium)"))
        }
        #expect(throws: DocxError.chromiumMissing(tried: ["/nonexistent/chromium"])) {
            try ChromiumPrinter.find(environment: ["ENTENTE_CHROMIUM": "/nonexistent/chromium"])
        }
        #expect(try ChromiumPrinter.find(environment: ["ENTENTE_CHROMIUM": "/bin/true"]).executable == "/bin/true")
    }

    /// A program that exits without writing a PDF is reported with its status, not taken for one.
    @Test func aPrinterThatWritesNothingIsAnError() throws {
        do {
            _ = try ChromiumPrinter(executable: "/bin/false").pdf(html: "<html><head><title>x</title></head><body>x</body></html>")
            Issue.record("no PDF, no error")
        } catch let e as DocxError {
            guard case .chromiumFailed(let exe, let status, _) = e else { Issue.record("\(e)"); return }
            #expect(exe == "/bin/false" && status == 1)
        }
    }

    @Test func theFooterTitleIsACSSStringThatCannotCloseTheStyle() throws {
        #expect(CSSString.quoted("Plan d'action — A&B") == "\"Plan d'action — A&B\"")
        #expect(CSSString.quoted("a\"b\\c</style>\nd") == "\"a\\22 b\\5C c\\3C /style\\3E \\A d\"")
        let page = try ChromiumPrinter.printable(html: "<html><head><title>R &amp; D &lt;/style&gt;</title></head><body>x</body></html>")
        #expect(page.contains("@bottom-left { content: \"R & D \\3C /style\\3E \";"))
        #expect(page.range(of: "</style>\n</head>") != nil)
        #expect(page.components(separatedBy: "</style>").count == 2)
        #expect(page.contains("counter(page) \" / \" counter(pages)"))
    }
}
