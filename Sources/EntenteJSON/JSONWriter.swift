/// The one JSON writer of the package: compact JSON into UTF-8 bytes, keys in the order the
/// caller gives them (sorted, where the text must be what `JSONEncoder` with sorted keys
/// writes), strings through `JSONText`. Stored models, audit entries and the output for
/// programs are all written with it.
package struct JSONWriter {
    package var out: [UInt8] = []
    /// One entry per open object or array: whether it has a member yet (a comma is due).
    private var comma: [Bool] = []

    /// Indented by two spaces a level, `"key": value` (the layout of `serialized()` for single
    /// objects); false: compact.
    package var pretty = false

    package init(capacity: Int = 256, pretty: Bool = false) {
        out.reserveCapacity(capacity)
        self.pretty = pretty
    }

    /// Writes into `bytes` (appending, its capacity reused), for loops that write many items.
    package static func appending(to bytes: inout [UInt8], _ body: (inout JSONWriter) -> Void) {
        var w = JSONWriter(capacity: 0)
        swap(&w.out, &bytes)
        body(&w)
        swap(&w.out, &bytes)
    }

    private mutating func newline(_ depth: Int) {
        out.append(0x0A)
        for _ in 0..<depth { out.append(0x20); out.append(0x20) }
    }

    /// The bytes as a String.
    package var text: String { String(decoding: out, as: UTF8.self) }

    /// Before a member of the innermost object or array: a comma unless it is the first.
    package mutating func separate() {
        guard !comma.isEmpty else { return }
        if comma[comma.count - 1] { out.append(UInt8(ascii: ",")) } else { comma[comma.count - 1] = true }
        if pretty { newline(comma.count) }
    }

    package mutating func openObject() { out.append(UInt8(ascii: "{")); comma.append(false) }
    package mutating func closeObject() { close(UInt8(ascii: "}")) }
    package mutating func openArray() { out.append(UInt8(ascii: "[")); comma.append(false) }
    package mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = comma.removeLast()
        if pretty && hadMembers { newline(comma.count) }
        out.append(bracket)
    }

    /// `"k":`, after a comma when due.
    package mutating func key(_ k: StaticString) {
        separate()
        out.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(0x20) }
    }

    /// A key that is not a literal (escaped like any string).
    package mutating func key(_ k: String) {
        separate()
        JSONText.quote(k, into: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(0x20) }
    }

    // Values. Inside an array each is a member; after `key` it is the key's value.

    package mutating func string(_ s: String?) {
        guard let s else { null(); return }
        JSONText.quote(s, into: &out)
    }
    package mutating func int<I: BinaryInteger>(_ v: I?) {
        guard let v else { null(); return }
        out.append(contentsOf: String(v).utf8)
    }
    package mutating func bool(_ v: Bool?) {
        guard let v else { null(); return }
        out.append(contentsOf: (v ? "true" : "false").utf8)
    }
    package mutating func null() { out.append(contentsOf: "null".utf8) }

    /// An array member: separated, then written by `value`.
    package mutating func element(_ value: (inout JSONWriter) -> Void) {
        separate()
        value(&self)
    }

    /// An array of strings.
    package mutating func strings(_ list: [String]) {
        openArray()
        for s in list { separate(); JSONText.quote(s, into: &out) }
        closeArray()
    }

    // Members left out when nil, as `JSONEncoder` leaves out nil optionals.

    package mutating func field(_ k: StaticString, _ v: String?) {
        guard let v else { return }
        key(k)
        JSONText.quote(v, into: &out)
    }
    package mutating func field<I: BinaryInteger>(_ k: StaticString, _ v: I?) {
        guard let v else { return }
        key(k)
        out.append(contentsOf: String(v).utf8)
    }
    package mutating func field(_ k: StaticString, _ v: Bool?) {
        guard let v else { return }
        key(k)
        bool(v)
    }
}
