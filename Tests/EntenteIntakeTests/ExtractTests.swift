import EntenteCore
@testable import EntenteIntake
import EntenteXML
import Foundation
import Testing

@Suite("extract: tracking facts proposed from a text")
struct ExtractTests {
    /// Converts a seed, extracts, writes the proposals into the tracking block, and lists the
    /// hand file's facts that are missing or different (kind, values, source eId).
    @Test("on the converted seeds, extract proposes the tracking facts of the hand-encoded files",
          arguments: SeedConversionTests.seeds)
    func seedsMatchHandFacts(_ seed: (String, String)) throws {
        let c = try Intake.convert(seed.0, id: seed.1)
        let e = try Extractor.extract(xml: c.xml, fileName: seed.1)
        let written = TrackingBlock.insert(e.proposals, references: e.references, into: c.xml)
        let hand = try Facts.of(try String(contentsOfFile: Intake.agreement(seed.1), encoding: .utf8))
        let got = try Facts.of(written)
        let missing = hand.subtracting(got).sorted()
        let extra = got.subtracting(hand).sorted()
        print("extract \(seed.1): \(hand.count - missing.count)/\(hand.count) hand facts proposed; missing or different: \(missing); beyond the hand file: \(extra)")
        #expect(missing.isEmpty, "missing or different: \(missing)")
        // Every proposal cites a provision that exists and words found in it.
        let units = try Units.collect(c.xml)
        // The document's words, markup removed (a quote may run from an intro into its list items).
        let plain = TextTools.squash(c.xml.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression))
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        for p in e.proposals where p.source != nil {
            #expect(units[p.source!] != nil || p.source!.hasPrefix("art_"), "\(p.kind): \(p.source!)")
            let q = try #require(p.quote)
            #expect(plain.contains(q), "\(p.kind) quote not verbatim: \(q)")
        }
        // The written text still imports, with the facts in the model.
        let imported = try AKNImporter.importDocument(text: written, fileName: seed.1 + ".xml", options: AKNImportOptions(schema: Intake.schema))
        if Intake.schema != nil { #expect(imported.outcome == .valid, "\(imported.warnings.map { $0.message.en })") }
        let handModel = try AKNImporter.importFile(path: Intake.agreement(seed.1)).agreement
        #expect(imported.agreement.bodies.map(\.kind) == handModel.bodies.map(\.kind))
        #expect(imported.agreement.obligations.map(\.kind) == handModel.obligations.map(\.kind))
        #expect(imported.agreement.notice?.period == handModel.notice?.period)
        #expect(imported.agreement.costRule == handModel.costRule)
        #expect(imported.agreement.bodies.first?.firstMeetingAlternative == handModel.bodies.first?.firstMeetingAlternative)
    }

    @Test("the first-meeting deadline gives both readings; copies to the Commission; cost rule with its exception")
    func readings003() throws {
        let c = try Intake.convert("seed-003-quebec-pole-emploi.txt")
        let e = try Extractor.extract(xml: c.xml, fileName: "003")
        let first = try #require(e.proposals.first { $0.kind == "firstMeeting" })
        #expect(first.value("from") == "lastSignature")
        #expect(first.value("alternative") == "firstSignature")
        #expect(first.alternative?.en == "after the first signature")
        #expect(first.quote?.contains("au plus tard deux (2) ans apres la signature") == true)
        let report = try #require(e.proposals.first { $0.value("kind") == "biennialReport" })
        #expect(report.value("copyTo") == "#cpcfq")
        #expect(e.references.contains { $0.eId == "cpcfq" && $0.showAs.hasPrefix("Commission permanente") })
        let costs = try #require(e.proposals.first { $0.kind == "costs" })
        #expect(costs.confidence < 0.8)
        #expect(costs.alternative != nil)
    }

    @Test("English and French texts of other layouts: cadences, annual report, term, notice")
    func otherLayouts() throws {
        func facts(_ name: String) throws -> [FactProposal] {
            let c = try Intake.convert(name)
            return try Extractor.extract(xml: c.xml, fileName: name).proposals
        }
        let mb = try facts("en-ontario-manitoba-2019.txt")
        #expect(mb.first { $0.kind == "noticePeriod" }.map { [$0.value("length"), $0.value("unit"), $0.source] } == ["90", "day", "art_6__para_2"])
        #expect(mb.first { $0.kind == "body" }?.value("cadence") == "P1Y")
        #expect(mb.first { $0.kind == "duration" }?.value("value") == "P5Y")
        #expect(mb.contains { $0.value("kind") == "annualReport" && !$0.writable })
        #expect(mb.first { $0.kind == "costs" }?.source == "art_4__para_1")
        #expect(mb.first { $0.kind == "entryIntoForce" }?.value("rule") == "lastSignature")
        let nb = try facts("fr-quebec-nouveau-brunswick-2021.txt")
        #expect(nb.first { $0.kind == "body" && $0.value("kind") == "workingGroup" }?.value("cadence") == "P6M")
        #expect(nb.first { $0.kind == "noticePeriod" }?.value("length") == "3")
        #expect(nb.first { $0.kind == "costs" } != nil)
        let wbi = try facts("fr-quebec-wallonie-bruxelles-2016.txt")
        let fm = try #require(wbi.first { $0.kind == "firstMeeting" })
        #expect(fm.value("within") == "P1Y")
        #expect(fm.value("from") == "entryIntoForce")
        #expect(wbi.contains { $0.value("kind") == "biennialActionPlan" })
        let cq = try facts("en-canada-quebec-2015.txt")
        #expect(cq.first { $0.kind == "coordinators" } == nil) // no joint committee: coordinators are not a body's
        #expect(cq.first { $0.kind == "amendments" }?.source == "art_3__para_3")
        #expect(cq.first { $0.kind == "duration" }?.value("value") == "indefinite")
        let nu = try facts("en-ontario-nunavut-2023.docx")
        #expect(nu.first { $0.kind == "body" }?.value("cadence") == "P3M")
        #expect(nu.first { $0.kind == "noticePeriod" }?.value("length") == "60")
    }

    @Test("writing twice adds nothing: facts already in the block are kept as they are")
    func idempotent() throws {
        let c = try Intake.convert("seed-003-quebec-pole-emploi.txt")
        let e = try Extractor.extract(xml: c.xml, fileName: "003")
        let once = TrackingBlock.insert(e.proposals, references: e.references, into: c.xml)
        let twice = TrackingBlock.insert(e.proposals, references: e.references, into: once)
        #expect(once != c.xml)
        #expect(twice == once)
        // The hand file already has every fact: nothing to add.
        let hand = try String(contentsOfFile: Intake.agreement("quebec-pole-emploi-2022"), encoding: .utf8)
        let he = try Extractor.extract(xml: hand, fileName: "hand")
        #expect(TrackingBlock.insert(he.proposals, references: he.references, into: hand) == hand)
    }
}
