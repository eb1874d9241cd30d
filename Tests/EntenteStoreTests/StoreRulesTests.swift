import EntenteCore
@testable import EntenteStore
import Foundation
import GRDB
import Testing

/// A second agreement, so records can be linked across agreements (and refused).
let ontario = Agreement(
    id: "quebec-ontario-2008",
    parties: [Party(id: "gouvernement-quebec", name: "Gouvernement du Québec"),
              Party(id: "gouvernement-ontario", name: "Gouvernement de l'Ontario")],
    domains: (1...3).map { Domain(eId: "d\($0)", num: "\($0)", printedNum: nil, heading: nil, text: "domaine \($0)") },
    bodies: [Body(id: "comite-mixte", kind: .jointCommittee, name: "Comité mixte")])

func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("entente-store-\(UUID().uuidString)/.entente/entente.sqlite").path
}

/// Runs `body`, which must be refused with an error of type `E`, and checks the database is unchanged.
@discardableResult
func expectRefused<E: UserFacingError>(_ type: E.Type, _ ws: Workspace, sourceLocation: SourceLocation = #_sourceLocation,
                                       _ body: () throws -> Void) throws -> E? {
    let before = try dump(ws)
    var caught: E?
    do {
        try body()
        Issue.record("accepted an input that should be refused", sourceLocation: sourceLocation)
    } catch let e as E {
        caught = e
        #expect(!e.message(.fr).isEmpty && e.message(.fr) != e.message(.en), sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
    #expect(try dump(ws) == before, "a refused input changed the database", sourceLocation: sourceLocation)
    return caught
}

@Suite struct StoreRulesTests {
    @Test func eightWritersOpeningABrandNewWorkspaceAtOnceLoseNothing() async throws {
        // No one created the file first: all eight race to create and migrate it.
        let path = temporaryDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    let ws = try Workspace(path: path, user: "writer\(w)")
                    _ = try ws.importAgreement(agreement, xml: "<akomaNtoso>v1</akomaNtoso>", file: "agreements/a.xml", warnings: [])
                    for i in 0..<50 { _ = try ws.addActivity(activity("w\(w)-\(i)")) }
                }
            }
            try await group.waitForAll()
        }
        let ws = try Workspace(path: path, user: "reader")
        #expect(try ws.activities(ActivityFilter(agreementID: agreement.id)).count == 400)
        #expect(Set(try ws.activities(ActivityFilter()).map(\.title)).count == 400)
        // One text, imported once: the seven other imports saw it unchanged and wrote nothing.
        #expect(try ws.versions(id: agreement.id) == [1])
        #expect(try ws.auditLog(entity: "agreement", limit: 100).count == 1)
        let check = try ws.check()
        #expect(check.ok)
        #expect(check.migrations == ["v1", "v2-agreement-summary", "v3-activity-by-start", "v4-latest-summary", "v5-approval-keys-and-statuses", "v6-entry-into-force-events", "v7-people", "v8-pages-closed-minutes"])
    }

    @Test func anOlderWorkspaceIsMigratedOnOpeningAndKeepsItsRecords() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            // A workspace written by the version that stopped at v2.
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v2-agreement-summary")
            try old.write { d in
                try d.execute(sql: "INSERT INTO agreement (id, latest_version) VALUES ('x', 1)")
                try d.execute(sql: """
                    INSERT INTO agreement_version (agreement_id, version, xml, model_json, file, warnings_json, imported_at)
                    VALUES ('x', 1, '<a/>', ?, 'x.xml', '[]', '2025-01-01T00:00:00.000Z')
                    """, arguments: [Rows.json(Agreement(id: "x"))])
                try d.execute(sql: """
                    INSERT INTO activity (agreement_id, title, start, status, domains_json, means_json, parties_json, participants_json, costs_json)
                    VALUES ('x', 'Ancienne', '2024-05-06', 'done', '[]', '[]', '[]', '[{"name":"Ève","party":"p"}]', '[]')
                    """)
            }
        }
        let ws = try Workspace(path: path, user: "u")
        #expect(try ws.check().migrations == ["v1", "v2-agreement-summary", "v3-activity-by-start", "v4-latest-summary", "v5-approval-keys-and-statuses", "v6-entry-into-force-events", "v7-people", "v8-pages-closed-minutes"])
        // Its agreement is listed from the summary table the migration filled.
        #expect(try ws.agreements(summaries: true).map(\.agreement.id) == ["x"])
        #expect(try ws.agreements(summaries: true).first?.file == "x.xml")
        let a = try #require(try ws.activities(ActivityFilter(agreementID: "x")).first)
        #expect(a.title == "Ancienne" && a.participants == [Participant(name: "Ève", party: "p")] && a.status == .done)
        #expect(try Workspace(path: path, user: "u").check().ok)
    }

    @Test func refusedApprovalsEditsAndBackupsChangeNothing() throws {
        let ws = try freshWorkspace()
        let plan = try ws.addPlan(ActionPlan(agreementID: agreement.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31")))
        _ = try ws.approvePlan(id: plan.id!, on: day("2025-03-12"), meetingID: nil)
        let twice = try expectRefused(StoreError.self, ws) { _ = try ws.approvePlan(id: plan.id!, on: day("2025-04-01"), meetingID: nil) }
        #expect(twice?.message(.en).contains("#\(plan.id!)") == true)

        try expectRefused(StoreError.self, ws) { _ = try ws.updateActivity(id: 999) { $0.status = .cancelled } }

        // A backup never overwrites: neither the database nor the existing file changes.
        let existing = FileManager.default.temporaryDirectory.appendingPathComponent("existing-\(UUID().uuidString).sqlite").path
        try Data("précieux".utf8).write(to: URL(fileURLWithPath: existing))
        let e = try expectRefused(StoreError.self, ws) { try ws.backup(to: existing) }
        #expect(e?.message(.fr).contains(existing) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("précieux".utf8))
    }

    @Test func recordsOnlyReferToRecordsOfTheirOwnAgreement() throws {
        let ws = try freshWorkspace()
        _ = try ws.importAgreement(ontario, xml: "<akomaNtoso>on</akomaNtoso>", file: "agreements/on.xml", warnings: [])
        let onPlan = try ws.addPlan(ActionPlan(agreementID: ontario.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"),
                                               items: [PlanItem(title: "Échanges", domains: ["2"])]))
        let onMeeting = try ws.addMeeting(Meeting(agreementID: ontario.id, body: "comite-mixte", date: day("2025-05-01")))
        let onRequest = try ws.addProgressRequest(ProgressReportRequest(agreementID: ontario.id, body: "comite-mixte",
                                                                        requestedOn: day("2025-05-01"), due: day("2025-06-01")))
        let mine = try ws.addActivity(activity())

        try expectRefused(StoreError.self, ws) { _ = try ws.addActivity(activity { $0.planItemID = onPlan.items[0].id }) }
        try expectRefused(StoreError.self, ws) { _ = try ws.addActivity(activity { $0.planItemID = 999 }) }
        try expectRefused(StoreError.self, ws) { _ = try ws.updateActivity(id: mine.id!) { $0.planItemID = onPlan.items[0].id } }
        let other = try expectRefused(StoreError.self, ws) {
            _ = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-06-01"), approvedPlanID: onPlan.id))
        }
        #expect(other?.message(.en).contains(ontario.id) == true)
        try expectRefused(StoreError.self, ws) {
            _ = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-06-01"), corrects: onMeeting.id))
        }
        try expectRefused(StoreError.self, ws) { _ = try ws.approvePlan(id: onPlan.id!, on: day("2025-06-01"), meetingID: 999) }
        try expectRefused(StoreError.self, ws) {
            _ = try ws.addProgressReport(ProgressReport(agreementID: agreement.id, body: "comite-mixte", submittedOn: day("2025-06-01"),
                                                        meetingID: onMeeting.id))
        }
        try expectRefused(StoreError.self, ws) {
            _ = try ws.addProgressReport(ProgressReport(agreementID: agreement.id, body: "comite-mixte", submittedOn: day("2025-06-01"),
                                                        requestID: onRequest.id))
        }
        #expect(try ws.history(agreementID: ontario.id).plans.first?.status == .draft)
    }

    @Test func aBadBatchRowIsNamedWhateverItsFault() throws {
        let ws = try freshWorkspace()
        let batch = [activity("ok"), activity("lien") { $0.planItemID = 77 }, activity("ok 2")]
        let e = try expectRefused(StoreError.self, ws) { _ = try ws.addActivities(batch) }
        #expect(e?.message(.en).hasPrefix("Row 2: plan-item:") == true)
        #expect(e?.message(.fr).hasPrefix("Ligne 2 : plan-item :") == true)
        let unknown = try expectRefused(StoreError.self, ws) { _ = try ws.addActivities([activity(), activity { $0.agreementID = "x" }]) }
        #expect(unknown?.message(.en).contains("Row 2: agreement:") == true)
        #expect(try ws.addActivities(batch.filter { $0.planItemID == nil }).map(\.title) == ["ok", "ok 2"])
    }

    @Test func notices() throws {
        // What a notice may say is Core's rule, applied by the service (EntenteServiceTests);
        // the store refuses only what it alone knows.
        let ws = try freshWorkspace()
        try expectRefused(StoreError.self, ws) {
            _ = try ws.addNotice(TerminationNotice(agreementID: "nope", party: "pole-emploi", sentOn: day("2026-01-10"), effectiveEnd: day("2026-07-10")))
        }
        let n = try ws.addNotice(TerminationNotice(agreementID: agreement.id, party: "pole-emploi", sentOn: day("2026-01-10"),
                                                   receivedOn: day("2026-01-12"), effectiveEnd: day("2026-07-12")))
        #expect(try ws.history(agreementID: agreement.id).notices == [n])
        #expect(try ws.auditLog(entity: "notice", id: n.id!).first?.after?.contains("2026-07-12") == true)
    }

    /// A stored date no reader can read (a notice once ended "10000-06-30") is an error that
    /// names the row and the column, never a crash and never read as no date.
    @Test func aStoredDateThatIsNotADateIsAnErrorNamingItsRow() throws {
        let ws = try freshWorkspace()
        let n = try ws.addNotice(TerminationNotice(agreementID: agreement.id, party: "pole-emploi", sentOn: day("2026-01-10"),
                                                   receivedOn: day("2026-01-12"), effectiveEnd: day("2026-07-12")))
        try ws.write { d in try d.execute(sql: "UPDATE termination_notice SET effective_end = '10000-06-30' WHERE id = ?", arguments: [n.id!]) }
        let e = try expectRefused(StoreError.self, ws) { _ = try ws.history(agreementID: agreement.id) }
        #expect(e?.message(.en) == "notice #\(n.id!) cannot be read from the database: column effective_end does not hold a YYYY-MM-DD date: '10000-06-30'. Run 'entente check' and restore a backup if needed.")
        try ws.write { d in try d.execute(sql: "UPDATE termination_notice SET effective_end = '2026-07-12', received_on = 'hier' WHERE id = ?", arguments: [n.id!]) }
        let optional = try expectRefused(StoreError.self, ws) { _ = try ws.history(agreementID: agreement.id) }
        #expect(optional?.message(.fr).contains("la colonne received_on ne contient pas une date AAAA-MM-JJ : « hier »") == true)
    }

    @Test func meetingEditsMayAddAnApprovalButNotWithdrawOne() throws {
        let ws = try freshWorkspace()
        let plan = try ws.addPlan(ActionPlan(agreementID: agreement.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31")))
        let report = try ws.addBiennialReport(BiennialReportRecord(agreementID: agreement.id, periodStart: day("2023-01-01"), periodEnd: day("2024-12-31")))
        let m = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12")))
        _ = try ws.updateMeeting(id: m.id!) { $0.approvedPlanID = plan.id; $0.approvedReportID = report.id }
        let h = try ws.history(agreementID: agreement.id)
        #expect(h.plans.first?.status == .approved && h.plans.first?.approvedAtMeeting == m.id && h.plans.first?.approvedOn == day("2025-03-12"))
        #expect(h.biennialReports.first?.approvedOn == day("2025-03-12"))
        #expect(h.meetings.first?.approvedPlanID == plan.id)
        try expectRefused(StoreError.self, ws) { _ = try ws.updateMeeting(id: m.id!) { $0.approvedPlanID = nil } }
        try expectRefused(StoreError.self, ws) { _ = try ws.updateMeeting(id: 999) { $0.agenda = ["x"] } }
        // Closing is its own audited action; afterwards only a correcting entry is accepted.
        _ = try ws.closeMinutes(id: m.id!)
        #expect(try ws.auditLog(entity: "meeting", id: m.id!).map(\.action) == ["close", "edit", "add"])
        try expectRefused(StoreError.self, ws) { _ = try ws.closeMinutes(id: m.id!) }
    }

    @Test func biennialReportEditsAreCheckedAndAudited() throws {
        let ws = try freshWorkspace(user: "luc")
        let r = try ws.addBiennialReport(BiennialReportRecord(agreementID: agreement.id, periodStart: day("2023-01-01"), periodEnd: day("2024-12-31")))
        let approved = try ws.updateBiennialReport(id: r.id!) { $0.approvedOn = day("2025-03-12") }
        // A change the rules refuse throws inside the transaction and leaves the record as it was.
        try expectRefused(ValidationError.self, ws) {
            _ = try ws.updateBiennialReport(id: r.id!) { r, a in
                r.copySentOn = day("2025-03-01")
                try RecordValidator.validate(r, against: a)
            }
        }
        try expectRefused(StoreError.self, ws) { _ = try ws.updateBiennialReport(id: 999) { $0.copySentOn = day("2025-03-01") } }
        let sent = try ws.updateBiennialReport(id: r.id!) { $0.copySentOn = day("2025-04-02") }
        #expect(try ws.history(agreementID: agreement.id).biennialReports == [sent])
        let log = try ws.auditLog(entity: "biennial-report", id: r.id!)
        #expect(log.map(\.action) == ["edit", "edit", "add"] && log.allSatisfy { $0.user == "luc" })
        #expect(log[1].before?.contains("approvedOn") == false && log[1].after?.contains("2025-03-12") == true)
        #expect(approved.approvedOn == day("2025-03-12"))
    }

    @Test func everyKindOfChangeLeavesItsAuditRow() throws {
        let ws = try freshWorkspace(user: "anne")
        var changed = agreement
        changed.meansOfAction.removeLast()
        _ = try ws.importAgreement(changed, xml: "<akomaNtoso>v2</akomaNtoso>", file: "agreements/a.xml", warnings: ["w"])
        let plan = try ws.addPlan(ActionPlan(agreementID: agreement.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"),
                                             items: [PlanItem(title: "Jumelage", domains: ["7"])]))
        let item = try ws.addPlanItem(planID: plan.id!, PlanItem(title: "Forum", domains: ["1"], leadParty: "pole-emploi"))
        _ = try ws.updatePlanItem(id: item.id!) { $0.progress = 40 }
        let m = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12"), approvedPlanID: plan.id))
        _ = try ws.closeMinutes(id: m.id!)
        _ = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12"), corrects: m.id))
        // Progress updates stay possible on an approved plan.
        _ = try ws.updatePlanItem(id: item.id!) { $0.progress = 80 }
        let req = try ws.addProgressRequest(ProgressReportRequest(agreementID: agreement.id, body: "comite-mixte", requestedOn: day("2025-05-01"), due: day("2025-06-01")))
        _ = try ws.addProgressReport(ProgressReport(agreementID: agreement.id, body: "comite-mixte", submittedOn: day("2025-05-20"), requestID: req.id))
        _ = try ws.addAmendment(Amendment(agreementID: agreement.id, signedOn: day("2026-05-01"), summary: "Avenant 1"),
                                agreement: agreement, xml: "<akomaNtoso>v3</akomaNtoso>", file: "avenant.xml", warnings: [])
        let log = try ws.auditLog(agreementID: agreement.id, limit: 100).reversed().map { "\($0.action) \($0.entityType)" }
        #expect(log == ["import agreement", "import agreement", "add plan", "add plan-item", "edit plan-item", "add meeting", "approve plan",
                        "close meeting", "correct meeting", "edit plan-item", "add progress-request", "add progress-report",
                        "amend agreement", "add amendment"])
        let all = try ws.auditLog(limit: 100)
        #expect(all.allSatisfy { $0.user == "anne" && $0.timestamp.hasSuffix("Z") && $0.timestamp.count == 24 })
        #expect(Set(all.map(\.id)).count == all.count && all.map(\.id) == all.map(\.id).sorted(by: >))
        #expect(try ws.auditLog(entity: "plan-item", id: item.id!, limit: 1).first?.after?.contains("\"progress\":80") == true)
        #expect(try ws.versions(id: agreement.id) == [1, 2, 3])
        #expect(try ws.text(id: agreement.id, version: 2) == "<akomaNtoso>v2</akomaNtoso>")
        #expect(try ws.agreement(id: agreement.id, version: 2)?.warnings == ["w"])
    }

    @Test func anActivityEditIsLoggedAsItsFullValuesBeforeAndAfter() throws {
        let ws = try freshWorkspace()
        let added = try ws.addActivity(activity("Atelier") { $0.costs = [Cost(amountMinor: 12_000, currency: "CAD", party: "gouvernement-quebec")] })
        let edited = try ws.updateActivity(id: added.id!) { $0.status = .done; $0.outcomes = "Compte rendu / \"final\"" }
        // An edit that changes nothing writes nothing.
        let before = try dump(ws)
        #expect(try ws.updateActivity(id: added.id!) { $0.status = .done } == edited)
        #expect(try dump(ws) == before)
        let log = try ws.auditLog(entity: "activity", id: added.id!)
        #expect(log.map(\.action) == ["edit", "add"])
        let decode = { (s: String?) in try JSONDecoder().decode(Activity.self, from: Data(try #require(s).utf8)) }
        #expect(try decode(log[1].after) == added && log[1].before == nil)
        #expect(try decode(log[0].before) == added)
        #expect(try decode(log[0].after) == edited)
        #expect(log[0].agreementID == agreement.id && log[0].entityID == String(added.id!))
    }

    @Test func storedTextsAndTheLogAreProtectedByTriggers() throws {
        let ws = try freshWorkspace()
        _ = try ws.addActivity(activity())
        let before = try dump(ws)
        for sql in ["UPDATE audit SET after_json = NULL", "DELETE FROM audit WHERE id = 1", "DELETE FROM activity",
                    "UPDATE agreement_version SET xml = 'forged'"] {
            do {
                try ws.write { try $0.execute(sql: sql) }
                Issue.record("\(sql) was allowed")
            } catch let e as StoreError {
                #expect(e.message(.en).contains("cannot be changed") || e.message(.en).contains("never"))
            }
        }
        #expect(try dump(ws) == before)
    }

    @Test func aBackupHasTheSameRecords() throws {
        let ws = try freshWorkspace()
        let plan = try ws.addPlan(ActionPlan(agreementID: agreement.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"),
                                             items: [PlanItem(title: "Jumelage", domains: ["7"])]))
        _ = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12"), approvedPlanID: plan.id))
        _ = try ws.addActivities((1...20).map { i in activity("n° \(i)") })
        let target = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ws.backup(to: target)
        let copy = try Workspace(path: target, user: "x")
        let original = try ws.check(), copied = try copy.check()
        #expect(copied.ok)
        #expect(copied.counts.map { "\($0.table)=\($0.rows)" } == original.counts.map { "\($0.table)=\($0.rows)" })
        #expect(try dump(copy) == dump(ws))
        #expect(original.describe(.fr).contains("Base de données saine.") && original.describe(.en).contains("Database is sound."))
    }

    @Test func syncStateIsRememberedPerFile() throws {
        let ws = try freshWorkspace()
        #expect(try ws.fileStamp(path: "agreements/a.xml") == nil)
        try ws.recordFileStamp(path: "agreements/a.xml", FileStamp(size: 1234, mtime: 1_700_000_000.5), agreementID: agreement.id)
        try ws.recordFileStamp(path: "agreements/a.xml", FileStamp(size: 1300, mtime: 1_700_000_100.25), agreementID: agreement.id)
        let s = try #require(try ws.fileStamp(path: "agreements/a.xml"))
        #expect(s.size == 1300 && s.mtime == 1_700_000_100.25)
    }

    @Test func importResultsSpeakBothLanguages() {
        let results: [ImportResult] = [.created, .unchanged, .newVersion(2)]
        #expect(results.map(\.code) == ["created", "unchanged", "new-version"])
        for r in results { #expect(r.describe(.fr) != r.describe(.en)) }
        #expect(ImportResult.newVersion(3).describe(.fr).contains("3"))
    }

    @Test func theSchemaRefusesUnknownStatusesAndApprovalsOfNothing() throws {
        let ws = try freshWorkspace()
        let m = try ws.addMeeting(Meeting(agreementID: agreement.id, body: "comite-mixte", date: day("2025-03-12")))
        let before = try dump(ws)
        for sql in ["UPDATE meeting SET approved_report_id = 999 WHERE id = \(m.id!)",
                    "UPDATE meeting SET approved_plan_id = 999 WHERE id = \(m.id!)",
                    "INSERT INTO action_plan (agreement_id, period_start, period_end, status) VALUES ('\(agreement.id)', '2025-01-01', '2026-12-31', 'maybe')",
                    "INSERT INTO action_plan (agreement_id, period_start, period_end, status, approved_meeting_id) VALUES ('\(agreement.id)', '2025-01-01', '2026-12-31', 'approved', 999)",
                    "INSERT INTO activity (agreement_id, title, start, status, domains_json, means_json, parties_json, participants_json, costs_json) VALUES ('\(agreement.id)', 't', '2025-01-01', 'postponed', '[]', '[]', '[]', '[]', '[]')"] {
            let e = try #require(throws: StoreError.self, "\(sql)") { try ws.write { try $0.execute(sql: sql) } }
            if case .database(let f) = e {
                #expect(f.kind == .constraint, "\(sql): \(f)")
                #expect(f.cause != nil)
            } else {
                Issue.record("\(sql): \(e)")
            }
        }
        #expect(try dump(ws) == before)
    }

    @Test func aStatusTheModelDoesNotKnowIsAnErrorNeverAGuess() throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            // Written by an older version, before the schema checked statuses.
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v4-latest-summary")
            try old.write { d in
                try d.execute(sql: "INSERT INTO agreement (id, latest_version) VALUES ('x', 1)")
                try d.execute(sql: """
                    INSERT INTO agreement_version (agreement_id, version, xml, model_json, file, warnings_json, imported_at)
                    VALUES ('x', 1, '<a/>', ?, 'x.xml', '[]', '2025-01-01T00:00:00.000Z')
                    """, arguments: [Rows.json(Agreement(id: "x"))])
                try d.execute(sql: """
                    INSERT INTO activity (agreement_id, title, start, status, domains_json, means_json, parties_json, participants_json, costs_json)
                    VALUES ('x', 'Reportée', '2024-05-06', 'postponed', '[]', '[]', '[]', '[]', '[]')
                    """)
            }
        }
        let ws = try Workspace(path: path, user: "u")
        let e = try #require(throws: StoreError.self) { try ws.activities(ActivityFilter(agreementID: "x")) }
        #expect(e.message(.en).contains("postponed") && e.message(.fr).contains("postponed"))
    }
}
