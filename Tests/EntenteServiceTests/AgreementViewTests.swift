import EntenteCore
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
