import EntenteCore
import EntenteReports
import EntenteService
@testable import EntenteStore
import Foundation
import GRDB
import Testing

/// The service on a real SQLite workspace in a temporary folder, with the real agreement
/// texts of `agreements/` imported through the service itself.
struct Harness {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let poleEmploi = "quebec-pole-emploi-2022"
    static let ontario = "quebec-ontario-2008"

    let store: Workspace
    let service: EntenteService
    let caller: Caller

    init(user: String = "marie", asOf: String = "2026-11-29") async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-service-\(UUID().uuidString)")
        store = try Workspace(path: dir.appendingPathComponent(".entente/entente.sqlite").path, user: "opener")
        service = EntenteService(store: store)
        caller = Caller(user: ActingUser(user), lang: .fr, asOf: CivilDate(iso: asOf)!)
        let outcomes = try await service.agreements.importFiles([Self.packageRoot + "/agreements"], strict: false, caller)
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error))")
    }

    /// Every row of every table: proof that a refused operation changed nothing.
    func dump() throws -> String {
        try store.read { d in
            var out = ""
            for t in try String.fetchAll(d, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                for r in try Row.fetchAll(d, sql: "SELECT * FROM \"\(t)\" ORDER BY rowid") { out += "\(t) \(r)\n" }
            }
            return out
        }
    }

    /// Runs `body`, which must be refused with an error of type `E` speaking both languages,
    /// and checks the database is unchanged.
    @discardableResult
    func refused<E: UserFacingError>(_ type: E.Type, sourceLocation: SourceLocation = #_sourceLocation,
                                     _ body: () async throws -> Void) async throws -> E {
        let before = try dump()
        let e = try await #require(throws: E.self, sourceLocation: sourceLocation) { try await body() }
        #expect(!e.message(.fr).isEmpty && e.message(.fr) != e.message(.en), sourceLocation: sourceLocation)
        #expect(try dump() == before, "a refused input changed the database", sourceLocation: sourceLocation)
        return e
    }
}

func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }

@Suite struct ServiceTests {
    @Test func aBiennialReportCopiedToTheCommissionBeforeItsApprovalIsRefused() async throws {
        // The store used to accept a copy sent with no approval date; Core's rule refuses it.
        let h = try await Harness()
        let e = try await h.refused(ValidationError.self) {
            _ = try await h.service.biennial.record(BiennialReportRecord(
                agreementID: Harness.poleEmploi, periodStart: day("2022-11-07"), periodEnd: day("2024-11-06"),
                approvedOn: nil, copySentOn: day("2025-01-15")), h.caller)
        }
        #expect(e.field == "copy-sent")
        try await h.refused(ValidationError.self) {
            _ = try await h.service.biennial.record(BiennialReportRecord(
                agreementID: Harness.poleEmploi, periodStart: day("2024-11-06"), periodEnd: day("2022-11-07")), h.caller)
        }
        let ok = try await h.service.biennial.record(BiennialReportRecord(
            agreementID: Harness.poleEmploi, periodStart: day("2022-11-07"), periodEnd: day("2024-11-06"),
            approvedOn: day("2024-12-10"), copySentOn: day("2025-01-15")), h.caller)
        // An edit is checked by the same rule, inside the store's transaction.
        try await h.refused(ValidationError.self) {
            _ = try await h.service.biennial.edit(ok.id!, h.caller) { $0.approvedOn = nil }
        }
    }

    @Test func activitiesAreCheckedAgainstTheirAgreementBeforeAnythingIsWritten() async throws {
        let h = try await Harness()
        let base = Activity(agreementID: Harness.poleEmploi, title: "Vidéoconférence", start: day("2025-02-03"), domains: ["4"],
                            parties: ["gouvernement-quebec", "pole-emploi"])
        for change in [{ (a: inout Activity) in a.domains = ["9"] }, { $0.end = day("2025-01-01") },
                       { $0.costs = [Cost(amountMinor: -100, currency: "CAD", party: "pole-emploi")] },
                       { $0.parties = ["gouvernement-ontario"] }] {
            var bad = base
            change(&bad)
            try await h.refused(ValidationError.self) { _ = try await h.service.activities.add(bad, h.caller) }
        }
        try await h.refused(ServiceError.self) {
            var other = base
            other.agreementID = "nope"
            _ = try await h.service.activities.add(other, h.caller)
        }
        let added = try await h.service.activities.add(base, h.caller)
        try await h.refused(ValidationError.self) {
            _ = try await h.service.activities.edit(added.id!, h.caller) { $0.end = day("2020-01-01") }
        }
        _ = try await h.service.activities.cancel(added.id!, reason: "reportée", h.caller)
        try await h.refused(ServiceError.self) { _ = try await h.service.activities.cancel(added.id!, reason: nil, h.caller) }
        let log = try await h.service.history.entries(AuditQuery(entity: "activity", entityID: added.id!), h.caller)
        #expect(log.map(\.action) == ["cancel", "add"])
        #expect(log.allSatisfy { $0.user == "marie" })
    }

    @Test func aCSVImportWithOneBadRowWritesNothingAndNamesItsCSVLine() async throws {
        let h = try await Harness()
        // The refused row is the second activity, on CSV line 4 (a quoted line break before it).
        let csv = "title,start,domains\r\n\"A\r\nsuite\",2025-01-10,1\r\nB,2025-01-11,42\r\n"
        let e = try await h.refused(CSVError.self) { _ = try await h.service.activities.importCSV(csv, into: Harness.poleEmploi, h.caller) }
        #expect(e.line == 4 && e.column == "domains")
        #expect(e.message(.en).hasPrefix("CSV, line 4, column 'domains': ") && e.message(.en).contains("42"))
        #expect(e.message(.fr).hasPrefix("CSV, ligne 4, colonne « domains » : "))
        let excel = try await h.service.activities.importCSV(Array("\u{FEFF}title;start;costs\r\nA;11/03/2025;1 250,50 CAD pole-emploi\r\n".utf8),
                                                              into: Harness.poleEmploi, h.caller)
        #expect(excel.activities.first?.start == CivilDate(iso: "2025-03-11"))
        #expect(excel.activities.first?.costs.first?.amountMinor == 125_050)
        #expect(excel.reading.dialect == .frenchExcel)
        let ok = try await h.service.activities.importCSV("title,start,domains\r\nA,2025-01-10,1\r\n", into: Harness.poleEmploi, h.caller)
        #expect(ok.map(\.title) == ["A"])
        #expect(try await h.service.activities.exportCSV(Harness.poleEmploi, h.caller).contains("\r\n"))
    }

    @Test func theNoticeCalculatorAnswersBothWaysAndARecordedNoticeFollowsTheRules() async throws {
        let h = try await Harness()
        let earliest = try await h.service.notices.earliestEnd(Harness.poleEmploi, noticeGivenOn: day("2025-08-31"), h.caller)
        #expect(earliest.earliestTermination == day("2026-02-28"))
        let latest = try await h.service.notices.latestNotice(Harness.poleEmploi, toTerminateOn: day("2026-02-28"), h.caller)
        #expect(latest.latestNoticeDate == day("2025-08-31"))
        try await h.refused(ValidationError.self) {
            _ = try await h.service.notices.record(Harness.poleEmploi, party: "gouvernement-ontario", sentOn: day("2026-01-10"),
                                                   receivedOn: nil, requestedEnd: nil, h.caller)
        }
        try await h.refused(ValidationError.self) {
            _ = try await h.service.notices.record(Harness.poleEmploi, party: "pole-emploi", sentOn: day("2026-01-10"),
                                                   receivedOn: nil, requestedEnd: day("2026-03-01"), h.caller)
        }
        let r = try await h.service.notices.record(Harness.poleEmploi, party: "pole-emploi", sentOn: day("2026-01-10"),
                                                   receivedOn: day("2026-01-12"), requestedEnd: nil, h.caller)
        #expect(r.notice.effectiveEnd == day("2026-07-10"))
        let view = try await h.service.agreements.show(Harness.poleEmploi, h.caller)
        #expect(view.state == .terminated) // ended 2026-07-10, before the caller's day
    }

    @Test func theDashboardAndDeadlinesComeFromTheSameRules() async throws {
        let h = try await Harness()
        let rows = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], h.caller)
        #expect(rows.map(\.agreement.id) == [Harness.ontario, Harness.poleEmploi])
        let pe = try #require(rows.last)
        #expect(pe.deadlines.contains { $0.kind == .firstJointCommitteeMeeting && $0.due == day("2024-11-07") })
        #expect(pe.earliestEnd == day("2027-05-29"))
        let list = try await h.service.deadlines.list(agreement: Harness.poleEmploi, leadTimes: [90, 30, 7], h.caller)
        #expect(list.deadlines.map(\.due) == list.deadlines.map(\.due).sorted())
        #expect(list.deadlines.contains { $0.kind == .biennialActionPlan })
        await #expect(throws: ServiceError.self) { _ = try await h.service.deadlines.list(agreement: "nope", leadTimes: [7], h.caller) }
    }

    @Test func eachCallIsAuditedUnderItsOwnCallerOnOneStore() async throws {
        let h = try await Harness()
        let paris = Caller(user: ActingUser("luc"), lang: .en, asOf: h.caller.asOf)
        let a = Activity(agreementID: Harness.poleEmploi, title: "Mission", start: day("2025-03-03"))
        async let one = h.service.activities.add(a, h.caller)
        async let two = h.service.activities.add(a, paris)
        let (x, y) = try await (one, two)
        #expect(try await h.service.history.entries(AuditQuery(entity: "activity", entityID: x.id!), h.caller).first?.user == "marie")
        #expect(try await h.service.history.entries(AuditQuery(entity: "activity", entityID: y.id!), h.caller).first?.user == "luc")
        #expect(try await h.service.history.entries(AuditQuery(entity: "agreement", limit: 10), h.caller).allSatisfy { $0.user == "marie" })
    }

    @Test func closedMinutesAreCorrectedByANewEntryAndAMeetingApprovesAPlan() async throws {
        let h = try await Harness()
        let plan = try await h.service.plans.create(ActionPlan(agreementID: Harness.poleEmploi, periodStart: day("2024-11-07"),
                                                               periodEnd: day("2026-11-06")), h.caller)
        _ = try await h.service.plans.addItem(to: plan.id!, PlanItem(title: "Forum", domains: ["1"]), h.caller)
        try await h.refused(ValidationError.self) {
            _ = try await h.service.plans.addItem(to: plan.id!, PlanItem(title: "Hors domaine", domains: ["99"]), h.caller)
        }
        let m = try await h.service.meetings.add(Meeting(agreementID: Harness.poleEmploi, body: "comite-mixte", date: day("2024-10-01"),
                                                         approvedPlanID: plan.id), h.caller)
        #expect(try await h.service.plans.list(Harness.poleEmploi, h.caller).first?.status == .approved)
        _ = try await h.service.meetings.close(m.id!, h.caller)
        try await h.refused(StoreError.self) { _ = try await h.service.meetings.edit(m.id!, h.caller) { $0.agenda = ["x"] } }
        let fix = try await h.service.meetings.add(Meeting(agreementID: Harness.poleEmploi, body: "comite-mixte", date: day("2024-10-01"),
                                                           corrects: m.id), h.caller)
        #expect(fix.corrects == m.id)
    }

    @Test func theSampleLogGoesThroughTheSameOperationsAsAPerson() async throws {
        let h = try await Harness()
        let n = try await h.service.maintenance.loadSample(h.caller)
        #expect(n == SampleLog.quebecPoleEmploi().count + SampleLog.quebecOntario().count)
        let plans = try await h.service.plans.list(Harness.poleEmploi, h.caller)
        #expect(plans.count == 2 && plans.allSatisfy { $0.status == .approved })
        #expect(try await h.service.activities.list(ActivityFilter(agreementID: Harness.poleEmploi), h.caller).contains { $0.planItemID != nil })
        #expect(try await h.service.maintenance.check(h.caller).ok)
    }

    @Test func reportsTakeTheirInputsAndDefaultsFromTheService() async throws {
        let h = try await Harness()
        _ = try await h.service.maintenance.loadSample(h.caller)
        let input = try await h.service.reports.input(ReportRequest(kind: .biennial, agreementID: Harness.poleEmploi, format: .html), h.caller)
        #expect(input.from == day("2024-11-30") && input.to == day("2026-11-29"))
        let html = try await h.service.reports.render(ReportRequest(kind: .biennial, agreementID: Harness.poleEmploi, from: day("2023-01-01"),
                                                                    to: day("2026-11-29"), format: .html), h.caller)
        #expect(html.contains("<html"))
        try await h.refused(ServiceError.self) {
            _ = try await h.service.reports.render(ReportRequest(kind: .biennial, agreementID: Harness.poleEmploi, from: day("2026-01-01"),
                                                                 to: day("2025-01-01"), format: .markdown), h.caller)
        }
        try await h.refused(ServiceError.self) {
            _ = try await h.service.reports.render(ReportRequest(kind: .progress, agreementID: Harness.ontario, format: .markdown, meetingID: 9999), h.caller)
        }
    }
}
