import CLibXML2
import Foundation

/// One-time libxml2 set-up for this module: `xmlInitParser` and a loader that never touches
/// the network (the reference document's styles are user files).
enum LibXML {
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
    }()
}

/// An XML element to be written: name (with its prefix, `w:p`), attributes in order, children
/// and text. Parts of the Word package are built as values of this type and written by
/// `XMLWriter`, so every piece of text goes through libxml2's escaping; no XML is glued from
/// strings.
struct XMLElementValue: Sendable, Equatable {
    var name: String
    var attributes: [(String, String)]
    var children: [XMLElementValue]
    var text: String?

    init(_ name: String, _ attributes: [(String, String)] = [], _ children: [XMLElementValue] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.attributes.map { [$0.0, $0.1] } == b.attributes.map { [$0.0, $0.1] }
            && a.children == b.children && a.text == b.text
    }
}

/// Writes XML through libxml2's `xmlTextWriter`, which escapes text and attribute values.
/// Characters that XML 1.0 does not allow at all (control characters other than tab, line
/// feed and carriage return, lone surrogates cannot occur in a Swift String, U+FFFE, U+FFFF)
/// are dropped first: a vertical tab pasted from a spreadsheet would otherwise make the whole
/// document unreadable to Word ("unreadable content").
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var failed = false

    /// - Parameter indent: indent nested elements (for parts a person may read and the golden
    ///   files); text content is never touched by the indentation.
    init(indent: Bool = true) {
        _ = LibXML.ready
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, " ")
        }
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", "yes"))
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    private func check(_ rc: Int32) { if rc < 0 { failed = true } }

    /// Text as XML 1.0 allows it.
    static func xmlSafe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { !allowed($0) }) else { return s }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s.unicodeScalars.filter(allowed))
        return String(out)
    }

    static func allowed(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x9, 0xA, 0xD: return true
        case 0x0..<0x20: return false
        case 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    func start(_ name: String) { check(withXMLChars(name) { xmlTextWriterStartElement(writer, $0) }) }
    func attribute(_ name: String, _ value: String) {
        check(withXMLChars(name) { n in withXMLChars(Self.xmlSafe(value)) { xmlTextWriterWriteAttribute(writer, n, $0) } })
    }
    func text(_ s: String) { check(withXMLChars(Self.xmlSafe(s)) { xmlTextWriterWriteString(writer, $0) }) }
    func end() { check(xmlTextWriterEndElement(writer)) }

    func write(_ e: XMLElementValue) {
        start(e.name)
        for (k, v) in e.attributes { attribute(k, v) }
        if let t = e.text { text(t) }
        for c in e.children { write(c) }
        // Full end tags for elements with text, even empty text (`<w:t></w:t>`); short ones otherwise.
        if e.text != nil { check(xmlTextWriterFullEndElement(writer)) } else { end() }
    }

    /// Ends the document and returns its bytes.
    /// - Throws: `DocxError.xmlWriter` when libxml2 reported a failure on any call.
    func finish(part: String) throws -> Data {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed, let content = xmlBufferContent(buffer) else { throw DocxError.xmlWriter(part: part) }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }

    /// A whole part from one root element.
    static func document(_ root: XMLElementValue, part: String, indent: Bool = true) throws -> Data {
        let w = XMLWriter(indent: indent)
        w.write(root)
        return try w.finish(part: part)
    }
}

/// A Swift string as libxml2's `const xmlChar *` (UTF-8, NUL-terminated) for one call.
func withXMLChars<T>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
    s.withCString { p in p.withMemoryRebound(to: xmlChar.self, capacity: s.utf8.count + 1, body) }
}
