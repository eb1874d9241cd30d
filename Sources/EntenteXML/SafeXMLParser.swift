import CLibXML2
import EntenteCore

/// Namespaces the importer knows.
enum AKN {
    static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    static let entNamespace = "urn:entente:akn:tracking:1.0"
}

/// One-time libxml2 set-up: `xmlInitParser` and a loader that never touches the network.
enum LibXML {
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
    }()

    /// The only options documents are parsed with. Never NOENT (it turns entity substitution
    /// on), DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE. COMPACT keeps short text inside its
    /// node instead of a separate allocation (the tree is only read, never changed): allocating
    /// and freeing the tree was the largest cost of a bulk import after parsing (profiled).
    static let parseOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
        | XML_PARSE_COMPACT.rawValue)
}

/// Diagnostics libxml2 reports through the structured error callback during one call.
final class DiagnosticCollector {
    struct Diagnostic {
        var level: xmlErrorLevel
        var line: Int
        var column: Int
        var message: String
    }

    private(set) var items: [Diagnostic] = []
    private(set) var dropped = 0
    let cap: Int

    init(cap: Int = 200) { self.cap = cap }

    func add(_ e: xmlError) {
        guard items.count < cap else { dropped += 1; return }
        var msg = e.message.map { String(cString: $0) } ?? "unknown error"
        while let last = msg.last, last == "\n" || last == " " { msg.removeLast() }
        var line = Int(e.line)
        if line <= 0, let node = e.node {
            line = Int(xmlGetLineNo(node.assumingMemoryBound(to: xmlNode.self)))
        }
        items.append(Diagnostic(level: e.level, line: max(line, 1), column: max(Int(e.int2), 1), message: msg))
    }

    /// Above warning: errors and fatal errors.
    var failures: [Diagnostic] { items.filter { $0.level.rawValue > XML_ERR_WARNING.rawValue } }

    /// Runs `body` with this collector as the thread's structured error handler (per thread in libxml2).
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(ctx, ententeCollectXMLError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try body()
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// The C callback: a top-level function, state through `Unmanaged`.
func ententeCollectXMLError(_ userData: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let userData, let error else { return }
    Unmanaged<DiagnosticCollector>.fromOpaque(userData).takeUnretainedValue().add(error.pointee)
}

/// A parsed libxml2 document; frees it when released. Not shared across threads.
final class ParsedDocument {
    let doc: xmlDocPtr
    init(_ doc: xmlDocPtr) { self.doc = doc }
    deinit { xmlFreeDoc(doc) }
    var root: xmlNodePtr? { xmlDocGetRootElement(doc) }
}

/// Input bytes with the name used in messages.
public struct XMLSource: Sendable {
    public var bytes: [UInt8]
    /// The name shown in `FILE:LINE:COLUMN` messages (usually the path).
    public var fileName: String

    public init(bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }
}

/// Parses XML defensively: size limit, UTF-8 only, no DOCTYPE, no network, no entity
/// substitution, every libxml2 error above warning is a failure with its position.
public struct SafeXMLParser: Sendable {
    /// Default size limit: 16 MiB.
    public static let defaultMaxBytes = 16 * 1024 * 1024

    public var maxBytes: Int

    public init(maxBytes: Int = SafeXMLParser.defaultMaxBytes) {
        self.maxBytes = maxBytes
    }

    /// Checks the bytes and parses them; returns the exact text. Throws on any refusal.
    @discardableResult
    public func checkWellFormed(_ source: XMLSource) throws(XMLImportError) -> String {
        try parse(source).text
    }

    /// Pre-parse checks then parse. `skipPrologScan` exists only so tests can show that
    /// libxml2 itself, with these options, neither loads nor expands entities.
    func parse(_ source: XMLSource, skipPrologScan: Bool = false) throws(XMLImportError) -> (document: ParsedDocument, text: String, rootOffset: Int?) {
        _ = LibXML.ready
        let file = source.fileName
        let bytes = source.bytes
        if bytes.count > maxBytes || bytes.count > Int(Int32.max) {
            throw .tooLarge(file: file, size: bytes.count, limit: maxBytes)
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw .empty(file: file)
        }
        if let wide = TextChecks.wideEncoding(bytes) {
            throw .wideEncoding(file: file, encoding: wide)
        }
        if let (enc, offset) = TextChecks.declaredEncoding(bytes) {
            let n = enc.lowercased()
            if n != "utf-8" && n != "utf8" {
                let (l, c) = TextChecks.position(of: offset, in: bytes)
                throw .declaredEncoding(file: file, line: l, column: c, encoding: enc)
            }
        }
        // The standard library validates while it copies; the slower scan that finds the
        // place runs only when the bytes are not UTF-8.
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = TextChecks.firstInvalidUTF8(bytes) ?? 0
            let (l, c) = TextChecks.position(of: bad, in: bytes)
            throw .invalidUTF8(file: file, line: l, column: c, byte: bytes[bad])
        }
        var rootOffset: Int?
        if !skipPrologScan {
            switch TextChecks.scanProlog(bytes) {
            case .doctype(let offset):
                let (l, c) = TextChecks.position(of: offset, in: bytes)
                throw .doctype(file: file, line: l, column: c)
            case .root(let offset):
                rootOffset = offset
            case .none:
                break
            }
        }

        let collector = DiagnosticCollector(cap: 20)
        let docPtr: xmlDocPtr? = collector.capturing {
            bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                    xmlReadMemory(p, Int32(buf.count), file, "UTF-8", LibXML.parseOptions)
                }
            }
        }
        let document = docPtr.map(ParsedDocument.init)
        if let first = collector.failures.first {
            throw .malformed(file: file, line: first.line, column: first.column, detail: first.message)
        }
        guard let document else {
            throw .malformed(file: file, line: 1, column: 1, detail: "libxml2 returned no document")
        }
        if document.doc.pointee.intSubset != nil || document.doc.pointee.extSubset != nil {
            let offset = TextChecks.find(Array("<!DOCTYPE".utf8), in: bytes) ?? 0
            let (l, c) = TextChecks.position(of: offset, in: bytes)
            throw .doctype(file: file, line: l, column: c)
        }
        guard document.root != nil else {
            throw .malformed(file: file, line: 1, column: 1, detail: "no root element")
        }
        return (document, text, rootOffset)
    }
}

/// Byte-level checks done before libxml2 sees the input.
enum TextChecks {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// UTF-16 or UTF-32 recognised by a byte-order mark or by NUL bytes around `<`.
    static func wideEncoding(_ b: [UInt8]) -> String? {
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF { return "UTF-32BE" }
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 { return "UTF-32LE" }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return "UTF-16BE" }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return "UTF-16LE" }
        if b.count >= 2, b[0] == 0, b[1] != 0 { return "UTF-16BE" }
        if b.count >= 2, b[0] != 0, b[1] == 0 { return "UTF-16LE" }
        return nil
    }

    static func hasPrefix(_ b: [UInt8], _ p: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + p.count <= b.count else { return false }
        for k in 0..<p.count where b[i + k] != p[k] { return false }
        return true
    }

    static func find(_ needle: [UInt8], in b: [UInt8], from start: Int = 0, limit: Int? = nil) -> Int? {
        guard !needle.isEmpty else { return nil }
        let end = min(limit ?? b.count, b.count) - needle.count
        var i = start
        while i <= end {
            if b[i] == needle[0], hasPrefix(b, needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    static var bomLength: Int { 3 }

    static func startsWithBOM(_ b: [UInt8]) -> Bool {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
    }

    /// The encoding named by the XML declaration and the offset of its value.
    static func declaredEncoding(_ b: [UInt8]) -> (String, Int)? {
        let start = startsWithBOM(b) ? 3 : 0
        guard hasPrefix(b, Array("<?xml".utf8), at: start),
              let end = find(Array("?>".utf8), in: b, from: start, limit: start + 1024),
              let e = find(Array("encoding".utf8), in: b, from: start, limit: end) else { return nil }
        var i = e + 8
        while i < end, isSpace(b[i]) { i += 1 }
        guard i < end, b[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < end, isSpace(b[i]) { i += 1 }
        guard i < end, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else { return nil }
        let quote = b[i]
        let valueStart = i + 1
        var j = valueStart
        while j < end, b[j] != quote { j += 1 }
        return (String(decoding: b[valueStart..<j], as: UTF8.self), valueStart)
    }

    /// Offset of the first byte that does not begin a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        b.withUnsafeBufferPointer { p -> Int? in
            let n = p.count
            var i = 0
            while i < n {
                let c = p[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: need = 1
                case 0xE0: need = 2; lo = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: need = 2
                case 0xED: need = 2; hi = 0x9F
                case 0xF0: need = 3; lo = 0x90
                case 0xF1...0xF3: need = 3
                case 0xF4: need = 3; hi = 0x8F
                default: return i
                }
                guard i + need < n else { return i }
                let c1 = p[i + 1]
                guard c1 >= lo, c1 <= hi else { return i }
                if need >= 2 { guard p[i + 2] & 0xC0 == 0x80 else { return i } }
                if need == 3 { guard p[i + 3] & 0xC0 == 0x80 else { return i } }
                i += need + 1
            }
            return nil
        }
    }

    /// 1-based line and column (in characters) of a byte offset; the bytes before it are valid UTF-8.
    static func position(of offset: Int, in b: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, col = 1
        var i = 0
        let end = min(offset, b.count)
        while i < end {
            let c = b[i]
            if c == 0x0A { line += 1; col = 1 } else if c & 0xC0 != 0x80 { col += 1 }
            i += 1
        }
        return (line, col)
    }

    enum PrologResult: Equatable {
        case doctype(Int)
        case root(Int)
    }

    /// Walks the prolog (declaration, comments, processing instructions) to the first markup
    /// that is not one of those: a DOCTYPE is refused there, before libxml2 reads any entity.
    static func scanProlog(_ b: [UInt8]) -> PrologResult? {
        var i = startsWithBOM(b) ? 3 : 0
        let n = b.count
        while i < n {
            if isSpace(b[i]) { i += 1; continue }
            guard b[i] == UInt8(ascii: "<") else { return nil }
            if hasPrefix(b, Array("<?".utf8), at: i) {
                guard let e = find(Array("?>".utf8), in: b, from: i + 2) else { return nil }
                i = e + 2
            } else if hasPrefix(b, Array("<!--".utf8), at: i) {
                guard let e = find(Array("-->".utf8), in: b, from: i + 4) else { return nil }
                i = e + 3
            } else if i + 9 <= n, String(decoding: b[i..<(i + 9)], as: UTF8.self).uppercased() == "<!DOCTYPE" {
                return .doctype(i)
            } else if hasPrefix(b, Array("<!".utf8), at: i) {
                return nil
            } else {
                return .root(i)
            }
        }
        return nil
    }
}
