import Foundation
import EntenteCore

/// The JSON list columns of activities (domains, means, parties, participants, costs),
/// written and read by hand. `JSONEncoder` and `JSONSerialization` were nearly all of the
/// time to store or load 100,000 activities (measured: 2.1 s to load, of which 2.0 s in
/// `JSONSerialization`). The text stays standard JSON with sorted keys, as `JSONEncoder`
/// writes it, so rows written either way read the same; anything the reader does not expect
/// makes it return nil and the caller falls back to `JSONDecoder`.
enum ListCodec {
    // MARK: - Writing

    static func strings(_ list: [String]) -> String {
        if list.isEmpty { return "[]" }
        var out = "["
        for (i, s) in list.enumerated() {
            if i > 0 { out += "," }
            quote(s, into: &out)
        }
        return out + "]"
    }

    static func participants(_ list: [Participant]) -> String {
        if list.isEmpty { return "[]" }
        var out = "["
        for (i, p) in list.enumerated() {
            if i > 0 { out += "," }
            out += "{\"name\":"
            quote(p.name, into: &out)
            out += ",\"party\":"
            quote(p.party, into: &out)
            if let role = p.role {
                out += ",\"role\":"
                quote(role, into: &out)
            }
            out += "}"
        }
        return out + "]"
    }

    static func costs(_ list: [Cost]) -> String {
        if list.isEmpty { return "[]" }
        var out = "["
        for (i, c) in list.enumerated() {
            if i > 0 { out += "," }
            out += "{\"amountMinor\":\(c.amountMinor),\"currency\":"
            quote(c.currency, into: &out)
            if let label = c.label {
                out += ",\"label\":"
                quote(label, into: &out)
            }
            out += ",\"party\":"
            quote(c.party, into: &out)
            out += "}"
        }
        return out + "]"
    }

    /// An activity as `JSONEncoder` with sorted keys writes it (nil fields left out), for the
    /// audit log: encoding each added activity was a third of a 100,000-row import.
    static func activity(_ a: Activity) -> String {
        var out = "{\"agreementID\":"
        quote(a.agreementID, into: &out)
        out += ",\"costs\":" + costs(a.costs)
        if let d = a.description {
            out += ",\"description\":"
            quote(d, into: &out)
        }
        out += ",\"domains\":" + strings(a.domains)
        if let e = a.end { out += ",\"end\":\"\(e.iso)\"" }
        if let id = a.id { out += ",\"id\":\(id)" }
        out += ",\"meansOfAction\":" + strings(a.meansOfAction)
        if let o = a.outcomes {
            out += ",\"outcomes\":"
            quote(o, into: &out)
        }
        out += ",\"participants\":" + participants(a.participants)
        out += ",\"parties\":" + strings(a.parties)
        if let p = a.planItemID { out += ",\"planItemID\":\(p)" }
        out += ",\"start\":\"\(a.start.iso)\",\"status\":\"\(a.status.rawValue)\",\"title\":"
        quote(a.title, into: &out)
        return out + "}"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
        } else {
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where u.value < 0x20:
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    // MARK: - Reading

    /// A scalar value inside one of the list's objects.
    enum Scalar {
        case string(String)
        case int(Int64)
        case other
    }

    static func readStrings(_ text: String) -> [String]? {
        if text == "[]" { return [] }
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var p = Parser(bytes: bytes)
            var out: [String] = []
            guard p.array({ p in
                guard let s = p.string() else { return false }
                out.append(s)
                return true
            }), p.atEnd else { return nil }
            return out
        }
    }

    /// Reads an array of flat objects, handing each object's fields to `field` and closing
    /// each object with `done`; nil when the text is not such an array or `done` refuses.
    static func readObjects<T>(_ text: String, field: (String, Scalar) -> Void, done: () -> T?) -> [T]? {
        if text == "[]" { return [] }
        var text = text
        return text.withUTF8 { bytes -> [T]? in
            var p = Parser(bytes: bytes)
            var out: [T] = []
            guard p.array({ p in
                guard p.flatObject(field), let t = done() else { return false }
                out.append(t)
                return true
            }), p.atEnd else { return nil }
            return out
        }
    }

    static func readParticipants(_ text: String) -> [Participant]? {
        var name: String?, party: String?, role: String?
        return readObjects(text, field: { key, value in
            guard case .string(let s) = value else { return }
            switch key {
            case "name": name = s
            case "party": party = s
            case "role": role = s
            default: break
            }
        }, done: {
            defer { name = nil; party = nil; role = nil }
            guard let name, let party else { return nil }
            return Participant(name: name, party: party, role: role)
        })
    }

    static func readCosts(_ text: String) -> [Cost]? {
        var amount: Int64?, currency: String?, party: String?, label: String?
        return readObjects(text, field: { key, value in
            switch (key, value) {
            case ("amountMinor", .int(let n)): amount = n
            case ("currency", .string(let s)): currency = s
            case ("party", .string(let s)): party = s
            case ("label", .string(let s)): label = s
            default: break
            }
        }, done: {
            defer { amount = nil; currency = nil; party = nil; label = nil }
            guard let amount, let currency, let party else { return nil }
            return Cost(amountMinor: amount, currency: currency, party: party, label: label)
        })
    }

    /// A byte-level reader of the JSON subset above: arrays of strings or of flat objects.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return i == bytes.count
            }
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func take(_ b: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        /// `[` element (`,` element)* `]`, or `[]`.
        mutating func array(_ element: (inout Parser) -> Bool) -> Bool {
            guard take(UInt8(ascii: "[")) else { return false }
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                skipSpace()
                guard element(&self) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        }

        mutating func flatObject(_ field: (String, Scalar) -> Void) -> Bool {
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
        mutating func object(_ field: (inout Parser, Key) -> Bool) -> Bool {
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
        struct Key {
            let bytes: UnsafeBufferPointer<UInt8>
            static func ~= (pattern: StaticString, key: Key) -> Bool {
                pattern.utf8CodeUnitCount == key.bytes.count && memcmp(pattern.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0
            }
        }

        /// A key without escapes (ours never have any; nil sends the caller to JSONDecoder).
        mutating func key() -> Key? {
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

        mutating func bool() -> Bool? {
            skipSpace()
            if word("true") { return true }
            if word("false") { return false }
            return nil
        }

        /// Consumes a `null` at the cursor, if there is one.
        mutating func null() -> Bool {
            skipSpace()
            return word("null")
        }

        /// Any value, read and dropped (fields a newer version wrote).
        mutating func skipValue() -> Bool {
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

        mutating func word(_ w: StaticString) -> Bool {
            let n = w.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != w.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func integer() -> Int64? {
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
        mutating func string() -> String? {
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
}
