import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

private let ent = "xmlns:ent=\"urn:entente:akn:tracking:1.0\""

@Suite("Mapping rules on small documents")
struct MappingRulesTests {
    @Test func withoutTrackingBlockStillMaps() throws {
        let xml = miniAgreement(body: """
        <article eId="art_1"><num>Article premier</num><heading>Domaines de coopération</heading>
          <paragraph eId="art_1__para_1"><intro><p>Les Parties coopèrent :</p></intro>
            <list eId="art_1__para_1__list_1">
              <point eId="art_1__para_1__list_1__point_1"><content><p>à   l'emploi ;</p></content></point>
              <point eId="art_1__para_1__list_1__point_2"><content><p>à la formation.</p></content></point>
            </list>
          </paragraph>
        </article>
        <article eId="art_2"><num>Article 2</num><heading>Moyens d'action</heading>
          <content><blockList eId="art_2__blist_1"><item eId="art_2__blist_1__item_1"><p>missions</p></item></blockList></content>
        </article>
        """)
        let r = try AKNImporter.importDocument(text: xml, fileName: "/tmp/some/mini-2020.xml")
        let a = r.agreement
        #expect(a.id == "mini-2020", "file name without .xml")
        #expect(a.titles == [AgreementTitle(language: .fr, text: "Entente de test")])
        #expect(a.parties.map(\.originalName) == ["Québec", "France"])
        #expect(a.domains.map(\.num) == ["1", "2"])
        #expect(a.domains[0].text == "à l'emploi ;")
        #expect(a.meansOfAction == [MeansOfAction(eId: "art_2__blist_1__item_1", num: "1", text: "missions")])
        #expect(a.notice == nil)
        #expect(a.entryIntoForce.rule == .unknown)
        #expect(r.outcome == .notValidated)
        #expect(a.articles.map(\.num) == ["Article premier", "Article 2"])
    }

    @Test func numberingJoinsPrintedNumbersToTheirParents() throws {
        let xml = miniAgreement(body: """
        <article eId="art_3"><num>3.</num><heading>Domaines</heading>
          <point eId="p1"><num>3.1</num><heading>Premier</heading>
            <list eId="p1_l">
              <point eId="p1a"><num>a)</num><content><p>alpha</p></content>
                <list eId="p1a_l"><point eId="p1a_b1"><content><p>puce</p></content></point></list>
              </point>
              <point eId="p1b"><content><p>sans numéro</p></content></point>
            </list>
          </point>
          <point eId="p2"><num>2</num><content><p>deux</p></content></point>
          <point eId="p3"><num>•</num><content><p>puce</p></content></point>
        </article>
        """)
        let a = try AKNImporter.importDocument(text: xml, fileName: "n.xml").agreement
        #expect(a.allDomains.map(\.num) == ["3.1", "3.1.a", "3.1.a.1", "3.1.2", "3.2", "3"])
        #expect(a.domain("3.1")?.heading == "Premier")
        #expect(a.domain("3.1")?.text == "")
        #expect(a.domain("3.1.a")?.printedNum == "a)")
        #expect(a.domain("3.1.a")?.text == "alpha", "own text, without the sub-items")
        #expect(a.domain("3.1.2")?.printedNum == nil)
        #expect(a.domains.last?.printedNum == nil, "a bullet sign is not a number")
    }

    @Test func paragraphsAreItemsWhenThereAreNoPoints() throws {
        let xml = miniAgreement(body: """
        <article eId="art_2"><num>2</num><heading>Domaines</heading>
          <paragraph eId="art_2__para_1"><num>2.1</num><content><p>un</p></content></paragraph>
          <paragraph eId="art_2__para_2"><num>2.2</num><content><p>deux</p></content></paragraph>
        </article>
        """)
        let a = try AKNImporter.importDocument(text: xml, fileName: "p.xml").agreement
        #expect(a.domains.map(\.num) == ["2.1", "2.2"])
        #expect(a.domains.map(\.text) == ["un", "deux"])
    }

    @Test func trackingBlockWins() throws {
        let xml = miniAgreement(body: """
        <article eId="art_1"><num>1</num><heading>Listes</heading>
          <point eId="art_1__point_1"><content><p>x</p></content></point>
        </article>
        <article eId="art_5"><num>5</num><heading>Fin</heading>
          <paragraph eId="art_5__para_1"><num>5.1</num><content><p>Préavis de <quantity normalized="P90D">quatre-vingt-dix jours</quantity>.</p></content></paragraph>
        </article>
        """, extraReferences: """
        <TLCOrganization eId="comite" href="/o/c" showAs="Comité conjoint"/>
        <passiveRef eId="src" href="http://example.org" showAs="Communiqué"/>
        """, proprietary: """
        <proprietary source="#entente"><ent:agreement \(ent) ent:version="1">
          <ent:noticePeriod ent:length="90" ent:unit="day" ent:form="any" ent:minimum="false" ent:source="#art_5__para_1"/>
          <ent:entryIntoForce ent:rule="date" ent:date="2020-03-01" ent:source="#art_5__para_1"/>
          <ent:domains ent:source="#art_1"/>
          <ent:body ent:ref="#comite" ent:kind="joint-committee" ent:cadence="P1Y"/>
          <ent:body ent:ref="#comite" ent:kind="council"/>
          <ent:obligation ent:kind="biennialReport" ent:every="P2Y" ent:to="#comite" ent:copyTo="#comite" ent:trigger="onRequest sometimes"/>
          <ent:signature ent:party="#qc" ent:date="2020-02-02" ent:basis="external" ent:sourceRef="#src"/>
          <ent:partyName ent:party="#fr" ent:from="2021-01-01">République française</ent:partyName>
        </ent:agreement></proprietary>
        """)
        let r = try AKNImporter.importDocument(text: xml, fileName: "t.xml")
        let a = r.agreement
        #expect(a.notice == NoticeClause(period: Period(90, .day), written: false, minimum: false,
                                         source: ProvisionRef(eId: "art_5__para_1", num: "5.1"), basis: .metadata,
                                         quote: "quatre-vingt-dix jours"))
        #expect(a.entryIntoForce == EntryIntoForce(rule: .date, date: CivilDate(iso: "2020-03-01"),
                                                   source: ProvisionRef(eId: "art_5__para_1", num: "5.1")))
        #expect(a.domains.map(\.eId) == ["art_1__point_1"])
        #expect(a.bodies == [Body(id: "comite", kind: .jointCommittee, name: "Comité conjoint", cadence: Period(1, .year))])
        #expect(r.warnings.contains { $0.message.en.contains("kind=\"council\"") && $0.line != nil })
        #expect(a.obligations.first?.copyTo == "Comité conjoint")
        #expect(a.obligations.first?.triggers == [.onRequest])
        #expect(r.warnings.contains { $0.message.en.contains("sometimes") })
        #expect(a.signatures == [Signature(party: "qc", signatory: nil, role: nil, place: nil, date: CivilDate(iso: "2020-02-02"),
                                           basis: .external, sourceNote: "Communiqué")])
        #expect(a.party("fr")?.name(on: nil) == "République française")
    }

    @Test func signaturesFromConclusionsAndLastSignatureRule() throws {
        let xml = miniAgreement(body: "<article eId=\"art_1\"><num>1</num><content><p>x</p></content></article>",
            extraReferences: """
            <TLCPerson eId="p1" href="/p/1" showAs="Anne Une"/>
            <TLCRole eId="r1" href="/r/1" showAs="Ministre"/>
            <TLCLocation eId="l1" href="/l/1" showAs="Lyon"/>
            """,
            proprietary: "<proprietary source=\"#entente\"><ent:agreement \(ent)><ent:entryIntoForce ent:rule=\"lastSignature\"/></ent:agreement></proprietary>")
            .replacingOccurrences(of: "</mainBody>", with: """
            </mainBody>
            <conclusions><p>
              <signature>Pour <organization refersTo="#qc">le Québec</organization>, à <location refersTo="#l1">Lyon</location>
                le <date date="2020-01-05">5 janvier</date> <person refersTo="#p1" as="#r1">A. Une</person></signature>
              <signature>Pour <organization refersTo="#fr">la France</organization>, à <location>Paris</location>
                le <date date="2020-02-10">10 février</date> <person>B. Deux</person> <role>Préfet</role></signature>
            </p></conclusions>
            """)
        let a = try AKNImporter.importDocument(text: xml, fileName: "s.xml").agreement
        #expect(a.signatures == [
            Signature(party: "qc", signatory: "Anne Une", role: "Ministre", place: "Lyon", date: CivilDate(iso: "2020-01-05"), basis: .text),
            Signature(party: "fr", signatory: "B. Deux", role: "Préfet", place: "Paris", date: CivilDate(iso: "2020-02-10"), basis: .text),
        ])
        #expect(a.entryIntoForce.rule == .lastSignature)
        #expect(a.entryIntoForce.date == CivilDate(iso: "2020-02-10"))
    }

    @Test func danglingReferencesAreWarningsWithLinesAndStrictRefuses() throws {
        let xml = miniAgreement(body: "<article eId=\"art_1\"><num>1</num><content><p><ref href=\"#art_9\">art. 9</ref></p></content></article>",
                                proprietary: "<proprietary source=\"#entente\"><ent:agreement \(ent)><ent:domains ent:source=\"#nowhere\"/></ent:agreement></proprietary>")
        let lineOfRef = xml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("#art_9") }! + 1
        let lineOfEnt = xml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("#nowhere") }! + 1
        let r = try AKNImporter.importDocument(text: xml, fileName: "d.xml")
        #expect(r.warnings.contains { $0.line == lineOfRef && $0.message.en.contains("href=\"#art_9\"") })
        #expect(r.warnings.contains { $0.line == lineOfEnt && $0.message.en.contains("ent:source=\"#nowhere\"") })
        #expect(r.warnings.first { $0.line == lineOfRef }?.formatted(file: "d.xml", .fr).hasPrefix("d.xml:\(lineOfRef): la référence") == true)
        // The first in document order (meta comes before the body).
        #expect(throws: XMLImportError.danglingReference(file: "d.xml", line: lineOfEnt, column: 1, attribute: "ent:source", target: "nowhere")) {
            try AKNImporter.importDocument(text: xml, fileName: "d.xml", options: AKNImportOptions(strict: true))
        }
    }

    @Test func duplicateEIdsWarnWithoutSchema() throws {
        let xml = miniAgreement(body: "<article eId=\"art_1\"><num>1</num></article>\n<article eId=\"art_1\"><num>2</num></article>")
        let line = xml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("<num>2</num>") }! + 1
        let r = try AKNImporter.importDocument(text: xml, fileName: "dup.xml")
        #expect(r.warnings.contains { $0.line == line && $0.message.en.contains("duplicate eId \"art_1\"") })
        #expect(throws: XMLImportError.duplicateEId(file: "dup.xml", line: line, column: 1, eId: "art_1")) {
            try AKNImporter.importDocument(text: xml, fileName: "dup.xml", options: AKNImportOptions(strict: true))
        }
    }

    @Test func nonAgreementDocumentsMapWhatTheyCan() throws {
        let xml = """
        <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="loi">
          <meta><identification source="#x"><FRBRWork><FRBRthis value="/a"/><FRBRuri value="/a"/>
            <FRBRname value="Loi sur les essais"/></FRBRWork></identification></meta>
          <body><article eId="art_1"><num>1</num><heading>Domaine d'application</heading>
            <paragraph eId="art_1__para_1"><content><p>Préavis écrit d'au moins six (6) mois.</p></content></paragraph></article></body>
        </act></akomaNtoso>
        """
        let r = try AKNImporter.importDocument(text: xml, fileName: "loi.xml")
        #expect(!r.isAgreement)
        #expect(r.documentType == "act")
        #expect(r.agreement.titles.first?.text == "Loi sur les essais")
        #expect(r.agreement.parties.isEmpty && r.agreement.domains.isEmpty && r.agreement.notice == nil)
        #expect(r.agreement.articles == [ArticleSummary(eId: "art_1", num: "1", heading: "Domaine d'application")])
        #expect(r.warnings.contains { $0.message.fr.contains("pas une entente") })
    }

    @Test func emptyAkomaNtosoDoesNotCrash() throws {
        let r = try AKNImporter.importDocument(text: "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"/>", fileName: "x.xml")
        #expect(r.agreement.id == "x")
        #expect(r.warnings.contains { $0.message.en.contains("no document") })
    }

    @Test(.enabled(if: Fixtures.skeletonPath != nil, "example-agreement-skeleton.xml absent"))
    func skeletonPlaceholderNamespaceIsIgnoredWithAWarning() throws {
        let r = try AKNImporter.importFile(path: Fixtures.skeletonPath!, options: AKNImportOptions(schema: Fixtures.schema))
        if Fixtures.hasSchema { #expect(r.outcome == .valid) }
        #expect(r.agreement.id == "quebec-pole-emploi-2022")
        #expect(r.agreement.bodies.isEmpty, "the placeholder-namespace block is not read")
        #expect(r.warnings.contains { $0.message.en.contains("urn:entente:akn:tracking:1.0") })
        #expect(r.agreement.domains.map(\.num).prefix(2) == ["2.1", "2.2"])
        #expect(r.agreement.representatives.contains { $0.party == "pole-emploi" && $0.source?.eId == "preface__p_2" })
    }

    @Test func normalisedNumbers() {
        #expect(AgreementMapper.normalizeProvisionNum("Article 9") == "9")
        #expect(AgreementMapper.normalizeProvisionNum(" Article premier ") == "1")
        #expect(AgreementMapper.normalizeProvisionNum("4.2") == "4.2")
        #expect(AgreementMapper.normalizeProvisionNum("2.") == "2")
        #expect(AgreementMapper.normalizeItemNum("(iv)") == "iv")
        #expect(AgreementMapper.normalizeItemNum("a)") == "a")
    }

    // Depends on NoticeRecognizer (EntenteCore/Rules), written by another helper: until that
    // body is merged the stub returns nil and this test is skipped; after the merge it runs.
    @Test(.enabled(if: NoticeRecognizer.recognize("préavis écrit d'au moins six (6) mois") != nil,
                   "waits for NoticeRecognizer.recognize (EntenteCore/Rules) to be merged"))
    func noticeFallsBackToTheRecogniser() throws {
        let xml = miniAgreement(body: """
        <article eId="art_1"><num>Article 1</num><heading>Objet</heading><content><p>Coopérer.</p></content></article>
        <article eId="art_7"><num>Article 7</num><heading>Dispositions finales</heading>
          <paragraph eId="art_7__para_1"><content><p>La présente entente est d'une durée indéterminée.</p></content></paragraph>
          <paragraph eId="art_7__para_2"><content><p>Chacune des Parties peut y mettre fin au moyen d'un préavis écrit d'au moins six (6) mois.</p></content></paragraph>
        </article>
        """)
        let notice = try #require(try AKNImporter.importDocument(text: xml, fileName: "r.xml").agreement.notice)
        #expect(notice.period == Period(6, .month))
        #expect(notice.basis == .text)
        #expect(notice.source == ProvisionRef(eId: "art_7__para_2", num: "7"))
        #expect(notice.quote != nil)
    }

    @Test func concurrentImportsAgree() async throws {
        let xml = miniAgreement(body: "<article eId=\"art_1\"><num>1</num><heading>Domaines</heading><point eId=\"a\"><content><p>x</p></content></point></article>")
        let expected = try AKNImporter.importDocument(text: xml, fileName: "c.xml").agreement
        let results = try await withThrowingTaskGroup(of: Agreement.self) { group in
            for _ in 0..<8 {
                group.addTask { try AKNImporter.importDocument(text: xml, fileName: "c.xml", options: AKNImportOptions(schema: Fixtures.schema)).agreement }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }
}
