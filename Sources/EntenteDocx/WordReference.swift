import CLibXML2
import Foundation
import ZIPFoundation

/// A workspace's Word look: `templates/reference.docx`, of which only the styles
/// (`word/styles.xml`) and the theme (`word/theme/theme1.xml`) are used, the way pandoc's
/// `--reference-doc` works. Its text, headers and settings are ignored.
public struct WordReference: Sendable {
    /// Where it was read from, for messages.
    public let path: String
    let styles: Data
    let theme: Data?

    /// The file name looked for in a workspace's `templates/` folder.
    public static let fileName = "reference.docx"
    /// No real styles or theme part comes near this (Word's own are 30–300 KB).
    static let maxPartSize: Int64 = 16 << 20

    /// Reads the styles and theme of a `.docx`.
    /// - Throws: `DocxError.referenceUnreadable` (not a zip), `.referenceWithoutStyles`,
    ///   `.referenceTooLarge`, `.referenceInvalidXML` (the styles part does not parse, has a
    ///   DOCTYPE, or is not `w:styles`).
    public init(path: String) throws {
        self.path = path
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw DocxError.referenceUnreadable(path: path, cause: "\(error)")
        }
        func read(_ name: String) throws -> Data? {
            guard let entry = archive[name] else { return nil }
            guard Int64(entry.uncompressedSize) <= Self.maxPartSize else {
                throw DocxError.referenceTooLarge(path: path, part: name, bytes: Int64(entry.uncompressedSize))
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    if data.count > Self.maxPartSize { throw DocxError.referenceTooLarge(path: path, part: name, bytes: Int64(data.count)) }
                }
            } catch let e as DocxError {
                throw e
            } catch {
                throw DocxError.referenceUnreadable(path: path, cause: "\(name): \(error)")
            }
            return data
        }
        guard let styles = try read("word/styles.xml") else { throw DocxError.referenceWithoutStyles(path: path) }
        self.styles = styles
        self.theme = try read("word/theme/theme1.xml")
        // Refused now, not when the first report is written.
        _ = try StyleMerge(reference: self, languageTag: "fr-CA")
    }

    /// `DIR/reference.docx` when it exists; nil otherwise (or when `directory` is nil).
    /// - Throws: as `init(path:)`, for a file that is there but unusable.
    public static func inTemplates(_ directory: String?) throws -> WordReference? {
        guard let directory else { return nil }
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try WordReference(path: path)
    }
}

/// The reference document's styles made ready for Entente's documents, with libxml2:
/// - the language of the report goes into `w:docDefaults` (a `w:lang` in a style of the
///   reference would override it: those are removed, the look is what a reference gives);
/// - a style Entente uses that the reference lacks is added from the built-in look, so
///   nothing falls back to Normal unasked;
/// - a built-in style the reference has under another id but the same name (French Word
///   saves "heading 1" as `Titre1`) is used under the reference's id.
struct StyleMerge {
    let styles: Data
    /// Built-in style id → the reference's.
    let ids: [String: String]

    init(reference: WordReference, languageTag: String) throws {
        _ = LibXML.ready
        let part = "word/styles.xml"
        func fail(_ line: Int, _ message: String) -> DocxError {
            .referenceInvalidXML(path: reference.path, part: part, line: line, message: message)
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = reference.styles.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count), "styles.xml", nil, options)
        }
        guard let doc = parsed else {
            let e = xmlGetLastError()
            let message = e?.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not XML"
            throw fail(Int(e?.pointee.line ?? 0), message)
        }
        defer { xmlFreeDoc(doc) }
        guard doc.pointee.intSubset == nil else { throw fail(1, "DOCTYPE not allowed") }
        guard let root = xmlDocGetRootElement(doc), Self.isW(root, "styles"), let ns = root.pointee.ns else {
            throw fail(1, "the root element is not w:styles")
        }

        // The built-in definitions, parsed into the same document so that nodes can move over.
        let builtIn = try XMLWriter.document(WordStyles.styles(languageTag: languageTag), part: part, indent: false)
        guard let ours = builtIn.withUnsafeBytes({ raw in
            xmlReadMemory(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), "builtin.xml", nil, options)
        }) else { throw DocxError.xmlWriter(part: part) }
        defer { xmlFreeDoc(ours) }

        var referenceIDs = Set<String>()
        var referenceByName: [String: String] = [:]
        for s in Self.elements(root) where Self.isW(s, "style") {
            guard let id = Self.wAttribute(s, "styleId") else { continue }
            referenceIDs.insert(id)
            if let nameNode = Self.elements(s).first(where: { Self.isW($0, "name") }), let name = Self.wAttribute(nameNode, "val") {
                referenceByName[name.lowercased()] = referenceByName[name.lowercased()] ?? id
            }
            // The report's language wins over a language in a style.
            for rPr in Self.elements(s) where Self.isW(rPr, "rPr") {
                for lang in Self.elements(rPr) where Self.isW(lang, "lang") {
                    xmlUnlinkNode(lang)
                    xmlFreeNode(lang)
                }
            }
        }

        var ids: [String: String] = [:]
        guard let ourRoot = xmlDocGetRootElement(ours) else { throw DocxError.xmlWriter(part: part) }
        for s in Self.elements(ourRoot) where Self.isW(s, "style") {
            guard let id = Self.wAttribute(s, "styleId") else { continue }
            if referenceIDs.contains(id) { continue }
            let name = Self.elements(s).first { Self.isW($0, "name") }.flatMap { Self.wAttribute($0, "val") }?.lowercased()
            if let name, let theirs = referenceByName[name] {
                ids[id] = theirs
                continue
            }
            guard let copy = xmlDocCopyNode(s, doc, 1) else { throw DocxError.xmlWriter(part: part) }
            xmlAddChild(root, copy)
        }

        // The document's language, in w:docDefaults/w:rPrDefault/w:rPr/w:lang.
        let defaults = Self.child(root, "docDefaults", ns: ns, first: true)
        let rPrDefault = Self.child(defaults, "rPrDefault", ns: ns, first: true)
        let rPr = Self.child(rPrDefault, "rPr", ns: ns, first: false)
        let lang = Self.child(rPr, "lang", ns: ns, first: false)
        _ = withXMLChars("val") { n in withXMLChars(languageTag) { xmlSetNsProp(lang, ns, n, $0) } }

        var out: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(doc, &out, &size, "UTF-8")
        guard let out else { throw DocxError.xmlWriter(part: part) }
        defer { cxml_free(out) }
        styles = Data(bytes: out, count: Int(size))
        self.ids = ids
    }

    static func isW(_ n: xmlNodePtr, _ local: String) -> Bool {
        guard n.pointee.type == XML_ELEMENT_NODE, let name = n.pointee.name, String(cString: name) == local,
              let href = n.pointee.ns?.pointee.href else { return false }
        return String(cString: href) == OOXML.wordNS
    }

    static func elements(_ n: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var c = n.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE { out.append(x) }
            c = x.pointee.next
        }
        return out
    }

    static func wAttribute(_ n: xmlNodePtr, _ local: String) -> String? {
        guard let v = withXMLChars(local, { l in withXMLChars(OOXML.wordNS) { xmlGetNsProp(n, l, $0) } }) else { return nil }
        defer { cxml_free(v) }
        return String(cString: v)
    }

    /// The `w:` child `local` of `parent`, created (first or last) when missing.
    static func child(_ parent: xmlNodePtr, _ local: String, ns: xmlNsPtr, first: Bool) -> xmlNodePtr {
        if let found = elements(parent).first(where: { isW($0, local) }) { return found }
        let node = withXMLChars(local) { xmlNewNode(ns, $0) }!
        if first, let head = elements(parent).first {
            xmlAddPrevSibling(head, node)
        } else {
            xmlAddChild(parent, node)
        }
        return node
    }
}
