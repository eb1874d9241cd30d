import EntenteCore
@testable import EntenteStore
import Foundation
import GRDB
import Testing

func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }

/// A fresh workspace database in a temporary folder, with one agreement imported.
func freshWorkspace(user: String = "tester") throws -> Workspace {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-store-\(UUID().uuidString)")
    let ws = try Workspace(path: dir.appendingPathComponent(".entente/entente.sqlite").path, user: user)
    _ = try ws.importAgreement(agreement, xml: "<akomaNtoso>v1</akomaNtoso>", file: "agreements/a.xml", warnings: [])
    return ws
}

let agreement = Agreement(
    id: "quebec-pole-emploi-2022",
    parties: [Party(id: "gouvernement-quebec", name: "Gouvernement du Québec"),
              Party(id: "pole-emploi", name: "Pôle emploi", laterNames: [PartyName(name: "France Travail", from: day("2024-01-01"))])],
    domains: (1...7).map { Domain(eId: "d\($0)", num: "\($0)", printedNum: nil, heading: nil, text: "domaine \($0)") },
    meansOfAction: (1...5).map { MeansOfAction(eId: "m\($0)", num: "\($0)", text: "moyen \($0)") },
    bodies: [Body(id: "comite-mixte", kind: .jointCommittee, name: "Comité mixte"),
             Body(id: "groupes-travail", kind: .workingGroup, name: "Groupes de travail")])

func activity(_ title: String = "Vidéoconférence", _ change: (inout Activity) -> Void = { _ in }) -> Activity {
    var a = Activity(agreementID: agreement.id, title: title, start: day("2025-02-03"), domains: ["4"], parties: ["gouvernement-quebec", "pole-emploi"])
    change(&a)
    return a
}

/// Every row of every table: proof that a refused command changed nothing.
func dump(_ ws: Workspace) throws -> String {
    try ws.read { d in
        var out = ""
        for t in try String.fetchAll(d, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            for r in try Row.fetchAll(d, sql: "SELECT * FROM \"\(t)\" ORDER BY rowid") { out += "\(t) \(r)\n" }
        }
        return out
    }
}

@Suite struct StoreTests {
    @Test func migrationsCreateTheSchemaAndReopenCleanly() throws {
        let ws = try freshWorkspace()
        let check = try ws.check()
        #expect(check.ok)
        #expect(check.migrations == ["v1", "v2-agreement-summary", "v3-activity-by-start", "v4-latest-summary", "v5-approval-keys-and-statuses", "v6-entry-into-force-events", "v7-people", "v8-pages-closed-minutes"])
        // Summaries keep what dashboards need and drop the text-heavy parts.
        let summary = try #require(try ws.agreements(summaries: true).first?.agreement)
        #expect(summary.domains.isEmpty && summary.parties.count == 2)
        #expect(try ws.agreements().first?.agreement.domains.count == 7)
        // The fast reader gives exactly what JSONDecoder gives.
        #expect(summary == agreement.summary)
        let again = try Workspace(path: ws.path, user: "other")
        #expect(try again.agreements().map(\.agreement.id) == [agreement.id])
    }

    @Test func reimportingTheSameTextChangesNothingAndANewTextIsAVersion() throws {
        let ws = try freshWorkspace()
        let before = try dump(ws)
        #expect(try ws.importAgreement(agreement, xml: "<akomaNtoso>v1</akomaNtoso>", file: "agreements/a.xml", warnings: []) == .unchanged)
        #expect(try dump(ws) == before)
        var changed = agreement
        changed.domains.append(Domain(eId: "d8", num: "8", printedNum: nil, heading: nil, text: "domaine 8"))
        #expect(try ws.importAgreement(changed, xml: "<akomaNtoso>v2</akomaNtoso>", file: "agreements/a.xml", warnings: []) == .newVersion(2))
        #expect(try ws.text(id: agreement.id, version: 1) == "<akomaNtoso>v1</akomaNtoso>")
        #expect(try ws.text(id: agreement.id, version: nil) == "<akomaNtoso>v2</akomaNtoso>")
        #expect(try ws.agreement(id: agreement.id)?.agreement.domains.count == 8)
        #expect(try ws.agreement(id: agreement.id, version: 1)?.agreement.domains.count == 7)
        #expect(try ws.versions(id: agreement.id) == [1, 2])
    }

    @Test func rejectedInputsLeaveTheDatabaseIdentical() throws {
        // What an activity may contain is Core's rule, checked by the service
        // (EntenteServiceTests); the store refuses what only it knows, and writes nothing then.
        let ws = try freshWorkspace()
        _ = try ws.addActivity(activity())
        let before = try dump(ws)
        #expect(throws: StoreError.self) { try ws.addActivity(activity { $0.agreementID = "nope" }) }
        #expect(throws: StoreError.self) { try ws.addActivity(activity { $0.planItemID = 42 }) }
        // A batch with one bad row is refused whole, naming the row.
        let e = try #require(throws: StoreError.self) {
            try ws.addActivities([activity("ok 1"), activity("ok 2"), activity("bad") { $0.planItemID = 42 }])
        }
        #expect(e.message(.en).contains("Row 3"))
        #expect(throws: ValidationError.self) {
            try ws.updateActivity(id: 1) { a, agreement in
                a.end = day("2020-01-01")
                try RecordValidator.validate(a, against: agreement)
            }
        }
        #expect(throws: StoreError.self) { try ws.updateActivity(id: 999) { $0.title = "x" } }
        #expect(try dump(ws) == before)
    }

    @Test func everyChangeIsAuditedWithBeforeAndAfter() throws {
        let ws = try freshWorkspace(user: "marie")
        let a = try ws.addActivity(activity())
        _ = try ws.updateActivity(id: a.id!) { $0.title = "Vidéoconférence sur l'IA" }
        _ = try ws.updateActivity(id: a.id!) { $0.status = .cancelled }
        let log = try ws.auditLog(entity: "activity", id: a.id!)
        #expect(log.map(\.action) == ["cancel", "edit", "add"])
        #expect(log.allSatisfy { $0.user == "marie" })
        let edit = log[1]
        #expect(edit.before?.contains("\"Vidéoconférence\"") == true)
        #expect(edit.after?.contains("Vidéoconférence sur l'IA") == true)
        #expect(log[0].after?.contains("cancelled") == true)
        // Cancelled, never deleted.
        #expect(try ws.activity(id: a.id!)?.status == .cancelled)
        #expect(try ws.auditLog(entity: "agreement").count == 1)
    }

    @Test func theAuditLogAndActivitiesCannotBeErased() throws {
        let ws = try freshWorkspace()
        _ = try ws.addActivity(activity())
        #expect(throws: (any Error).self) { try ws.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(throws: (any Error).self) { try ws.write { try $0.execute(sql: "UPDATE audit SET user = 'x'") } }
        #expect(throws: (any Error).self) { try ws.write { try $0.execute(sql: "DELETE FROM activity") } }
        #expect(try ws.auditLog(limit: 100).count == 2)
    }

    @Test func closedMinutesAreCorrectedNotEdited() throws {
        let ws = try freshWorkspace()
        let m = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12"),
                                          decisions: [Decision(text: "Plan approuvé")]))
        _ = try ws.updateMeeting(id: m.id!) { $0.agenda = ["Plan 2025-2026"] }
        _ = try ws.closeMinutes(id: m.id!)
        let before = try dump(ws)
        do {
            _ = try ws.updateMeeting(id: m.id!) { $0.decisions = [] }
            Issue.record("closed minutes were edited")
        } catch let e as StoreError {
            #expect(e.message(.en).contains("--corrects \(m.id!)"))
        }
        #expect(try dump(ws) == before)
        let fix = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12"),
                                            decisions: [Decision(text: "Plan approuvé avec modifications")], corrects: m.id))
        #expect(fix.corrects == m.id)
        #expect(try ws.auditLog(entity: "meeting", id: fix.id!).first?.action == "correct")
    }

    @Test func aMeetingApprovesAPlan() throws {
        let ws = try freshWorkspace()
        let plan = try ws.addPlan(ActionPlan(agreementID: agreement.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"),
                                             items: [PlanItem(title: "Jumelage", domains: ["7"], leadParty: "pole-emploi")]))
        _ = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12"), approvedPlanID: plan.id))
        let stored = try ws.history(agreementID: agreement.id).plans.first
        #expect(stored?.status == .approved)
        #expect(stored?.approvedOn == day("2025-03-12"))
        #expect(throws: (any Error).self) { try ws.approvePlan(id: plan.id!, on: day("2025-04-01"), meetingID: nil) }
        let item = try ws.updatePlanItem(id: plan.items[0].id!) { $0.progress = 60 }
        #expect(item.progress == 60)
    }

    @Test func eightWritersAtOnceLoseNothing() async throws {
        let first = try freshWorkspace()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    let ws = try Workspace(path: first.path, user: "writer\(w)") // its own connection
                    for i in 0..<50 { _ = try ws.addActivity(activity("w\(w)-\(i)")) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.activities(ActivityFilter(agreementID: agreement.id)).count == 400)
        #expect(try first.auditLog(entity: "activity", limit: 1000).count == 400)
    }

    @Test func filtersByDomainPartyStatusAndPeriod() throws {
        let ws = try freshWorkspace()
        _ = try ws.addActivities([
            activity("a") { $0.domains = ["4"]; $0.start = day("2024-01-10"); $0.status = .done },
            activity("b") { $0.domains = ["5"]; $0.start = day("2025-06-01"); $0.end = day("2025-09-01"); $0.parties = ["pole-emploi"] },
            activity("c") { $0.domains = ["4", "6"]; $0.start = day("2026-01-01") },
        ])
        func titles(_ change: (inout ActivityFilter) -> Void) throws -> [String] {
            var f = ActivityFilter(agreementID: agreement.id)
            change(&f)
            return try ws.activities(f).map(\.title)
        }
        #expect(try titles { $0.domain = "4" } == ["a", "c"])
        #expect(try titles { $0.status = .done } == ["a"])
        #expect(try titles { $0.party = "gouvernement-quebec" } == ["a", "c"])
        #expect(try titles { $0.from = day("2025-08-01"); $0.to = day("2025-12-31") } == ["b"])
    }

    @Test func activitiesReadBackExactly() throws {
        let ws = try freshWorkspace()
        let a = try ws.addActivity(activity("Mission") {
            $0.participants = [Participant(name: "Marie", party: "gouvernement-quebec", role: "analyste"), Participant(name: "Luc", party: "pole-emploi")]
            $0.costs = [Cost(amountMinor: 845_000, currency: "CAD", party: "gouvernement-quebec", label: "Déplacements"),
                        Cost(amountMinor: 9_007_199_254_740_993, currency: "EUR", party: "pole-emploi")]
            $0.meansOfAction = ["4"]
            $0.end = day("2025-02-07")
            $0.outcomes = "Rapport"
        })
        #expect(try ws.activity(id: a.id!) == a)
        #expect(try ws.history(agreementID: agreement.id).activities == [a])
    }

    @Test func backupAndCheck() throws {
        let ws = try freshWorkspace()
        _ = try ws.addActivity(activity())
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString).sqlite").path
        try ws.backup(to: target)
        let copy = try Workspace(path: target, user: "x")
        #expect(try copy.activities(ActivityFilter()).count == 1)
        #expect(try copy.check().ok)
        #expect(throws: StoreError.self) { try ws.backup(to: target) }
    }

    @Test func amendmentsAddATextVersion() throws {
        let ws = try freshWorkspace()
        let am = try ws.addAmendment(Amendment(agreementID: agreement.id, signedOn: day("2026-05-01"), summary: "Ajout d'un domaine"),
                                     agreement: agreement, xml: "<akomaNtoso>v2</akomaNtoso>", file: "amend.xml", warnings: [])
        #expect(am.textVersion == 2)
        #expect(try ws.text(id: agreement.id, version: 1) == "<akomaNtoso>v1</akomaNtoso>")
        #expect(try ws.history(agreementID: agreement.id).amendments.count == 1)
    }
}

@Suite struct SummaryReaderTests {
    @Test func readsEveryTrackedFactLikeJSONDecoder() throws {
        var rich = agreement
        rich.titles = [AgreementTitle(language: .fr, text: "Entente"), AgreementTitle(language: .en, text: "Agreement", official: false)]
        rich.language = .fr
        rich.languageCode = "fra"
        rich.shortTitle = "Entente emploi"
        rich.referenceNumber = "quebec-pole-emploi"
        rich.signatures = [Signature(party: "pole-emploi", signatory: "Jean Bassères", role: "Directeur général", place: "Paris", date: day("2022-11-07"), basis: .text),
                           Signature(party: "gouvernement-quebec", signatory: nil, role: nil, place: nil, date: nil, basis: .external, sourceNote: "source")]
        rich.entryIntoForce = EntryIntoForce(rule: .lastSignature, date: day("2022-11-07"), source: ProvisionRef(eId: "art_9__para_1", num: "9"))
        rich.duration = "indefinite"
        rich.notice = NoticeClause(period: Period(6, .month), written: true, minimum: true, source: ProvisionRef(eId: "art_9__para_1", num: "9"), basis: .text, quote: "six (6) mois")
        rich.onNotice = .completeOngoingJointProjects
        rich.bodies = [Body(id: "comite-mixte", kind: .jointCommittee, name: "Comité mixte", firstMeetingWithin: Period(2, .year), firstMeetingFrom: .lastSignature,
                            firstMeetingAlternative: .firstSignature, coordinatorsPerParty: 1, source: ProvisionRef(eId: "art_4__para_1", num: "4")),
                       Body(id: "cc", kind: .coordinationCommittee, name: "CC", external: true, cadence: Period(6, .month))]
        rich.obligations = [Obligation(kind: .progressReport, triggers: [.beforeEachMeeting, .onRequest], by: "rep", to: "cc", copyTo: "X", source: ProvisionRef(eId: "a"))]
        rich.costRule = .ownParticipants
        rich.amendmentsInWriting = ProvisionRef(eId: "art_8__para_1", num: "8")
        let json = String(decoding: try JSONEncoder().encode(rich.summary), as: UTF8.self)
        #expect(AgreementJSON.decode(json) == rich.summary)
        #expect(AgreementJSON.decode("{\"id\": 3}") == nil)
    }
}
