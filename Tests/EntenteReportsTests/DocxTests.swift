import EntenteCore
@testable import EntenteDocx
@testable import EntenteReports
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation

/// Word reports: the XML parts against golden files, the package, user text, the workspace's
/// reference document.
@Suite struct DocxTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/docx").path
    static let update = ProcessInfo.processInfo.environment["ENTENTE_UPDATE_GOLDEN"] == "1"
    /// 2026-11-22T14:30:00Z, the fixture's as-of day: the injected creation date.
    static let created = Date(timeIntervalSince1970: 1_795_357_800)
    static let cases: [(ReportKind, Language)] = ReportKind.allCases.flatMap { k in [Language.fr, .en].map { (k, $0) } }

    static func html(_ kind: ReportKind, _ input: ReportInput) async throws -> String {
        try await ReportRenderer(workspaceTemplatesDirectory: nil).render(kind, format: .html, input: input)
    }

    static func parts(_ kind: ReportKind, _ input: ReportInput, reference: WordReference? = nil) async throws -> [String: Data] {
        let list = try WordReport.parts(html: try await html(kind, input), language: input.language,
                                        options: DocxOptions(created: created, creator: "Comité mixte", reference: reference))
        return Dictionary(list.map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
    }

    static func xml(_ data: Data) throws -> XMLDocument { try XMLDocument(data: data) }

    static func values(_ doc: XMLDocument, _ xpath: String) throws -> [String] {
        try doc.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
    }

    /// Every character but white space, in order: what "the same words in the same order" means
    /// across HTML's and Word's different ways of separating blocks.
    static func ink(_ s: String) -> String { String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }

    // MARK: - Golden files

    /// document.xml and core.xml for each kind and language, styles.xml for each language,
    /// footer1.xml where the report has a footer.
    @Test(arguments: cases)
    func xmlPartsMatchTheirGoldenFiles(_ kind: ReportKind, _ lang: Language) async throws {
        let parts = try await Self.parts(kind, ReportFixture.input(lang, for: kind))
        var files = [("word/document.xml", "\(kind.rawValue).\(lang.rawValue).document.xml"),
                     ("docProps/core.xml", "\(kind.rawValue).\(lang.rawValue).core.xml"),
                     ("word/styles.xml", "styles.\(lang.rawValue).xml")]
        if parts["word/footer1.xml"] != nil { files.append(("word/footer1.xml", "\(kind.rawValue).\(lang.rawValue).footer.xml")) }
        for (part, file) in files {
            let data = try #require(parts[part], "\(part)")
            let path = "\(Self.goldenDir)/\(file)"
            if Self.update {
                try FileManager.default.createDirectory(atPath: Self.goldenDir, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: path))
            }
            let golden = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data == golden, "\(part) differs from \(path); regenerate with ENTENTE_UPDATE_GOLDEN=1 after checking the change")
        }
    }

    // MARK: - What the document holds

    /// The Word document says what the HTML page says, word for word and in order (the footer
    /// apart, which goes into the page footer), with the HTML's headings as Word headings and
    /// its table header rows repeated.
    @Test(arguments: cases)
    func theDocumentSaysWhatTheHTMLSays(_ kind: ReportKind, _ lang: Language) async throws {
        let input = ReportFixture.input(lang, for: kind)
        let page = try XMLDocument(data: Data(try await Self.html(kind, input).replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        let parts = try await Self.parts(kind, input)
        let doc = try Self.xml(try #require(parts["word/document.xml"]))

        let bodyText = try Self.values(page, "//*[local-name()='body']//text()[not(ancestor::*[local-name()='footer'])]").joined()
        let wordText = try Self.values(doc, "//*[local-name()='body']//*[local-name()='t']").joined()
        #expect(Self.ink(wordText) == Self.ink(bodyText))

        for level in 1...3 {
            let html = try page.nodes(forXPath: "//*[local-name()='h\(level)']").count
            let word = try doc.nodes(forXPath: "//*[local-name()='pStyle'][@*[local-name()='val']='Heading\(level)']").count
            #expect(word == html, "h\(level)")
        }
        #expect(try doc.nodes(forXPath: "//*[local-name()='pStyle'][@*[local-name()='val']='Heading2']").count
                    == (try page.nodes(forXPath: "//*[local-name()='h2']").count))
        let tables = try page.nodes(forXPath: "//*[local-name()='table']").count
        #expect(try doc.nodes(forXPath: "//*[local-name()='tbl']").count == tables)
        #expect(try doc.nodes(forXPath: "//*[local-name()='tbl']/*[local-name()='tr'][1]/*[local-name()='trPr']/*[local-name()='tblHeader']").count == tables)

        let footer = try Self.values(page, "//*[local-name()='footer']//text()").joined()
        if !footer.isEmpty {
            let words = try Self.values(try Self.xml(try #require(parts["word/footer1.xml"])), "//*[local-name()='t']").joined()
            #expect(Self.ink(words).hasPrefix(Self.ink(footer)))
            let fields = try Self.values(try Self.xml(try #require(parts["word/footer1.xml"])), "//@*[local-name()='instr']")
            #expect(fields.map { $0.trimmingCharacters(in: .whitespaces) } == ["PAGE \\* MERGEFORMAT", "NUMPAGES \\* MERGEFORMAT"])
        }
    }

    @Test(arguments: Language.allCases)
    func theLanguageAndCorePropertiesAreSet(_ lang: Language) async throws {
        let tag = lang == .fr ? "fr-CA" : "en-CA"
        let parts = try await Self.parts(.biennial, ReportFixture.input(lang))
        let styles = try Self.xml(try #require(parts["word/styles.xml"]))
        #expect(try Self.values(styles, "//*[local-name()='docDefaults']//*[local-name()='lang']/@*[local-name()='val']") == [tag])
        let settings = try Self.xml(try #require(parts["word/settings.xml"]))
        #expect(try Self.values(settings, "//*[local-name()='themeFontLang']/@*[local-name()='val']") == [tag])
        let core = try Self.xml(try #require(parts["docProps/core.xml"]))
        #expect(try Self.values(core, "//*[local-name()='language']") == [tag])
        #expect(try Self.values(core, "//*[local-name()='created']") == ["2026-11-22T14:30:00Z"])
        #expect(try Self.values(core, "//*[local-name()='creator']") == ["Comité mixte"])
        let title = try Self.values(core, "//*[local-name()='title']").first ?? ""
        #expect(title == (lang == .fr ? "Rapport biennal des activités — Entente visant la coopération dans le domaine de l'emploi"
                                      : "Biennial report of activities — Agreement on cooperation in the field of employment"))
    }

    @Test func creationDatesAreWrittenInUTC() {
        #expect(WordParts.w3cdtf(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(WordParts.w3cdtf(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(WordParts.w3cdtf(Date(timeIntervalSince1970: 1_795_357_800.9)) == "2026-11-22T14:30:00Z")
        #expect(WordParts.w3cdtf(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    /// What a user typed stays text: `<`, `&`, quotation marks, and a control character that XML
    /// cannot hold at all is dropped rather than making the file unreadable.
    @Test func userTextSurvivesAsText() async throws {
        var input = ReportFixture.input(.en)
        let nasty = "<script>&\"' *bold* & </w:t></w:r> \"quoted\" & more"
        input.history.activities[0].title = nasty + "\u{0B}!"
        input.history.activities[0].start = day("2023-06-01")
        input.history.activities[0].status = .done
        let parts = try await Self.parts(.biennial, input)
        let raw = String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self)
        #expect(!raw.contains("<script>") && raw.contains("&lt;script&gt;&amp;"))
        #expect(!raw.unicodeScalars.contains("\u{0B}"))
        let texts = try Self.values(try Self.xml(try #require(parts["word/document.xml"])), "//*[local-name()='t']")
        #expect(texts.contains(nasty + "!"))
        // The page's title holds no user text, but the core properties go through the same writer.
        let docx = try WordReport.docx(html: try await Self.html(.biennial, input), language: .en, options: DocxOptions(created: Self.created))
        let archive = try Archive(data: docx, accessMode: .read)
        #expect(archive["word/document.xml"] != nil)
    }

    @Test func theWriterDropsWhatXMLCannotHold() throws {
        #expect(XMLWriter.xmlSafe("a\u{01}b\u{0B}c\td\ne\u{FFFE}f\u{1F600}") == "abc\td\nef\u{1F600}")
        let data = try XMLWriter.document(XMLElementValue("x", [("a", "1 < 2 & \"3\"")], text: "<&>\u{0C}"), part: "test")
        #expect(String(decoding: data, as: UTF8.self).contains("<x a=\"1 &lt; 2 &amp; &quot;3&quot;\">&lt;&amp;&gt;</x>"))
    }

    // MARK: - The package

    @Test func thePackageIsCompleteAndReproducible() async throws {
        let html = try await Self.html(.biennial, ReportFixture.input(.fr))
        let options = DocxOptions(created: Self.created)
        let docx = try WordReport.docx(html: html, language: .fr, options: options)
        #expect(docx == (try WordReport.docx(html: html, language: .fr, options: options)), "same input, same bytes")
        let archive = try Archive(data: docx, accessMode: .read)
        let entries = Array(archive)
        #expect(entries.first?.path == "[Content_Types].xml")
        var contents: [String: Data] = [:]
        for e in entries {
            var d = Data()
            _ = try archive.extract(e) { d.append($0) }
            contents[e.path] = d
            _ = try Self.xml(d) // every part is well-formed XML
        }
        #expect(Set(contents.keys) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/_rels/document.xml.rels",
                                       "word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/footer1.xml"])
        let types = try Self.xml(try #require(contents["[Content_Types].xml"]))
        let overrides = Set(try Self.values(types, "//*[local-name()='Override']/@PartName"))
        for name in contents.keys where !name.hasSuffix(".rels") && name != "[Content_Types].xml" {
            #expect(overrides.contains("/" + name), "\(name) has a content type")
        }
        #expect(overrides.allSatisfy { contents[String($0.dropFirst())] != nil })
        for (rels, base) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")] {
            for target in try Self.values(try Self.xml(try #require(contents[rels])), "//*[local-name()='Relationship']/@Target") {
                #expect(contents[base + target] != nil, "\(rels) → \(target)")
            }
        }
        // The document's references: footer, styles and numbering that exist.
        let doc = try Self.xml(try #require(contents["word/document.xml"]))
        let styleIDs = Set(try Self.values(try Self.xml(try #require(contents["word/styles.xml"])), "//*[local-name()='style']/@*[local-name()='styleId']"))
        for used in Set(try Self.values(doc, "//*[local-name()='pStyle' or local-name()='rStyle' or local-name()='tblStyle']/@*[local-name()='val']")) {
            #expect(styleIDs.contains(used), "style \(used) is defined")
        }
        #expect(Set(try Self.values(doc, "//*[local-name()='numId']/@*[local-name()='val']")) == ["1"])
    }

    @Test func aLetterHasNoTitlePageAndNoFooter() async throws {
        let parts = try await Self.parts(.noticeLetter, ReportFixture.input(.fr))
        #expect(parts["word/footer1.xml"] == nil)
        let doc = try Self.xml(try #require(parts["word/document.xml"]))
        #expect(try doc.nodes(forXPath: "//*[local-name()='pageBreakBefore']").isEmpty)
        #expect(try doc.nodes(forXPath: "//*[local-name()='titlePg']").isEmpty)
        #expect(try Self.values(doc, "//*[local-name()='p'][1]/*[local-name()='pPr']/*[local-name()='pStyle']/@*[local-name()='val']").first == "Sender")
        let report = try Self.xml(try #require(try await Self.parts(.biennial, ReportFixture.input(.fr))["word/document.xml"]))
        #expect(try report.nodes(forXPath: "//*[local-name()='pageBreakBefore']").count == 1)
        #expect(try report.nodes(forXPath: "//*[local-name()='titlePg']").count == 1)
    }

    @Test func htmlMarkupMapsToWord() throws {
        let body = try HTMLReader.read(html: """
            <html><head><title>T &amp; t</title></head><body>
            <p>one   two
            <strong>three</strong> <em>four</em><br />five</p>
            <ol><li>a<ul><li>b</li></ul>after</li></ol><ol><li>c</li></ol>
            <table><tr><th>H</th><th class="num">N</th></tr><tr><td colspan="2">wide</td></tr><tr><td>x</td></tr></table>
            <h4>deep</h4><footer>f  <span>oot</span></footer></body></html>
            """)
        #expect(body.title == "T & t")
        #expect(body.footer == [WordRun(content: .text("f oot"))])
        guard case .paragraph(let p) = body.blocks[0] else { Issue.record("not a paragraph"); return }
        #expect(p.runs == [WordRun(content: .text("one two ")), WordRun(content: .text("three"), bold: true), WordRun(content: .text(" ")),
                           WordRun(content: .text("four"), italic: true), WordRun(content: .lineBreak), WordRun(content: .text("five"))])
        let lists = body.blocks.compactMap { b -> (Int, Int, String)? in
            guard case .paragraph(let p) = b, p.style == "ListBullet" || p.list != nil else { return nil }
            return (p.list?.numID ?? 0, p.list?.level ?? -1, p.runs.compactMap(\.text).joined())
        }
        #expect(lists.map { "\($0.0)/\($0.1)/\($0.2)" } == ["2/0/a", "1/1/b", "0/-1/after", "3/0/c"])
        guard case .table(let t) = body.blocks.first(where: { if case .table = $0 { return true } else { return false } }) else {
            Issue.record("no table"); return
        }
        #expect(t.rows.map(\.header) == [true, false, false])
        #expect(t.rows[1].cells.first?.span == 2)
        guard case .paragraph(let h) = body.blocks.last else { Issue.record("no heading"); return }
        #expect(h.style == "Heading3")
        // Every row fills the grid, and each ordered list restarts.
        let parts = WordParts(body: body, languageTag: "en-CA", created: Self.created, creator: nil)
        let writer = XMLWriter()
        writer.write(parts.document())
        let doc = try Self.xml(try writer.finish(part: "document"))
        #expect(try doc.nodes(forXPath: "//*[local-name()='tr']").map { try $0.nodes(forXPath: "*[local-name()='tc']").count } == [2, 1, 2])
        let numbering = try Self.xml(try XMLWriter.document(parts.numbering(), part: "numbering"))
        #expect(try Self.values(numbering, "//*[local-name()='num']/@*[local-name()='numId']") == ["1", "2", "3"])
    }

    /// A workspace's own HTML template is what the Word document says, even written as loose
    /// HTML rather than XHTML.
    @Test func aWorkspaceHTMLTemplateMakesTheWordDocument() async throws {
        let dir = try ReportFixture.tempDir()
        try """
            {{%CONTENT_TYPE: HTML}}
            <html lang=fr><head><title>Bilan maison — {{agreement.shortTitle}}</title></head>
            <body><header><h1>Bilan maison<p>Période : {{period.from}} – {{period.to}}</header>
            <h2>Activités<ul>{{#activities}}<li>{{title}}<br>{{dates}}{{/activities}}</ul>
            <table><tr><th>Total<td>{{counts.total}}</table>
            """.write(toFile: "\(dir)/biennial.fr.html.mustache", atomically: true, encoding: .utf8)
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: dir)
        let input = ReportFixture.input(.fr)
        let docx = try renderer.docx(.biennial, input: input, options: DocxOptions(created: Self.created))
        let archive = try Archive(data: docx, accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { data.append($0) }
        let doc = try Self.xml(data)
        #expect(try Self.values(doc, "//*[local-name()='p'][*[local-name()='pPr']/*[local-name()='pStyle']/@*[local-name()='val']='Heading1']") == ["Bilan maison"])
        #expect(try Self.values(doc, "//*[local-name()='p'][*[local-name()='pPr']/*[local-name()='pStyle']/@*[local-name()='val']='Heading2']") == ["Activités"])
        let texts = try Self.values(doc, "//*[local-name()='t']").joined(separator: "|")
        #expect(texts.contains("Période : 1er janvier 2023 – 31 décembre 2024"))
        #expect(texts.contains("Mission à Paris"))
        #expect(try doc.nodes(forXPath: "//*[local-name()='numPr']").count >= 4)
        #expect(try doc.nodes(forXPath: "//*[local-name()='tbl']//*[local-name()='tc']").count == 2)
        var core = Data()
        _ = try archive.extract(try #require(archive["docProps/core.xml"])) { core.append($0) }
        #expect(try Self.values(try Self.xml(core), "//*[local-name()='title']").first?.hasPrefix("Bilan maison — ") == true)
    }

    // MARK: - The workspace's reference document

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A `.docx` holding the given parts, written with ZIPFoundation.
    static func zip(_ files: [(String, String)], to path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
    }

    static let referenceStyles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="\(w)"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:lang w:val="de-DE"/><w:sz w:val="24"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:style>
        </w:styles>
        """
    static let referenceTheme = "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Maison\"/>"

    @Test func aReferenceDocumentGivesItsStylesAndTheme() async throws {
        let dir = try ReportFixture.tempDir()
        try Self.zip([("word/styles.xml", Self.referenceStyles), ("word/theme/theme1.xml", Self.referenceTheme),
                      ("word/document.xml", "<w:document xmlns:w=\"\(Self.w)\"><w:body><w:p><w:r><w:t>ignored</w:t></w:r></w:p></w:body></w:document>")],
                     to: "\(dir)/reference.docx")
        let reference = try #require(try WordReference.inTemplates(dir))
        #expect(try WordReference.inTemplates(dir + "/nowhere") == nil)
        #expect(try WordReference.inTemplates(nil) == nil)
        let parts = try await Self.parts(.biennial, ReportFixture.input(.fr), reference: reference)
        let styles = try Self.xml(try #require(parts["word/styles.xml"]))
        // Theirs: Titre1 in red, Normal at 12 pt; their languages gone, the report's in the defaults.
        #expect(try Self.values(styles, "//*[local-name()='style'][@*[local-name()='styleId']='Titre1']//*[local-name()='color']/@*[local-name()='val']") == ["FF0000"])
        #expect(try Self.values(styles, "//*[local-name()='style'][@*[local-name()='styleId']='Normal']//*[local-name()='sz']/@*[local-name()='val']") == ["24"])
        #expect(try Self.values(styles, "//*[local-name()='lang']/@*[local-name()='val']") == ["fr-CA"])
        #expect(try Self.values(styles, "//*[local-name()='docDefaults']//*[local-name()='rFonts']/@*[local-name()='ascii']") == ["Calibri"])
        // Ours where theirs has none; not a second "heading 1".
        let ids = try Self.values(styles, "//*[local-name()='style']/@*[local-name()='styleId']")
        #expect(ids.contains("Kicker") && ids.contains("EntenteTable") && !ids.contains("Heading1"))
        #expect(try Self.values(styles, "//*[local-name()='name'][@*[local-name()='val']='heading 1']").count == 1)
        let doc = try Self.xml(try #require(parts["word/document.xml"]))
        let used = try Self.values(doc, "//*[local-name()='pStyle']/@*[local-name()='val']")
        #expect(used.contains("Titre1") && !used.contains("Heading1"))
        #expect(parts["word/theme/theme1.xml"] == Data(Self.referenceTheme.utf8))
        let types = String(decoding: try #require(parts["[Content_Types].xml"]), as: UTF8.self)
        #expect(types.contains("/word/theme/theme1.xml"))
        #expect(String(decoding: try #require(parts["word/_rels/document.xml.rels"]), as: UTF8.self).contains("theme/theme1.xml"))
        #expect(!String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self).contains("ignored"))
    }

    @Test func anUnusableReferenceDocumentIsNamedAndExplained() throws {
        let dir = try ReportFixture.tempDir()
        let path = "\(dir)/reference.docx"
        func refused(_ expected: (DocxError) -> Bool) {
            do {
                _ = try WordReference(path: path)
                Issue.record("accepted")
            } catch let e as DocxError {
                #expect(expected(e), "\(e)")
                #expect(e.message(.fr).hasPrefix(path) && e.message(.en).hasPrefix(path))
                #expect(e.message(.fr) != e.message(.en))
            } catch {
                Issue.record("\(error)")
            }
        }
        try "not a zip".write(toFile: path, atomically: true, encoding: .utf8)
        refused { if case .referenceUnreadable = $0 { return true } else { return false } }
        try FileManager.default.removeItem(atPath: path)
        try Self.zip([("word/document.xml", "<x/>")], to: path)
        refused { $0 == .referenceWithoutStyles(path: path) }
        try FileManager.default.removeItem(atPath: path)
        try Self.zip([("word/styles.xml", "<?xml version=\"1.0\"?>\n<w:styles xmlns:w=\"\(Self.w)\">\n<w:style>\n</w:styles>")], to: path)
        refused { if case .referenceInvalidXML(_, "word/styles.xml", 4, _) = $0 { return true } else { return false } }
        try FileManager.default.removeItem(atPath: path)
        try Self.zip([("word/styles.xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><w:styles xmlns:w=\"\(Self.w)\">&e;</w:styles>")], to: path)
        refused { if case .referenceInvalidXML = $0 { return true } else { return false } }
        try FileManager.default.removeItem(atPath: path)
        try Self.zip([("word/styles.xml", "<styles/>")], to: path)
        refused { if case .referenceInvalidXML = $0 { return true } else { return false } }
    }
}
