import CLibXML2
import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

private let akn3 = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

@Suite("Hostile and broken input")
struct HostileInputTests {
    @Test func malformedReportsLineAndColumn() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <akomaNtoso xmlns="\(akn3)">
          <doc name="agreement">
            <meta></doc>
        </akomaNtoso>
        """
        let err = try #require(importError(xml, file: "broken.xml"))
        let (file, line, column) = (err.file, err.line, err.column)
        guard case .malformed(let detail) = err.reason else {
            Issue.record("expected .malformed, got \(err)"); return
        }
        #expect(file == "broken.xml")
        #expect(line == 4)
        #expect(column > 1)
        #expect(detail.contains("meta"))
        #expect(err.message(.en).hasPrefix("broken.xml:4:\(column): malformed XML:"))
        #expect(err.message(.fr).hasPrefix("broken.xml:4:\(column): XML mal formé"))
    }

    @Test func truncatedFileIsRefusedAtItsEnd() throws {
        let full = Array(miniAgreement(body: "<article eId=\"art_1\"><num>1</num></article>").utf8)
        let cut = Array(full.prefix(full.count / 2))
        let err = try #require(importError(cut, file: "cut.xml"))
        let line = err.line
        guard case .malformed = err.reason else { Issue.record("expected .malformed, got \(err)"); return }
        let lines = cut.filter { $0 == 0x0A }.count + 1
        #expect(line >= lines - 1 && line <= lines)
    }

    @Test func undeclaredPrefixIsAnError() throws {
        let err = try #require(importError("<akomaNtoso xmlns=\"\(akn3)\"><an:doc name=\"x\"/></akomaNtoso>"))
        guard case .malformed(let detail) = err.reason, err.line == 1 else { Issue.record("expected .malformed on line 1, got \(err)"); return }
        #expect(detail.contains("an"))
    }

    @Test func wrongRootIsRefusedWithItsName() throws {
        let err = try #require(importError("<?xml version=\"1.0\"?>\n\n  <html><body/></html>", file: "page.xml"))
        #expect(err == .notAkomaNtoso(file: "page.xml", line: 3, column: 3, root: "html", namespace: nil))
        #expect(err.message(.en).hasPrefix("page.xml:3:3: the root element is <html>"))
    }

    @Test func aknElementAsRootIsNotAkomaNtoso() throws {
        let err = try #require(importError("<act xmlns=\"\(akn3)\"/>"))
        #expect(err == .notAkomaNtoso(file: "in.xml", line: 1, column: 1, root: "act", namespace: akn3))
    }

    @Test(arguments: [
        "http://www.akomantoso.org/2.0",
        "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17",
        "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD13",
        "http://Inhaltsdaten.LegalDocML.de/1.6/",
    ])
    func otherNamespacesAreRefusedByName(_ ns: String) throws {
        let err = try #require(importError("<akomaNtoso xmlns=\"\(ns)\"><act/></akomaNtoso>", file: "old.xml"))
        #expect(err == .unsupportedNamespace(file: "old.xml", line: 1, column: 1, namespace: ns))
        #expect(err.message(.en).contains(ns))
        #expect(err.message(.fr).contains(ns))
    }

    @Test func missingNamespaceIsRefused() throws {
        let err = try #require(importError("<akomaNtoso><act/></akomaNtoso>"))
        #expect(err == .unsupportedNamespace(file: "in.xml", line: 1, column: 1, namespace: nil))
    }

    static let xxe = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE akomaNtoso [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
    <akomaNtoso xmlns="\(akn3)"><doc name="agreement"><preface><p>&xxe;</p></preface></doc></akomaNtoso>
    """

    @Test func externalEntityIsRefusedAndNothingLeaks() throws {
        let err = try #require(importError(Self.xxe, file: "xxe.xml"))
        #expect(err == .doctype(file: "xxe.xml", line: 2, column: 1))
        for lang in Language.allCases {
            #expect(!err.message(lang).contains("root:"))
            #expect(err.message(lang).hasPrefix("xxe.xml:2:1: "))
        }
    }

    @Test func externalEntityRefusedEvenWithoutThePrologScan() throws {
        // Defence in depth: libxml2 itself, with our options, must not substitute the file.
        let error = try #require(throws: XMLImportError.self) {
            try SafeXMLParser().parse(XMLSource(bytes: Array(Self.xxe.utf8), fileName: "xxe.xml"), skipPrologScan: true)
        }
        #expect(!error.message(.en).contains("root:"))
        // And the parse options alone leave the entity unexpanded.
        _ = LibXML.ready
        let bytes = Array(Self.xxe.utf8)
        let doc = bytes.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                xmlReadMemory($0, Int32(b.count), "xxe.xml", "UTF-8", LibXML.parseOptions)
            }
        }
        let d = try #require(doc)
        defer { xmlFreeDoc(d) }
        let content = try #require(xmlNodeGetContent(xmlDocGetRootElement(d)))
        defer { cxml_free(content) }
        #expect(!String(cString: content).contains("root:"))
    }

    static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
     <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
     <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
     <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
     <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
     <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
     <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
     <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <akomaNtoso xmlns="\(akn3)"><doc name="agreement"><preface><p>&lol9;</p></preface></doc></akomaNtoso>
    """

    @Test func billionLaughsIsRefused() throws {
        let err = try #require(importError(Self.billionLaughs, file: "bomb.xml"))
        #expect(err == .doctype(file: "bomb.xml", line: 2, column: 1))
        // Without the prolog scan libxml2 still refuses it (entity loop / DOCTYPE check), quickly.
        #expect(throws: XMLImportError.self) {
            try SafeXMLParser().parse(XMLSource(bytes: Array(Self.billionLaughs.utf8), fileName: "bomb.xml"), skipPrologScan: true)
        }
    }

    @Test func doctypeAfterCommentsIsFound() throws {
        let xml = "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<?pi x?>\n   <!doctype x SYSTEM \"http://example.org/x.dtd\">\n<akomaNtoso xmlns=\"\(akn3)\"/>"
        #expect(importError(xml) == .doctype(file: "in.xml", line: 4, column: 4))
    }

    @Test func overTheLimitIsRefusedBeforeParsing() throws {
        let bytes = Array(miniAgreement(body: "").utf8)
        let err = importError(bytes, file: "big.xml", options: AKNImportOptions(maxBytes: 100))
        #expect(err == .tooLarge(file: "big.xml", size: bytes.count, limit: 100))
        #expect(err?.message(.en).hasPrefix("big.xml:1:1: file too large") == true)
    }

    @Test func hugeFileOnDiskIsRefusedBeforeReading() throws {
        // 16 MiB + 1 byte: over the default limit.
        let size = SafeXMLParser.defaultMaxBytes + 1
        let path = try Fixtures.tempFile([UInt8](repeating: 0x20, count: size), name: "huge.xml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: XMLImportError.tooLarge(file: path, size: size, limit: SafeXMLParser.defaultMaxBytes)) {
            try AKNImporter.importFile(path: path)
        }
    }

    @Test func latin1BytesAreRefusedWithTheirPosition() throws {
        var bytes = Array("<?xml version=\"1.0\"?>\n<akomaNtoso xmlns=\"\(akn3)\">\n  <doc name=\"agreement\">caf".utf8)
        bytes.append(0xE9) // é in Latin-1
        bytes += Array("</doc></akomaNtoso>".utf8)
        let err = importError(bytes, file: "latin1.xml")
        #expect(err == .invalidUTF8(file: "latin1.xml", line: 3, column: 28, byte: 0xE9))
        #expect(err?.message(.fr).hasPrefix("latin1.xml:3:28: octet 0xE9 invalide en UTF-8") == true)
    }

    @Test func nonUTF8DeclarationIsRefused() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<akomaNtoso xmlns=\"\(akn3)\"/>"
        let err = importError(xml, file: "l1.xml")
        #expect(err == .declaredEncoding(file: "l1.xml", line: 1, column: 31, encoding: "ISO-8859-1"))
    }

    @Test func lowercaseUTF8DeclarationIsAccepted() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + miniAgreement(body: "").split(separator: "\n", maxSplits: 1)[1]
        let r = try AKNImporter.importDocument(text: xml, fileName: "mini.xml")
        #expect(r.agreement.id == "mini")
    }

    @Test func utf16IsRefused() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><akomaNtoso xmlns=\"\(akn3)\"/>"
        var le: [UInt8] = [0xFF, 0xFE]
        for u in text.utf16 { le.append(UInt8(u & 0xFF)); le.append(UInt8(u >> 8)) }
        #expect(importError(le, file: "u16.xml") == .wideEncoding(file: "u16.xml", encoding: "UTF-16LE"))
        var be: [UInt8] = []
        for u in text.utf16 { be.append(UInt8(u >> 8)); be.append(UInt8(u & 0xFF)) }
        #expect(importError(be, file: "u16.xml") == .wideEncoding(file: "u16.xml", encoding: "UTF-16BE"))
    }

    @Test func emptyFileIsRefused() throws {
        #expect(importError([UInt8](), file: "e.xml") == .empty(file: "e.xml"))
        #expect(importError("  \n\t ", file: "e.xml") == .empty(file: "e.xml"))
        #expect(importError([UInt8](), file: "e.xml")?.message(.en).hasPrefix("e.xml:1:1: empty file") == true)
    }

    @Test func missingFileIsUnreadable() throws {
        #expect(throws: XMLImportError.unreadable(file: "/nonexistent/x.xml", reason: "no such file")) {
            try AKNImporter.importFile(path: "/nonexistent/x.xml")
        }
    }

    @Test func excessiveNestingIsRefused() throws {
        let depth = 300
        let xml = "<akomaNtoso xmlns=\"\(akn3)\">" + String(repeating: "<p>", count: depth) + String(repeating: "</p>", count: depth) + "</akomaNtoso>"
        let err = try #require(importError(xml))
        guard case .malformed(let detail) = err.reason, err.line == 1 else { Issue.record("expected .malformed, got \(err)"); return }
        #expect(detail.lowercased().contains("depth"))
    }

    @Test func predefinedEntitiesInAttributesAreDecoded() throws {
        let xml = miniAgreement(body: "").replacingOccurrences(of: "showAs=\"France\"", with: "showAs=\"France &amp; Cie &#233;\"")
        let a = try AKNImporter.importDocument(text: xml, fileName: "amp.xml").agreement
        #expect(a.party("fr")?.originalName == "France & Cie é")
    }

    @Test func utf8Validator() {
        #expect(TextChecks.firstInvalidUTF8(Array("é€😀a".utf8)) == nil)
        #expect(TextChecks.firstInvalidUTF8([0x61, 0xC0, 0x80]) == 1) // overlong
        #expect(TextChecks.firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0) // surrogate
        #expect(TextChecks.firstInvalidUTF8([0x61, 0xE2, 0x82]) == 1) // truncated
        #expect(TextChecks.firstInvalidUTF8([0xF4, 0x90, 0x80, 0x80]) == 0) // > U+10FFFF
    }
}
