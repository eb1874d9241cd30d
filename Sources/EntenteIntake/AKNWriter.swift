import EntenteCore
import Foundation

/// Writes a `DraftAgreement` as Akoma Ntoso 3.0 in the project's profile
/// (shared/design/akn-profile.md; eIds by the OASIS naming convention as the hand-encoded
/// files apply it: `art_2__point_1__list_1__point_4`, `art_9__para_2`, `preface__p_1`,
/// `preamble__recs_1__rec_3`, `conclusions__signatures__p_1`).
///
/// Text is escaped here, once, for element content and attributes (intake.md §5: the
/// libxml2 calls that expect escaped content are not used).
public enum AKNWriter {
    /// Settings of one conversion.
    public struct Context: Sendable {
        public var id: String
        /// The day the markup is made (`FRBRManifestation/FRBRdate name="markup"`).
        public var markupDate: CivilDate
        public init(id: String, markupDate: CivilDate) {
            self.id = id
            self.markupDate = markupDate
        }
    }

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\n" && c != "\t" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A span to mark up in a text: the first occurrence of `needle` not already marked.
    struct Span {
        var needle: String
        var open: String
        var close: String
    }

    /// Escapes `text` and wraps the first free occurrence of each span's needle.
    static func markup(_ text: String, _ spans: [Span]) -> String {
        var taken: [(Range<String.Index>, Span)] = []
        for s in spans where !s.needle.isEmpty {
            var from = text.startIndex
            while let r = text.range(of: s.needle, range: from..<text.endIndex) {
                if !taken.contains(where: { $0.0.overlaps(r) }) { taken.append((r, s)); break }
                from = r.upperBound
            }
        }
        taken.sort { $0.0.lowerBound < $1.0.lowerBound }
        var out = ""
        var i = text.startIndex
        for (r, s) in taken {
            out += esc(String(text[i..<r.lowerBound])) + s.open + esc(String(text[r])) + s.close
            i = r.upperBound
        }
        out += esc(String(text[i...]))
        return out
    }

    /// Country code of the work URI: where the first party sits, read from the text.
    static func country(_ d: DraftAgreement) -> String {
        let f = TextTools.fold(d.parties.map(\.paragraph).joined(separator: " ") + " " + d.title)
        if f.contains("quebec") { return "ca-qc" }
        if f.contains("ontario") { return "ca-on" }
        if f.contains("canada") { return "ca" }
        if f.contains("france") || f.contains("francaise") { return "fr" }
        return "ca-qc"
    }

    public static func defaultID(_ d: DraftAgreement) -> String {
        let parts = d.parties.prefix(3).map { p -> String in
            let words = p.id.split(separator: "-").filter { !["gouvernement", "government", "ministre", "ministere", "minister", "ministry", "republique", "republic"].contains($0) }
            return (words.isEmpty ? p.id.split(separator: "-") : words).prefix(2).joined(separator: "-")
        }
        var id = parts.joined(separator: "-")
        if id.isEmpty { id = TextTools.slug(d.title, dropping: TextTools.slugStopWords).split(separator: "-").prefix(4).joined(separator: "-") }
        if let y = d.signatures.compactMap(\.date).max()?.year { id += "-\(y)" }
        return id.isEmpty ? "agreement" : id
    }

    static func roleID(_ role: String) -> String {
        let words = TextTools.slug(role, dropping: TextTools.slugStopWords).split(separator: "-")
        return words.prefix(4).joined(separator: "-")
    }

    /// The document, without its tracking block (added by `TrackingBlock.insert`).
    public static func write(_ d: DraftAgreement, _ ctx: Context) -> (xml: String, warnings: [Localized]) {
        var warnings: [Localized] = []
        let lang = d.language.akn
        let dates = d.signatures.compactMap(\.date).sorted()
        let date = dates.last
        if date == nil {
            warnings.append(Localized(
                fr: "aucune date de signature dans le texte : la date de l'œuvre FRBR est 0001-01-01 (à remplacer) et le profil exige une signature datée",
                en: "no signing date in the text: the FRBR work date is 0001-01-01 (to be replaced) and the profile requires a dated signature"))
        }
        let dateISO = date?.iso ?? "0001-01-01"
        let name = String(ctx.id.replacingOccurrences(of: #"-\d{4}$"#, with: "", options: .regularExpression))
        let work = "/akn/\(country(d))/doc/agreement/\(dateISO)/\(name.isEmpty ? ctx.id : name)"
        let expr = "\(work)/\(lang)@\(dateISO)"
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<!-- Converted by entente convert from a \(d.language == .fr ? "French" : "English") text; review before use. -->\n"
        x += "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n  <doc name=\"agreement\" contains=\"originalVersion\">\n    <meta>\n"
        x += "      <identification source=\"#entente\">\n        <FRBRWork>\n"
        x += "          <FRBRthis value=\"\(esc(work))/!main\"/>\n          <FRBRuri value=\"\(esc(work))\"/>\n"
        x += "          <FRBRalias value=\"\(esc(ctx.id))\" name=\"entente\"/>\n"
        x += "          <FRBRdate date=\"\(dateISO)\" name=\"\(date == nil ? "unknown" : "signature")\"/>\n"
        for p in d.parties { x += "          <FRBRauthor href=\"#\(p.id)\" as=\"#partie\"/>\n" }
        // The schema wants an author: without a party found, the converter stands in (and says so).
        if d.parties.isEmpty { x += "          <FRBRauthor href=\"#entente\"/>\n" }
        x += "          <FRBRcountry value=\"\(country(d).uppercased())\"/>\n          <FRBRsubtype value=\"agreement\"/>\n"
        x += "          <FRBRnumber value=\"\(esc(name))\"/>\n          <FRBRname value=\"\(esc(TextTools.squash(d.title)))\"/>\n"
        x += "          <FRBRprescriptive value=\"true\"/>\n        </FRBRWork>\n        <FRBRExpression>\n"
        x += "          <FRBRthis value=\"\(esc(expr))/!main\"/>\n          <FRBRuri value=\"\(esc(expr))\"/>\n"
        x += "          <FRBRdate date=\"\(dateISO)\" name=\"\(date == nil ? "unknown" : "signature")\"/>\n"
        for p in d.parties { x += "          <FRBRauthor href=\"#\(p.id)\" as=\"#partie\"/>\n" }
        if d.parties.isEmpty {
            x += "          <FRBRauthor href=\"#entente\"/>\n"
            warnings.append(Localized(fr: "aucune partie reconnue dans le préambule (« ENTRE … ET … », « représenté par », « ci-après ») : le profil en exige deux",
                                      en: "no party recognised in the preface (\"BETWEEN … AND …\", \"represented by\", \"hereinafter\"): the profile requires two"))
        }
        x += "          <FRBRlanguage language=\"\(lang)\"/>\n        </FRBRExpression>\n        <FRBRManifestation>\n"
        x += "          <FRBRthis value=\"\(esc(expr))/!main.xml\"/>\n          <FRBRuri value=\"\(esc(expr)).akn\"/>\n"
        x += "          <FRBRdate date=\"\(ctx.markupDate.iso)\" name=\"markup\"/>\n          <FRBRauthor href=\"#entente\"/>\n"
        x += "          <FRBRformat value=\"application/akn+xml\"/>\n        </FRBRManifestation>\n      </identification>\n"

        // Signatures, places, people, roles: ids shared by lifecycle, references and the text.
        var places: [String: String] = [:]
        var people: [String: String] = [:]
        var roles: [String: String] = [:]
        for p in d.parties {
            for r in p.roles { roles[r] = roleID(r) }
            for n in p.people { people[n] = TextTools.slug(n) }
        }
        // One person per id: "Basséres" in the preface and "Basseres" under the signature are one man.
        func personID(_ n: String) -> String { TextTools.slug(n) }
        var sigIDs: [String] = []
        for s in d.signatures {
            if let pl = s.place { places[pl] = TextTools.slug(pl) }
            if let n = s.person { people[n] = personID(n) }
            if let r = s.role { roles[r] = roles[r] ?? roleID(r) }
            // "sig_quebec", "sig_pole_emploi" as in the hand-encoded files: the party without "gouvernement".
            let base = (s.party ?? TextTools.slug(s.organization)).split(separator: "-")
            let short = base.filter { !["gouvernement", "government"].contains($0) }
            var sid = "sig_" + (short.isEmpty ? base : short).joined(separator: "_")
            while sigIDs.contains(sid) { sid += "_\(sigIDs.count + 1)" }
            sigIDs.append(sid)
        }
        let entryByLast = d.articles.contains { a in
            let t = TextTools.fold(([a.content, a.intro].compactMap { $0 } + a.units.flatMap(allTexts)).joined(separator: " "))
            return t.contains("derniere signature") || t.contains("last signature") || t.contains("date of the later signature")
                || t.contains("second of the two") || t.contains("date of signature by the last")
        }
        if !dates.isEmpty {
            x += "      <lifecycle source=\"#entente\">\n"
            for (k, s) in d.signatures.enumerated() {
                guard let dt = s.date else { continue }
                let last = dt == date && !d.signatures[(k + 1)...].contains { $0.date == dt }
                x += "        <eventRef eId=\"evt_\(sigIDs[k])\" date=\"\(dt.iso)\" source=\"#original\" refersTo=\"#signature\"\(last ? " type=\"generation\"" : "")/>\n"
            }
            if entryByLast, let date {
                x += "        <eventRef eId=\"evt_vigueur\" date=\"\(date.iso)\" source=\"#original\" refersTo=\"#entreeEnVigueur\"/>\n"
            }
            x += "      </lifecycle>\n"
            if entryByLast {
                x += "      <temporalData source=\"#entente\">\n        <temporalGroup eId=\"tmpg_vigueur\">\n"
                x += "          <timeInterval start=\"#evt_vigueur\" refersTo=\"#enVigueur\"/>\n        </temporalGroup>\n      </temporalData>\n"
            }
        } else {
            warnings.append(Localized(fr: "aucune signature datée : pas de cycle de vie (lifecycle) écrit",
                                      en: "no dated signature: no lifecycle written"))
        }
        x += "      <references source=\"#entente\">\n"
        x += "        <original eId=\"original\" href=\"\(esc(expr))\" showAs=\"\(esc(d.language == .fr ? "Texte converti" : "Converted text"))\"/>\n"
        x += "        <TLCOrganization eId=\"entente\" href=\"/ontology/organization/entente\" showAs=\"Entente (outil de suivi)\"/>\n"
        for p in d.parties {
            x += "        <TLCOrganization eId=\"\(p.id)\" href=\"/ontology/organization/\(p.id)\" showAs=\"\(esc(p.name))\"/>\n"
        }
        var seenPeople: Set<String> = []
        for (n, id) in people.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where seenPeople.insert(id).inserted {
            x += "        <TLCPerson eId=\"\(id)\" href=\"/ontology/person/\(id)\" showAs=\"\(esc(n))\"/>\n"
        }
        x += "        <TLCRole eId=\"partie\" href=\"/ontology/role/partieContractante\" showAs=\"Partie contractante\"/>\n"
        var seenRoles: Set<String> = ["partie"]
        // By id, then text: two wordings of one role ("Administratrice générale", "son
        // administratrice générale") share an id, and the dictionary's order must not pick
        // which one is shown (the same text converted twice gave two files).
        for (r, id) in roles.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where seenRoles.insert(id).inserted {
            x += "        <TLCRole eId=\"\(id)\" href=\"/ontology/role/\(id)\" showAs=\"\(esc(r))\"/>\n"
        }
        var seenPlaces: Set<String> = []
        for (pl, id) in places.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where seenPlaces.insert(id).inserted {
            x += "        <TLCLocation eId=\"\(id)\" href=\"/ontology/location/\(id)\" showAs=\"\(esc(pl))\"/>\n"
        }
        x += "        <TLCEvent eId=\"signature\" href=\"/ontology/event/signature\" showAs=\"Signature\"/>\n"
        if entryByLast {
            x += "        <TLCEvent eId=\"entreeEnVigueur\" href=\"/ontology/event/entreeEnVigueur\" showAs=\"Entrée en vigueur\"/>\n"
            x += "        <TLCConcept eId=\"enVigueur\" href=\"/ontology/concept/enVigueur\" showAs=\"En vigueur\"/>\n"
        }
        var termIDs: [String: String] = [:]
        for t in d.definedTerms {
            let id = "term-" + TextTools.slug(t, dropping: TextTools.slugStopWords)
            guard termIDs.values.contains(id) == false, id != "term-" else { continue }
            termIDs[t] = id
            x += "        <TLCTerm eId=\"\(id)\" href=\"/ontology/term/\(id.dropFirst(5))\" showAs=\"\(esc(t))\"/>\n"
        }
        x += "      </references>\n    </meta>\n\n"

        // Preface.
        x += "    <preface>\n      <longTitle eId=\"longTitle\">\n        <p><docTitle>\(esc(TextTools.squash(d.title)))</docTitle></p>\n      </longTitle>\n"
        var pn = 0
        func termSpans(_ text: String) -> [Span] {
            // Only where the term is defined (between quotes), not every later use.
            termIDs.filter { t, _ in ["« ", "«", "«\u{A0}", "“", "\""].contains { text.contains($0 + t) } }
                .sorted { $0.key < $1.key }
                .map { t, id in Span(needle: t, open: "<def refersTo=\"#\(id)\">", close: "</def>") }
        }
        for p in d.parties {
            pn += 1
            var spans = [Span(needle: p.name, open: "<party refersTo=\"#\(p.id)\" as=\"#partie\">", close: "</party>")]
            for r in p.roles { spans.append(Span(needle: r, open: "<role refersTo=\"#\(roles[r]!)\">", close: "</role>")) }
            for n in p.people {
                let asRole = p.roles.last.map { " as=\"#\(roles[$0]!)\"" } ?? ""
                spans.append(Span(needle: n, open: "<person refersTo=\"#\(people[n]!)\"\(asRole)>", close: "</person>"))
            }
            x += "      <p eId=\"preface__p_\(pn)\">\(markup(p.paragraph, spans + termSpans(p.paragraph)))</p>\n"
        }
        for e in d.prefaceExtra {
            pn += 1
            x += "      <p eId=\"preface__p_\(pn)\">\(markup(e, termSpans(e)))</p>\n"
        }
        x += "    </preface>\n\n"

        if !d.recitals.isEmpty || d.formula != nil {
            x += "    <preamble>\n"
            if !d.recitals.isEmpty {
                x += "      <recitals eId=\"preamble__recs_1\">\n"
                for (k, r) in d.recitals.enumerated() {
                    x += "        <recital eId=\"preamble__recs_1__rec_\(k + 1)\">\n          <p>\(esc(r))</p>\n        </recital>\n"
                }
                x += "      </recitals>\n"
            }
            if let f = d.formula {
                x += "      <formula name=\"enactingFormula\" eId=\"preamble__formula_1\">\n        <p>\(esc(f))</p>\n      </formula>\n"
            } else {
                warnings.append(Localized(fr: "attendus sans formule (« LES PARTIES CONVIENNENT… ») : le profil exige la formule",
                                          en: "recitals without an enacting formula (\"the Parties agree as follows\"): the profile requires one"))
            }
            x += "    </preamble>\n\n"
        }

        x += "    <mainBody>\n"
        var used: Set<String> = []
        func unique(_ eId: String) -> String {
            var e = eId
            var k = 2
            while used.contains(e) {
                e = "\(eId)_\(k)"
                k += 1
            }
            if e != eId {
                warnings.append(Localized(fr: "numéro répété : eId \(eId) rendu unique en \(e)", en: "repeated number: eId \(eId) made unique as \(e)"))
            }
            used.insert(e)
            return e
        }
        func unitXML(_ units: [DraftUnit], prefix: String, indent: String) -> String {
            var out = ""
            var positions: [DraftUnit.Element: Int] = [:]
            for u in units {
                positions[u.element, default: 0] += 1
                let ref = u.element == .paragraph ? "para" : "point"
                let numPart = u.eIdNumber.map { $0.filter { $0.isLetter || $0.isNumber } } ?? String(positions[u.element]!)
                let eId = unique("\(prefix)__\(ref)_\(numPart.isEmpty ? String(positions[u.element]!) : numPart)")
                out += "\(indent)<\(u.element.rawValue) eId=\"\(eId)\">\n"
                if let n = u.num { out += "\(indent)  <num>\(esc(n))</num>\n" }
                if let h = u.heading { out += "\(indent)  <heading>\(esc(h))</heading>\n" }
                if u.items.isEmpty {
                    out += "\(indent)  <content>\n\(indent)    <p>\(esc(u.text))</p>\n\(indent)  </content>\n"
                } else {
                    if !u.text.isEmpty { out += "\(indent)  <intro>\n\(indent)    <p>\(esc(u.text))</p>\n\(indent)  </intro>\n" }
                    out += "\(indent)  <list eId=\"\(eId)__list_1\">\n"
                    out += unitXML(u.items.map { var i = $0; i.element = .point; return i }, prefix: "\(eId)__list_1", indent: indent + "    ")
                    out += "\(indent)  </list>\n"
                }
                out += "\(indent)</\(u.element.rawValue)>\n"
            }
            return out
        }
        for a in d.articles {
            let eId = unique("art_\(a.number)")
            x += "      <article eId=\"\(eId)\">\n        <num>\(esc(a.num))</num>\n        <heading>\(esc(a.heading))</heading>\n"
            if let c = a.content {
                x += "        <content>\n          <p>\(esc(c))</p>\n        </content>\n"
            } else {
                if let i = a.intro { x += "        <intro>\n          <p>\(esc(i))</p>\n        </intro>\n" }
                x += unitXML(a.units, prefix: eId, indent: "        ")
                if a.units.isEmpty && a.intro == nil { x += "        <content>\n          <p/>\n        </content>\n" }
            }
            x += "      </article>\n"
        }
        x += "    </mainBody>\n"

        if !d.conclusions.isEmpty || !d.signatures.isEmpty {
            x += "\n    <conclusions>\n"
            for (k, c) in d.conclusions.enumerated() { x += "      <p eId=\"conclusions__p_\(k + 1)\">\(esc(c))</p>\n" }
            if !d.signatures.isEmpty {
                x += "      <container name=\"signatures\" eId=\"conclusions__signatures\">\n"
                for (k, s) in d.signatures.enumerated() {
                    let party = s.party ?? d.parties.first?.id ?? "entente"
                    var body = (d.language == .fr ? "POUR " : "FOR ") + "<organization refersTo=\"#\(party)\">\(esc(s.organization))</organization>"
                    if s.place != nil || s.dateText != nil {
                        body += "<br/>\n          "
                        if let pl = s.place { body += (d.language == .fr ? "À " : "At ") + "<location refersTo=\"#\(places[pl]!)\">\(esc(pl))</location>" }
                        if let dt = s.date, let t = s.dateText {
                            body += (s.place == nil ? "" : (d.language == .fr ? ", le " : ", ")) + "<date date=\"\(dt.iso)\" refersTo=\"#signature\">\(esc(t))</date>"
                        }
                    }
                    for o in s.other { body += "<br/>\n          \(esc(o))" }
                    if let n = s.person {
                        let asRole = s.role.map { " as=\"#\(roles[$0]!)\"" } ?? ""
                        body += "<br/>\n          <person refersTo=\"#\(people[n]!)\"\(asRole)>\(esc(n))</person>"
                    }
                    if let r = s.role { body += "<br/>\n          <role refersTo=\"#\(roles[r]!)\">\(esc(r))</role>" }
                    let missing = [s.person == nil ? "person" : nil, s.role == nil ? "role" : nil, s.place == nil ? "location" : nil,
                                   s.date == nil ? "date" : nil].compactMap { $0 }
                    if !missing.isEmpty {
                        warnings.append(Localized(fr: "signature \(k + 1) (\(s.organization)) : manque \(missing.joined(separator: ", "))",
                                                  en: "signature \(k + 1) (\(s.organization)): missing \(missing.joined(separator: ", "))"))
                    }
                    x += "        <p eId=\"conclusions__signatures__p_\(k + 1)\">\n          <signature eId=\"\(sigIDs[k])\">\(body)</signature>\n        </p>\n"
                }
                x += "      </container>\n"
            }
            x += "    </conclusions>\n"
        } else {
            warnings.append(Localized(fr: "aucun bloc de signatures dans le texte", en: "no signature block in the text"))
        }
        if !d.annexes.isEmpty {
            x += "\n    <attachments>\n"
            for (k, a) in d.annexes.enumerated() {
                let n = k + 1
                let annexWork = "\(work)/annexe-\(n)"
                let annexExpr = "\(annexWork)/\(lang)@\(dateISO)"
                x += "      <attachment eId=\"att_\(n)\">\n        <doc name=\"annex\">\n          <meta>\n            <identification source=\"#entente\">\n"
                x += "              <FRBRWork><FRBRthis value=\"\(esc(annexWork))/!main\"/><FRBRuri value=\"\(esc(annexWork))\"/><FRBRdate date=\"\(dateISO)\" name=\"\(date == nil ? "unknown" : "signature")\"/><FRBRauthor href=\"#entente\"/><FRBRcountry value=\"\(country(d).uppercased())\"/></FRBRWork>\n"
                x += "              <FRBRExpression><FRBRthis value=\"\(esc(annexExpr))/!main\"/><FRBRuri value=\"\(esc(annexExpr))\"/><FRBRdate date=\"\(dateISO)\" name=\"\(date == nil ? "unknown" : "signature")\"/><FRBRauthor href=\"#entente\"/><FRBRlanguage language=\"\(lang)\"/></FRBRExpression>\n"
                x += "              <FRBRManifestation><FRBRthis value=\"\(esc(annexExpr))/!main.xml\"/><FRBRuri value=\"\(esc(annexExpr)).akn\"/><FRBRdate date=\"\(ctx.markupDate.iso)\" name=\"markup\"/><FRBRauthor href=\"#entente\"/></FRBRManifestation>\n"
                x += "            </identification>\n          </meta>\n"
                x += "          <preface>\n            <longTitle eId=\"att_\(n)__longTitle\"><p><docTitle>\(esc(a.title))</docTitle></p></longTitle>\n          </preface>\n"
                x += "          <mainBody>\n"
                for (j, p) in a.paragraphs.enumerated() { x += "            <p eId=\"att_\(n)__p_\(j + 1)\">\(esc(p))</p>\n" }
                if a.paragraphs.isEmpty { x += "            <p eId=\"att_\(n)__p_1\"/>\n" }
                x += "          </mainBody>\n        </doc>\n      </attachment>\n"
            }
            x += "    </attachments>\n"
        }
        x += "  </doc>\n</akomaNtoso>\n"
        return (x, warnings)
    }

    static func allTexts(_ u: DraftUnit) -> [String] { [u.text, u.heading ?? ""] + u.items.flatMap(allTexts) }
}
