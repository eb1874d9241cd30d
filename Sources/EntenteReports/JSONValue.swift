import Dispatch
import Foundation
import EntenteCore
import EntenteJSON

/// A JSON value with object keys kept in the order they were written, so output for
/// programs has stable keys in a stable order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }
    public func hash(into h: inout Hasher) { h.combine(serialized()) }

    public static func str(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func date(_ d: CivilDate?) -> JSONValue { d.map { .string($0.iso) } ?? .null }
    public static func strings(_ a: [String]) -> JSONValue { .array(a.map(JSONValue.string)) }

    /// Serialises; `pretty` indents by two spaces.
    public func serialized(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        write(into: &w)
        return w.text
    }

    /// A list for programs: one compact element per line inside `[` and `]`. Standard JSON,
    /// a third the size of the indented form and still readable line by line (`grep`, `diff`);
    /// used for the long lists (deadlines, activities), where indenting 100,000 objects cost
    /// more than computing them (profiled).
    public func serializedLines() -> String { String(decoding: linesBytes().dropLast(), as: UTF8.self) }

    /// `serializedLines()` as UTF-8 bytes with a final newline, to write out as they are.
    public func linesBytes() -> [UInt8] {
        guard case .array(let a) = self, !a.isEmpty else { return Array((serialized() + "\n").utf8) }
        var out: [UInt8] = []
        JSONValue.writeLines(count: a.count, write: { i, bytes in JSONWriter.appending(to: &bytes) { a[i].write(into: &$0) } },
                             emit: { out.append(contentsOf: $0) })
        return out
    }

    /// The lines of `count` items, item `i` written by `write(i, &bytes)` as compact JSON, handed
    /// to `emit` in order, piece by piece. Long lists are written a wave of pieces at a time,
    /// one piece per core, into buffers reused from wave to wave: writing 100,000 deadlines
    /// into one buffer per core first faulted in 20 MB of fresh memory (profiled). Items are
    /// passed by index so that none is copied on its way to `write`.
    public static func writeLines(count: Int, write: @Sendable (Int, inout [UInt8]) -> Void, emit: ([UInt8]) -> Void) {
        guard count > 0 else { emit(Array("[]\n".utf8)); return }
        let cores = count >= 20_000 ? ProcessInfo.processInfo.activeProcessorCount : 1
        let piece = count >= 20_000 ? 2_048 : count
        var buffers = [[UInt8]](repeating: [], count: cores)
        var lo = 0
        while lo < count {
            let wave = lo
            let n = min(cores, (count - wave + piece - 1) / piece)
            buffers.withUnsafeMutableBufferPointer { buffer in
                let out = UncheckedSendable(buffer)
                DispatchQueue.concurrentPerform(iterations: n) { p in
                    let start = wave + p * piece, end = min(count, start + piece)
                    var bytes = out.value[p]
                    out.value[p] = []
                    bytes.removeAll(keepingCapacity: true)
                    if start == 0 { bytes.append(contentsOf: [UInt8(ascii: "["), 0x0A]) }
                    for i in start..<end {
                        write(i, &bytes)
                        bytes.append(contentsOf: i == count - 1 ? [0x0A, UInt8(ascii: "]"), 0x0A] : [UInt8(ascii: ","), 0x0A])
                    }
                    out.value[p] = bytes
                }
            }
            for p in 0..<n { emit(buffers[p]) }
            lo = min(count, wave + n * piece)
        }
    }

    /// Through the package's one writer (compact or indented as the writer is set).
    package func write(into w: inout JSONWriter) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .int(let i): w.int(i)
        case .string(let s): w.string(s)
        case .array(let a):
            w.openArray()
            for v in a { w.element { v.write(into: &$0) } }
            w.closeArray()
        case .object(let o):
            w.openObject()
            for (k, v) in o { w.key(k); v.write(into: &w) }
            w.closeObject()
        }
    }
}
