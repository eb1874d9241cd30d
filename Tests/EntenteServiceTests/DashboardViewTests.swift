import EntenteCore
import EntenteReports
import EntenteService
@testable import EntenteStore
import Foundation
import Testing

/// The dashboard's orders and the view kept between calls (`ViewCache`).
@Suite struct DashboardViewTests {
    static func rank(_ r: DashboardRow) -> (Int, Int) {
        guard let d = r.open.first else { return (3, 0) }
        return (d.status == .overdue ? 0 : d.status == .dueSoon ? 1 : 2, d.due.dayNumber)
    }

    @Test func theMostPressingComeFirstOverdueThenDueSoonThenUpcoming() async throws {
        for asOf in ["2023-01-15", "2024-12-01", "2026-11-29"] {
            let h = try await Harness(asOf: asOf)
            let rows = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], order: .urgency, h.caller)
            let stored = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], h.caller)
            #expect(Set(rows.map(\.agreement.id)) == Set(stored.map(\.agreement.id)) && rows.count == stored.count)
            for (a, b) in zip(rows, rows.dropFirst()) {
                #expect(Self.rank(a) < Self.rank(b) || (Self.rank(a) == Self.rank(b) && a.agreement.id < b.agreement.id),
                        "\(asOf): \(a.agreement.id) \(Self.rank(a)) before \(b.agreement.id) \(Self.rank(b))")
            }
        }
    }

    @Test func anOverdueAgreementComesBeforeOneWithNothingOpen() {
        let day = CivilDate(iso: "2026-11-29")!
        func row(_ id: String, _ status: DeadlineStatus?) -> DashboardRow {
            let a = Agreement(id: id)
            let deadlines = status.map { [Deadline(agreementID: id, kind: .biennialReport, title: Localized(fr: "r", en: "r"), due: day, status: $0, source: "art_6")] } ?? []
            return DashboardRow(agreement: a, state: .inForce, deadlines: deadlines, earliestEnd: nil, notices: [])
        }
        let sorted = DashboardRow.byUrgency([row("a", nil), row("b", .upcoming), row("c", .met), row("d", .overdue), row("e", .dueSoon)])
        #expect(sorted.map(\.agreement.id) == ["d", "e", "b", "a", "c"], "met deadlines count as nothing open")
    }

    /// Another connection (the command line, a second server) commits a notice; the service
    /// that kept the dashboard gives the rows a fresh service computes.
    @Test func theKeptViewFollowsChangesCommittedElsewhere() async throws {
        let h = try await Harness()
        for order in [AgreementService.DashboardOrder.stored, .urgency, .title] {
            _ = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], order: order, h.caller)
        }
        let before = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], h.caller)
        #expect(before.first { $0.agreement.id == Harness.ontario }?.state == .inForce)

        let elsewhere = EntenteService(store: try Workspace(path: h.store.path, user: "elsewhere"))
        _ = try await elsewhere.notices.record(Harness.ontario, party: "gouvernement-ontario", sentOn: CivilDate(iso: "2026-11-02")!,
                                               receivedOn: nil, requestedEnd: nil, h.caller)
        let fresh = EntenteService(store: try Workspace(path: h.store.path, user: "fresh"))
        for order in [AgreementService.DashboardOrder.stored, .urgency, .title] {
            let kept = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], order: order, h.caller)
            let computed = try await fresh.agreements.dashboard(leadTimes: [90, 30, 7], order: order, h.caller)
            #expect(kept.map(\.agreement.id) == computed.map(\.agreement.id), "\(order)")
            #expect(kept.map(\.state) == computed.map(\.state) && kept.map(\.deadlines) == computed.map(\.deadlines), "\(order)")
            #expect(kept.first { $0.agreement.id == Harness.ontario }?.state == .terminating, "\(order)")
        }
        // Another as-of day is another view, not the kept one.
        var later = h.caller
        later.asOf = CivilDate(iso: "2027-06-01")!
        let afterEnd = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], later)
        #expect(afterEnd.first { $0.agreement.id == Harness.ontario }?.state == .terminated)
    }
}
