import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

/// The two real agreements (agreements/*.xml at the package root, copied from the main tree).
@Suite("Real agreements", .enabled(if: Fixtures.hasAgreements, "agreements/*.xml not present at the package root: copy them from /work/main/agreements"))
struct RealAgreementTests {
    static func load(_ name: String) throws -> AKNImport {
        try AKNImporter.importFile(path: Fixtures.agreement(name)!, options: AKNImportOptions(schema: Fixtures.schema))
    }

    @Test func poleEmploiIdentification() throws {
        let r = try Self.load("quebec-pole-emploi-2022")
        let a = r.agreement
        #expect(r.isAgreement)
        #expect(r.documentType == "doc")
        #expect(a.id == "quebec-pole-emploi-2022")
        #expect(a.language == .fr)
        #expect(a.languageCode == "fra")
        #expect(a.workURI == "/akn/ca-qc/doc/agreement/2022-11-07/quebec-pole-emploi")
        #expect(a.expressionURI == "/akn/ca-qc/doc/agreement/2022-11-07/quebec-pole-emploi/fra@2022-11-07")
        #expect(a.referenceNumber == "quebec-pole-emploi")
        #expect(a.titles.first?.language == .fr)
        #expect(a.titles.first?.text.hasPrefix("ENTENTE ENTRE LE MINISTRE DU TRAVAIL") == true)
        #expect(a.titles.contains { $0.language == .en && !$0.official })
        if Fixtures.hasSchema { #expect(r.outcome == .valid) }
        // Export is the stored text: exactly the file's bytes.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.agreement("quebec-pole-emploi-2022")!))
        #expect(Array(r.xml.utf8) == [UInt8](bytes))
    }

    @Test func poleEmploiPartiesAndSignatures() throws {
        let a = try Self.load("quebec-pole-emploi-2022").agreement
        #expect(a.parties.map(\.id) == ["gouvernement-quebec", "pole-emploi"])
        let pe = try #require(a.party("pole-emploi"))
        #expect(pe.originalName == "Pôle emploi")
        #expect(pe.name(on: CivilDate(year: 2023, month: 12, day: 31)) == "Pôle emploi")
        #expect(pe.name(on: CivilDate(year: 2024, month: 1, day: 1)) == "France Travail")

        #expect(a.signatures.count == 2)
        let qc = try #require(a.signatures.first { $0.party == "gouvernement-quebec" })
        #expect(qc.date == CivilDate(iso: "2022-06-22"))
        #expect(qc.place == "Québec")
        #expect(qc.signatory == "Carole Arav")
        #expect(qc.role?.lowercased() == "sous-ministre")
        #expect(qc.basis == .text)
        let paris = try #require(a.signatures.first { $0.party == "pole-emploi" })
        #expect(paris.date == CivilDate(iso: "2022-11-07"))
        #expect(paris.place == "Paris")
        #expect(paris.signatory == "Jean Bassères")
        #expect(paris.role?.lowercased().hasPrefix("directeur général") == true)

        #expect(a.representatives.contains { $0.party == "gouvernement-quebec" && $0.person == "Carole Arav" })
        #expect(a.representatives.contains { $0.party == "pole-emploi" && $0.person == "Jean Bassères" && $0.source?.eId == "preface__p_2" })
    }

    @Test func poleEmploiRules() throws {
        let a = try Self.load("quebec-pole-emploi-2022").agreement
        #expect(a.entryIntoForce.rule == .lastSignature)
        #expect(a.entryIntoForce.date == CivilDate(iso: "2022-11-07"))
        #expect(a.duration == "indefinite")
        let notice = try #require(a.notice)
        #expect(notice.period == Period(6, .month))
        #expect(notice.written && notice.minimum)
        #expect(notice.basis == .metadata)
        #expect(notice.source.eId.hasPrefix("art_9"))
        #expect(notice.source.num == "9")
        #expect(a.onNotice == .completeOngoingJointProjects)
        #expect(a.costRule == .ownParticipants)
        #expect(a.amendmentsInWriting?.eId == "art_8__para_1")
    }

    @Test func poleEmploiDomainsAndMeans() throws {
        let a = try Self.load("quebec-pole-emploi-2022").agreement
        #expect(a.domains.map(\.num) == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(a.domains.allSatisfy { $0.printedNum == nil && $0.items.isEmpty && !$0.text.isEmpty })
        #expect(a.domains[0].text == "à la mobilité interrégionale des travailleurs qualifiés au sein des territoires de chaque Partie;")
        #expect(a.domains[0].eId == "art_2__para_1__list_1__point_1")
        #expect(a.meansOfAction.count == 5)
        #expect(a.meansOfAction.map(\.num) == ["1", "2", "3", "4", "5"])
        #expect(a.meansOfAction[4].text == "organisation de conférences sur des sujets d’intérêt commun.")
    }

    @Test func poleEmploiBodiesAndObligations() throws {
        let a = try Self.load("quebec-pole-emploi-2022").agreement
        let joint = try #require(a.bodies(of: .jointCommittee).first)
        #expect(joint.id == "comite-mixte")
        #expect(joint.name == "Comité mixte")
        #expect(joint.firstMeetingWithin == Period(2, .year))
        #expect(joint.firstMeetingFrom == .lastSignature)
        #expect(joint.firstMeetingAlternative == .firstSignature)
        #expect(joint.coordinatorsPerParty == 1)
        #expect(joint.source?.eId == "art_4__para_1")
        let wg = try #require(a.bodies(of: .workingGroup).first)
        #expect(wg.cadence == Period(6, .month))
        #expect(a.obligations.map(\.kind) == [.biennialActionPlan, .biennialReport])
        let report = try #require(a.obligations.first { $0.kind == .biennialReport })
        #expect(report.every == Period(2, .year))
        #expect(report.to == "comite-mixte")
        #expect(report.copyTo == "Commission permanente de coopération franco-québécoise")
        #expect(a.recitals.count == 9)
        #expect(a.recitals[0].hasPrefix("ATTENDU QUE le ministère, dont le Ministre"))
        #expect(a.articles.count == 9)
        #expect(a.articles[1] == ArticleSummary(eId: "art_2", num: "Article 2", heading: "DOMAINES VISÉS"))
    }

    @Test func ontario() throws {
        let r = try Self.load("quebec-ontario-2008")
        let a = r.agreement
        if Fixtures.hasSchema { #expect(r.outcome == .valid) }
        #expect(a.id == "quebec-ontario-2008")
        #expect(a.parties.map(\.id) == ["gouvernement-quebec", "gouvernement-ontario"])
        #expect(a.domains.map(\.num) == ["2.1", "2.2", "2.3", "2.4"])
        #expect(a.domains[0].heading == "Aide sociale")
        #expect(a.allDomains.map(\.num) == [
            "2.1", "2.1.1", "2.1.1.1", "2.1.1.2", "2.1.1.3", "2.1.1.4", "2.1.2", "2.1.3",
            "2.2", "2.2.1", "2.2.2", "2.2.3",
            "2.3", "2.3.1", "2.3.2",
            "2.4", "2.4.1", "2.4.2",
        ])
        let d211 = try #require(a.domain("2.1.1"))
        #expect(d211.printedNum == "1.")
        #expect(d211.text == "La prestation de services d'aide sociale, laquelle comprend ce qui suit :")
        #expect(d211.items.count == 4)
        #expect(a.domain("2.1.1.4")?.eId == "art_2__point_1__list_1__point_1__list_1__point_4")
        let notice = try #require(a.notice)
        #expect(notice.period == Period(6, .month))
        #expect(notice.source == ProvisionRef(eId: "art_4__para_2", num: "4.2"))
        let coord = try #require(a.bodies.first)
        #expect(coord.kind == .coordinationCommittee)
        #expect(coord.external)
        #expect(a.signatures.count == 2)
        #expect(a.signatures.allSatisfy { $0.basis == .external && $0.date == CivilDate(iso: "2008-06-02") && $0.signatory == nil })
        #expect(a.signatures.allSatisfy { $0.sourceNote?.contains("Ontario newsroom") == true })
        #expect(a.entryIntoForce.rule == .unknown)
        #expect(a.entryIntoForce.date == nil)
        #expect(a.meansOfAction.isEmpty)
        let progress = try #require(a.obligations.first)
        #expect(progress.triggers == [.beforeEachMeeting, .onRequest])
        #expect(progress.to == "comite-coordination")
    }

    @Test(arguments: ["quebec-pole-emploi-2022", "quebec-ontario-2008"])
    func roundTrip(_ name: String) throws {
        let first = try Self.load(name)
        let second = try AKNImporter.importDocument(text: first.xml, fileName: Fixtures.agreement(name)!,
                                                    options: AKNImportOptions(schema: Fixtures.schema))
        #expect(first.agreement == second.agreement)
        #expect(try AKNImporter.roundTrips(first))
        #expect(first.warnings.filter { $0.line != nil }.isEmpty, "no dangling references or schema errors in the real files")
    }

    @Test(.enabled(if: Fixtures.hasSchema, "official XSD absent: ../shared/akn/schema/akomantoso30.xsd"))
    func strictImportAcceptsThem() throws {
        for name in ["quebec-pole-emploi-2022", "quebec-ontario-2008"] {
            let r = try AKNImporter.importFile(path: Fixtures.agreement(name)!,
                                               options: AKNImportOptions(schema: Fixtures.schema, strict: true))
            #expect(r.outcome == .valid)
            #expect(r.warnings.isEmpty)
        }
    }
}
