import CLibXML2
import EntenteCore

/// Maps a parsed Akoma Ntoso 3.0 tree to an `Agreement`: tracking metadata (`ent:`) first,
/// the text's own markup next, and what can be recognised in the text last.
struct AgreementMapper {
    let root: Node
    let index: DocumentIndex
    let fileName: String
    private(set) var warnings: [ImportWarning] = []
    private(set) var documentType = ""
    private(set) var isAgreement = false
    /// The document's articles, found once per document (four readers walked the tree each).
    private var articleCache: [Node]?

    init(root: Node, index: DocumentIndex, fileName: String) {
        self.root = root
        self.index = index
        self.fileName = fileName
    }

    private mutating func warn(_ line: Int?, fr: String, en: String) {
        warnings.append(ImportWarning(line: line, message: Localized(fr: fr, en: en)))
    }

    // MARK: Helpers

    private static func stripHash(_ s: String) -> String { s.hasPrefix("#") ? String(s.dropFirst()) : s }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    /// `showAs` of the element a reference names.
    private func showAs(_ ref: String?) -> String? {
        Self.nonEmpty(index.resolve(ref)?.attr("showAs"))
    }

    private var fileStem: String {
        var name = Substring(fileName)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if name.hasSuffix(".xml") { name = name.dropLast(4) }
        return String(name)
    }

    /// The printed number of a provision or of the nearest enclosing numbered one (`Article 9` → `9`).
    private func provisionNum(of node: Node) -> String? {
        var cur: Node? = node
        while let n = cur {
            if let num = n.child("num"), let s = Self.nonEmpty(Self.normalizeProvisionNum(num.text)) { return s }
            if n.is("article") || n.is("meta") || n.is("preface") || n.is("preamble") { break }
            cur = n.parent
        }
        return nil
    }

    private mutating func provisionRef(_ ref: String?, line: Int) -> ProvisionRef? {
        guard let ref = Self.nonEmpty(ref) else { return nil }
        let id = Self.stripHash(ref)
        guard let node = index.resolve(id) else { return ProvisionRef(eId: id, num: nil) }
        return ProvisionRef(eId: id, num: provisionNum(of: node))
    }

    /// `Article 9` → `9`, `4.2` → `4.2`, `2.` → `2`, `Article premier` → `1`.
    static func normalizeProvisionNum(_ s: String) -> String {
        var t = Substring(s.trimmingSpaces)
        for prefix in ["article ", "art. ", "art ", "section ", "sec. "] where t.lowercased().hasPrefix(prefix) {
            t = t.dropFirst(prefix.count)
            break
        }
        let n = normalizeItemNum(String(t))
        switch n.lowercased() {
        case "premier", "première", "first", "1er": return "1"
        default: return n
        }
    }

    /// Strips trailing `.` and `)` (and a leading `(`): `1.` → `1`, `a)` → `a`, `(iv)` → `iv`.
    static func normalizeItemNum(_ s: String) -> String {
        var t = Substring(s.trimmingSpaces)
        while let l = t.last, l == "." || l == ")" { t = t.dropLast() }
        while let f = t.first, f == "(" { t = t.dropFirst() }
        return String(t).trimmingSpaces
    }

    // MARK: Mapping

    mutating func map() -> Agreement {
        guard let doc = root.children.first(where: { $0.inNS(.akn) }) else {
            warn(root.line, fr: "aucun document sous <akomaNtoso> : rien à importer",
                 en: "no document under <akomaNtoso>: nothing to import")
            return Agreement(id: fileStem)
        }
        documentType = doc.name
        isAgreement = doc.is("doc") && doc.attrEquals("name", "agreement")
        if !isAgreement {
            let named = doc.attr("name").map { " name=\"\($0)\"" } ?? ""
            warn(doc.line,
                 fr: "ce document Akoma Ntoso est <\(doc.name)\(named)>, pas une entente (<doc name=\"agreement\">) : seules l'identification, les titres et les articles sont repris",
                 en: "this Akoma Ntoso document is <\(doc.name)\(named)>, not an agreement (<doc name=\"agreement\">): only its identification, titles and articles are read")
        }

        let meta = doc.child("meta")
        let identification = meta?.child("identification")
        let work = identification?.child("FRBRWork")
        let expression = identification?.child("FRBRExpression")
        let ent = entBlock(meta)
        articleCache = Self.findArticles(doc)

        var a = Agreement(id: work?.children("FRBRalias").first(where: { $0.attrEquals("name", "entente") })
                            .flatMap { Self.nonEmpty($0.attr("value")?.trimmingSpaces) } ?? fileStem)
        a.languageCode = Self.nonEmpty(expression?.child("FRBRlanguage")?.attr("language"))
        a.language = a.languageCode.flatMap(Language.init(code:))
        a.workURI = Self.nonEmpty(work?.child("FRBRuri")?.attr("value"))
        a.expressionURI = Self.nonEmpty(expression?.child("FRBRuri")?.attr("value"))
        a.referenceNumber = Self.nonEmpty(work?.child("FRBRnumber")?.attr("value"))
        a.shortTitle = Self.nonEmpty(work?.children("FRBRalias").first(where: { $0.attrEquals("name", "shortTitle") })?.attr("value")?.trimmingSpaces)

        a.titles = titles(doc: doc, work: work, language: a.language, ent: ent)
        a.parties = parties(doc: doc, work: work, expression: expression, ent: ent)
        a.representatives = representatives(doc: doc, ent: ent)
        a.signatures = signatures(doc: doc, ent: ent)
        // Final clauses: the metadata states them in a reviewed file; otherwise the
        // recogniser reads them from the text (each fact with its provision and words).
        // Read only when the metadata leaves a final clause unstated (a bulk import of reviewed
        // files pays nothing for it).
        func stated(_ name: StaticString) -> Bool { ent.contains { $0.is(name, .ent) } }
        var needs: Set<ClauseKind> = []
        if !stated("entryIntoForce") { needs.insert(.entryIntoForce) }
        if !stated("noticePeriod") { needs.insert(.termination) }
        // A reviewed block that states entry into force and notice but no term says the text
        // has none to track (Québec–Ontario); without a block, or with those unstated, read it.
        if !stated("duration") && !stated("renewal") && (ent.isEmpty || !needs.isEmpty) { needs.insert(.term) }
        let reading: ClauseReading? = isAgreement && !needs.isEmpty ? ClauseRecognizer.read(provisionTexts(doc), needs: needs) : nil
        a.entryIntoForce = entryIntoForce(meta: meta, ent: ent, signatures: a.signatures, reading: reading)
        if let d = ent.first(where: { $0.is("duration", .ent) }) { a.duration = Self.nonEmpty(d.ent("value")) }
        a.term = term(ent: ent, reading: reading)
        a.notice = notice(doc: doc, ent: ent, reading: reading)
        if let reading {
            let stated: Set<ClauseKind> = [
                ent.contains(where: { $0.is("entryIntoForce", .ent) }) || a.entryIntoForce.rule != .unknown ? .entryIntoForce : nil,
                a.term != nil || a.duration != nil ? .term : nil,
                a.notice != nil ? .termination : nil,
            ].compactMap { $0 }.reduce(into: []) { $0.insert($1) }
            a.unrecognised = reading.unrecognised.filter { !stated.contains($0.kind) }
        }
        if let o = ent.first(where: { $0.is("onNotice", .ent) }), let rule = o.ent("rule") {
            if let r = OnNoticeRule(rawValue: rule) { a.onNotice = r } else { unknownValue(o, "rule", rule, expected: "completeOngoingJointProjects") }
        }
        a.domains = listedItems(doc: doc, ent: ent, entName: "domains", headingWords: ["domaine", "domain"])
        a.meansOfAction = listedItems(doc: doc, ent: ent, entName: "meansOfAction", headingWords: ["moyens", "means"])
            .flatMap(\.flattened)
            .map { MeansOfAction(eId: $0.eId, num: $0.num, text: $0.text.isEmpty ? ($0.heading ?? "") : $0.text) }
        a.bodies = bodies(ent)
        a.obligations = obligations(ent)
        if let c = ent.first(where: { $0.is("costs", .ent) }), let rule = c.ent("rule") {
            if let r = CostRule(rawValue: rule) { a.costRule = r } else { unknownValue(c, "rule", rule, expected: "ownParticipants") }
        }
        if let m = ent.first(where: { $0.is("amendments", .ent) }), (m.ent("form") ?? "written") == "written" {
            a.amendmentsInWriting = provisionRef(m.ent("source"), line: m.line)
        }
        a.recitals = doc.child("preamble")?.descendants("recital").map(\.text).filter { !$0.isEmpty } ?? []
        a.articles = articles(doc)
        return a
    }

    private mutating func unknownValue(_ n: Node, _ attr: String, _ value: String, expected: String) {
        warn(n.line, fr: "valeur inconnue \(attr)=\"\(value)\" dans <ent:\(n.name)> (attendu : \(expected)) : élément ignoré",
             en: "unknown value \(attr)=\"\(value)\" in <ent:\(n.name)> (expected: \(expected)): item ignored")
    }

    /// The children of `proprietary/ent:agreement`, or none.
    private mutating func entBlock(_ meta: Node?) -> [Node] {
        guard let meta else { return [] }
        for prop in meta.children("proprietary") {
            for c in prop.children where c.name == "agreement" {
                if c.inNS(.ent) { return Array(c.children.filter { $0.inNS(.ent) }) }
                warn(c.line,
                     fr: "bloc de suivi <agreement> dans l'espace de noms \(c.namespaceURI ?? "(aucun)") ignoré ; l'espace de noms attendu est \(AKN.entNamespace)",
                     en: "tracking block <agreement> in namespace \(c.namespaceURI ?? "(none)") ignored; the expected namespace is \(AKN.entNamespace)")
            }
        }
        return []
    }

    private func titles(doc: Node, work: Node?, language: Language?, ent: [Node]) -> [AgreementTitle] {
        var out: [AgreementTitle] = []
        let lang = language ?? .en
        let docTitle = (doc.child("preface") ?? doc.child("coverPage"))?.firstDescendant { $0.is("docTitle") }
            ?? doc.firstDescendant { $0.is("docTitle") }
        // docTitle, else the long title, else the work's names, else the document's own name.
        let title = Self.nonEmpty(docTitle?.text)
            ?? Self.nonEmpty(doc.child("preface")?.child("longTitle")?.text)
            ?? Self.nonEmpty(work?.child("FRBRname")?.attr("value")?.trimmingSpaces)
            ?? Self.nonEmpty(work?.children("FRBRalias").first(where: { $0.attrEquals("name", "shortTitle") })?.attr("value")?.trimmingSpaces)
            ?? (isAgreement ? nil : Self.nonEmpty(doc.attr("name")?.trimmingSpaces))
        if let title { out.append(AgreementTitle(language: lang, text: title)) }
        for t in ent where t.is("title", .ent) {
            guard let l = t.ent("language").flatMap(Language.init(code:)), let text = Self.nonEmpty(t.text) else { continue }
            out.append(AgreementTitle(language: l, text: text, official: t.ent("official") != "false"))
        }
        return out
    }

    private static func isPartyRole(_ r: String?) -> Bool { r == "#partie" || r == "#party" }

    private mutating func parties(doc: Node, work: Node?, expression: Node?, ent: [Node]) -> [Party] {
        var ids: [String] = []
        for frbr in [work, expression].compactMap({ $0 }) where ids.isEmpty {
            for author in frbr.children("FRBRauthor") where Self.isPartyRole(author.attr("as")) {
                if let h = Self.nonEmpty(author.attr("href")), !ids.contains(Self.stripHash(h)) { ids.append(Self.stripHash(h)) }
            }
        }
        var textNames: [String: String] = [:]
        if let preface = doc.child("preface") {
            for p in preface.descendants("party") {
                guard let r = Self.nonEmpty(p.attr("refersTo")) else { continue }
                let id = Self.stripHash(r)
                if textNames[id] == nil { textNames[id] = p.text }
                if isAgreement && !ids.contains(id) && work?.children("FRBRauthor").contains(where: { Self.isPartyRole($0.attr("as")) }) != true {
                    ids.append(id)
                }
            }
        }
        var later: [String: [PartyName]] = [:]
        for n in ent where n.is("partyName", .ent) {
            guard let party = n.ent("party").map(Self.stripHash), let name = Self.nonEmpty(n.text) else { continue }
            guard ids.contains(party) else {
                warn(n.line, fr: "<ent:partyName> pour « \(party) », qui n'est pas une partie : ignoré",
                     en: "<ent:partyName> for \"\(party)\", which is not a party: ignored")
                continue
            }
            let from = n.ent("from").flatMap(CivilDate.init(iso:))
            if from == nil {
                warn(n.line, fr: "<ent:partyName> sans date ent:from valide (AAAA-MM-JJ) : ignoré",
                     en: "<ent:partyName> without a valid ent:from date (YYYY-MM-DD): ignored")
                continue
            }
            later[party, default: []].append(PartyName(name: name, from: from))
        }
        return ids.map { id in
            Party(id: id, name: showAs(id) ?? textNames[id] ?? id, laterNames: later[id] ?? [])
        }
    }

    private mutating func representatives(doc: Node, ent: [Node]) -> [Representative] {
        let declared = ent.filter { $0.is("representative", .ent) }
        if !declared.isEmpty {
            return declared.map { r in
                let party = Self.stripHash(r.ent("party") ?? "")
                let roleRef = r.ent("role")
                var person = showAs(r.ent("person"))
                if person == nil, let roleRef, let src = index.resolve(r.ent("source")) {
                    // The person the provision names in that role (`<person as="#role">`).
                    if let p = src.descendants("person").first(where: { $0.attr("as") == roleRef }) {
                        person = showAs(p.attr("refersTo")) ?? Self.nonEmpty(p.text)
                    }
                }
                return Representative(party: party, person: person, role: showAs(roleRef) ?? roleRef.map(Self.stripHash),
                                      source: provisionRef(r.ent("source"), line: r.line))
            }
        }
        // Without metadata: people and offices named in the preface paragraph of each party.
        guard isAgreement, let preface = doc.child("preface") else { return [] }
        var out: [Representative] = []
        for p in preface.descendants("p") {
            guard let party = p.firstDescendant(where: { $0.is("party") }),
                  let partyID = Self.nonEmpty(party.attr("refersTo")).map(Self.stripHash) else { continue }
            let source = p.eId.map { ProvisionRef(eId: $0, num: nil) }
            let persons = p.descendants("person")
            var usedRoles: Set<String> = []
            for person in persons {
                let roleRef = person.attr("as")
                if let roleRef { usedRoles.insert(roleRef) }
                out.append(Representative(party: partyID, person: showAs(person.attr("refersTo")) ?? Self.nonEmpty(person.text),
                                          role: showAs(roleRef), source: source))
            }
            for role in p.descendants("role") {
                let ref = role.attr("refersTo")
                if let ref, usedRoles.contains(ref) { continue }
                if let ref { usedRoles.insert(ref) }
                out.append(Representative(party: partyID, person: nil, role: showAs(ref) ?? Self.nonEmpty(role.text), source: source))
            }
        }
        return out
    }

    private mutating func signatures(doc: Node, ent: [Node]) -> [Signature] {
        var out: [Signature] = []
        if let conclusions = doc.child("conclusions") {
            for sig in conclusions.descendants("signature") {
                let org = sig.firstDescendant { $0.is("organization") } ?? sig.firstDescendant { $0.is("party") }
                let party = org.flatMap { o in Self.nonEmpty(o.attr("refersTo")).map(Self.stripHash) ?? Self.nonEmpty(o.text) } ?? ""
                let person = sig.firstDescendant { $0.is("person") }
                let signatory = person.flatMap { showAs($0.attr("refersTo")) ?? Self.nonEmpty($0.text) }
                var role: String?
                if let asRef = person?.attr("as") { role = showAs(asRef) }
                if role == nil {
                    var roles: [Node] = []
                    sig.descendants(where: { $0.is("role") }, into: &roles)
                    let outside = roles.filter { r in
                        var cur = r.parent
                        while let c = cur, c.p != sig.p { if c.is("organization") || c.is("party") { return false }; cur = c.parent }
                        return true
                    }
                    if let r = outside.last ?? roles.last { role = showAs(r.attr("refersTo")) ?? Self.nonEmpty(r.text) }
                }
                let place = sig.firstDescendant { $0.is("location") }.flatMap { showAs($0.attr("refersTo")) ?? Self.nonEmpty($0.text) }
                var date: CivilDate?
                if let d = sig.firstDescendant(where: { $0.is("date") }) {
                    date = d.attr("date").flatMap(CivilDate.init(iso:))
                    if date == nil {
                        warn(d.line, fr: "date de signature illisible (attendu date=\"AAAA-MM-JJ\") : signature sans date",
                             en: "unreadable signature date (expected date=\"YYYY-MM-DD\"): signature without a date")
                    }
                }
                out.append(Signature(party: party, signatory: signatory, role: role, place: place, date: date, basis: .text))
            }
        }
        for s in ent where s.is("signature", .ent) {
            let date = s.ent("date").flatMap(CivilDate.init(iso:))
            if s.ent("date") != nil && date == nil {
                warn(s.line, fr: "<ent:signature> : ent:date illisible (attendu AAAA-MM-JJ)",
                     en: "<ent:signature>: unreadable ent:date (expected YYYY-MM-DD)")
            }
            let place = s.ent("place").map { showAs($0) ?? Self.stripHash($0) }
            out.append(Signature(party: Self.stripHash(s.ent("party") ?? ""),
                                 signatory: s.ent("person").map { showAs($0) ?? Self.stripHash($0) },
                                 role: s.ent("role").map { showAs($0) ?? Self.stripHash($0) },
                                 place: place, date: date,
                                 basis: s.ent("basis").flatMap(FactBasis.init(rawValue:)) ?? .external,
                                 sourceNote: showAs(s.ent("sourceRef"))))
        }
        return out
    }

    private mutating func entryIntoForce(meta: Node?, ent: [Node], signatures: [Signature], reading: ClauseReading?) -> EntryIntoForce {
        let last = signatures.compactMap(\.date).max()
        if let e = ent.first(where: { $0.is("entryIntoForce", .ent) }) {
            var rule = EntryIntoForceRule.unknown
            if let r = e.ent("rule") {
                if let known = EntryIntoForceRule(rawValue: r) { rule = known } else {
                    unknownValue(e, "rule", r, expected: EntryIntoForceRule.allCases.map(\.rawValue).joined(separator: " | "))
                }
            }
            var date = index.resolve(e.ent("event"))?.attr("date").flatMap(CivilDate.init(iso:))
            if date == nil { date = e.ent("date").flatMap(CivilDate.init(iso:)) }
            if date == nil, rule == .lastSignature { date = last }
            var out = EntryIntoForce(rule: rule, date: date, source: provisionRef(e.ent("source"), line: e.line))
            if let v = e.ent("anchor") {
                if let an = EntryAnchor(rawValue: v) { out.anchor = an } else {
                    unknownValue(e, "anchor", v, expected: EntryAnchor.allCases.map(\.rawValue).joined(separator: " | "))
                }
            }
            out.period = period(e, "period")
            if let v = e.ent("nth") {
                if let n = Int(v), n > 0 { out.nth = n } else { warn(e.line, fr: "ent:nth=\"\(v)\" n'est pas un entier positif", en: "ent:nth=\"\(v)\" is not a positive integer") }
            }
            out.party = e.ent("party").map(Self.stripHash)
            if let alt = Self.nonEmpty(e.ent("alternative")) { out.alternative = Localized(fr: alt, en: alt) }
            return out
        }
        // Without metadata: a lifecycle event that refers to an entry-into-force event.
        if let lifecycle = meta?.child("lifecycle") {
            for ev in lifecycle.children("eventRef") {
                guard let ref = ev.attr("refersTo") else { continue }
                let label = ref + " " + (showAs(ref) ?? "")
                if label.containsASCIIIgnoringCase("vigueur") || label.containsASCIIIgnoringCase("entryintoforce")
                    || label.containsASCIIIgnoringCase("into force"),
                   let d = ev.attr("date").flatMap(CivilDate.init(iso:)) {
                    return EntryIntoForce(rule: .date, date: d, source: nil)
                }
            }
        }
        if var e = reading?.entryIntoForce {
            if e.rule == .lastSignature { e.date = signatures.allSatisfy({ $0.date != nil }) ? last : nil }
            if e.rule == .date, let d = e.date, let last, last > d {
                // A stated date before the last signature: never guess retroactivity (A6).
                warn(nil, fr: "l'entrée en vigueur fixée au \(d.iso) précède la dernière signature (\(last.iso)) : clause non reconnue",
                     en: "the entry into force set on \(d.iso) is before the last signature (\(last.iso)): clause not recognised")
                return EntryIntoForce(rule: .unknown, date: nil, source: e.source, quote: e.quote)
            }
            return e
        }
        return EntryIntoForce(rule: .unknown, date: nil, source: nil)
    }

    /// Term and renewal: `ent:duration` (`ent:value` indefinite or P5Y, `ent:until`) and
    /// `ent:renewal` (`ent:period`, `ent:tacit`, `ent:successive`), else the recogniser.
    private mutating func term(ent: [Node], reading: ClauseReading?) -> Term? {
        let d = ent.first(where: { $0.is("duration", .ent) })
        let r = ent.first(where: { $0.is("renewal", .ent) })
        guard d != nil || r != nil else { return reading?.term }
        var term = Term(kind: .indefinite, basis: .metadata)
        if let d {
            term.source = provisionRef(d.ent("source"), line: d.line)
            if let v = d.ent("value"), v != "indefinite" {
                if let p = Period(iso: v) { term.kind = .fixed; term.length = p } else {
                    unknownValue(d, "value", v, expected: "indefinite | P5Y")
                }
            }
            if let u = d.ent("until") {
                if let date = CivilDate(iso: u) { term.kind = .fixed; term.until = date } else {
                    warn(d.line, fr: "<ent:duration> : ent:until illisible (attendu AAAA-MM-JJ)", en: "<ent:duration>: unreadable ent:until (expected YYYY-MM-DD)")
                }
            }
            if let alt = Self.nonEmpty(d.ent("alternative")) { term.alternative = Localized(fr: alt, en: alt) }
        }
        if let r {
            guard let p = period(r, "period") else {
                warn(r.line, fr: "<ent:renewal> sans ent:period (P10Y) : reconduction ignorée", en: "<ent:renewal> without ent:period (P10Y): renewal ignored")
                return term
            }
            term.renewal = Renewal(period: p, tacit: r.ent("tacit") != "false", successive: r.ent("successive") != "false")
            if term.source == nil { term.source = provisionRef(r.ent("source"), line: r.line) }
            if let alt = Self.nonEmpty(r.ent("alternative")) { term.alternative = Localized(fr: alt, en: alt) }
        }
        if let src = term.source, let node = index.resolve(src.eId) { term.quote = Self.nonEmpty(node.text(skipping: { $0.is("num") || $0.is("heading") })) }
        return term
    }

    /// Paragraphs (or articles without paragraphs) as the recogniser reads them, each text
    /// extracted only when the recogniser gets to it (it stops once it has what it needs).
    private func provisionTexts(_ doc: Node) -> some Sequence<ProvisionText> {
        let units: [(unit: Node, article: Node)] = articleNodes(doc).flatMap { article in
            var units: [Node] = []
            article.descendants(where: { $0.is("paragraph") }, stopAtMatch: true, into: &units)
            return (units.isEmpty ? [article] : units).map { (unit: $0, article: article) }
        }
        return units.lazy.map { u in
            let eId = u.unit.eId ?? u.article.eId ?? ""
            return ProvisionText(ref: ProvisionRef(eId: eId, num: self.provisionNum(of: u.unit)), article: u.article.eId ?? eId,
                                 text: u.unit.text(skipping: { $0.is("num") || $0.is("heading") }))
        }
    }

    private mutating func notice(doc: Node, ent: [Node], reading: ClauseReading?) -> NoticeClause? {
        if let n = ent.first(where: { $0.is("noticePeriod", .ent) }) {
            guard let length = n.ent("length").flatMap({ Int($0) }), let unit = n.ent("unit").flatMap(PeriodUnit.init(rawValue:)) else {
                warn(n.line, fr: "<ent:noticePeriod> sans ent:length entier ni ent:unit (day|month|year) : préavis ignoré",
                     en: "<ent:noticePeriod> lacks an integer ent:length or an ent:unit (day|month|year): notice ignored")
                return nil
            }
            var clause: NoticeClause
            if let source = provisionRef(n.ent("source"), line: n.line) {
                let quote = index.resolve(source.eId)?.firstDescendant { $0.is("quantity") }.map(\.text)
                clause = NoticeClause(period: Period(length, unit), written: n.ent("form") == "written",
                                      minimum: n.ent("minimum") == "true", source: source, basis: .metadata, quote: quote)
            } else {
                warn(n.line, fr: "<ent:noticePeriod> sans ent:source : la disposition d'origine est inconnue",
                     en: "<ent:noticePeriod> without ent:source: the provision it comes from is unknown")
                clause = NoticeClause(period: Period(length, unit), written: n.ent("form") == "written",
                                      minimum: n.ent("minimum") == "true", source: ProvisionRef(eId: ""), basis: .metadata)
            }
            clause.timing = enumValue(n, "timing")
            clause.effect = enumValue(n, "effect")
            clause.countsFrom = enumValue(n, "countsFrom")
            if n.ent("countsFrom") == "note" { clause.countsFrom = .sending }
            clause.notBefore = period(n, "notBefore")
            clause.restricts = enumValue(n, "restricts")
            if let alt = Self.nonEmpty(n.ent("alternative")) { clause.alternative = Localized(fr: alt, en: alt) }
            return clause
        }
        return reading?.notice
    }

    /// An `ent:` attribute read as one of an enumeration's values; a warning names the others.
    private mutating func enumValue<T: RawRepresentable & CaseIterable>(_ n: Node, _ attr: StaticString) -> T? where T.RawValue == String {
        guard let v = n.ent(attr) else { return nil }
        if let x = T(rawValue: v) { return x }
        if "\(attr)" == "countsFrom", v == "note" { return nil }
        unknownValue(n, "\(attr)", v, expected: T.allCases.map(\.rawValue).joined(separator: " | "))
        return nil
    }

    // MARK: Domains and means of action

    // Name lists are static: written inline, each call built its array (these run per node).
    private static let itemNames: [StaticString] = ["point", "item", "indent"]
    private static let paragraphNames: [StaticString] = ["paragraph", "subparagraph"]
    private static let labelNames: [StaticString] = ["num", "heading", "subheading"]
    private static let opaque: [StaticString] = ["quotedStructure", "embeddedStructure", "quotedText", "authorialNote", "subFlow"]

    private func isItem(_ n: Node, paragraphs: Bool) -> Bool {
        n.isAny(Self.itemNames) || (paragraphs && n.isAny(Self.paragraphNames))
    }

    private func collectItems(_ container: Node, paragraphs: Bool, into out: inout [Node]) {
        for c in container.children {
            if c.isAny(Self.labelNames) || c.isAny(Self.opaque) { continue }
            if isItem(c, paragraphs: paragraphs) { out.append(c) } else { collectItems(c, paragraphs: paragraphs, into: &out) }
        }
    }

    /// Items under `container`, numbered with the full path users type.
    private func buildItems(_ container: Node, numberedParent: String?, bulletParent: String?, paragraphs: Bool) -> [Domain] {
        var items: [Node] = []
        collectItems(container, paragraphs: paragraphs, into: &items)
        var out: [Domain] = []
        for (i, item) in items.enumerated() {
            let printedRaw = item.child("num").map(\.text)
            let printed = printedRaw.flatMap { $0.contains(where: { $0.isLetter || $0.isNumber }) ? $0 : nil }
            let path: String
            if let printed, case let norm = Self.normalizeItemNum(printed), !norm.isEmpty {
                if let parent = numberedParent, norm != parent, !norm.hasPrefix(parent + ".") {
                    path = parent + "." + norm
                } else {
                    path = norm
                }
            } else {
                path = bulletParent.map { "\($0).\(i + 1)" } ?? String(i + 1)
            }
            let heading = Self.nonEmpty(item.child("heading")?.text)
            let text = item.text(skipping: { n in
                n.isAny(Self.labelNames) || self.isItem(n, paragraphs: paragraphs) || n.isAny(Self.opaque)
            })
            let children = buildItems(item, numberedParent: path, bulletParent: path, paragraphs: false)
            out.append(Domain(eId: item.eId ?? "", num: path, printedNum: printed, heading: heading, text: text, items: children))
        }
        return out
    }

    private mutating func listedItems(doc: Node, ent: [Node], entName: StaticString, headingWords: [String]) -> [Domain] {
        var container: Node?
        if let marker = ent.first(where: { $0.is(entName, .ent) }) {
            container = index.resolve(marker.ent("source"))
            if container == nil {
                warn(marker.line, fr: "<ent:\(marker.name)> : ent:source ne désigne aucun élément ; liste déduite des intitulés",
                     en: "<ent:\(marker.name)>: ent:source names no element; list derived from the headings")
            }
        }
        if container == nil, isAgreement {
            container = articleNodes(doc).first { art in
                guard let h = art.child("heading")?.text else { return false }
                return headingWords.contains { h.containsASCIIIgnoringCase($0) }
            }
        }
        guard let container else { return [] }
        let hasItems = container.firstDescendant { self.isItem($0, paragraphs: false) } != nil
        let articleNum = container.child("num").map { Self.normalizeProvisionNum($0.text) }.flatMap(Self.nonEmpty)
        return buildItems(container, numberedParent: articleNum, bulletParent: nil, paragraphs: !hasItems)
    }

    // MARK: Bodies, obligations

    private mutating func period(_ n: Node, _ attr: StaticString) -> Period? {
        guard let v = n.ent(attr) else { return nil }
        if let p = Period(iso: v) { return p }
        warn(n.line, fr: "durée illisible \(attr)=\"\(v)\" dans <ent:\(n.name)> (attendu P6M, P2Y, P30D)",
             en: "unreadable duration \(attr)=\"\(v)\" in <ent:\(n.name)> (expected P6M, P2Y, P30D)")
        return nil
    }

    private mutating func anchor(_ n: Node, _ attr: StaticString) -> DateAnchor? {
        guard let v = n.ent(attr) else { return nil }
        if let a = DateAnchor(rawValue: v) { return a }
        unknownValue(n, "\(attr)", v, expected: "firstSignature | lastSignature | entryIntoForce")
        return nil
    }

    private mutating func bodies(_ ent: [Node]) -> [Body] {
        var out: [Body] = []
        for b in ent where b.is("body", .ent) {
            guard let kindCode = b.ent("kind"), let kind = BodyKind(code: kindCode) else {
                unknownValue(b, "kind", b.ent("kind") ?? "", expected: "jointCommittee | coordinationCommittee | workingGroup")
                continue
            }
            let id = Self.stripHash(b.ent("ref") ?? "")
            var body = Body(id: id, kind: kind, name: showAs(id) ?? id, external: b.ent("external") == "true",
                            cadence: period(b, "cadence"), source: provisionRef(b.ent("source"), line: b.line))
            if let fm = b.child("firstMeeting", .ent) {
                body.firstMeetingWithin = period(fm, "within")
                body.firstMeetingFrom = anchor(fm, "from")
                body.firstMeetingAlternative = anchor(fm, "alternative")
            }
            if let co = b.child("coordinators", .ent), let v = co.ent("perParty") {
                if let n = Int(v) { body.coordinatorsPerParty = n } else {
                    warn(co.line, fr: "ent:perParty=\"\(v)\" n'est pas un entier", en: "ent:perParty=\"\(v)\" is not an integer")
                }
            }
            out.append(body)
        }
        return out
    }

    private mutating func obligations(_ ent: [Node]) -> [Obligation] {
        var out: [Obligation] = []
        for o in ent where o.is("obligation", .ent) {
            guard let kindCode = o.ent("kind"), let kind = ObligationKind(rawValue: kindCode) else {
                unknownValue(o, "kind", o.ent("kind") ?? "", expected: "biennialActionPlan | biennialReport | progressReport")
                continue
            }
            var triggers: [ObligationTrigger] = []
            for t in (o.ent("trigger") ?? "").split(separator: " ") {
                if let trig = ObligationTrigger(rawValue: String(t)) { triggers.append(trig) } else {
                    unknownValue(o, "trigger", String(t), expected: "beforeEachMeeting | onRequest")
                }
            }
            out.append(Obligation(kind: kind, every: period(o, "every"), triggers: triggers,
                                  by: o.ent("by").map(Self.stripHash), to: o.ent("to").map(Self.stripHash),
                                  copyTo: o.ent("copyTo").map { showAs($0) ?? Self.stripHash($0) },
                                  source: provisionRef(o.ent("source"), line: o.line)))
        }
        return out
    }

    // MARK: Articles

    private func articleNodes(_ doc: Node) -> [Node] {
        articleCache ?? Self.findArticles(doc)
    }

    private static func findArticles(_ doc: Node) -> [Node] {
        var out: [Node] = []
        func walk(_ n: Node) {
            for c in n.children {
                if c.is("meta") || c.isAny(opaque) { continue }
                if c.is("article") { out.append(c) }
                walk(c)
            }
        }
        walk(doc)
        return out
    }

    private func articles(_ doc: Node) -> [ArticleSummary] {
        articleNodes(doc).map { art in
            ArticleSummary(eId: art.eId ?? "", num: Self.nonEmpty(art.child("num")?.text), heading: Self.nonEmpty(art.child("heading")?.text))
        }
    }
}

extension String {
    /// Without leading and trailing white space (no Foundation).
    var trimmingSpaces: String {
        // Most values have nothing to trim: a visible ASCII byte at each end says so without
        // asking Unicode properties of every scalar.
        if let f = utf8.first, let l = utf8.last, f > 0x20, f < 0x7F, l > 0x20, l < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
