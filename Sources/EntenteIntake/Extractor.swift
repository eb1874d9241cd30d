import EntenteCore
import EntenteXML
import Foundation

/// One attribute of a proposed tracking item (`ent:length="6"`), in writing order.
public struct FactAttribute: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
}

/// A tracking fact proposed from the text, for a person to confirm (intake.md §6): its kind
/// and values in the `docs/tracking-metadata.md` vocabulary, the provision it was read from
/// (`source`, an eId) and the exact words (`quote`, a verbatim substring of that provision's
/// text), the reading taken and the other reading when there is one.
public struct FactProposal: Sendable, Hashable {
    /// The `ent:` element: noticePeriod, onNotice, entryIntoForce, duration, body, firstMeeting,
    /// coordinators, obligation, costs, amendments, domains, meansOfAction; renewal and
    /// annual reports are shown but not written (the vocabulary has no item for them yet).
    public var kind: String
    public var attributes: [FactAttribute]
    /// The provision's eId; nil for "the text says nothing" (entry into force unknown).
    public var source: String?
    public var quote: String?
    public var reading: Localized
    public var alternative: Localized?
    /// 0…1: lower under exceptions ("sauf si", "unless").
    public var confidence: Double
    /// For items nested in a body (firstMeeting, coordinators): the body's ref (`#comite-mixte`).
    public var parent: String?
    /// False for kinds the tracking vocabulary cannot hold yet.
    public var writable: Bool = true

    public func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
}

/// A reference the proposals need in `meta/references` (a body, an office).
public struct ReferenceNeed: Sendable, Hashable {
    /// `TLCOrganization` or `TLCRole`.
    public var element: String
    public var eId: String
    public var showAs: String
}

/// What `entente extract` found.
public struct Extraction: Sendable {
    public var proposals: [FactProposal]
    public var references: [ReferenceNeed]
}

/// A provision of the text: its eId and its words (white space folded).
public struct Provision: Sendable, Hashable {
    public var eId: String
    public var text: String
}

/// Proposes tracking facts from an agreement's Akoma Ntoso text with one tested rule per
/// fact, French and English (intake.md §6). The notice period comes from the existing
/// `NoticeRecognizer`.
public enum Extractor {
    static let aknNS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

    /// - Throws: `XMLImportError` when the text is not well-formed XML.
    public static func extract(xml: String, fileName: String) throws(XMLImportError) -> Extraction {
        let root = try SafeXMLParser().parseTree(XMLSource(bytes: Array(xml.utf8), fileName: fileName))
        var eIds: Set<String> = []
        collectEIds(root, into: &eIds)
        let (provisions, headings, language, partyCount) = read(root)
        var e = extract(provisions: provisions, articleHeadings: headings, language: language, partyCount: partyCount, eIds: eIds)
        e.proposals += representatives(root, provisions: provisions, language: language)
        for p in e.proposals where p.kind == "representative" {
            guard let role = p.value("role"), role == "#representant-designe" || role == "#designated-representative",
                  !e.references.contains(where: { "#" + $0.eId == role }) else { continue }
            e.references.append(ReferenceNeed(element: "TLCRole", eId: String(role.dropFirst()),
                                              showAs: language == .fr ? "Représentant désigné" : "Designated representative"))
        }
        return e
    }

    /// Who represents each party: the offices marked in the preface (`party` … `role`), and
    /// the representatives each party designates ("Chacune des Parties désignera un représentant").
    static func representatives(_ root: XMLElementNode, provisions: [Provision], language: Language) -> [FactProposal] {
        var out: [FactProposal] = []
        let doc = root.elements.first ?? root
        let parties = root.descendants("FRBRWork").first?.all("FRBRauthor").filter { $0.attributes["as"] == "#partie" }.compactMap { $0.attributes["href"] } ?? []
        for p in doc.first("preface")?.all("p") ?? [] {
            guard let eId = p.attributes["eId"], let party = p.descendants("party").first?.attributes["refersTo"] else { continue }
            for r in p.descendants("role") {
                guard let role = r.attributes["refersTo"] else { continue }
                out.append(FactProposal(kind: "representative", attributes: [FactAttribute(name: "party", value: party), FactAttribute(name: "role", value: role)],
                                        source: eId, quote: text(r),
                                        reading: Localized(fr: "\(party) est représenté par : \(text(r))", en: "\(party) is represented by: \(text(r))"),
                                        confidence: 0.9))
            }
        }
        if let (p, s) = first(provisions, #"(chacune des parties|chaque partie|each party)[^.]{0,30}(design|nomm|designate|appoint)[^.]{0,20}(un|une|a|one) (representant|representative)"#) {
            let role = language == .fr ? "#representant-designe" : "#designated-representative"
            for party in parties {
                out.append(FactProposal(kind: "representative", attributes: [FactAttribute(name: "party", value: party), FactAttribute(name: "role", value: role)],
                                        source: p.eId, quote: s,
                                        reading: Localized(fr: "\(party) désigne un représentant", en: "\(party) designates a representative"),
                                        confidence: 0.85))
            }
        }
        return out
    }

    static func collectEIds(_ e: XMLElementNode, into s: inout Set<String>) {
        if let id = e.attributes["eId"] { s.insert(id) }
        for c in e.elements { collectEIds(c, into: &s) }
    }

    static func text(_ e: XMLElementNode, skipping: Set<String> = []) -> String {
        var parts: [String] = []
        func walk(_ n: XMLElementNode) {
            for c in n.children {
                switch c {
                case .text(let t): parts.append(t)
                case .element(let x):
                    if skipping.contains(x.name) { continue }
                    let inline = ["party", "role", "person", "organization", "def", "quantity", "event", "date", "location", "ref", "term", "b", "i", "span", "docTitle"].contains(x.name)
                    if !inline { parts.append(" ") }
                    walk(x)
                    if !inline { parts.append(" ") }
                }
            }
        }
        walk(e)
        return TextTools.squash(parts.joined())
    }

    /// Provisions (paragraphs, else whole articles), article headings, language, number of parties.
    static func read(_ root: XMLElementNode) -> ([Provision], [(String, String)], Language, Int) {
        var provisions: [Provision] = []
        var headings: [(String, String)] = []
        let doc = root.elements.first ?? root
        let lang = root.descendants("FRBRlanguage").first?.attributes["language"].flatMap(Language.init(code:)) ?? .fr
        let parties = Set(root.descendants("FRBRWork").first?.all("FRBRauthor").filter { $0.attributes["as"] == "#partie" }.compactMap { $0.attributes["href"] } ?? [])
        for article in doc.descendants("article") where article.namespace == aknNS {
            guard let eId = article.attributes["eId"] else { continue }
            headings.append((eId, article.first("heading").map { text($0) } ?? ""))
            let paragraphs = article.all("paragraph")
            if paragraphs.isEmpty {
                provisions.append(Provision(eId: eId, text: text(article, skipping: ["num", "heading"])))
            } else {
                for p in paragraphs {
                    if let pid = p.attributes["eId"] { provisions.append(Provision(eId: pid, text: text(p, skipping: ["num"]))) }
                }
            }
        }
        return (provisions, headings, lang, max(parties.count, 2))
    }

    /// Sentences of a provision, cut after ". " and "; " (verbatim, so quotes stay substrings).
    static func sentences(_ t: String) -> [String] {
        var out: [String] = []
        var cur = ""
        let chars = Array(t)
        for (k, c) in chars.enumerated() {
            cur.append(c)
            if (c == "." || c == ";") && (k + 1 == chars.count || chars[k + 1] == " ") {
                out.append(cur.trimmingCharacters(in: .whitespaces))
                cur = ""
            }
        }
        if !cur.trimmingCharacters(in: .whitespaces).isEmpty { out.append(cur.trimmingCharacters(in: .whitespaces)) }
        return out
    }

    /// The first sentence whose folded form matches `pattern`.
    static func sentence(_ p: Provision, _ pattern: String) -> String? {
        sentences(p.text).first { TextTools.fold($0).matches(pattern) }
    }

    static func first(_ ps: [Provision], _ pattern: String) -> (Provision, String)? {
        for p in ps { if let s = sentence(p, pattern) { return (p, s) } }
        return nil
    }

    static let numberWords: [String: Int] = ["un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                                             "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "one": 1, "two": 2, "three": 3, "four": 4,
                                             "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12]

    /// "deux (2) ans", "5 years", "six mois" in a folded text.
    static func period(in f: String) -> Period? {
        guard let m = f.firstMatch(#"\b(\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|one|two|three|four|five|seven|eight|nine|ten|twelve)\s*(?:\(\d+\)\s*)?(ans|an|annees|annee|years|year|mois|months|month|jours|days)\b"#) else { return nil }
        guard let n = Int(m[1]!) ?? numberWords[m[1]!] else { return nil }
        let u = m[2]!
        let unit: PeriodUnit = u.hasPrefix("an") || u.hasPrefix("year") ? .year : u.hasPrefix("mois") || u.hasPrefix("month") ? .month : .day
        return Period(n, unit)
    }

    static func cadence(in f: String) -> Period? {
        if f.matches(#"semestriel|semi-annual|semiannual|twice a year|twice yearly|every six months|tous les six mois|deux fois par an"#) { return Period(6, .month) }
        if f.matches(#"trimestriel|quarterly|every three months|tous les trois mois"#) { return Period(3, .month) }
        if f.matches(#"\bannuel|annuellement|une fois par an|chaque annee|annually|once a year|every year|each year|yearly"#) { return Period(1, .year) }
        return nil
    }

    /// The rules, on the provisions of a text.
    public static func extract(provisions ps: [Provision], articleHeadings: [(String, String)], language: Language,
                               partyCount: Int, eIds: Set<String> = []) -> Extraction {
        var out: [FactProposal] = []
        var refs: [ReferenceNeed] = []
        let fr = language == .fr
        func L(_ f: String, _ e: String) -> Localized { Localized(fr: f, en: e) }
        func A(_ pairs: (String, String)...) -> [FactAttribute] { pairs.map { FactAttribute(name: $0.0, value: $0.1) } }

        // Notice (existing recogniser).
        for p in ps {
            guard let n = NoticeRecognizer.recognize(p.text) else { continue }
            out.append(FactProposal(kind: "noticePeriod",
                                    attributes: A(("length", String(n.period.length)), ("unit", n.period.unit.rawValue),
                                                  ("form", n.written ? "written" : "any"), ("minimum", n.minimum ? "true" : "false")),
                                    source: p.eId, quote: n.quote,
                                    reading: L("préavis de \(n.period.iso)\(n.written ? " écrit" : "")\(n.minimum ? ", au moins" : "")",
                                               "\(n.period.iso) notice\(n.written ? " in writing" : "")\(n.minimum ? ", at least" : "")"),
                                    confidence: 0.9))
            break
        }
        if let (p, s) = first(ps, #"achevement de tout projet|projets? entrepris conjointement|completion of (any |all )?(ongoing |joint )?(projects|activities)|ongoing (joint )?(projects|activities)"#) {
            out.append(FactProposal(kind: "onNotice", attributes: A(("rule", "completeOngoingJointProjects")), source: p.eId, quote: s,
                                    reading: L("après un préavis, les projets conjoints en cours sont menés à terme",
                                               "after notice, joint projects under way are completed"), confidence: 0.8))
        }

        // Entry into force and duration.
        let eif = #"entre(ra)? en vigueur|prend(ra)? effet|enters? into force|shall enter into force|comes? into (force|effect)|takes? effect"#
        if let (p, s) = first(ps, eif) {
            let f = TextTools.fold(s)
            if let d = DateWords.find(in: s).first {
                out.append(FactProposal(kind: "entryIntoForce", attributes: A(("rule", "date"), ("date", d.date.iso)), source: p.eId, quote: s,
                                        reading: L("en vigueur le \(d.date.iso)", "in force on \(d.date.iso)"), confidence: 0.85))
            } else if f.matches(#"signature"#) {
                let explicit = f.matches(#"derniere|last|later|second|seconde"#)
                var attrs = A(("rule", "lastSignature"))
                if eIds.contains("evt_vigueur") { attrs.append(FactAttribute(name: "event", value: "#evt_vigueur")) }
                out.append(FactProposal(kind: "entryIntoForce", attributes: attrs, source: p.eId, quote: s,
                                        reading: L("en vigueur à la date de la dernière signature", "in force on the date of the last signature"),
                                        alternative: explicit ? nil : L("la première signature, si les Parties n'ont pas signé le même jour",
                                                                        "the first signature, if the Parties did not sign on the same day"),
                                        confidence: explicit ? 0.9 : 0.7))
            } else {
                out.append(FactProposal(kind: "entryIntoForce", attributes: A(("rule", "unknown")), source: p.eId, quote: s,
                                        reading: L("clause d'entrée en vigueur sans date lisible : règle inconnue", "entry-into-force clause without a readable date: rule unknown"),
                                        confidence: 0.5))
            }
        } else {
            out.append(FactProposal(kind: "entryIntoForce", attributes: A(("rule", "unknown")), source: nil, quote: nil,
                                    reading: L("le texte n'a pas de clause d'entrée en vigueur", "the text has no entry-into-force clause"), confidence: 0.8))
        }
        if let (p, s) = first(ps, #"duree indeterminee|indefinite(ly)?|until (it is )?terminated|sans limite de duree"#) {
            out.append(FactProposal(kind: "duration", attributes: A(("value", "indefinite")), source: p.eId, quote: s,
                                    reading: L("durée indéterminée", "indefinite duration"), confidence: 0.9))
        } else if let (p, s) = first(ps, #"(pour|pendant) une (duree|periode) (initiale )?de|for (a|an initial) (period|term) of|remain in (force|effect) for"#),
                  let per = period(in: TextTools.fold(s)) {
            out.append(FactProposal(kind: "duration", attributes: A(("value", per.iso)), source: p.eId, quote: s,
                                    reading: L("durée de \(per.iso)", "term of \(per.iso)"), confidence: 0.8))
        }
        if let (p, s) = first(ps, #"(renouvel|reconduit|reconduction|renewed|renewal|extended)"#) {
            let f = TextTools.fold(s)
            let tacit = f.matches(#"tacite|automatique|automatically|tacitly"#)
            out.append(FactProposal(kind: "renewal", attributes: A(("tacit", tacit ? "true" : "false")) + (period(in: f).map { A(("every", $0.iso)) } ?? []),
                                    source: p.eId, quote: s,
                                    reading: L(tacit ? "renouvellement tacite" : "renouvellement", tacit ? "tacit renewal" : "renewal"),
                                    confidence: 0.7, writable: false))
        }

        // Bodies.
        let jointRef = fr ? "comite-mixte" : "joint-committee"
        let coordRole = fr ? "coordonnateur" : "coordinator"
        var jointFound = false
        if let (p, s) = first(ps, #"comite mixte|comite conjoint|commission mixte|joint committee|joint commission|joint working committee"#) {
            jointFound = true
            var attrs = A(("ref", "#" + jointRef), ("kind", "jointCommittee"))
            if let (_, cs) = first(ps, #"(comite mixte|joint committee|joint commission|commission mixte).{0,80}(se reunit|se reunira|shall meet|meets|will meet).{0,60}(semestriel|annuel|once a year|twice a year|annually|every|chaque annee|au moins une fois)"#),
               let c = cadence(in: TextTools.fold(cs)) {
                attrs.append(FactAttribute(name: "cadence", value: c.iso))
            }
            out.append(FactProposal(kind: "body", attributes: attrs, source: p.eId, quote: s,
                                    reading: L("comité mixte établi par l'entente", "joint committee set up by the agreement"), confidence: 0.9))
            refs.append(ReferenceNeed(element: "TLCOrganization", eId: jointRef, showAs: fr ? "Comité mixte" : "Joint Committee"))
            if let (mp, ms) = first(ps, #"(se reunit|se reunira|tient sa premiere reunion|shall (first )?meet|meets|will meet|first meeting).{0,80}(au plus tard|no later than|within|dans un delai|dans les).{0,60}(apres|after|suivant|following|from).{0,30}(signature|entree en vigueur|entry into force)"#) {
                let f = TextTools.fold(ms)
                if let per = period(in: f) {
                    let fromEIF = f.matches(#"entree en vigueur|entry into force"#)
                    var a = A(("within", per.iso), ("from", fromEIF ? "entryIntoForce" : "lastSignature"))
                    if !fromEIF && partyCount >= 2 { a.append(FactAttribute(name: "alternative", value: "firstSignature")) }
                    out.append(FactProposal(kind: "firstMeeting", attributes: a, source: mp.eId, quote: ms,
                                            reading: fromEIF ? L("première réunion au plus tard \(per.iso) après l'entrée en vigueur", "first meeting within \(per.iso) of entry into force")
                                                : L("première réunion au plus tard \(per.iso) après la dernière signature (celle qui complète l'entente)",
                                                    "first meeting within \(per.iso) of the last signature (the one that completes the agreement)"),
                                            alternative: fromEIF ? nil : L("après la première signature", "after the first signature"),
                                            confidence: 0.8, parent: "#" + jointRef))
                }
            }
            if let (cp, cs) = first(ps, #"(designe|designent|designera|designate|appoint|nomme)[^.;]{0,40}(coordonnateur|coordinateur|coordinator)"#) {
                let f = TextTools.fold(cs)
                var perParty = 1
                if let m = f.firstMatch(#"(\d+|deux|trois|quatre|two|three|four)\s*(?:\(\d+\)\s*)?(coordonnateur|coordinateur|coordinator)s"#),
                   let n = Int(m[1]!) ?? numberWords[m[1]!], f.matches(#"chacune des|each of the|de chaque|from each"#) {
                    perParty = max(1, n / partyCount)
                }
                out.append(FactProposal(kind: "coordinators", attributes: A(("perParty", String(perParty)), ("role", "#" + coordRole)),
                                        source: cp.eId, quote: cs,
                                        reading: L("\(perParty) coordonnateur(s) par Partie", "\(perParty) coordinator(s) per Party"),
                                        confidence: 0.8, parent: "#" + jointRef))
                refs.append(ReferenceNeed(element: "TLCRole", eId: coordRole, showAs: fr ? "Coordonnateur" : "Coordinator"))
            }
        }
        let wgRef = fr ? "groupes-travail" : "working-groups"
        if let (p, s) = first(ps, #"groupes? de travail|comites? de pilotage|working groups?|sub-?committees?|sous-comites?"#) {
            var attrs = A(("ref", "#" + wgRef), ("kind", "workingGroup"))
            // The cadence may be in the next sentence ("Il se réunit deux fois par an").
            let c = cadence(in: TextTools.fold(s)) ?? (TextTools.fold(p.text).matches(#"reuni|meet|rencontr"#) ? cadence(in: TextTools.fold(p.text)) : nil)
            if let c { attrs.append(FactAttribute(name: "cadence", value: c.iso)) }
            out.append(FactProposal(kind: "body", attributes: attrs, source: p.eId, quote: s,
                                    reading: c.map { L("groupes de travail, réunions tous les \($0.iso) (suivis à partir de leur première réunion enregistrée)",
                                                       "working groups meeting every \($0.iso) (followed from their first recorded meeting)") }
                                        ?? L("groupes de travail, sans fréquence", "working groups, no cadence stated"),
                                    confidence: TextTools.fold(s).contains("ou selon les besoins") || TextTools.fold(s).contains("as needed") ? 0.7 : 0.8))
            refs.append(ReferenceNeed(element: "TLCOrganization", eId: wgRef, showAs: fr ? "Groupes de travail" : "Working groups"))
        }
        let ccRef = fr ? "comite-coordination" : "coordination-committee"
        var ccFound = false
        if let (p, s) = first(ps, #"comite de coordination|coordination committee|coordinating committee"#) {
            ccFound = true
            let external = TextTools.fold(p.text).matches(#"en vertu d|protocole|established under|protocol|created by"#)
            out.append(FactProposal(kind: "body", attributes: A(("ref", "#" + ccRef), ("kind", "coordinationCommittee")) + (external ? A(("external", "true")) : []),
                                    source: p.eId, quote: s,
                                    reading: external ? L("comité de coordination extérieur à l'entente (établi par un autre texte)", "coordination committee outside the agreement (set up by another text)")
                                        : L("comité de coordination", "coordination committee"),
                                    confidence: 0.8))
            refs.append(ReferenceNeed(element: "TLCOrganization", eId: ccRef, showAs: fr ? "Comité de coordination" : "Coordination Committee"))
        }

        // Periodic documents and duties.
        let by = ps.contains { TextTools.fold($0.text).matches(#"coordonnateurs?[^.]{0,120}prepar|coordinators?[^.]{0,120}prepar"#) } ? "#" + coordRole : nil
        let to = jointFound ? "#" + jointRef : nil
        func docDuty(_ kind: String, _ pattern: String, every: Period, readingFR: String, readingEN: String, writable: Bool = true) {
            guard let (p, s) = first(ps, pattern) else { return }
            var src = (p, s)
            var attrs = A(("kind", kind), ("every", every.iso))
            if let by { attrs.append(FactAttribute(name: "by", value: by)) }
            if let to { attrs.append(FactAttribute(name: "to", value: to)) }
            // Prefer where it is prepared ("préparent … : un plan d'action biennal").
            if let prep = ps.first(where: { TextTools.fold($0.text).matches(#"(prepar|elabor|soumet|draw up|submit)[^.]{0,200}"# + pattern) }),
               let ps2 = sentence(prep, pattern) { src = (prep, ps2) }
            var alt: Localized?
            if kind == "biennialReport", let (cp, cs) = first(ps, #"(copie|copy)[^.]{0,60}(rapport|report)?[^.]{0,40}(deposee|transmise|envoyee|remise|sent|forwarded|submitted|provided|filed)\s+(a la|a l'|au|aupres de la|aupres du|to the|to)\s"#) {
                if let m = cs.firstMatch(#"(?:déposée|deposee|transmise|envoyée|envoyee|remise|sent|forwarded|submitted|provided|filed)\s+(?:[àa] la|[àa] l’|[àa] l'|au|aupr[èe]s de la|aupr[èe]s du|to the|to)\s+([^.;]+)"#), let name = m[1] {
                    let id = orgID(name)
                    attrs.append(FactAttribute(name: "copyTo", value: "#" + id))
                    refs.append(ReferenceNeed(element: "TLCOrganization", eId: id, showAs: name.trimmingCharacters(in: .whitespaces)))
                    src = (cp, cs)
                    alt = L("copie due à la date d'approbation du rapport (le texte ne fixe pas de délai)", "copy due on the report's approval date (the text sets no delay)")
                }
            }
            out.append(FactProposal(kind: "obligation", attributes: attrs, source: src.0.eId, quote: src.1,
                                    reading: L(readingFR, readingEN), alternative: alt, confidence: 0.8, writable: writable))
        }
        docDuty("biennialActionPlan", #"plan d'action biennal|plans d'action biennaux|biennial (action|work) plan|plan de travail biennal"#, every: Period(2, .year),
                readingFR: "plan d'action tous les deux ans", readingEN: "action plan every two years")
        docDuty("biennialReport", #"rapport biennal|biennial report"#, every: Period(2, .year),
                readingFR: "rapport biennal tous les deux ans", readingEN: "biennial report every two years")
        docDuty("annualReport", #"rapport annuel|annual report"#, every: Period(1, .year),
                readingFR: "rapport annuel (pas encore suivi par le moteur d'échéances)", readingEN: "annual report (not yet followed by the deadline engine)", writable: false)
        if let (p, s) = first(ps, #"rapports? d'etape|progress reports?|status reports?"#) {
            let f = TextTools.fold(s)
            var triggers: [String] = []
            if f.matches(#"avant chacune|avant chaque|before each|prior to each"#) { triggers.append("beforeEachMeeting") }
            if f.matches(#"a la demande|sur demande|on request|upon request|at the request|when requested"#) { triggers.append("onRequest") }
            var attrs = A(("kind", "progressReport"))
            if !triggers.isEmpty { attrs.append(FactAttribute(name: "trigger", value: triggers.joined(separator: " "))) }
            if f.matches(#"representants? designes?|designated representatives?"#) {
                let role = fr ? "representant-designe" : "designated-representative"
                attrs.append(FactAttribute(name: "by", value: "#" + role))
                refs.append(ReferenceNeed(element: "TLCRole", eId: role, showAs: fr ? "Représentant désigné" : "Designated representative"))
            }
            if ccFound && f.matches(#"comite de coordination|coordination committee|coordinating committee"#) {
                attrs.append(FactAttribute(name: "to", value: "#" + ccRef))
            } else if jointFound {
                attrs.append(FactAttribute(name: "to", value: "#" + jointRef))
            }
            out.append(FactProposal(kind: "obligation", attributes: attrs, source: p.eId, quote: s,
                                    reading: L("rapports d'étape : \(triggers.contains("beforeEachMeeting") ? "la veille de chaque réunion" : "")\(triggers.count == 2 ? " et " : "")\(triggers.contains("onRequest") ? "à la demande" : "")",
                                               "progress reports: \(triggers.contains("beforeEachMeeting") ? "the day before each meeting" : "")\(triggers.count == 2 ? " and " : "")\(triggers.contains("onRequest") ? "on request" : "")"),
                                    confidence: triggers.isEmpty ? 0.6 : 0.85))
        }

        // Costs and amendments.
        if let (p, s) = first(ps, #"a la charge de la partie d'origine|chaque partie (assume|supporte|prend en charge) (ses propres|les) (frais|couts|depenses)|each party (shall |will )?(bear|be responsible for|assume)s? (its own|the|all) (costs|expenses)|costs of its own participants"#) {
            let exception = TextTools.fold(s).matches(#"sauf si|a moins que|unless|except|sauf entente"#)
            out.append(FactProposal(kind: "costs", attributes: A(("rule", "ownParticipants")), source: p.eId, quote: s,
                                    reading: L("chaque Partie assume les frais de ses participants", "each Party bears its own participants' costs"),
                                    alternative: exception ? L("sauf autre convention entre les Parties (exception prévue au texte)", "unless the Parties agree otherwise (exception in the text)") : nil,
                                    confidence: exception ? 0.7 : 0.85))
        }
        if let (p, s) = first(ps, #"(amende|modifie|amended|modified|amendments?|modifications?)[^.]{0,80}(ecrit|writing|written)|(ecrit|writing|written)[^.]{0,80}(amende|modifie|amended|modified|amendments?)"#) {
            out.append(FactProposal(kind: "amendments", attributes: A(("form", "written")), source: p.eId, quote: s,
                                    reading: L("modifications par écrit", "amendments in writing"), confidence: 0.85))
        }

        // Where domains and means of action are listed (article headings).
        if let (eId, h) = articleHeadings.first(where: { TextTools.fold($0.1).matches(#"domaine|domains|areas|fields|secteurs|sectors"#) }) {
            out.append(FactProposal(kind: "domains", attributes: [], source: eId, quote: h,
                                    reading: L("domaines de coopération énumérés à cet article", "areas of cooperation listed in this article"), confidence: 0.8))
        }
        if let (eId, h) = articleHeadings.first(where: { TextTools.fold($0.1).matches(#"moyens d'action|means of action|forms of cooperation|modalites de cooperation"#) }) {
            out.append(FactProposal(kind: "meansOfAction", attributes: [], source: eId, quote: h,
                                    reading: L("moyens d'action énumérés à cet article", "means of action listed in this article"), confidence: 0.8))
        }
        return Extraction(proposals: out, references: refs)
    }

    /// An id for an organisation named in the text: the initials of a long name
    /// ("Commission permanente de coopération franco-québécoise" → cpcfq), else a slug.
    static func orgID(_ name: String) -> String {
        let words = TextTools.slug(name, dropping: TextTools.slugStopWords).split(separator: "-")
        if words.count >= 3 { return String(words.prefix(8).map { $0.first! }) }
        return words.joined(separator: "-")
    }
}
