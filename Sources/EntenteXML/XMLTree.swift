import CLibXML2
import EntenteCore

/// A read-only copy of a parsed XML element, for modules that must read XML other than
/// Akoma Ntoso (Word's `document.xml`, `numbering.xml`) through the project's safe parser
/// without touching libxml2 themselves.
///
/// Names are local names; `namespace` is the element's namespace URI (match on it, never on
/// the prefix: Word's "Strict" files use other URIs than the transitional ones).
public struct XMLElementNode: Sendable, Hashable {
    public var name: String
    public var namespace: String?
    /// Attributes by local name (the prefix is dropped: `w:val` → `val`).
    public var attributes: [String: String]
    public var children: [XMLChild]
    /// 1-based line in the source.
    public var line: Int

    public init(name: String, namespace: String?, attributes: [String: String], children: [XMLChild], line: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// Child elements, in order.
    public var elements: [XMLElementNode] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    /// The first child element with this local name.
    public func first(_ local: String) -> XMLElementNode? { elements.first { $0.name == local } }

    /// Child elements with this local name.
    public func all(_ local: String) -> [XMLElementNode] { elements.filter { $0.name == local } }

    /// Every descendant with this local name, depth first.
    public func descendants(_ local: String) -> [XMLElementNode] {
        var out: [XMLElementNode] = []
        for e in elements {
            if e.name == local { out.append(e) }
            out += e.descendants(local)
        }
        return out
    }

    /// The text of the element and its descendants, unchanged (no white-space folding).
    public var rawText: String {
        children.map { c -> String in
            switch c {
            case .text(let t): return t
            case .element(let e): return e.rawText
            }
        }.joined()
    }
}

/// A child of an element: text or another element.
public enum XMLChild: Sendable, Hashable {
    case text(String)
    case element(XMLElementNode)
}

extension SafeXMLParser {
    /// Parses `source` with the same refusals as Akoma Ntoso import (size, UTF-8, no DOCTYPE,
    /// no network, no entities) and returns a Swift copy of the tree.
    ///
    /// - Throws: `XMLImportError` with the file, line and column of the first problem.
    public func parseTree(_ source: XMLSource) throws(XMLImportError) -> XMLElementNode {
        let (document, _, _) = try parse(source)
        return Self.copy(document.root!)
    }

    static func copy(_ p: xmlNodePtr) -> XMLElementNode {
        var attrs: [String: String] = [:]
        var a = p.pointee.properties
        while let attr = a {
            if let name = xmlString(attr.pointee.name) {
                var value = ""
                var t = attr.pointee.children
                while let n = t {
                    if let c = n.pointee.content { value += String(cString: c) }
                    t = n.pointee.next
                }
                attrs[name] = value
            }
            a = attr.pointee.next
        }
        var children: [XMLChild] = []
        var c = p.pointee.children
        while let n = c {
            switch n.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(.element(copy(n)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = n.pointee.content { children.append(.text(String(cString: content))) }
            default:
                break
            }
            c = n.pointee.next
        }
        return XMLElementNode(name: xmlString(p.pointee.name) ?? "",
                              namespace: p.pointee.ns.flatMap { xmlString($0.pointee.href) },
                              attributes: attrs, children: children, line: Int(xmlGetLineNo(p)))
    }
}
