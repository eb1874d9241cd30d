import Foundation
import EntenteCore
import EntenteJSON

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
        var w = JSONWriter()
        w.strings(list)
        return w.text
    }

    static func participants(_ list: [Participant]) -> String {
        if list.isEmpty { return "[]" }
        var w = JSONWriter()
        write(list, into: &w)
        return w.text
    }

    static func write(_ list: [Participant], into w: inout JSONWriter) {
        w.openArray()
        for p in list {
            w.element { w in
                w.openObject(); w.field("name", p.name); w.field("party", p.party); w.field("role", p.role); w.closeObject()
            }
        }
        w.closeArray()
    }

    static func costs(_ list: [Cost]) -> String {
        if list.isEmpty { return "[]" }
        var w = JSONWriter()
        write(list, into: &w)
        return w.text
    }

    static func write(_ list: [Cost], into w: inout JSONWriter) {
        w.openArray()
        for c in list {
            w.element { w in
                w.openObject()
                w.field("amountMinor", c.amountMinor); w.field("currency", c.currency); w.field("label", c.label); w.field("party", c.party)
                w.closeObject()
            }
        }
        w.closeArray()
    }

    /// An activity as `JSONEncoder` with sorted keys writes it (nil fields left out), for the
    /// audit log: encoding each added activity was a third of a 100,000-row import.
    static func activity(_ a: Activity) -> String {
        var w = JSONWriter(capacity: 512)
        w.openObject()
        w.field("agreementID", a.agreementID)
        w.key("costs"); write(a.costs, into: &w)
        w.field("description", a.description)
        w.key("domains"); w.strings(a.domains)
        w.field("end", a.end?.iso)
        w.field("id", a.id)
        w.key("meansOfAction"); w.strings(a.meansOfAction)
        w.field("outcomes", a.outcomes)
        w.key("participants"); write(a.participants, into: &w)
        w.key("parties"); w.strings(a.parties)
        w.field("planItemID", a.planItemID)
        w.field("start", a.start.iso); w.field("status", a.status.rawValue); w.field("title", a.title)
        w.closeObject()
        return w.text
    }

    // MARK: - Reading

    static func readStrings(_ text: String) -> [String]? {
        if text == "[]" { return [] }
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var p = JSONReader(bytes: bytes)
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
    static func readObjects<T>(_ text: String, field: (String, JSONScalar) -> Void, done: () -> T?) -> [T]? {
        if text == "[]" { return [] }
        var text = text
        return text.withUTF8 { bytes -> [T]? in
            var p = JSONReader(bytes: bytes)
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
}
