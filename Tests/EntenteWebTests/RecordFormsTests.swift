import EntenteCore
import EntenteService
import Foundation
import Testing

/// The record pages show each form (or link to one) only to those who may use it; everyone
/// signed in sees the records (issue 13, "must show"). The refusals themselves are
/// `RoleMatrixTests`'.
@Suite struct RecordFormsTests {
    let pe = WebHarness.poleEmploi
    static let roles = ["admin", "coord-pe", "committee-pe", "coord-on", "staff"]

    /// One thing on a page: present for `allowed`, absent for everyone else.
    struct Mark {
        var page: String
        var marker: String
        var allowed: Set<String>
    }

    @Test func eachFormIsShownToThoseWhoMayUseItAndTheRecordsToEveryone() async throws {
        let h = try await WebHarness()
        let writers = RoleMatrixTests.writers, committee = RoleMatrixTests.committee, everyone = Set(Self.roles)
        let d: @Sendable (String) -> CivilDate = { CivilDate(iso: $0)! }
        let body = try await RoleMatrixTests.body(h)
        let plan = try await h.service.plans.create(ActionPlan(agreementID: pe, periodStart: d("2026-01-01"), periodEnd: d("2027-12-31")), h.caller)
        let item = try await h.service.plans.addItem(to: plan.id!, PlanItem(title: "Forum emploi jeunes", domains: ["1"]), h.caller)
        let open = try await h.service.meetings.add(Meeting(agreementID: pe, body: body, date: d("2026-05-12"), agenda: ["Bilan"]), h.caller)
        let closed = try await h.service.meetings.add(Meeting(agreementID: pe, body: body, date: d("2026-03-03"),
                                                              decisions: [Decision(text: "Forum à Lyon")], minutesClosed: true), h.caller)
        let report = try await h.service.biennial.record(BiennialReportRecord(agreementID: pe, periodStart: d("2024-01-01"), periodEnd: d("2025-12-31")), h.caller)
        let activity = try await h.service.activities.add(Activity(agreementID: pe, title: "Mission à Paris", start: d("2026-02-02")), h.caller)
        let a = "/agreements/\(pe)"
        let planPage = "\(a)/plans/\(plan.id!)", openPage = "\(a)/meetings/\(open.id!)", closedPage = "\(a)/meetings/\(closed.id!)"
        let marks: [Mark] = [
            // The records, for everyone.
            Mark(page: "\(a)/plans", marker: #"href="\#(planPage)""#, allowed: everyone),
            Mark(page: planPage, marker: "Forum emploi jeunes", allowed: everyone),
            Mark(page: closedPage, marker: "Forum à Lyon", allowed: everyone),
            Mark(page: "\(a)/biennial", marker: #"id="record-\#(report.id!)""#, allowed: everyone),
            // The forms.
            Mark(page: "\(a)/plans", marker: #"action="\#(a)/plans#create""#, allowed: writers),
            Mark(page: planPage, marker: #"action="\#(planPage)/items#add-item""#, allowed: writers),
            Mark(page: planPage, marker: #"action="\#(planPage)/items/\#(item.id!)/progress""#, allowed: writers),
            Mark(page: planPage, marker: #"action="\#(planPage)/approve#approve""#, allowed: committee),
            Mark(page: "\(a)/meetings", marker: #"action="\#(a)/meetings#schedule""#, allowed: writers),
            Mark(page: "\(a)/meetings?corrects=\(closed.id!)", marker: #"name="corrects""#, allowed: committee),
            Mark(page: openPage, marker: #"action="\#(openPage)/agenda#agenda""#, allowed: writers),
            Mark(page: openPage, marker: #"action="\#(openPage)/attendees#attendance""#, allowed: writers),
            Mark(page: openPage, marker: #"action="\#(openPage)/decisions#decisions""#, allowed: committee),
            Mark(page: openPage, marker: #"action="\#(openPage)/close""#, allowed: committee),
            Mark(page: closedPage, marker: "meetings?corrects=\(closed.id!)", allowed: committee),
            Mark(page: closedPage, marker: #"href="\#(closedPage)/reopen""#, allowed: ["admin"]),
            Mark(page: "\(closedPage)/reopen", marker: #"action="\#(closedPage)/reopen""#, allowed: ["admin"]),
            Mark(page: "\(a)/progress", marker: #"action="\#(a)/progress#record-report""#, allowed: writers),
            Mark(page: "\(a)/progress", marker: #"action="\#(a)/progress/requests#record-request""#, allowed: committee),
            Mark(page: "\(a)/biennial", marker: #"action="\#(a)/biennial#record""#, allowed: writers),
            Mark(page: "\(a)/biennial", marker: #"action="\#(a)/biennial/\#(report.id!)#record-\#(report.id!)""#, allowed: writers),
            Mark(page: "\(a)/biennial", marker: #"name="approved""#, allowed: committee),
            Mark(page: "\(a)/activities/\(activity.id!)/edit", marker: #"action="\#(a)/activities/\#(activity.id!)/edit""#, allowed: writers),
        ]
        try await h.app().test(.router) { client in
            for role in Self.roles {
                var b = Browser(as: role)
                var seen: [String: String] = [:]
                for page in Set(marks.map(\.page)) {
                    let res = try await b.get(client, page)
                    #expect(res.status == .ok, "\(role) \(page): \(res.status)")
                    seen[page] = res.text
                }
                for m in marks {
                    let shown = seen[m.page]?.contains(m.marker) == true
                    #expect(shown == m.allowed.contains(role), "\(role) on \(m.page): \(m.marker) \(shown ? "shown" : "missing")")
                }
            }
        }
    }

    /// A coordinator records that the copy went to the Commission through a form without the
    /// approval field: the committee's approval stays as it was.
    @Test func aCoordinatorRecordsTheCopySentWithoutTouchingTheApproval() async throws {
        let h = try await WebHarness()
        let d: @Sendable (String) -> CivilDate = { CivilDate(iso: $0)! }
        let report = try await h.service.biennial.record(BiennialReportRecord(agreementID: pe, periodStart: d("2024-01-01"), periodEnd: d("2025-12-31"),
                                                                             approvedOn: d("2026-03-01")), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser(as: "coord-pe")
            let page = try await b.get(client, "/agreements/\(pe)/biennial")
            #expect(page.text.contains(#"id="r\#(report.id!)-copy-sent""#) && !page.text.contains(#"id="r\#(report.id!)-approved""#))
            let res = try await b.post(client, "/agreements/\(pe)/biennial/\(report.id!)", [("copy-sent", "2026-03-15")])
            #expect(res.status == .seeOther, "\(res.status) \(res.text.prefix(300))")
            let stored = try #require(try await h.service.biennial.overview(pe, leadTimes: [], h.caller).records.first { $0.id == report.id })
            #expect(stored.approvedOn == d("2026-03-01") && stored.copySentOn == d("2026-03-15"))
            // Clearing the approval is still the committee's: refused, nothing written.
            let before = try h.dump()
            let clear = try await b.post(client, "/agreements/\(pe)/biennial/\(report.id!)", [("approved", ""), ("copy-sent", "2026-03-15")])
            #expect(clear.status == .forbidden)
            #expect(try h.dump() == before)
        }
    }
}
