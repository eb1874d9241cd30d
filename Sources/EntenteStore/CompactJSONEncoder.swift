import Foundation

/// Writes any `Encodable` as compact JSON with sorted keys — the text `JSONEncoder` with
/// `.sortedKeys` writes, minus its escaped slashes — without Foundation's intermediate tree.
/// Storing each imported agreement (its model and its summary) through `JSONEncoder` was
/// 22 % of a bulk import (profiled); this encoder does the same work several times faster.
/// Anything it does not handle (`superEncoder`, non-finite numbers) makes it throw, and
/// `Rows.json` falls back to `JSONEncoder`, so what is stored is standard JSON either way.
enum CompactJSONEncoder {
    struct Unsupported: Error {}

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let sink = Sink()
        try sink.write(value, level: 0)
        sink.closeAbove(-1)
        if sink.failed { throw Unsupported() }
        return String(decoding: sink.root, as: UTF8.self)
    }

    /// One open container. Containers are strictly nested (a value's container is closed
    /// before its next sibling is written), so an open container is closed as soon as
    /// something is written at a shallower level.
    struct Frame {
        var level: Int
        var keyed: Bool
        var keys: [String] = []
        var values: [[UInt8]] = []
        var items: [UInt8] = []
        var count = 0
    }

    final class Sink {
        var root: [UInt8] = []
        var frames: [Frame] = []
        var failed = false

        init() { root.reserveCapacity(1024) }

        /// Appends to where the innermost open container is writing (or the top level).
        func append(_ bytes: some Sequence<UInt8>) {
            guard !frames.isEmpty else { root.append(contentsOf: bytes); return }
            let i = frames.count - 1
            if frames[i].keyed {
                frames[i].values[frames[i].values.count - 1].append(contentsOf: bytes)
            } else {
                frames[i].items.append(contentsOf: bytes)
            }
        }

        var targetCount: Int {
            guard let f = frames.last else { return root.count }
            return f.keyed ? (f.values.last?.count ?? 0) : f.items.count
        }

        /// Closes every container deeper than `level`, writing it into its parent.
        func closeAbove(_ level: Int) {
            while let f = frames.last, f.level > level {
                frames.removeLast()
                var out: [UInt8] = []
                if f.keyed {
                    out.append(UInt8(ascii: "{"))
                    let order = f.keys.indices.sorted { f.keys[$0].utf8.lexicographicallyPrecedes(f.keys[$1].utf8) }
                    for (n, i) in order.enumerated() {
                        if n > 0 { out.append(UInt8(ascii: ",")) }
                        Self.quote(f.keys[i], into: &out)
                        out.append(UInt8(ascii: ":"))
                        out.append(contentsOf: f.values[i])
                    }
                    out.append(UInt8(ascii: "}"))
                } else {
                    out.append(UInt8(ascii: "["))
                    out.append(contentsOf: f.items)
                    out.append(UInt8(ascii: "]"))
                }
                append(out)
            }
        }

        /// Prepares the container at `level` for its next element (a key, or a comma).
        func begin(level: Int, key: String?) {
            closeAbove(level)
            guard let i = frames.indices.last, frames[i].level == level else { failed = true; return }
            if let key {
                frames[i].keys.append(key)
                frames[i].values.append([])
            } else {
                if frames[i].count > 0 { frames[i].items.append(UInt8(ascii: ",")) }
                frames[i].count += 1
            }
        }

        func push(level: Int, keyed: Bool) {
            closeAbove(level - 1)
            frames.append(Frame(level: level, keyed: keyed))
        }

        /// Writes a value whose own `encode(to:)` runs at `level`.
        func write<T: Encodable>(_ value: T, level: Int) throws {
            switch value {
            case let s as String: Self.quote(s, into: &scratch); flush()
            case let b as Bool: append((b ? "true" : "false").utf8)
            case let n as Int: append(String(n).utf8)
            case let n as Int64: append(String(n).utf8)
            default:
                let before = targetCount, depth = frames.count
                try value.encode(to: Enc(sink: self, level: level))
                // A value that wrote nothing at all is an empty object, as JSONEncoder has it.
                if frames.count == depth, targetCount == before { append("{}".utf8) }
            }
        }

        var scratch: [UInt8] = []
        func flush() { append(scratch); scratch.removeAll(keepingCapacity: true) }

        func number<N: BinaryInteger>(_ n: N) { append(String(n).utf8) }

        func floating<F: BinaryFloatingPoint & LosslessStringConvertible>(_ x: F) {
            guard x.isFinite else { failed = true; return }
            append(String(x).utf8)
        }

        static func quote(_ s: String, into out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    struct Enc: Encoder {
        let sink: Sink
        let level: Int
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            sink.push(level: level, keyed: true)
            return KeyedEncodingContainer(Keyed<Key>(sink: sink, level: level))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.push(level: level, keyed: false)
            return Unkeyed(sink: sink, level: level)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(sink: sink, level: level) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        let level: Int
        var codingPath: [any CodingKey] { [] }

        func encodeNil(forKey key: Key) throws { sink.begin(level: level, key: key.stringValue); sink.append("null".utf8) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            sink.begin(level: level, key: key.stringValue)
            try sink.write(value, level: level + 1)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            sink.begin(level: level, key: key.stringValue)
            return Enc(sink: sink, level: level + 1).container(keyedBy: keyType)
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            sink.begin(level: level, key: key.stringValue)
            return Enc(sink: sink, level: level + 1).unkeyedContainer()
        }
        func superEncoder() -> any Encoder { sink.failed = true; return Enc(sink: sink, level: level + 1) }
        func superEncoder(forKey key: Key) -> any Encoder { sink.failed = true; return Enc(sink: sink, level: level + 1) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: Sink
        let level: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { sink.frames.last(where: { $0.level == level })?.count ?? 0 }

        func encodeNil() throws { sink.begin(level: level, key: nil); sink.append("null".utf8) }
        func encode<T: Encodable>(_ value: T) throws {
            sink.begin(level: level, key: nil)
            try sink.write(value, level: level + 1)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            sink.begin(level: level, key: nil)
            return Enc(sink: sink, level: level + 1).container(keyedBy: keyType)
        }
        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.begin(level: level, key: nil)
            return Enc(sink: sink, level: level + 1).unkeyedContainer()
        }
        func superEncoder() -> any Encoder { sink.failed = true; return Enc(sink: sink, level: level + 1) }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: Sink
        let level: Int
        var codingPath: [any CodingKey] { [] }

        func encodeNil() throws { sink.append("null".utf8) }
        func encode(_ value: Bool) throws { sink.append((value ? "true" : "false").utf8) }
        func encode(_ value: String) throws { try sink.write(value, level: level) }
        func encode(_ value: Double) throws { sink.floating(value) }
        func encode(_ value: Float) throws { sink.floating(value) }
        func encode(_ value: Int) throws { sink.number(value) }
        func encode(_ value: Int8) throws { sink.number(value) }
        func encode(_ value: Int16) throws { sink.number(value) }
        func encode(_ value: Int32) throws { sink.number(value) }
        func encode(_ value: Int64) throws { sink.number(value) }
        func encode(_ value: UInt) throws { sink.number(value) }
        func encode(_ value: UInt8) throws { sink.number(value) }
        func encode(_ value: UInt16) throws { sink.number(value) }
        func encode(_ value: UInt32) throws { sink.number(value) }
        func encode(_ value: UInt64) throws { sink.number(value) }
        func encode<T: Encodable>(_ value: T) throws { try sink.write(value, level: level) }
    }
}
