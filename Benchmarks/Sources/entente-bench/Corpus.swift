import Foundation
import EntenteCore

/// A small deterministic generator (SplitMix64): the same seed gives the same corpus.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
}

/// Writes valid Akoma Ntoso 3.0 agreements of varied size and shape.
struct CorpusGenerator {
    var rng: SeededRandom

    static let governments = [
        ("gouvernement-quebec", "Gouvernement du Québec", "Québec", "ca-qc"),
        ("gouvernement-ontario", "Gouvernement de l'Ontario", "Toronto", "ca-on"),
        ("gouvernement-nb", "Gouvernement du Nouveau-Brunswick", "Fredericton", "ca-nb"),
        ("gouvernement-manitoba", "Government of Manitoba", "Winnipeg", "ca-mb"),
        ("pole-emploi", "Pôle emploi", "Paris", "fr"),
        ("region-wallonie", "Région wallonne", "Namur", "be"),
        ("canton-geneve", "République et canton de Genève", "Genève", "ch"),
        ("bavaria", "Free State of Bavaria", "Munich", "de"),
    ]
    static let topicsFR = ["l'aide sociale", "la formation professionnelle", "la santé publique", "l'emploi des jeunes",
                           "la mobilité de la main-d'œuvre", "l'innovation numérique", "l'accessibilité des services",
                           "la reconnaissance des compétences", "l'économie sociale", "la recherche appliquée"]
    static let topicsEN = ["social assistance", "vocational training", "public health", "youth employment",
                           "labour mobility", "digital innovation", "accessibility of services",
                           "recognition of qualifications", "the social economy", "applied research"]
    static let noticeFR = ["au moyen d'un préavis écrit d'au moins %W (%N) %U", "moyennant un préavis écrit de %N %U",
                           "au moyen d'un préavis écrit d'au moins %W %U (%N)", "par un préavis de %W %U donné par écrit"]
    static let noticeEN = ["by giving at least %W (%N) %U' written notice", "upon %N %U written notice to the other Party",
                           "by giving %W %U notice in writing", "on not less than %W (%N) %U' notice in writing"]
    static let wordsFR = [1: "un", 2: "deux", 3: "trois", 6: "six", 12: "douze", 30: "trente", 60: "soixante", 90: "quatre-vingt-dix"]
    static let wordsEN = [1: "one", 2: "two", 3: "three", 6: "six", 12: "twelve", 30: "thirty", 60: "sixty", 90: "ninety"]

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "'", with: "&apos;")
    }

    /// One agreement; `index` makes the id unique.
    mutating func agreement(index: Int) -> (id: String, xml: String) {
        let french = rng.chance(0.6)
        let lang = french ? "fra" : "eng"
        let nParties = rng.int(2...3)
        var parties: [(String, String, String, String)] = []
        while parties.count < nParties {
            let p = rng.pick(Self.governments)
            if !parties.contains(where: { $0.0 == p.0 }) { parties.append(p) }
        }
        let year = rng.int(1995...2025), month = rng.int(1...12), day = rng.int(1...28)
        let signed = CivilDate(year: year, month: month, day: day)!
        let signDates = parties.indices.map { signed.adding(days: $0 * rng.int(0...60)) }
        let last = signDates.max()!
        let id = "bench-\(index)-\(parties[0].3)-\(parties[1].3)"
        let topic = french ? rng.pick(Self.topicsFR) : rng.pick(Self.topicsEN)
        let title = french ? "Entente de coopération en matière de \(topic)" : "Cooperation agreement on \(topic)"
        let uri = "/akn/\(parties[0].3)/doc/agreement/\(last.iso)/\(id)"
        var x = """
        <?xml version="1.0" encoding="UTF-8"?>
        <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:ent="urn:entente:akn:tracking:1.0">
          <doc name="agreement" contains="originalVersion">
            <meta>
              <identification source="#entente">
                <FRBRWork>
                  <FRBRthis value="\(uri)/!main"/>
                  <FRBRuri value="\(uri)"/>
                  <FRBRalias value="\(id)" name="entente"/>
                  <FRBRdate date="\(last.iso)" name="conclusion"/>

        """
        for p in parties { x += "          <FRBRauthor href=\"#\(p.0)\" as=\"#partie\"/>\n" }
        x += """
                  <FRBRcountry value="\(parties[0].3.uppercased())"/>
                  <FRBRsubtype value="agreement"/>
                  <FRBRnumber value="\(id)"/>
                  <FRBRprescriptive value="true"/>
                </FRBRWork>
                <FRBRExpression>
                  <FRBRthis value="\(uri)/\(lang)@\(last.iso)/!main"/>
                  <FRBRuri value="\(uri)/\(lang)@\(last.iso)"/>
                  <FRBRdate date="\(last.iso)" name="signature"/>
                  <FRBRauthor href="#\(parties[0].0)" as="#partie"/>
                  <FRBRlanguage language="\(lang)"/>
                </FRBRExpression>
                <FRBRManifestation>
                  <FRBRthis value="\(uri)/\(lang)@\(last.iso)/!main.xml"/>
                  <FRBRuri value="\(uri)/\(lang)@\(last.iso).akn"/>
                  <FRBRdate date="2026-01-01" name="markup"/>
                  <FRBRauthor href="#entente"/>
                  <FRBRformat value="application/akn+xml"/>
                </FRBRManifestation>
              </identification>
              <lifecycle source="#entente">

        """
        for (i, d) in signDates.enumerated() {
            x += "      <eventRef eId=\"evt_sig_\(i + 1)\" date=\"\(d.iso)\" source=\"#original\" refersTo=\"#signature\"\(i == 0 ? " type=\"generation\"" : "")/>\n"
        }
        x += """
                <eventRef eId="evt_vigueur" date="\(last.iso)" source="#original" refersTo="#entreeEnVigueur"/>
              </lifecycle>
              <temporalData source="#entente">
                <temporalGroup eId="tmpg_vigueur">
                  <timeInterval start="#evt_vigueur" refersTo="#enVigueur"/>
                </temporalGroup>
              </temporalData>
              <references source="#entente">
                <original eId="original" href="\(uri)/\(lang)@\(last.iso)" showAs="\(Self.esc(title))"/>
                <TLCOrganization eId="entente" href="/ontology/organization/entente" showAs="Entente"/>

        """
        for p in parties {
            x += "      <TLCOrganization eId=\"\(p.0)\" href=\"/ontology/organization/\(p.3)/\(p.0)\" showAs=\"\(Self.esc(p.1))\"/>\n"
        }
        x += "      <TLCOrganization eId=\"comite-mixte\" href=\"/ontology/organization/\(id)/comite-mixte\" showAs=\"Comité mixte\"/>\n"
        for (i, _) in parties.enumerated() {
            x += "      <TLCPerson eId=\"signataire-\(i + 1)\" href=\"/ontology/person/\(id)/\(i + 1)\" showAs=\"Signataire \(i + 1)\"/>\n"
        }
        x += """
                <TLCRole eId="partie" href="/ontology/role/partieContractante" showAs="Partie contractante"/>
                <TLCRole eId="ministre" href="/ontology/role/ministre" showAs="Ministre"/>

        """
        for p in Set(parties.map { $0.2 }).sorted() {
            x += "      <TLCLocation eId=\"loc-\(p.lowercased().filter { $0.isLetter })\" href=\"/ontology/location/\(p.lowercased().filter { $0.isLetter })\" showAs=\"\(Self.esc(p))\"/>\n"
        }
        x += """
                <TLCEvent eId="signature" href="/ontology/event/signature" showAs="Signature"/>
                <TLCEvent eId="entreeEnVigueur" href="/ontology/event/entreeEnVigueur" showAs="Entrée en vigueur"/>
                <TLCConcept eId="enVigueur" href="/ontology/concept/enVigueur" showAs="En vigueur"/>
              </references>

        """
        // Notice: months, days or years.
        let unitChoice = rng.int(0...9)
        let (n, unitFR, unitEN, unitCode): (Int, String, String, String) =
            unitChoice < 7 ? (rng.pick([3, 6, 6, 6, 12]), "mois", "months", "month")
            : unitChoice < 9 ? (rng.pick([30, 60, 90]), "jours", "days", "day") : (1, "an", "year", "year")
        let withMetadata = rng.chance(0.5)
        let nDomains = rng.int(3...9)
        if withMetadata {
            x += """
                <proprietary source="#entente">
                  <ent:agreement ent:version="1">
                    <ent:noticePeriod ent:length="\(n)" ent:unit="\(unitCode)" ent:form="written" ent:source="#art_\(nDomains > 0 ? 4 : 4)__para_2"/>
                    <ent:entryIntoForce ent:rule="lastSignature" ent:event="#evt_vigueur" ent:source="#art_4__para_1"/>
                    <ent:domains ent:source="#art_2"/>
                    <ent:body ent:ref="#comite-mixte" ent:kind="jointCommittee" ent:source="#art_3">
                      <ent:firstMeeting ent:within="P\(rng.int(1...2))Y" ent:from="lastSignature"/>
                    </ent:body>
                    <ent:obligation ent:kind="biennialActionPlan" ent:every="P2Y" ent:to="#comite-mixte" ent:source="#art_3"/>
                    <ent:obligation ent:kind="biennialReport" ent:every="P2Y" ent:to="#comite-mixte" ent:source="#art_3"/>
                  </ent:agreement>
                </proprietary>

            """
        }
        x += """
            </meta>
            <preface>
              <longTitle eId="longTitle"><p><docTitle>\(Self.esc(title))</docTitle></p></longTitle>

        """
        for (i, p) in parties.enumerated() {
            x += "      <p eId=\"preface__p_\(i + 1)\">\(i == 0 ? (french ? "ENTRE" : "BETWEEN") : (french ? "ET" : "AND")) <party refersTo=\"#\(p.0)\" as=\"#partie\">\(Self.esc(p.1))</party></p>\n"
        }
        x += "    </preface>\n    <preamble>\n      <recitals eId=\"preamble__recs_1\">\n"
        for r in 1...rng.int(2...8) {
            x += "        <recital eId=\"preamble__recs_1__rec_\(r)\"><p>\(french ? "ATTENDU QUE les Parties souhaitent renforcer leur coopération en matière de" : "WHEREAS the Parties wish to strengthen their cooperation on") \(Self.esc(rng.pick(french ? Self.topicsFR : Self.topicsEN)));</p></recital>\n"
        }
        x += "      </recitals>\n      <formula name=\"enactingFormula\" eId=\"preamble__formula_1\"><p>\(french ? "LES PARTIES CONVIENNENT DE CE QUI SUIT :" : "THE PARTIES AGREE AS FOLLOWS:")</p></formula>\n    </preamble>\n    <mainBody>\n"
        x += "      <article eId=\"art_1\"><num>1</num><heading>\(french ? "Objet" : "Purpose")</heading><content><p>\(french ? "La présente entente établit un cadre de coopération." : "This agreement sets a framework for cooperation.")</p></content></article>\n"
        x += "      <article eId=\"art_2\"><num>2</num><heading>\(french ? "Domaines de coopération" : "Domains of cooperation")</heading>\n"
        for d in 1...nDomains {
            let t = rng.pick(french ? Self.topicsFR : Self.topicsEN)
            let base = "art_2__point_\(d)"
            x += "        <point eId=\"\(base)\"><num>2.\(d)</num>"
            let sub = rng.int(0...3)
            if sub == 0 {
                x += "<content><p>\(Self.esc(t))</p></content></point>\n"
            } else {
                x += "<list eId=\"\(base)__list_1\"><intro><p>\(Self.esc(t)) :</p></intro>"
                for s in 1...sub {
                    let sb = "\(base)__list_1__point_\(s)"
                    let deep = rng.chance(0.3) ? rng.int(1...3) : 0
                    if deep == 0 {
                        x += "<point eId=\"\(sb)\"><num>\(s).</num><content><p>\(Self.esc(rng.pick(french ? Self.topicsFR : Self.topicsEN)))</p></content></point>"
                    } else {
                        x += "<point eId=\"\(sb)\"><num>\(s).</num><list eId=\"\(sb)__list_1\"><intro><p>\(Self.esc(rng.pick(french ? Self.topicsFR : Self.topicsEN)))</p></intro>"
                        for k in 1...deep {
                            x += "<point eId=\"\(sb)__list_1__point_\(k)\"><num>\(k).</num><content><p>\(Self.esc(rng.pick(french ? Self.topicsFR : Self.topicsEN)))</p></content></point>"
                        }
                        x += "</list></point>"
                    }
                }
                x += "</list></point>\n"
            }
        }
        x += "      </article>\n"
        x += "      <article eId=\"art_3\"><num>3</num><heading>\(french ? "Comité mixte" : "Joint committee")</heading><content><p>\(french ? "Un comité mixte est institué; il approuve un plan d'action biennal et un rapport biennal." : "A joint committee is established; it approves a biennial action plan and a biennial report.")</p></content></article>\n"
        let words = french ? Self.wordsFR[n] ?? String(n) : Self.wordsEN[n] ?? String(n)
        let phrase = rng.pick(french ? Self.noticeFR : Self.noticeEN)
            .replacingOccurrences(of: "%W", with: words).replacingOccurrences(of: "%N", with: String(n))
            .replacingOccurrences(of: "%U", with: french ? unitFR : (n == 1 ? String(unitEN.dropLast()) : unitEN))
        x += """
              <article eId="art_4"><num>4</num><heading>\(french ? "Dispositions finales" : "Final provisions")</heading>
                <paragraph eId="art_4__para_1"><num>4.1</num><content><p>\(french ? "La présente entente entre en vigueur à la date de la dernière signature." : "This agreement enters into force on the date of the last signature.")</p></content></paragraph>
                <paragraph eId="art_4__para_2"><num>4.2</num><content><p>\(french ? "Chacune des Parties peut y mettre fin \(Self.esc(phrase))." : "Either Party may terminate this agreement \(Self.esc(phrase)).")</p></content></paragraph>
              </article>
            </mainBody>
            <conclusions>
              <container name="signatures" eId="conclusions__signatures">

        """
        for (i, p) in parties.enumerated() {
            let loc = "loc-\(p.2.lowercased().filter { $0.isLetter })"
            x += """
                    <p eId="conclusions__signatures__p_\(i + 1)"><signature eId="sig_\(i + 1)"><location refersTo="#\(loc)">\(Self.esc(p.2))</location>, <date date="\(signDates[i].iso)" refersTo="#signature">\(signDates[i].iso)</date>. <organization refersTo="#\(p.0)">\(Self.esc(p.1))</organization> : <person refersTo="#signataire-\(i + 1)" as="#ministre">Signataire \(i + 1)</person>, <role refersTo="#ministre">\(french ? "ministre" : "Minister")</role></signature></p>

            """
        }
        x += "      </container>\n    </conclusions>\n  </doc>\n</akomaNtoso>\n"
        return (id, x)
    }
}
