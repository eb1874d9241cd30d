import EntenteCore
import Foundation

/// Reads an agreement summary (as `JSONEncoder` wrote it) through `JSONSerialization`, several
/// times faster than `JSONDecoder` — the cost that dominated `entente deadlines` over
/// thousands of agreements (profiled). Returns nil on anything unexpected, and the caller
/// falls back to `JSONDecoder`, so the format stays the Codable one.
enum SummaryDecoder {
    typealias Object = [String: Any]

    static func decode(_ text: String) -> Agreement? {
        guard let o = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? Object,
              let id = o["id"] as? String else { return nil }
        var a = Agreement(id: id)
        a.titles = (o["titles"] as? [Object] ?? []).compactMap { t in
            guard let l = (t["language"] as? String).flatMap(Language.init(rawValue:)), let text = t["text"] as? String else { return nil }
            return AgreementTitle(language: l, text: text, official: t["official"] as? Bool ?? true)
        }
        a.language = (o["language"] as? String).flatMap(Language.init(rawValue:))
        a.languageCode = o["languageCode"] as? String
        a.workURI = o["workURI"] as? String
        a.expressionURI = o["expressionURI"] as? String
        a.referenceNumber = o["referenceNumber"] as? String
        a.shortTitle = o["shortTitle"] as? String
        a.parties = (o["parties"] as? [Object] ?? []).compactMap { p in
            guard let pid = p["id"] as? String, let names = p["names"] as? [Object], let first = names.first?["name"] as? String else { return nil }
            let later = names.dropFirst().compactMap { n -> PartyName? in
                guard let name = n["name"] as? String else { return nil }
                return PartyName(name: name, from: date(n["from"]))
            }
            return Party(id: pid, name: first, laterNames: later)
        }
        a.signatures = (o["signatures"] as? [Object] ?? []).compactMap { s in
            guard let party = s["party"] as? String, let basis = (s["basis"] as? String).flatMap(FactBasis.init(rawValue:)) else { return nil }
            return Signature(party: party, signatory: s["signatory"] as? String, role: s["role"] as? String, place: s["place"] as? String,
                             date: date(s["date"]), basis: basis, sourceNote: s["sourceNote"] as? String)
        }
        guard let e = o["entryIntoForce"] as? Object, let rule = (e["rule"] as? String).flatMap(EntryIntoForceRule.init(rawValue:)) else { return nil }
        a.entryIntoForce = EntryIntoForce(rule: rule, date: date(e["date"]), source: ref(e["source"]))
        a.duration = o["duration"] as? String
        if let n = o["notice"] as? Object {
            guard let p = period(n["period"]), let src = ref(n["source"]), let basis = (n["basis"] as? String).flatMap(FactBasis.init(rawValue:)) else { return nil }
            a.notice = NoticeClause(period: p, written: n["written"] as? Bool ?? false, minimum: n["minimum"] as? Bool ?? false,
                                    source: src, basis: basis, quote: n["quote"] as? String)
        }
        a.onNotice = (o["onNotice"] as? String).flatMap(OnNoticeRule.init(rawValue:))
        a.bodies = (o["bodies"] as? [Object] ?? []).compactMap { b in
            guard let bid = b["id"] as? String, let kind = (b["kind"] as? String).flatMap(BodyKind.init(rawValue:)), let name = b["name"] as? String else { return nil }
            return Body(id: bid, kind: kind, name: name, external: b["external"] as? Bool ?? false,
                        firstMeetingWithin: period(b["firstMeetingWithin"]),
                        firstMeetingFrom: (b["firstMeetingFrom"] as? String).flatMap(DateAnchor.init(rawValue:)),
                        firstMeetingAlternative: (b["firstMeetingAlternative"] as? String).flatMap(DateAnchor.init(rawValue:)),
                        cadence: period(b["cadence"]), coordinatorsPerParty: b["coordinatorsPerParty"] as? Int, source: ref(b["source"]))
        }
        a.obligations = (o["obligations"] as? [Object] ?? []).compactMap { x in
            guard let kind = (x["kind"] as? String).flatMap(ObligationKind.init(rawValue:)) else { return nil }
            return Obligation(kind: kind, every: period(x["every"]),
                              triggers: (x["triggers"] as? [String] ?? []).compactMap(ObligationTrigger.init(rawValue:)),
                              by: x["by"] as? String, to: x["to"] as? String, copyTo: x["copyTo"] as? String, source: ref(x["source"]))
        }
        a.costRule = (o["costRule"] as? String).flatMap(CostRule.init(rawValue:))
        a.amendmentsInWriting = ref(o["amendmentsInWriting"])
        return a
    }

    static func date(_ v: Any?) -> CivilDate? { (v as? String).flatMap(CivilDate.init(iso:)) }

    static func ref(_ v: Any?) -> ProvisionRef? {
        guard let o = v as? Object, let eId = o["eId"] as? String else { return nil }
        return ProvisionRef(eId: eId, num: o["num"] as? String)
    }

    static func period(_ v: Any?) -> Period? {
        guard let o = v as? Object, let n = o["length"] as? Int, let u = (o["unit"] as? String).flatMap(PeriodUnit.init(rawValue:)) else { return nil }
        return Period(n, u)
    }
}
