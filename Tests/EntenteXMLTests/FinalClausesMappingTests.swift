import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

private let ent = "xmlns:ent=\"urn:entente:akn:tracking:1.0\""

/// Final clauses: stated in the tracking metadata of a reviewed file, or read from the text.
@Suite struct FinalClausesMappingTests {
    static let body = """
    <article eId="art_7"><num>Article 7</num><heading>Dispositions finales</heading>
      <paragraph eId="art_7__para_1"><num>7.1</num><content><p>La présente entente entre en vigueur le premier jour du deuxième mois suivant la date de réception de la dernière des notifications relatives à l'accomplissement des procédures internes.</p></content></paragraph>
      <paragraph eId="art_7__para_2"><num>7.2</num><content><p>Elle est conclue pour une durée de cinq ans et reconduite tacitement par périodes successives de deux ans.</p></content></paragraph>
      <paragraph eId="art_7__para_3"><num>7.3</num><content><p>Chaque Partie peut notifier à l'autre, au moins trois mois avant l'expiration de la période en cours, sa décision de ne pas la reconduire.</p></content></paragraph>
    </article>
    """

    @Test func readFromTheTextWhenTheMetadataIsSilent() throws {
        let a = try AKNImporter.importDocument(text: miniAgreement(body: Self.body), fileName: "t.xml").agreement
        #expect(a.entryIntoForce.rule == .firstDayOfNthMonth)
        #expect(a.entryIntoForce.nth == 2)
        #expect(a.entryIntoForce.anchor == .lastNotification)
        #expect(a.entryIntoForce.source == ProvisionRef(eId: "art_7__para_1", num: "7.1"))
        #expect(a.entryIntoForce.date == nil)
        let term = try #require(a.term)
        #expect(term.length == Period(5, .year))
        #expect(term.renewal == Renewal(period: Period(2, .year)))
        #expect(term.basis == .text)
        let notice = try #require(a.notice)
        #expect(notice.period == Period(3, .month))
        #expect(notice.timing == .beforeExpiry)
        #expect(!notice.written)
        #expect(notice.source.eId == "art_7__para_3")
        #expect(a.unrecognised.isEmpty)
    }

    @Test func aReviewedFileStatesItAllExplicitly() throws {
        let xml = miniAgreement(body: Self.body, proprietary: """
        <proprietary source="#entente"><ent:agreement \(ent) ent:version="1">
          <ent:entryIntoForce ent:rule="firstDayOfMonthAfterPeriod" ent:anchor="lastNotification" ent:period="P3M" ent:source="#art_7__para_1"/>
          <ent:duration ent:value="P5Y" ent:source="#art_7__para_2"/>
          <ent:renewal ent:period="P2Y" ent:tacit="true" ent:successive="false" ent:source="#art_7__para_2"/>
          <ent:noticePeriod ent:length="3" ent:unit="month" ent:form="written" ent:minimum="true" ent:timing="beforeExpiry"
                            ent:countsFrom="receipt" ent:effect="afterPeriod" ent:notBefore="P1Y" ent:restricts="notice" ent:source="#art_7__para_3"/>
        </ent:agreement></proprietary>
        """)
        let r = try AKNImporter.importDocument(text: xml, fileName: "t.xml")
        let a = r.agreement
        #expect(a.entryIntoForce.rule == .firstDayOfMonthAfterPeriod)
        #expect(a.entryIntoForce.period == Period(3, .month))
        #expect(a.entryIntoForce.anchor == .lastNotification)
        let term = try #require(a.term)
        #expect(term.basis == .metadata)
        #expect(term.length == Period(5, .year))
        #expect(term.renewal == Renewal(period: Period(2, .year), tacit: true, successive: false))
        let n = try #require(a.notice)
        #expect(n.basis == .metadata && n.written && n.timing == .beforeExpiry && n.countsFrom == .receipt)
        #expect(n.effect == .afterPeriod && n.notBefore == Period(1, .year) && n.restricts == .notice)
        #expect(!r.warnings.contains { $0.message.en.contains("ent:") }, "\(r.warnings)")
    }

    @Test func unknownValuesAreNamedAndIgnored() throws {
        let xml = miniAgreement(body: Self.body, proprietary: """
        <proprietary source="#entente"><ent:agreement \(ent) ent:version="1">
          <ent:noticePeriod ent:length="3" ent:unit="month" ent:timing="whenever" ent:source="#art_7__para_3"/>
        </ent:agreement></proprietary>
        """)
        let r = try AKNImporter.importDocument(text: xml, fileName: "t.xml")
        #expect(r.agreement.notice?.timing == nil)
        #expect(r.warnings.contains { $0.message.en.contains("whenever") && $0.message.en.contains("beforeExpiry") })
    }

    @Test func theSeedsReadAsBefore() throws {
        for name in ["quebec-pole-emploi-2022", "quebec-ontario-2008"] {
            guard let path = Fixtures.agreement(name) else { continue }
            let a = try AKNImporter.importFile(path: path).agreement
            #expect(a.unrecognised.isEmpty, "\(name)")
            #expect(a.notice?.timing == nil && a.notice?.countsFrom == nil && a.notice?.effect == nil)
        }
    }
}
