import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

/// Approving acts that publish the agreement as attachments, written for these tests from the
/// hand-encoded Québec–Pôle emploi file, in the shapes parliaments use.
@Suite("an agreement inside an approving act")
struct AttachedAgreementTests {
    static var hand: String {
        get throws { try String(contentsOfFile: try #require(Fixtures.agreement("quebec-pole-emploi-2022")), encoding: .utf8) }
    }

    /// The `<doc name="agreement">…</doc>` of the hand file.
    static func agreementDoc() throws -> String {
        let h = try hand
        let start = try #require(h.range(of: "<doc name=\"agreement\""))
        let end = try #require(h.range(of: "</doc>", options: .backwards))
        return String(h[start.lowerBound..<end.upperBound])
    }

    static func identification(_ this: String, lang: String) -> String {
        """
        <identification source="#assemblee">
          <FRBRWork><FRBRthis value="\(this)/!main"/><FRBRuri value="\(this)"/><FRBRdate date="2023-03-15" name="adoption"/>
            <FRBRauthor href="#assemblee"/><FRBRcountry value="ca-qc"/><FRBRnumber value="12"/>
            <FRBRname value="Loi no 12 portant approbation de l’Entente Québec–Pôle emploi"/></FRBRWork>
          <FRBRExpression><FRBRthis value="\(this)/\(lang)@/!main"/><FRBRuri value="\(this)/\(lang)@"/><FRBRdate date="2023-03-15" name="adoption"/>
            <FRBRauthor href="#assemblee"/><FRBRlanguage language="\(lang)"/></FRBRExpression>
          <FRBRManifestation><FRBRthis value="\(this)/\(lang)@/!main.xml"/><FRBRuri value="\(this)/\(lang)@.akn"/><FRBRdate date="2023-03-16" name="markup"/>
            <FRBRauthor href="#assemblee"/></FRBRManifestation>
        </identification>
        """
    }

    static func act(_ attachments: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
          <act name="loi">
            <meta>
              \(identification("/akn/ca-qc/act/2023-03-15/12", lang: "fra"))
              <references source="#assemblee">
                <TLCOrganization eId="assemblee" href="/ontology/organization/ca-qc/assemblee-nationale" showAs="Assemblée nationale du Québec"/>
              </references>
            </meta>
            <body>
              <article eId="art_1"><num>1.</num><content><p>L’entente reproduite en annexe est approuvée.</p></content></article>
            </body>
            <attachments>
              \(attachments.map { "<attachment>\($0)</attachment>" }.joined(separator: "\n"))
            </attachments>
          </act>
        </akomaNtoso>
        """
    }

    func check(_ r: AKNImport) throws {
        #expect(r.isAgreement)
        #expect(r.agreement.id == "quebec-pole-emploi-2022")
        #expect(r.agreement.parties.map(\.id) == ["gouvernement-quebec", "pole-emploi"])
        #expect(r.agreement.articles.count == 9)
        #expect(r.agreement.signatures.count == 2)
        #expect(r.agreement.notice?.period == Period(6, .month))
        let act = try #require(r.approvingAct)
        #expect(act.date == CivilDate(year: 2023, month: 3, day: 15))
        #expect(act.reference == "/akn/ca-qc/act/2023-03-15/12")
        #expect(act.documentType == "act name=\"loi\"")
        // Kept in the agreement's own text, as a fact of its life.
        #expect(r.xml.contains("eId=\"evt_approbation\""))
        #expect(r.xml.contains("date=\"2023-03-15\""))
        #expect(r.xml.contains("href=\"/akn/ca-qc/act/2023-03-15/12\""))
        // Re-importing the stored text gives the same agreement.
        let again = try AKNImporter.importDocument(text: r.xml, fileName: "again.xml")
        #expect(again.agreement == r.agreement)
    }

    @Test("one attachment holding the whole agreement")
    func wholeAgreement() throws {
        let r = try AKNImporter.importDocument(text: Self.act([try Self.agreementDoc()]), fileName: "loi-12.xml",
                                               options: AKNImportOptions(schema: Fixtures.schema))
        try check(r)
        #expect(r.warnings.first?.message.en == "agreement taken from attachment 1 of 1")
        if Fixtures.hasSchema { #expect(r.outcome == .valid, "\(r.warnings.map(\.message.en))") }
    }

    @Test("the text in two languages: the act's language is taken, the other named")
    func twoLanguages() throws {
        let fr = try Self.agreementDoc()
        let en = fr.replacingOccurrences(of: "language=\"fra\"", with: "language=\"eng\"").replacingOccurrences(of: "/fra@", with: "/eng@")
        let r = try AKNImporter.importDocument(text: Self.act([en, fr]), fileName: "loi-12.xml")
        try check(r)
        #expect(r.agreement.languageCode == "fra")
        #expect(r.warnings.first?.message.en == "agreement taken from attachment 2 of 2 (fra; eng left aside / laissé de côté)")
    }

    @Test("one doc per article, assembled in order with the preface and the signatures")
    func oneDocPerArticle() throws {
        let doc = try Self.agreementDoc()
        // First attachment: meta, preface, preamble and article 1; then one doc per article; conclusions in the last.
        let bodyStart = try #require(doc.range(of: "<mainBody>")), bodyEnd = try #require(doc.range(of: "</mainBody>"))
        let head = String(doc[..<bodyStart.lowerBound])
        let body = String(doc[bodyStart.upperBound..<bodyEnd.lowerBound])
        let conclusions = String(doc[bodyEnd.upperBound...]).replacingOccurrences(of: "</doc>", with: "")
        var articles: [String] = []
        var rest = Substring(body)
        while let s = rest.range(of: "<article "), let e = rest.range(of: "</article>") {
            articles.append(String(rest[s.lowerBound..<e.upperBound]))
            rest = rest[e.upperBound...]
        }
        #expect(articles.count == 9)
        var parts = [head + "<mainBody>" + articles[0] + "</mainBody></doc>"]
        for (k, a) in articles.enumerated().dropFirst() {
            let meta = "<meta>" + Self.identification("/akn/ca-qc/act/2023-03-15/12/annexe-\(k + 1)", lang: "fra") + "</meta>"
            parts.append("<doc name=\"article\">\(meta)<mainBody>\(a)</mainBody>\(k == 8 ? conclusions : "")</doc>")
        }
        let r = try AKNImporter.importDocument(text: Self.act(parts), fileName: "loi-12.xml")
        try check(r)
        #expect(r.agreement.articles.map(\.eId) == (1...9).map { "art_\($0)" })
        #expect(r.warnings.first?.message.en == "agreement assembled from attachments 1, 2, 3, 4, 5, 6, 7, 8, 9 of 9 (one article each)")
    }

    @Test("an act without an agreement in its attachments is read as before (no parties, a warning)")
    func actWithoutAgreement() throws {
        let r = try AKNImporter.importDocument(text: Self.act([]), fileName: "loi.xml")
        #expect(!r.isAgreement)
        #expect(r.approvingAct == nil)
    }
}
