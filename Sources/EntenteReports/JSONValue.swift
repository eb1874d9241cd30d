import Dispatch
import Foundation
import EntenteCore

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
        var out: [UInt8] = []
        write(into: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
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
        JSONValue.writeLines(count: a.count, write: { i, bytes in a[i].write(into: &bytes, pretty: false, indent: 0) },
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
                let out = SendableBuffer(buffer)
                DispatchQueue.concurrentPerform(iterations: n) { p in
                    let start = wave + p * piece, end = min(count, start + piece)
                    var bytes = out.buffer[p]
                    out.buffer[p] = []
                    bytes.removeAll(keepingCapacity: true)
                    if start == 0 { bytes.append(contentsOf: [UInt8(ascii: "["), 0x0A]) }
                    for i in start..<end {
                        write(i, &bytes)
                        bytes.append(contentsOf: i == count - 1 ? [0x0A, UInt8(ascii: "]"), 0x0A] : [UInt8(ascii: ","), 0x0A])
                    }
                    out.buffer[p] = bytes
                }
            }
            for p in 0..<n { emit(buffers[p]) }
            lo = min(count, wave + n * piece)
        }
    }

    func write(into out: inout [UInt8], pretty: Bool, indent: Int) {
        func newline(_ n: Int) {
            guard pretty else { return }
            out.append(0x0A)
            for _ in 0..<n { out.append(0x20); out.append(0x20) }
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): JSONText.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                newline(indent + 1)
                v.write(into: &out, pretty: pretty, indent: indent + 1)
                if i < a.count - 1 { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in o.enumerated() {
                newline(indent + 1)
                JSONText.quote(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                v.write(into: &out, pretty: pretty, indent: indent + 1)
                if i < o.count - 1 { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

}
