import EntenteCore
import EntenteJSON

/// The JSON shapes the command-line contract (docs: shared/design/cli.md) promises to programs.
/// Keys listed there come first and never change; extra keys follow.
public enum JSONViews {
    /// `entente show ID --format json`. Party names are those in force on `asOf`.
    public static func agreement(_ a: Agreement, asOf: CivilDate, state: AgreementState? = nil,
                                 version: Int? = nil, warnings: [String] = [], events: [EntryIntoForceEvent] = []) -> JSONValue {
        // The date its rule gives (null while it waits for an event); a stated date as before.
        let eifDate = a.entryIntoForce.rule == .unknown ? a.entryIntoForce.date : LifeRules.entryIntoForceDate(of: a, events: events)
        var o: [(String, JSONValue)] = [
            ("id", .string(a.id)),
            ("title", .string(a.titles.first?.text ?? a.id)),
            ("language", .str(a.language?.rawValue ?? a.languageCode)),
            ("parties", .array(a.parties.map { p in
                .object([
                    ("id", .string(p.id)),
                    ("name", .string(p.name(on: asOf))),
                    ("originalName", .string(p.originalName)),
                    ("names", .array(p.names.map { n in .object([("name", .string(n.name)), ("from", .date(n.from))]) })),
                ])
            })),
            ("signatures", .array(a.signatures.map { s in
                .object([
                    ("party", .string(s.party)),
                    ("signatory", .str(s.signatory)),
                    ("role", .str(s.role)),
                    ("place", .str(s.place)),
                    ("date", .date(s.date)),
                    ("basis", .string(s.basis.rawValue)),
                    ("sourceNote", .str(s.sourceNote)),
                ])
            })),
            ("entryIntoForce", .date(eifDate)),
            ("notice", a.notice.map(notice) ?? .null),
            ("term", LifeText.termJSON(a, asOf: asOf, events: events)),
            ("domains", .array(a.domains.map(domain))),
            ("meansOfAction", .strings(a.meansOfAction.map(\.text))),
            ("bodies", .array(a.bodies.map(body))),
        ]
        o += [
            ("titles", .array(a.titles.map { t in
                .object([("language", .string(t.language.rawValue)), ("text", .string(t.text)), ("official", .bool(t.official))])
            })),
            ("referenceNumber", .str(a.referenceNumber)),
            ("workURI", .str(a.workURI)),
            ("representatives", .array(a.representatives.map { r in
                .object([("party", .string(r.party)), ("person", .str(r.person)), ("role", .str(r.role)),
                         ("source", .str(r.source?.eId))])
            })),
            ("entryIntoForceRule", .object([
                ("rule", .string(a.entryIntoForce.rule.rawValue)),
                ("source", .str(a.entryIntoForce.source?.eId)),
                ("anchor", .str(a.entryIntoForce.anchor?.rawValue)),
                ("period", a.entryIntoForce.period.map { .object([("length", .int($0.length)), ("unit", .string($0.unit.rawValue))]) } ?? .null),
                ("nth", a.entryIntoForce.nth.map(JSONValue.int) ?? .null),
                ("waitsForEvent", .bool(a.entryIntoForce.waitsForEvent)),
                ("quote", .str(a.entryIntoForce.quote)),
            ])),
            ("unrecognised", .array(a.unrecognised.map { u in
                .object([("kind", .string(u.kind.rawValue)), ("source", .string(u.source.eId)), ("quote", .string(u.quote))])
            })),
            ("duration", .str(a.duration)),
            ("onNotice", .str(a.onNotice?.rawValue)),
            ("obligations", .array(a.obligations.map(obligation))),
            ("costRule", .str(a.costRule?.rawValue)),
            ("amendmentsInWriting", .str(a.amendmentsInWriting?.eId)),
            ("recitals", .int(a.recitals.count)),
            ("articles", .array(a.articles.map { ar in
                .object([("eId", .string(ar.eId)), ("num", .str(ar.num)), ("heading", .str(ar.heading))])
            })),
        ]
        if let state { o.append(("state", .string(state.rawValue))) }
        if let version { o.append(("version", .int(version))) }
        o.append(("warnings", .strings(warnings)))
        return .object(o)
    }

    public static func notice(_ n: NoticeClause) -> JSONValue {
        .object([
            ("length", .int(n.period.length)),
            ("unit", .string(n.period.unit.rawValue)),
            ("source", .string(n.source.eId)),
            ("basis", .string(n.basis.rawValue)),
            ("provision", .str(n.source.num)),
            ("written", .bool(n.written)),
            ("minimum", .bool(n.minimum)),
            ("quote", .str(n.quote)),
            ("timing", .string((n.timing ?? .anyTime).rawValue)),
            ("effect", .string((n.effect ?? .afterPeriod).rawValue)),
            ("countsFrom", .string((n.countsFrom ?? .sending).rawValue)),
            ("notBefore", n.notBefore.map { .object([("length", .int($0.length)), ("unit", .string($0.unit.rawValue))]) } ?? .null),
        ])
    }

    public static func domain(_ d: Domain) -> JSONValue {
        .object([
            ("num", .string(d.num)),
            ("heading", .string(d.heading ?? d.text)),
            ("items", .array(d.items.map(domain))),
            ("printedNum", .str(d.printedNum)),
            ("text", .string(d.text)),
            ("eId", .string(d.eId)),
        ])
    }

    public static func body(_ b: Body) -> JSONValue {
        .object([
            ("kind", .string(b.kind.rawValue)),
            ("name", .string(b.name)),
            ("id", .string(b.id)),
            ("external", .bool(b.external)),
            ("firstMeetingWithin", .str(b.firstMeetingWithin?.iso)),
            ("firstMeetingFrom", .str(b.firstMeetingFrom?.rawValue)),
            ("firstMeetingAlternative", .str(b.firstMeetingAlternative?.rawValue)),
            ("cadence", .str(b.cadence?.iso)),
            ("coordinatorsPerParty", b.coordinatorsPerParty.map(JSONValue.int) ?? .null),
            ("source", .str(b.source?.eId)),
        ])
    }

    public static func obligation(_ o: Obligation) -> JSONValue {
        .object([
            ("kind", .string(o.kind.rawValue)),
            ("every", .str(o.every?.iso)),
            ("triggers", .strings(o.triggers.map(\.rawValue))),
            ("to", .str(o.to)),
            ("copyTo", .str(o.copyTo)),
            ("source", .str(o.source?.eId)),
        ])
    }

    /// One deadline of `entente deadlines --format json`.
    public static func deadline(_ d: Deadline, lang: Language) -> JSONValue {
        .object([
            ("agreement", .string(d.agreementID)),
            ("kind", .string(d.kind.rawValue)),
            ("title", .string(d.title[lang])),
            ("due", .string(d.due.iso)),
            ("status", .string(d.status.rawValue)),
            ("source", .string(d.source)),
            ("metOn", .date(d.metOn)),
            ("metBy", .str(d.metBy?[lang])),
            ("note", .str(d.note?[lang])),
            ("leadTime", d.leadTime.map(JSONValue.int) ?? .null),
        ])
    }

    /// `deadline(d, lang:)` written straight into compact JSON, byte for byte the same (the
    /// tests hold it to that): `entente deadlines` writes 100,000 of them, and building a
    /// value for each first was half of writing them (profiled).
    public static func writeDeadline(_ d: Deadline, lang: Language, into out: inout [UInt8]) {
        JSONWriter.appending(to: &out) { w in
            w.openObject()
            w.key("agreement"); w.string(d.agreementID)
            w.key("kind"); w.string(d.kind.rawValue)
            w.key("title"); w.string(d.title[lang])
            w.key("due"); w.string(d.due.iso)
            w.key("status"); w.string(d.status.rawValue)
            w.key("source"); w.string(d.source)
            w.key("metOn"); w.string(d.metOn?.iso)
            w.key("metBy"); w.string(d.metBy?[lang])
            w.key("note"); w.string(d.note?[lang])
            w.key("leadTime"); w.int(d.leadTime)
            w.closeObject()
        }
    }

    /// One activity of `entente activity list --format json`.
    public static func activity(_ a: Activity) -> JSONValue {
        .object([
            ("id", a.id.map { .int(Int($0)) } ?? .null),
            ("title", .string(a.title)),
            ("date", .string(a.start.iso)),
            ("domains", .strings(a.domains)),
            ("agreement", .string(a.agreementID)),
            ("end", .date(a.end)),
            ("description", .str(a.description)),
            ("meansOfAction", .strings(a.meansOfAction)),
            ("parties", .strings(a.parties)),
            ("participants", .array(a.participants.map { p in
                .object([("name", .string(p.name)), ("party", .string(p.party)), ("role", .str(p.role))])
            })),
            ("costs", .array(a.costs.map { c in
                .object([("amount", .string(c.amountText)), ("currency", .string(c.currency)),
                         ("party", .string(c.party)), ("label", .str(c.label))])
            })),
            ("status", .string(a.status.rawValue)),
            ("outcomes", .str(a.outcomes)),
            ("planItem", a.planItemID.map { .int(Int($0)) } ?? .null),
        ])
    }
}
