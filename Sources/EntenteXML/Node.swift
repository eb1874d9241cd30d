import CLibXML2

/// Compares a libxml2 string with a static ASCII name without allocating.
@inline(__always)
func xmlEquals(_ p: UnsafePointer<xmlChar>?, _ s: StaticString) -> Bool {
    guard let p else { return false }
    let n = s.utf8CodeUnitCount
    let q = s.utf8Start
    var i = 0
    while i < n {
        if p[i] != q[i] { return false }
        i += 1
    }
    return p[n] == 0
}

@inline(__always)
func xmlString(_ p: UnsafePointer<xmlChar>?) -> String? {
    guard let p else { return nil }
    return String(cString: p)
}

/// Which namespace an element or attribute is in.
enum NS {
    case akn, ent, none

    var uri: StaticString {
        switch self {
        case .akn: return "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
        case .ent: return "urn:entente:akn:tracking:1.0"
        case .none: return ""
        }
    }
}

/// A thin view of an element; pointer traversal, no copies.
struct Node {
    let p: xmlNodePtr

    var name: String { xmlString(p.pointee.name) ?? "" }
    var namespaceURI: String? { p.pointee.ns.flatMap { xmlString($0.pointee.href) } }
    var line: Int { Int(xmlGetLineNo(p)) }

    func inNS(_ ns: NS) -> Bool {
        switch ns {
        case .none: return p.pointee.ns == nil
        default: return xmlEquals(p.pointee.ns?.pointee.href, ns.uri)
        }
    }

    /// Element named `local` in Akoma Ntoso 3.0 (or Entente's namespace).
    @inline(__always)
    func `is`(_ local: StaticString, _ ns: NS = .akn) -> Bool {
        xmlEquals(p.pointee.name, local) && inNS(ns)
    }

    func isAny(_ names: [StaticString], _ ns: NS = .akn) -> Bool {
        guard inNS(ns) else { return false }
        for n in names where xmlEquals(p.pointee.name, n) { return true }
        return false
    }

    var parent: Node? {
        guard let q = p.pointee.parent, q.pointee.type == XML_ELEMENT_NODE else { return nil }
        return Node(p: q)
    }

    /// Child elements, in order.
    var children: ChildElements { ChildElements(first: p.pointee.children) }

    func child(_ local: StaticString, _ ns: NS = .akn) -> Node? {
        children.first { $0.is(local, ns) }
    }

    func children(_ local: StaticString, _ ns: NS = .akn) -> [Node] {
        children.filter { $0.is(local, ns) }
    }

    /// The first descendant (depth first, document order) matching `pred`.
    func firstDescendant(where pred: (Node) -> Bool) -> Node? {
        for c in children {
            if pred(c) { return c }
            if let d = c.firstDescendant(where: pred) { return d }
        }
        return nil
    }

    /// Every descendant matching `pred`, in document order; does not look inside matches when `stopAtMatch`.
    func descendants(where pred: (Node) -> Bool, stopAtMatch: Bool = false, into out: inout [Node]) {
        for c in children {
            if pred(c) {
                out.append(c)
                if stopAtMatch { continue }
            }
            c.descendants(where: pred, stopAtMatch: stopAtMatch, into: &out)
        }
    }

    func descendants(_ local: StaticString, _ ns: NS = .akn) -> [Node] {
        var out: [Node] = []
        descendants(where: { $0.is(local, ns) }, into: &out)
        return out
    }

    /// An attribute's raw value: `ns: .none` for unqualified attributes (all of Akoma Ntoso's).
    func attrPointer(_ local: StaticString, _ ns: NS = .none) -> UnsafePointer<xmlChar>? {
        var a = p.pointee.properties
        while let attr = a {
            if xmlEquals(attr.pointee.name, local) {
                let ok: Bool
                switch ns {
                case .none: ok = attr.pointee.ns == nil
                default: ok = xmlEquals(attr.pointee.ns?.pointee.href, ns.uri)
                }
                if ok {
                    // A plain attribute holds a single text child; anything else is unusual.
                    if let t = attr.pointee.children, t.pointee.next == nil, t.pointee.type == XML_TEXT_NODE {
                        return UnsafePointer(t.pointee.content)
                    }
                    return nil
                }
            }
            a = attr.pointee.next
        }
        return nil
    }

    func attr(_ local: StaticString, _ ns: NS = .none) -> String? {
        if let v = attrPointer(local, ns) { return String(cString: v) }
        return nil
    }

    /// An `ent:` attribute; tolerates the unqualified spelling too.
    func ent(_ local: StaticString) -> String? {
        attr(local, .ent) ?? attr(local, .none)
    }

    func attrEquals(_ local: StaticString, _ value: StaticString) -> Bool {
        xmlEquals(attrPointer(local), value)
    }

    var eId: String? { attr("eId") }

    /// Whitespace-normalised text of the element and its descendants.
    var text: String {
        var b = TextBuffer()
        b.append(self, skip: { _ in false })
        return b.string
    }

    /// Text without descendants for which `skip` is true.
    func text(skipping skip: (Node) -> Bool) -> String {
        var b = TextBuffer()
        b.append(self, skip: skip)
        return b.string
    }
}

struct ChildElements: Sequence {
    let first: xmlNodePtr?

    struct Iterator: IteratorProtocol {
        var cur: xmlNodePtr?
        mutating func next() -> Node? {
            while let c = cur {
                cur = c.pointee.next
                if c.pointee.type == XML_ELEMENT_NODE { return Node(p: c) }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(cur: first) }
}

/// Collects text into bytes with XML white space collapsed to single spaces.
struct TextBuffer {
    var bytes: [UInt8] = []
    var pendingSpace = false

    /// Inline elements: their text runs on with the surrounding text; every other element
    /// (p, num, heading, br, …) separates words.
    static let inline: [StaticString] = [
        "i", "b", "u", "sup", "sub", "span", "a", "abbr", "ref", "mref", "rref", "term", "def", "party",
        "person", "role", "organization", "location", "date", "time", "quantity", "event", "concept",
        "object", "entity", "docTitle", "docNumber", "docDate", "docType", "docProponent", "docStatus",
        "docStage", "docCommittee", "docJurisdiction", "docPurpose", "docAuthority", "docIntroducer",
        "inline", "ins", "del", "omissis", "noteRef", "marker", "sign", "shortTitle", "affectedDocument",
        "relatedDocument", "legislature", "session", "judge", "lawyer", "courtType", "neutralCitation",
        "argument", "remark", "fillIn", "decoration", "signature",
    ]

    /// The inline names by their first byte: a text walk asks this of every element.
    private static let inlineByFirstByte: [[StaticString]] = {
        var table = Array(repeating: [StaticString](), count: 256)
        for name in inline { table[Int(name.utf8Start[0])].append(name) }
        return table
    }()

    static func isInline(_ name: UnsafePointer<xmlChar>?) -> Bool {
        guard let name else { return false }
        return inlineByFirstByte[Int(name[0])].contains { xmlEquals(name, $0) }
    }

    mutating func appendRaw(_ p: UnsafePointer<xmlChar>) {
        var i = 0
        while true {
            let c = p[i]
            if c == 0 { break }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                pendingSpace = true
            } else {
                if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(c)
            }
            i += 1
        }
    }

    mutating func append(_ node: Node, skip: (Node) -> Bool) {
        var c = node.p.pointee.children
        while let n = c {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = n.pointee.content { appendRaw(content) }
            case XML_ELEMENT_NODE:
                let e = Node(p: n)
                if !skip(e) {
                    let isInline = e.inNS(.akn) && TextBuffer.isInline(n.pointee.name)
                    if !isInline { pendingSpace = true }
                    append(e, skip: skip)
                    if !isInline { pendingSpace = true }
                }
            default:
                break
            }
            c = n.pointee.next
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
