import EntenteCore
import EntenteJSON

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

    /// The model and its summary (`Agreement.summary`) in one pass: the summary is the same
    /// text with the lists it leaves out written empty, so those lists are cut out of the
    /// model's text instead of encoding everything else twice.
    static func encodeWithSummary(_ a: Agreement) -> (model: String, summary: String) {
        var w = Writer()
        w.summaryCuts = []
        w.agreement(a)
        var summary: [UInt8] = []
        summary.reserveCapacity(w.out.count)
        var at = 0
        for cut in w.summaryCuts! {
            summary.append(contentsOf: w.out[at..<cut.lowerBound])
            summary.append(contentsOf: "[]".utf8)
            at = cut.upperBound
        }
        summary.append(contentsOf: w.out[at...])
        return (String(decoding: w.out, as: UTF8.self), String(decoding: summary, as: UTF8.self))
    }

    /// The package's `JSONWriter` with the agreement's vocabulary: members in the sorted order
    /// the caller gives, nil ones left out (as `JSONEncoder` does).
    struct Writer {
        var json = JSONWriter(capacity: 4096)
        var out: [UInt8] { json.out }
        /// When set, where the values of the lists a summary leaves out were written.
        var summaryCuts: [Range<Int>]?

        mutating func open() { json.openObject() }
        mutating func close() { json.closeObject() }
        mutating func key(_ k: StaticString) { json.key(k) }
        mutating func string(_ k: StaticString, _ v: String?) { json.field(k, v) }
        mutating func date(_ k: StaticString, _ v: CivilDate?) { json.field(k, v?.iso) }
        mutating func bool(_ k: StaticString, _ v: Bool?) { json.field(k, v) }
        mutating func int(_ k: StaticString, _ v: Int?) { json.field(k, v) }
        mutating func quoted(_ s: String) { json.string(s) }

        mutating func array<T>(_ k: StaticString, _ list: [T], _ element: (inout Writer, T) -> Void) {
            json.key(k)
            json.openArray()
            for e in list { json.separate(); element(&self, e) }
            json.closeArray()
        }

        /// `array`, its value's place recorded as one the summary leaves out.
        mutating func omittedInSummary<T>(_ k: StaticString, _ list: [T], _ element: (inout Writer, T) -> Void) {
            json.key(k)
            let start = json.out.count
            json.openArray()
            for e in list { json.separate(); element(&self, e) }
            json.closeArray()
            summaryCuts?.append(start..<json.out.count)
        }

        mutating func object(_ k: StaticString, _ body: (inout Writer) -> Void) {
            json.key(k)
            open(); body(&self); close()
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

        mutating func localized(_ k: StaticString, _ l: Localized?) {
            guard let l else { return }
            object(k) { w in w.string("en", l.en); w.string("fr", l.fr) }
        }

        mutating func term(_ t: Term?) {
            guard let t else { return }
            object("term") { w in
                w.localized("alternative", t.alternative); w.string("basis", t.basis.rawValue); w.string("kind", t.kind.rawValue)
                w.period("length", t.length); w.string("quote", t.quote)
                if let r = t.renewal {
                    w.object("renewal") { w in w.period("period", r.period); w.bool("successive", r.successive); w.bool("tacit", r.tacit) }
                }
                w.ref("source", t.source); w.date("until", t.until)
            }
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
            omittedInSummary("articles", a.articles) { w, x in
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
            omittedInSummary("domains", a.domains) { w, d in w.domain(d) }
            string("duration", a.duration)
            object("entryIntoForce") { w in
                let e = a.entryIntoForce
                w.localized("alternative", e.alternative); w.string("anchor", e.anchor?.rawValue)
                w.date("date", e.date); w.int("nth", e.nth); w.string("party", e.party); w.period("period", e.period)
                w.string("quote", e.quote); w.string("rule", e.rule.rawValue)
                w.ref("source", e.source)
            }
            string("expressionURI", a.expressionURI)
            string("id", a.id)
            string("language", a.language?.rawValue)
            string("languageCode", a.languageCode)
            omittedInSummary("meansOfAction", a.meansOfAction) { w, m in
                w.open(); w.string("eId", m.eId); w.string("num", m.num); w.string("text", m.text); w.close()
            }
            if let n = a.notice {
                object("notice") { w in
                    w.localized("alternative", n.alternative)
                    w.string("basis", n.basis.rawValue); w.string("countsFrom", n.countsFrom?.rawValue); w.string("effect", n.effect?.rawValue)
                    w.bool("minimum", n.minimum); w.period("notBefore", n.notBefore); w.period("period", n.period)
                    w.string("quote", n.quote); w.string("restricts", n.restricts?.rawValue); w.ref("source", n.source)
                    w.string("timing", n.timing?.rawValue); w.bool("written", n.written)
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
            omittedInSummary("recitals", a.recitals) { w, r in w.quoted(r) }
            string("referenceNumber", a.referenceNumber)
            omittedInSummary("representatives", a.representatives) { w, r in
                w.open(); w.string("party", r.party); w.string("person", r.person); w.string("role", r.role); w.ref("source", r.source); w.close()
            }
            string("shortTitle", a.shortTitle)
            array("signatures", a.signatures) { w, s in
                w.open()
                w.string("basis", s.basis.rawValue); w.date("date", s.date); w.string("party", s.party); w.string("place", s.place)
                w.string("role", s.role); w.string("signatory", s.signatory); w.string("sourceNote", s.sourceNote)
                w.close()
            }
            term(a.term)
            array("titles", a.titles) { w, t in
                w.open(); w.string("language", t.language.rawValue); w.bool("official", t.official); w.string("text", t.text); w.close()
            }
            array("unrecognised", a.unrecognised) { w, u in
                w.open(); w.string("kind", u.kind.rawValue); w.string("quote", u.quote); w.ref("source", u.source); w.close()
            }
            string("workURI", a.workURI)
            close()
        }
    }
}

// MARK: - Reading

extension AgreementJSON {
    /// Reads what `encode` (or `JSONEncoder`) wrote, without `JSONDecoder`: decoding 10,000
    /// stored summaries was a third of `entente deadlines` through `JSONSerialization`, more
    /// through `JSONDecoder` (profiled). Unknown fields are skipped; anything unexpected gives
    /// nil and the caller falls back to `JSONDecoder`, which says what is wrong.
    static func decode(_ text: String) -> Agreement? {
        var text = text
        return text.withUTF8 { bytes -> Agreement? in
            var p = JSONReader(bytes: bytes)
            guard let a = agreement(&p), p.atEnd else { return nil }
            return a
        }
    }

    typealias Parser = JSONReader

    /// A string, or nil for `null`; `ok` turns false on anything else.
    private static func optionalString(_ p: inout Parser, _ ok: inout Bool) -> String? {
        if p.null() { return nil }
        guard let s = p.string() else { ok = false; return nil }
        return s
    }

    private static func raw<T: RawRepresentable>(_ p: inout Parser, _ ok: inout Bool) -> T? where T.RawValue == String {
        guard let s = optionalString(&p, &ok) else { return nil }
        guard let v = T(rawValue: s) else { ok = false; return nil }
        return v
    }

    private static func date(_ p: inout Parser, _ ok: inout Bool) -> CivilDate? {
        guard let s = optionalString(&p, &ok) else { return nil }
        guard let d = CivilDate(iso: s) else { ok = false; return nil }
        return d
    }

    private static func int(_ p: inout Parser, _ ok: inout Bool) -> Int? {
        if p.null() { return nil }
        guard let n = p.integer() else { ok = false; return nil }
        return Int(n)
    }

    private static func list<T>(_ p: inout Parser, _ ok: inout Bool, _ element: (inout Parser) -> T?) -> [T] {
        var out: [T] = []
        guard p.array({ p in
            guard let e = element(&p) else { return false }
            out.append(e)
            return true
        }) else { ok = false; return [] }
        return out
    }

    private static func strings(_ p: inout Parser, _ ok: inout Bool) -> [String] {
        list(&p, &ok) { p in p.string() }
    }

    private static func ref(_ p: inout Parser) -> ProvisionRef? {
        var eId: String?, num: String?, ok = true
        guard p.object({ p, key in
            switch key {
            case "eId": eId = optionalString(&p, &ok)
            case "num": num = optionalString(&p, &ok)
            default: return p.skipValue()
            }
            return ok
        }), let eId else { return nil }
        return ProvisionRef(eId: eId, num: num)
    }

    private static func optionalRef(_ p: inout Parser, _ ok: inout Bool) -> ProvisionRef? {
        if p.null() { return nil }
        guard let r = ref(&p) else { ok = false; return nil }
        return r
    }

    private static func period(_ p: inout Parser, _ ok: inout Bool) -> Period? {
        if p.null() { return nil }
        var length: Int?, unit: PeriodUnit?
        guard p.object({ p, key in
            switch key {
            case "length": length = int(&p, &ok)
            case "unit": unit = raw(&p, &ok)
            default: return p.skipValue()
            }
            return ok
        }), let length, let unit else { ok = false; return nil }
        return Period(length, unit)
    }

    private static func localized(_ p: inout Parser, _ ok: inout Bool) -> Localized? {
        if p.null() { return nil }
        var fr: String?, en: String?
        guard p.object({ p, key in
            switch key {
            case "fr": fr = optionalString(&p, &ok)
            case "en": en = optionalString(&p, &ok)
            default: return p.skipValue()
            }
            return ok
        }), let fr, let en else { ok = false; return nil }
        return Localized(fr: fr, en: en)
    }

    private static func term(_ p: inout Parser, _ ok: inout Bool) -> Term? {
        if p.null() { return nil }
        var t = Term(kind: .indefinite), kind: TermKind?, basis: FactBasis?
        guard p.object({ p, key in
            switch key {
            case "kind": kind = raw(&p, &ok)
            case "basis": basis = raw(&p, &ok)
            case "length": t.length = period(&p, &ok)
            case "until": t.until = date(&p, &ok)
            case "quote": t.quote = optionalString(&p, &ok)
            case "source": t.source = optionalRef(&p, &ok)
            case "alternative": t.alternative = localized(&p, &ok)
            case "renewal":
                if p.null() { return true }
                var per: Period?, successive = true, tacit = true
                guard p.object({ p, key in
                    switch key {
                    case "period": per = period(&p, &ok)
                    case "successive": guard let b = p.bool() else { return false }; successive = b
                    case "tacit": guard let b = p.bool() else { return false }; tacit = b
                    default: return p.skipValue()
                    }
                    return ok
                }), let per else { return false }
                t.renewal = Renewal(period: per, tacit: tacit, successive: successive)
            default: return p.skipValue()
            }
            return ok
        }), let kind, let basis else { ok = false; return nil }
        t.kind = kind
        t.basis = basis
        return t
    }

    private static func domain(_ p: inout Parser) -> Domain? {
        var eId: String?, num: String?, printed: String?, heading: String?, text: String?, items: [Domain] = [], ok = true
        guard p.object({ p, key in
            switch key {
            case "eId": eId = optionalString(&p, &ok)
            case "num": num = optionalString(&p, &ok)
            case "printedNum": printed = optionalString(&p, &ok)
            case "heading": heading = optionalString(&p, &ok)
            case "text": text = optionalString(&p, &ok)
            case "items": items = list(&p, &ok, domain)
            default: return p.skipValue()
            }
            return ok
        }), let eId, let num, let text else { return nil }
        return Domain(eId: eId, num: num, printedNum: printed, heading: heading, text: text, items: items)
    }

    static func agreement(_ p: inout Parser) -> Agreement? {
        var a = Agreement(id: "")
        var id: String?, entry: EntryIntoForce?, ok = true
        guard p.object({ p, key in
            switch key {
            case "id": id = optionalString(&p, &ok)
            case "titles":
                a.titles = list(&p, &ok) { p in
                    var language: Language?, text: String?, official = true, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "language": language = raw(&p, &ok)
                        case "text": text = optionalString(&p, &ok)
                        case "official": guard let b = p.bool() else { return false }; official = b
                        default: return p.skipValue()
                        }
                        return ok
                    }), let language, let text else { return nil }
                    return AgreementTitle(language: language, text: text, official: official)
                }
            case "language": a.language = raw(&p, &ok)
            case "languageCode": a.languageCode = optionalString(&p, &ok)
            case "workURI": a.workURI = optionalString(&p, &ok)
            case "expressionURI": a.expressionURI = optionalString(&p, &ok)
            case "referenceNumber": a.referenceNumber = optionalString(&p, &ok)
            case "shortTitle": a.shortTitle = optionalString(&p, &ok)
            case "duration": a.duration = optionalString(&p, &ok)
            case "onNotice": a.onNotice = raw(&p, &ok)
            case "costRule": a.costRule = raw(&p, &ok)
            case "amendmentsInWriting": a.amendmentsInWriting = optionalRef(&p, &ok)
            case "recitals": a.recitals = strings(&p, &ok)
            case "parties":
                a.parties = list(&p, &ok) { p in
                    var pid: String?, names: [PartyName] = [], ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "id": pid = optionalString(&p, &ok)
                        case "names":
                            names = list(&p, &ok) { p in
                                var name: String?, from: CivilDate?, ok = true
                                guard p.object({ p, key in
                                    switch key {
                                    case "name": name = optionalString(&p, &ok)
                                    case "from": from = date(&p, &ok)
                                    default: return p.skipValue()
                                    }
                                    return ok
                                }), let name else { return nil }
                                return PartyName(name: name, from: from)
                            }
                        default: return p.skipValue()
                        }
                        return ok
                    }), let pid, let first = names.first else { return nil }
                    var party = Party(id: pid, name: first.name)
                    party.names = names
                    return party
                }
            case "representatives":
                a.representatives = list(&p, &ok) { p in
                    var party: String?, person: String?, role: String?, source: ProvisionRef?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "party": party = optionalString(&p, &ok)
                        case "person": person = optionalString(&p, &ok)
                        case "role": role = optionalString(&p, &ok)
                        case "source": source = optionalRef(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let party else { return nil }
                    return Representative(party: party, person: person, role: role, source: source)
                }
            case "signatures":
                a.signatures = list(&p, &ok) { p in
                    var party: String?, signatory: String?, role: String?, place: String?, when: CivilDate?
                    var basis: FactBasis?, note: String?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "party": party = optionalString(&p, &ok)
                        case "signatory": signatory = optionalString(&p, &ok)
                        case "role": role = optionalString(&p, &ok)
                        case "place": place = optionalString(&p, &ok)
                        case "date": when = date(&p, &ok)
                        case "basis": basis = raw(&p, &ok)
                        case "sourceNote": note = optionalString(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let party, let basis else { return nil }
                    return Signature(party: party, signatory: signatory, role: role, place: place, date: when, basis: basis, sourceNote: note)
                }
            case "entryIntoForce":
                var rule: EntryIntoForceRule?, when: CivilDate?, source: ProvisionRef?, anchor: EntryAnchor?, per: Period?
                var nth: Int?, party: String?, quote: String?, alternative: Localized?
                guard p.object({ p, key in
                    switch key {
                    case "rule": rule = raw(&p, &ok)
                    case "date": when = date(&p, &ok)
                    case "source": source = optionalRef(&p, &ok)
                    case "anchor": anchor = raw(&p, &ok)
                    case "period": per = period(&p, &ok)
                    case "nth": nth = int(&p, &ok)
                    case "party": party = optionalString(&p, &ok)
                    case "quote": quote = optionalString(&p, &ok)
                    case "alternative": alternative = localized(&p, &ok)
                    default: return p.skipValue()
                    }
                    return ok
                }), let rule else { return false }
                entry = EntryIntoForce(rule: rule, date: when, source: source, anchor: anchor, period: per, nth: nth,
                                       party: party, quote: quote, alternative: alternative)
            case "term": a.term = term(&p, &ok)
            case "unrecognised":
                a.unrecognised = list(&p, &ok) { p in
                    var kind: ClauseKind?, quote: String?, source: ProvisionRef?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "kind": kind = raw(&p, &ok)
                        case "quote": quote = optionalString(&p, &ok)
                        case "source": source = optionalRef(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let kind, let quote, let source else { return nil }
                    return UnrecognisedClause(kind: kind, source: source, quote: quote)
                }
            case "notice":
                if p.null() { a.notice = nil; return true }
                var length: Period?, written = false, minimum = false, source: ProvisionRef?, basis: FactBasis?, quote: String?
                var timing: NoticeTiming?, effect: NoticeEffect?, counts: NoticeCount?, notBefore: Period?, restricts: MinimumRestriction?
                var alternative: Localized?
                guard p.object({ p, key in
                    switch key {
                    case "timing": timing = raw(&p, &ok)
                    case "effect": effect = raw(&p, &ok)
                    case "countsFrom": counts = raw(&p, &ok)
                    case "notBefore": notBefore = period(&p, &ok)
                    case "restricts": restricts = raw(&p, &ok)
                    case "alternative": alternative = localized(&p, &ok)
                    case "period": length = period(&p, &ok)
                    case "written": guard let b = p.bool() else { return false }; written = b
                    case "minimum": guard let b = p.bool() else { return false }; minimum = b
                    case "source": source = optionalRef(&p, &ok)
                    case "basis": basis = raw(&p, &ok)
                    case "quote": quote = optionalString(&p, &ok)
                    default: return p.skipValue()
                    }
                    return ok
                }), let length, let source, let basis else { return false }
                a.notice = NoticeClause(period: length, written: written, minimum: minimum, source: source, basis: basis, quote: quote,
                                        timing: timing, effect: effect, countsFrom: counts, notBefore: notBefore, restricts: restricts,
                                        alternative: alternative)
            case "domains": a.domains = list(&p, &ok, domain)
            case "meansOfAction":
                a.meansOfAction = list(&p, &ok) { p in
                    var eId: String?, num: String?, text: String?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "eId": eId = optionalString(&p, &ok)
                        case "num": num = optionalString(&p, &ok)
                        case "text": text = optionalString(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let eId, let num, let text else { return nil }
                    return MeansOfAction(eId: eId, num: num, text: text)
                }
            case "bodies":
                a.bodies = list(&p, &ok) { p in
                    var bid: String?, kind: BodyKind?, name: String?, external = false, within: Period?, from: DateAnchor?
                    var alternative: DateAnchor?, cadence: Period?, coordinators: Int?, source: ProvisionRef?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "id": bid = optionalString(&p, &ok)
                        case "kind": kind = raw(&p, &ok)
                        case "name": name = optionalString(&p, &ok)
                        case "external": guard let b = p.bool() else { return false }; external = b
                        case "firstMeetingWithin": within = period(&p, &ok)
                        case "firstMeetingFrom": from = raw(&p, &ok)
                        case "firstMeetingAlternative": alternative = raw(&p, &ok)
                        case "cadence": cadence = period(&p, &ok)
                        case "coordinatorsPerParty": coordinators = int(&p, &ok)
                        case "source": source = optionalRef(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let bid, let kind, let name else { return nil }
                    return Body(id: bid, kind: kind, name: name, external: external, firstMeetingWithin: within, firstMeetingFrom: from,
                                firstMeetingAlternative: alternative, cadence: cadence, coordinatorsPerParty: coordinators, source: source)
                }
            case "obligations":
                a.obligations = list(&p, &ok) { p in
                    var kind: ObligationKind?, every: Period?, triggers: [ObligationTrigger] = [], by: String?, to: String?
                    var copyTo: String?, source: ProvisionRef?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "kind": kind = raw(&p, &ok)
                        case "every": every = period(&p, &ok)
                        case "triggers":
                            triggers = list(&p, &ok) { p in p.string().flatMap(ObligationTrigger.init(rawValue:)) }
                        case "by": by = optionalString(&p, &ok)
                        case "to": to = optionalString(&p, &ok)
                        case "copyTo": copyTo = optionalString(&p, &ok)
                        case "source": source = optionalRef(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let kind else { return nil }
                    return Obligation(kind: kind, every: every, triggers: triggers, by: by, to: to, copyTo: copyTo, source: source)
                }
            case "articles":
                a.articles = list(&p, &ok) { p in
                    var eId: String?, num: String?, heading: String?, ok = true
                    guard p.object({ p, key in
                        switch key {
                        case "eId": eId = optionalString(&p, &ok)
                        case "num": num = optionalString(&p, &ok)
                        case "heading": heading = optionalString(&p, &ok)
                        default: return p.skipValue()
                        }
                        return ok
                    }), let eId else { return nil }
                    return ArticleSummary(eId: eId, num: num, heading: heading)
                }
            default: return p.skipValue()
            }
            return ok
        }), ok, let id, let entry else { return nil }
        a.id = id
        a.entryIntoForce = entry
        return a
    }
}
