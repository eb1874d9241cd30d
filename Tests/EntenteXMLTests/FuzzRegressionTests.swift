import EntenteCore
import EntenteXML
import Foundation
import Testing

/// The overflow fuzz-dates found in `Period(iso:)`, reached through the importer: a real
/// agreement whose metadata gives a period too long to count.
@Suite("Fuzz regressions (importer)", .enabled(if: Fixtures.hasAgreements, "agreements/*.xml not present at the package root"))
struct ImporterFuzzRegressionTests {
    @Test func aPeriodTooLongInTheMetadataIsAWarningNotACrash() throws {
        let path = try #require(Fixtures.agreement("quebec-pole-emploi-2022"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("ent:every=\"P2Y\""))
        let hostile = text.replacingOccurrences(of: "ent:every=\"P2Y\"", with: "ent:every=\"P07499999999999999999W\"")
        let r = try AKNImporter.importDocument(text: hostile, fileName: "hostile.xml")
        #expect(r.warnings.contains { $0.message.en.contains("P07499999999999999999W") && $0.message.fr.contains("P07499999999999999999W") })
        #expect(!r.agreement.obligations.isEmpty)
        #expect(r.agreement.obligations.allSatisfy { $0.every == nil || $0.every!.length <= Period.maximumLength })
        // What commands do next with the model still runs.
        let asOf = try #require(CivilDate(iso: "2026-11-29"))
        _ = DeadlineEngine().deadlines(for: r.agreement, history: AgreementHistory(), asOf: asOf)
    }
}
