import Foundation

/// A scalar value inside a flat object.
package enum JSONScalar {
    case string(String)
    case int(Int64)
    case other
}

/// The one JSON reader of the package: byte level, over the subset Entente writes (objects,
/// arrays, strings, integers, booleans, null), strict (anything else returns nil or false,
/// and the caller falls back to `JSONDecoder`). Keys are compared in place, never made into
/// Strings: making a String of each was a third of reading a stored agreement (profiled).
package struct JSONReader {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var i = 0

    package init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    package var atEnd: Bool {
        mutating get {
            skipSpace()
            return i == bytes.count
        }
    }

    package mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    package mutating func take(_ b: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == b else { return false }
        i += 1
        return true
    }

    /// `[` element (`,` element)* `]`, or `[]`.
    package mutating func array(_ element: (inout JSONReader) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            skipSpace()
            guard element(&self) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    package mutating func flatObject(_ field: (String, JSONScalar) -> Void) -> Bool {
        object { p, key in
            let name = String(decoding: key.bytes, as: UTF8.self)
            guard p.i < p.bytes.count else { return false }
            switch p.bytes[p.i] {
            case UInt8(ascii: "\""):
                guard let s = p.string() else { return false }
                field(name, .string(s))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let n = p.integer() else { return false }
                field(name, .int(n))
            case UInt8(ascii: "n"):
                guard p.word("null") else { return false }
                field(name, .other)
            default:
                return false // nested values, booleans, fractions: not in these columns
            }
            return true
        }
    }

    /// `{` key `:` value (`,` …)* `}`; `field` reads the value at the cursor (or skips it).
    package mutating func object(_ field: (inout JSONReader, Key) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            skipSpace()
            guard let key = key(), take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard field(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// An object key, read in place: the keys are compared, never kept, and making a
    /// String of each was a third of reading a stored agreement (profiled).
    package struct Key {
        package let bytes: UnsafeBufferPointer<UInt8>
        package static func ~= (pattern: StaticString, key: Key) -> Bool {
            pattern.utf8CodeUnitCount == key.bytes.count && memcmp(pattern.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0
        }
    }

    /// A key without escapes (ours never have any; nil sends the caller to JSONDecoder).
    package mutating func key() -> Key? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var j = start
        while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
            if bytes[j] == UInt8(ascii: "\\") || bytes[j] < 0x20 { return nil }
            j += 1
        }
        guard j < bytes.count, j > start else { return nil }
        i = j + 1
        return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<j]))
    }

    package mutating func bool() -> Bool? {
        skipSpace()
        if word("true") { return true }
        if word("false") { return false }
        return nil
    }

    /// Consumes a `null` at the cursor, if there is one.
    package mutating func null() -> Bool {
        skipSpace()
        return word("null")
    }

    /// Any value, read and dropped (fields a newer version wrote).
    package mutating func skipValue() -> Bool {
        skipSpace()
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object { p, _ in p.skipValue() }
        case UInt8(ascii: "["): return array { p in p.skipValue() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return null()
        default:
            let start = i
            while i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: ".")
                || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") || (bytes[i] >= 0x30 && bytes[i] <= 0x39) { i += 1 }
            return i > start
        }
    }

    package mutating func word(_ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != w.utf8Start[k] { return false }
        i += n
        return true
    }

    package mutating func integer() -> Int64? {
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        var value: Int64 = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
            guard !o1, !o2 else { return nil }
            value = s
            i += 1
        }
        guard i > start else { return nil }
        // A fraction or an exponent is not an amount in minor units.
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") { return nil }
        return negative ? -value : value
    }

    /// A string at the current position (after optional space).
    package mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
            if bytes[i] < 0x20 { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        // Escapes (older rows wrote every "/" as "\/"): decoded into bytes, one String at the end.
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
        var pendingHigh: UInt32?
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                guard pendingHigh == nil else { return nil }
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { return nil }
                let e = bytes[i + 1]
                i += 2
                var code: UInt32
                switch e {
                case UInt8(ascii: "\""): code = 0x22
                case UInt8(ascii: "\\"): code = 0x5C
                case UInt8(ascii: "/"): code = 0x2F
                case UInt8(ascii: "b"): code = 0x08
                case UInt8(ascii: "f"): code = 0x0C
                case UInt8(ascii: "n"): code = 0x0A
                case UInt8(ascii: "r"): code = 0x0D
                case UInt8(ascii: "t"): code = 0x09
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + 4]), as: UTF8.self), radix: 16) else { return nil }
                    i += 4
                    code = v
                default: return nil
                }
                if let high = pendingHigh {
                    guard (0xDC00...0xDFFF).contains(code) else { return nil }
                    code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    pendingHigh = nil
                } else if (0xD800...0xDBFF).contains(code) {
                    pendingHigh = code
                    continue
                }
                guard let u = Unicode.Scalar(code) else { return nil }
                if code < 0x80 { out.append(UInt8(code)) } else { out.append(contentsOf: String(Character(u)).utf8) }
                continue
            }
            guard pendingHigh == nil, b >= 0x20 else { return nil }
            out.append(b)
            i += 1
        }
        return nil
    }
}
