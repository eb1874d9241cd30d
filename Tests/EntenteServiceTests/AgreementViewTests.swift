import EntenteCore
import EntenteReports
import EntenteService
import Testing

/// What the web's agreement page reads through the service: the notices recorded, and what
/// must still be finished once notice is given.
@Suite struct AgreementViewTests {
    @Test func showCarriesTheNoticesAndWindDownListsJointProjectsUnderWay() async throws {
        let h = try await Harness()
        let id = Harness.poleEmploi
        #expect(try await h.service.agreements.show(id, h.caller).notices.isEmpty)
        #expect(try await h.service.notices.windDown(id, h.caller).isEmpty)
        let joint = try await h.service.activities.add(Activity(agreementID: id, title: "Projet conjoint", start: day("2026-10-01"),
                                                                status: .underWay), h.caller)
        _ = try await h.service.activities.add(Activity(agreementID: id, title: "Fini", start: day("2026-01-01"), status: .done), h.caller)
        let recorded = try await h.service.notices.record(id, party: "pole-emploi", sentOn: day("2026-11-02"), receivedOn: nil,
                                                          requestedEnd: nil, h.caller)
        let view = try await h.service.agreements.show(id, h.caller)
        #expect(view.notices.map(\.effectiveEnd) == [recorded.notice.effectiveEnd])
        #expect(view.state == .terminating)
        let windDown = try await h.service.notices.windDown(id, h.caller)
        #expect(windDown.map(\.id) == recorded.jointProjectsToComplete.map(\.id))
        #expect(windDown.map(\.id) == [joint.id])
    }
}

@Suite struct CSVPreviewTests {
    @Test func previewListsRowsAndEveryProblemAndWritesNothing() async throws {
        let h = try await Harness()
        let id = Harness.poleEmploi
        var good = Activity(agreementID: id, title: "Atelier", start: day("2026-01-10"), domains: ["1"])
        let csv = ActivityCSV.format([good])
        let before = try h.dump()
        let ok = try await h.service.activities.previewCSV(csv, into: id, h.caller)
        #expect(ok.rows.map(\.title) == ["Atelier"] && ok.problems.isEmpty)
        good.domains = ["9.9"]
        var other = good
        other.title = "Autre"
        other.domains = ["1"]
        let bad = try await h.service.activities.previewCSV(ActivityCSV.format([other, good]), into: id, h.caller)
        // Lines of the CSV file, the header being line 1.
        #expect(bad.rows.count == 2 && bad.problems.map(\.line) == [3])
        // importCSV refuses what the preview flags, at the same line.
        let e = try await #require(throws: CSVError.self) { try await h.service.activities.importCSV(ActivityCSV.format([other, good]), into: id, h.caller) }
        #expect(e.line == 3)
        #expect(try h.dump() == before)
    }
}
