import EntenteCore

/// An agreement's stored JSON, written by hand: through `Codable` it was a fifth of a bulk
/// import, nearly all of it the encoding machinery rather than the text (profiled; a
/// streaming `Encoder` of our own was no faster, so the machinery is what costs). The text is byte for byte what `JSONEncoder`
/// with `.sortedKeys` and `.withoutEscapingSlashes` writes (keys sorted, nil fields left
/// out), so it decodes with `JSONDecoder`; `AgreementJSONTests` hold it to that, field
/// by field, on a fully populated agreement and on the real ones.
enum AgreementJSON {
    static func encode(_ a: Agreement) -> String {
        var w = Writer()
        w.agreement(a)
        return String(decoding: w.out, as: UTF8.self)
    }

    /// Writes JSON objects whose keys are given in sorted order by the caller.
    struct Writer {
        var out: [UInt8] = []
        private var comma: [Bool] = []

        init() { out.reserveCapacity(4096) }

        mutating func open() { out.append(UInt8(ascii: "{")); comma.append(false) }
        mutating func close() { out.append(UInt8(ascii: "}")); comma.removeLast() }

        mutating func key(_ k: StaticString) {
            if comma[comma.count - 1] { out.append(UInt8(ascii: ",")) } else { comma[comma.count - 1] = true }
            out.append(UInt8(ascii: "\""))
            k.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }

        mutating func string(_ k: StaticString, _ v: String?) {
            guard let v else { return }
            key(k)
            Self.quote(v, into: &out)
        }

        mutating func date(_ k: StaticString, _ v: CivilDate?) { string(k, v?.iso) }
        mutating func bool(_ k: StaticString, _ v: Bool?) {
            guard let v else { return }
            key(k)
            out.append(contentsOf: (v ? "true" : "false").utf8)
        }
        mutating func int(_ k: StaticString, _ v: Int?) {
            guard let v else { return }
            key(k)
            out.append(contentsOf: String(v).utf8)
        }

        mutating func array<T>(_ k: StaticString, _ list: [T], _ element: (inout Writer, T) -> Void) {
            key(k)
            out.append(UInt8(ascii: "["))
            for (i, e) in list.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element(&self, e)
            }
            out.append(UInt8(ascii: "]"))
        }

        mutating func object(_ k: StaticString, _ body: (inout Writer) -> Void) {
            key(k)
            open(); body(&self); close()
        }

        mutating func quoted(_ s: String) { Self.quote(s, into: &out) }

        /// A JSON string, escaped as `JSONEncoder` escapes it (without `.withoutEscapingSlashes`
        /// it would also write `\/`; both read the same).
        static func quote(_ s: String, into out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case 0x08: out.append(contentsOf: "\\b".utf8)
                case 0x0C: out.append(contentsOf: "\\f".utf8)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }

        // MARK: The model, keys in sorted (UTF-8) order

        mutating func ref(_ k: StaticString, _ r: ProvisionRef?) {
            guard let r else { return }
            object(k) { w in w.string("eId", r.eId); w.string("num", r.num) }
        }

        mutating func period(_ k: StaticString, _ p: Period?) {
            guard let p else { return }
            object(k) { w in w.int("length", p.length); w.string("unit", p.unit.rawValue) }
        }

        mutating func domain(_ d: Domain) {
            open()
            string("eId", d.eId); string("heading", d.heading)
            array("items", d.items) { w, i in w.domain(i) }
            string("num", d.num); string("printedNum", d.printedNum); string("text", d.text)
            close()
        }

        mutating func agreement(_ a: Agreement) {
            open()
            ref("amendmentsInWriting", a.amendmentsInWriting)
            array("articles", a.articles) { w, x in
                w.open(); w.string("eId", x.eId); w.string("heading", x.heading); w.string("num", x.num); w.close()
            }
            array("bodies", a.bodies) { w, b in
                w.open()
                w.period("cadence", b.cadence); w.int("coordinatorsPerParty", b.coordinatorsPerParty)
                w.bool("external", b.external); w.string("firstMeetingAlternative", b.firstMeetingAlternative?.rawValue)
                w.string("firstMeetingFrom", b.firstMeetingFrom?.rawValue); w.period("firstMeetingWithin", b.firstMeetingWithin)
                w.string("id", b.id); w.string("kind", b.kind.rawValue); w.string("name", b.name); w.ref("source", b.source)
                w.close()
            }
            string("costRule", a.costRule?.rawValue)
            array("domains", a.domains) { w, d in w.domain(d) }
            string("duration", a.duration)
            object("entryIntoForce") { w in
                w.date("date", a.entryIntoForce.date); w.string("rule", a.entryIntoForce.rule.rawValue)
                w.ref("source", a.entryIntoForce.source)
            }
            string("expressionURI", a.expressionURI)
            string("id", a.id)
            string("language", a.language?.rawValue)
            string("languageCode", a.languageCode)
            array("meansOfAction", a.meansOfAction) { w, m in
                w.open(); w.string("eId", m.eId); w.string("num", m.num); w.string("text", m.text); w.close()
            }
            if let n = a.notice {
                object("notice") { w in
                    w.string("basis", n.basis.rawValue); w.bool("minimum", n.minimum); w.period("period", n.period)
                    w.string("quote", n.quote); w.ref("source", n.source); w.bool("written", n.written)
                }
            }
            array("obligations", a.obligations) { w, o in
                w.open()
                w.string("by", o.by); w.string("copyTo", o.copyTo); w.period("every", o.every); w.string("kind", o.kind.rawValue)
                w.ref("source", o.source); w.string("to", o.to)
                w.array("triggers", o.triggers) { w, t in w.quoted(t.rawValue) }
                w.close()
            }
            string("onNotice", a.onNotice?.rawValue)
            array("parties", a.parties) { w, p in
                w.open()
                w.string("id", p.id)
                w.array("names", p.names) { w, n in w.open(); w.date("from", n.from); w.string("name", n.name); w.close() }
                w.close()
            }
            array("recitals", a.recitals) { w, r in w.quoted(r) }
            string("referenceNumber", a.referenceNumber)
            array("representatives", a.representatives) { w, r in
                w.open(); w.string("party", r.party); w.string("person", r.person); w.string("role", r.role); w.ref("source", r.source); w.close()
            }
            string("shortTitle", a.shortTitle)
            array("signatures", a.signatures) { w, s in
                w.open()
                w.string("basis", s.basis.rawValue); w.date("date", s.date); w.string("party", s.party); w.string("place", s.place)
                w.string("role", s.role); w.string("signatory", s.signatory); w.string("sourceNote", s.sourceNote)
                w.close()
            }
            array("titles", a.titles) { w, t in
                w.open(); w.string("language", t.language.rawValue); w.bool("official", t.official); w.string("text", t.text); w.close()
            }
            string("workURI", a.workURI)
            close()
        }
    }
}
