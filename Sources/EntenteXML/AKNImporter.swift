import CLibXML2
import EntenteCore
import Foundation

/// How a document stood against the official schema.
public enum AKNOutcome: String, Sendable, Hashable, Codable {
    /// Akoma Ntoso 3.0, valid against the schema.
    case valid
    /// Akoma Ntoso 3.0 namespace, but the schema rejects it: imported with warnings.
    case schemaInvalid
    /// No schema was given: structural checks only.
    case notValidated
}

/// Something the importer noticed without refusing the document.
public struct ImportWarning: Sendable, Hashable, Codable {
    /// 1-based line in the file, when the warning is about a place.
    public var line: Int?
    public var message: Localized

    public init(line: Int?, message: Localized) {
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message` (or `FILE: message` without a line).
    public func formatted(file: String, _ lang: Language) -> String {
        if let line { return "\(file):\(line): \(message[lang])" }
        return "\(file): \(message[lang])"
    }
}

/// Import settings.
public struct AKNImportOptions: Sendable {
    /// The compiled official schema; nil: structural checks only, with a warning.
    public var schema: AKNSchema?
    /// Refuse schema-invalid documents and dangling references instead of warning.
    public var strict: Bool
    /// Files larger than this are refused before parsing (default 16 MiB).
    public var maxBytes: Int

    public init(schema: AKNSchema? = nil, strict: Bool = false, maxBytes: Int = SafeXMLParser.defaultMaxBytes) {
        self.schema = schema
        self.strict = strict
        self.maxBytes = maxBytes
    }
}

/// The result of importing one Akoma Ntoso file.
public struct AKNImport: Sendable, Hashable {
    public var agreement: Agreement
    public var warnings: [ImportWarning]
    /// The exact input text (what export gives back).
    public var xml: String
    public var outcome: AKNOutcome
    /// The name used in messages.
    public var fileName: String
    /// The AKN document type under the root: `doc`, `act`, `bill`, `judgment`, …
    public var documentType: String
    /// True for `<doc name="agreement">`.
    public var isAgreement: Bool
    /// When the file was an act holding the agreement in its attachments: that act (the
    /// agreement was lifted out; `xml` is the agreement's own text).
    public var approvingAct: ApprovingAct? = nil
}

/// Reads Akoma Ntoso 3.0 files into `Agreement`s through libxml2.
public enum AKNImporter {
    /// Imports a file. The size limit is checked before the file is read.
    public static func importFile(path: String, options: AKNImportOptions = .init()) throws(XMLImportError) -> AKNImport {
        try importDocument(bytes: try readFile(path: path, maxBytes: options.maxBytes), fileName: path, options: options)
    }

    /// The bytes of a file, its size checked before it is read. One open, one fstat, reads:
    /// FileManager's three calls per file were a tenth of a bulk import's reading (profiled).
    static func readFile(path: String, maxBytes: Int) throws(XMLImportError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(file: path, reason: errno == ENOENT ? "no such file" : "permission denied or read error (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(file: path, reason: "cannot read its size") }
        guard (st.st_mode & S_IFMT) != S_IFDIR else { throw .unreadable(file: path, reason: "a folder, not a file") }
        let size = Int(st.st_size)
        guard size <= maxBytes else { throw .tooLarge(file: path, size: size, limit: maxBytes) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                if n == 0 { break } // the file shrank while being read
                throw .unreadable(file: path, reason: "read error (\(String(cString: strerror(errno))))")
            }
            done += n
        }
        if done < size { bytes.removeSubrange(done...) }
        return bytes
    }

    /// Imports bytes; `fileName` is used in messages and, without an Entente alias, for the id.
    public static func importDocument(data: Data, fileName: String, options: AKNImportOptions = .init()) throws(XMLImportError) -> AKNImport {
        try importDocument(bytes: [UInt8](data), fileName: fileName, options: options)
    }

    /// Imports text (UTF-8 is what gets parsed).
    public static func importDocument(text: String, fileName: String, options: AKNImportOptions = .init()) throws(XMLImportError) -> AKNImport {
        try importDocument(bytes: Array(text.utf8), fileName: fileName, options: options)
    }

    public static func importDocument(bytes: [UInt8], fileName: String, options: AKNImportOptions = .init()) throws(XMLImportError) -> AKNImport {
        let parser = SafeXMLParser(maxBytes: options.maxBytes)
        let (document, text, rootOffset) = try parser.parse(XMLSource(bytes: bytes, fileName: fileName))
        let root = Node(p: document.root!)
        let (rootLine, rootColumn) = rootOffset.map { TextChecks.position(of: $0, in: bytes) } ?? (root.line, 1)

        guard root.name == "akomaNtoso" else {
            throw .notAkomaNtoso(file: fileName, line: rootLine, column: rootColumn, root: root.name, namespace: root.namespaceURI)
        }
        guard root.inNS(.akn) else {
            throw .unsupportedNamespace(file: fileName, line: rootLine, column: rootColumn, namespace: root.namespaceURI)
        }

        // An act holding the agreement in its attachments: import the agreement (AttachedAgreement.swift).
        if let picked = AttachedAgreement.pick(root: root) {
            var result = try importDocument(bytes: Array(picked.xml.utf8), fileName: fileName, options: options)
            result.approvingAct = picked.act
            result.warnings.insert(ImportWarning(line: rootLine, message: picked.act.taken), at: 0)
            return result
        }

        var warnings: [ImportWarning] = []
        let outcome: AKNOutcome
        if let schema = options.schema {
            let (valid, diags, dropped) = schema.validate(document)
            if valid {
                outcome = .valid
            } else {
                if options.strict, let first = diags.first {
                    throw .schemaInvalid(file: fileName, line: first.line, column: first.column, detail: first.message)
                }
                outcome = .schemaInvalid
                for d in diags {
                    warnings.append(ImportWarning(line: d.line, message: Localized(
                        fr: "non conforme au schéma Akoma Ntoso 3.0 : \(d.message)",
                        en: "does not conform to the Akoma Ntoso 3.0 schema: \(d.message)")))
                }
                if dropped > 0 {
                    warnings.append(ImportWarning(line: nil, message: Localized(
                        fr: "\(dropped) autres erreurs de schéma non affichées",
                        en: "\(dropped) more schema errors not shown")))
                }
            }
        } else {
            outcome = .notValidated
            warnings.append(ImportWarning(line: nil, message: Localized(
                fr: "document non validé par le schéma officiel Akoma Ntoso 3.0 (aucun schéma fourni) : seules les vérifications de structure ont été faites",
                en: "document not validated against the official Akoma Ntoso 3.0 schema (no schema given): structural checks only")))
        }

        let index = DocumentIndex(root: root)
        if options.schema == nil, let dup = index.duplicates.first, options.strict {
            throw .duplicateEId(file: fileName, line: dup.line, column: 1, eId: dup.eId)
        }
        if options.schema == nil {
            for dup in index.duplicates.prefix(50) {
                warnings.append(ImportWarning(line: dup.line, message: Localized(
                    fr: "eId « \(dup.eId) » en double (déjà utilisé ligne \(dup.firstLine)) ; chaque eId doit être unique",
                    en: "duplicate eId \"\(dup.eId)\" (already used on line \(dup.firstLine)); every eId must be unique")))
            }
        }
        let dangling = index.danglingReferences
        if options.strict, let d = dangling.first {
            throw .danglingReference(file: fileName, line: d.line, column: 1, attribute: d.attribute, target: d.target)
        }
        for d in dangling.prefix(50) {
            warnings.append(ImportWarning(line: d.line, message: Localized(
                fr: "la référence \(d.attribute)=\"#\(d.target)\" ne désigne aucun élément (eId=\"\(d.target)\" introuvable)",
                en: "reference \(d.attribute)=\"#\(d.target)\" points nowhere (no element with eId=\"\(d.target)\")")))
        }
        if dangling.count > 50 {
            warnings.append(ImportWarning(line: nil, message: Localized(
                fr: "\(dangling.count - 50) autres références sans cible non affichées",
                en: "\(dangling.count - 50) more dangling references not shown")))
        }

        var mapper = AgreementMapper(root: root, index: index, fileName: fileName)
        let agreement = mapper.map()
        warnings += mapper.warnings
        return AKNImport(agreement: agreement, warnings: warnings, xml: text, outcome: outcome, fileName: fileName,
                         documentType: mapper.documentType, isAgreement: mapper.isAgreement)
    }

    /// Re-imports the stored text and says whether it gives the same agreement (export is the
    /// stored source text, byte for byte, so this is the round-trip check).
    public static func roundTrips(_ imported: AKNImport, options: AKNImportOptions = .init()) throws(XMLImportError) -> Bool {
        let again = try importDocument(text: imported.xml, fileName: imported.fileName, options: options)
        return again.agreement == imported.agreement
    }
}

/// eIds and `#` references of a document, gathered in one walk.
///
/// The eIds go in a libxml2 hash table keyed by the attribute's own bytes, and references are
/// kept as places in the tree: making a Swift String of every eId and every reference to
/// check them was most of this walk (profiled). Strings are made only for what is reported.
struct DocumentIndex {
    struct Duplicate { var eId: String; var line: Int; var firstLine: Int }
    struct Reference { var attribute: String; var target: String; var line: Int }

    /// A `#target` inside an attribute value, not yet checked.
    private struct Pending {
        var node: xmlNodePtr
        var attribute: xmlAttrPtr
        var start: Int
        var length: Int
    }

    private final class Table {
        let hash: xmlHashTablePtr
        init() { hash = xmlHashCreate(64) }
        deinit { xmlHashFree(hash, nil) }
    }

    private let table = Table()
    private(set) var duplicates: [Duplicate] = []
    private var pending: [Pending] = []

    init(root: Node) {
        walk(root)
    }

    private mutating func walk(_ n: Node) {
        var a = n.p.pointee.properties
        while let attr = a {
            a = attr.pointee.next
            guard let t = attr.pointee.children, t.pointee.type == XML_TEXT_NODE, let v = t.pointee.content,
                  let name = attr.pointee.name else { continue }
            if attr.pointee.ns == nil {
                if xmlEquals(name, "eId") {
                    if xmlHashAddEntry(table.hash, v, UnsafeMutableRawPointer(n.p)) != 0,
                       let first = xmlHashLookup(table.hash, v) {
                        duplicates.append(Duplicate(eId: String(cString: v), line: n.line,
                                                    firstLine: Node(p: first.assumingMemoryBound(to: xmlNode.self)).line))
                    }
                    continue
                }
                guard xmlEquals(name, "refersTo") || xmlEquals(name, "href") || xmlEquals(name, "as")
                    || xmlEquals(name, "source") || xmlEquals(name, "start") || xmlEquals(name, "end") else { continue }
            } else if !xmlEquals(attr.pointee.ns?.pointee.href, NS.ent.uri) {
                continue
            }
            var i = 0
            while v[i] != 0 {
                while Self.isSpace(v[i]) { i += 1 }
                let start = i
                while v[i] != 0 && !Self.isSpace(v[i]) { i += 1 }
                if i - start > 1, v[start] == UInt8(ascii: "#") {
                    pending.append(Pending(node: n.p, attribute: attr, start: start + 1, length: i - start - 1))
                }
            }
        }
        for c in n.children { walk(c) }
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// The element with this eId (bytes, NUL-terminated).
    private func lookup(_ key: UnsafePointer<xmlChar>) -> Node? {
        xmlHashLookup(table.hash, key).map { Node(p: $0.assumingMemoryBound(to: xmlNode.self)) }
    }

    /// References whose target names no element, in document order.
    var danglingReferences: [Reference] {
        var out: [Reference] = []
        for r in pending {
            guard let value = r.attribute.pointee.children?.pointee.content else { continue }
            let found = withUnsafeTemporaryAllocation(of: xmlChar.self, capacity: r.length + 1) { buf -> Bool in
                for k in 0..<r.length { buf[k] = value[r.start + k] }
                buf[r.length] = 0
                return lookup(UnsafePointer(buf.baseAddress!)) != nil
            }
            guard !found else { continue }
            let name = String(cString: r.attribute.pointee.name)
            out.append(Reference(attribute: r.attribute.pointee.ns == nil ? name : "ent:" + name,
                                 target: String(decoding: UnsafeBufferPointer(start: value + r.start, count: r.length), as: UTF8.self),
                                 line: Node(p: r.node).line))
        }
        return out
    }

    /// The element a `#x` (or `x`) reference names.
    func resolve(_ ref: String?) -> Node? {
        guard let ref, !ref.isEmpty else { return nil }
        let key = ref.hasPrefix("#") ? String(ref.dropFirst()) : ref
        return key.withCString { p in p.withMemoryRebound(to: xmlChar.self, capacity: key.utf8.count + 1) { lookup($0) } }
    }
}
