import EntenteCore
import EntenteStorage
import EntenteXML
import Foundation
import Testing

/// The conformance suite, written once against `AgreementStore` and run on every backend
/// (`SQLiteConformanceTests`, `PostgresConformanceTests`): what the protocol promises, each
/// refusal proved to leave the store exactly as it was (its whole `exportAll()` snapshot).
enum Conformance {
    enum Case: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case importAndVersions, activities, activityBatch, plans, meetingsAndClosedMinutes, meetingApprovals,
             reportsRequestsNotices, amendments, historyAndAuditLog, copyRoundTrip,
             people, tokens, sessions, failedSignIns, secretsNeverInClear, frenchOrder, changeMark
        var testDescription: String { rawValue }
    }

    static let ontario = "quebec-ontario-2008"
    static let poleEmploi = "quebec-pole-emploi-2022"
    static let marie = ActingUser("marie")
    static let paul = ActingUser("paul")

    static func run(_ c: Case, on backend: Backend) async throws {
        let fresh = try await Stores.fresh(backend)
        do {
            let s = fresh.store
            switch c {
            case .importAndVersions: try await importAndVersions(s)
            case .activities: try await activities(s)
            case .activityBatch: try await activityBatch(s)
            case .plans: try await plans(s)
            case .meetingsAndClosedMinutes: try await meetingsAndClosedMinutes(s)
            case .meetingApprovals: try await meetingApprovals(s)
            case .reportsRequestsNotices: try await reportsRequestsNotices(s)
            case .amendments: try await amendments(s)
            case .historyAndAuditLog: try await historyAndAuditLog(s)
            case .copyRoundTrip: try await copyRoundTrip(s, backend: backend)
            case .people: try await people(s)
            case .tokens: try await tokens(s)
            case .sessions: try await sessions(s)
            case .failedSignIns: try await failedSignIns(s)
            case .secretsNeverInClear: try await secretsNeverInClear(s)
            case .frenchOrder: try await frenchOrder(s)
            case .changeMark: try await changeMark(s)
            }
        } catch {
            await fresh.close()
            throw error
        }
        await fresh.close()
    }

    // MARK: - Fixtures

    static func parsed(_ id: String) throws -> AKNImport {
        try AKNImporter.importFile(path: Stores.packageRoot + "/agreements/\(id).xml")
    }

    /// Both real agreements, imported through the protocol.
    static func seeded(_ s: any AgreementStore) async throws {
        for id in [ontario, poleEmploi] {
            let r = try parsed(id)
            let result = try await s.importAgreement(s.prepare(r.agreement), xml: r.xml, file: "agreements/\(id).xml",
                                                     warnings: r.warnings.map { $0.formatted(file: id, .en) }, by: marie)
            #expect(result == .created)
        }
    }

    static func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    static func activity(_ agreement: String = ontario, _ title: String = "Échange d'information", start: String = "2025-03-10",
                         domains: [String] = ["2.1"], planItem: Int64? = nil) -> Activity {
        Activity(agreementID: agreement, title: title, description: "Rencontre « bilatérale »", start: day(start), end: day(start).adding(days: 2),
                 domains: domains, meansOfAction: ["rencontre"], parties: ["gouvernement-quebec"],
                 participants: [Participant(name: "Élise Tremblay", party: "gouvernement-ontario", role: "coordonnatrice")],
                 costs: [Cost(amountMinor: 125_050, currency: "CAD", party: "gouvernement-quebec", label: "déplacement")],
                 status: .planned, planItemID: planItem)
    }

    /// `body` must throw `E`, speak French and English, and leave the store as it was.
    @discardableResult
    static func refused<E: UserFacingError>(_ s: any AgreementStore, _ type: E.Type, sourceLocation: SourceLocation = #_sourceLocation,
                                            _ body: () async throws -> Void) async throws -> E {
        let before = try await s.exportAll()
        let e = try await #require(throws: E.self, sourceLocation: sourceLocation) { try await body() }
        #expect(!e.message(.fr).isEmpty && e.message(.fr) != e.message(.en), sourceLocation: sourceLocation)
        let after = try await s.exportAll()
        #expect(after == before, "a refused write changed the store", sourceLocation: sourceLocation)
        return e
    }

    /// The newest audit entries, oldest first.
    static func lastAudit(_ s: any AgreementStore, _ n: Int) async throws -> [AuditEntry] {
        try await s.auditLog(AuditQuery(limit: n)).reversed()
    }

    static func json<T: Encodable>(_ v: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! e.encode(v), as: UTF8.self)
    }

    // MARK: - Cases

    static func importAndVersions(_ s: any AgreementStore) async throws {
        #expect(try await s.agreementIDs().isEmpty)
        try await seeded(s)
        #expect(try await s.agreementIDs() == [ontario, poleEmploi])
        let r = try parsed(poleEmploi)
        // The same text again: nothing new, nothing audited.
        let auditBefore = try await s.auditLog(AuditQuery(limit: 100)).count
        #expect(try await s.importAgreement(s.prepare(r.agreement), xml: r.xml, file: "x.xml", warnings: [], by: marie) == .unchanged)
        #expect(try await s.auditLog(AuditQuery(limit: 100)).count == auditBefore)
        // A changed text becomes version 2; version 1 stays readable, byte for byte.
        let changed = r.xml.replacingOccurrences(of: "</akomaNtoso>", with: "<!-- v2 --></akomaNtoso>")
        #expect(changed != r.xml)
        #expect(try await s.importAgreement(s.prepare(r.agreement), xml: changed, file: "agreements/v2.xml", warnings: ["w"], by: paul) == .newVersion(2))
        #expect(try await s.versions(id: poleEmploi) == [1, 2])
        #expect(try await s.text(id: poleEmploi, version: 1) == r.xml)
        #expect(try await s.text(id: poleEmploi, version: nil) == changed)
        #expect(try await s.text(id: poleEmploi, version: 3) == nil)
        let latest = try #require(try await s.agreement(id: poleEmploi, version: nil))
        #expect(latest.version == 2 && latest.file == "agreements/v2.xml" && latest.warnings == ["w"])
        #expect(latest.agreement == r.agreement)
        let first = try #require(try await s.agreement(id: poleEmploi, version: 1))
        #expect(first.version == 1 && first.file == "agreements/\(poleEmploi).xml")
        #expect(try await s.agreement(id: "nope", version: nil) == nil)
        // Summaries: the latest version of each, sorted, without the long lists.
        let summaries = try await s.agreements(summaries: true)
        #expect(summaries.map(\.agreement.id) == [ontario, poleEmploi])
        #expect(summaries[1].version == 2)
        #expect(summaries[1].agreement == r.agreement.summary)
        let full = try await s.agreements(summaries: false)
        #expect(full[0].agreement == (try parsed(ontario)).agreement)
        #expect(full.allSatisfy { $0.importedAt.hasSuffix("Z") && $0.importedAt.count == 24 })
        // The audit entry of a new version: who, what, which.
        let entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.user == "paul" && entry.action == "import" && entry.entityType == "agreement")
        #expect(entry.entityID == "\(poleEmploi)@2" && entry.agreementID == poleEmploi)
        #expect(entry.before == nil && entry.after == #"{"file":"agreements/v2.xml","version":"2"}"#)
        // File stamps (bookkeeping, not audited).
        #expect(try await s.fileStamp(path: "agreements/a.xml") == nil)
        try await s.recordFileStamp(path: "agreements/a.xml", FileStamp(size: 12, mtime: 1_700_000_000.25), agreementID: ontario)
        try await s.recordFileStamp(path: "agreements/a.xml", FileStamp(size: 13, mtime: 1_700_000_001.5), agreementID: ontario)
        #expect(try await s.fileStamp(path: "agreements/a.xml") == FileStamp(size: 13, mtime: 1_700_000_001.5))
        #expect(try await s.auditLog(AuditQuery(limit: 100)).count == auditBefore + 1)
    }

    static func activities(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let a = try await s.addActivity(activity(), by: marie)
        let id = try #require(a.id)
        #expect(try await s.activity(id: id) == a)
        var entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "add" && entry.entityType == "activity" && entry.entityID == String(id) && entry.user == "marie")
        #expect(entry.before == nil && entry.after == json(a))

        let edited = try await s.updateActivity(id: id, by: paul) { x, agreement in
            #expect(agreement.id == ontario)
            x.title = "Échange d'information (révisé)"
            x.status = .underWay
            x.agreementID = "ignored" // the agreement of a record never changes
        }
        #expect(edited.agreementID == ontario && edited.status == .underWay)
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "edit" && entry.user == "paul" && entry.before == json(a) && entry.after == json(edited))

        // No change, no audit entry.
        let count = try await s.auditLog(AuditQuery(limit: 100)).count
        _ = try await s.updateActivity(id: id, by: paul) { _, _ in }
        #expect(try await s.auditLog(AuditQuery(limit: 100)).count == count)

        let cancelled = try await s.updateActivity(id: id, by: marie) { x, _ in x.status = .cancelled }
        #expect(try await lastAudit(s, 1).first?.action == "cancel")
        #expect(try await s.activity(id: id) == cancelled)

        // A change refused by the closure writes nothing.
        struct Refusal: UserFacingError { func message(_ l: Language) -> String { l == .fr ? "refusé" : "refused" } }
        try await refused(s, Refusal.self) { _ = try await s.updateActivity(id: id, by: marie) { x, _ in x.title = "x"; throw Refusal() } }
        try await refused(s, StoreError.self) { _ = try await s.updateActivity(id: 999_999, by: marie) { _, _ in } }
        let unknown = try await refused(s, StoreError.self) { _ = try await s.addActivity(activity("nope"), by: marie) }
        guard case .unknownAgreement(_, let known) = unknown else { Issue.record("\(unknown)"); return }
        #expect(known == [ontario, poleEmploi])
        try await refused(s, StoreError.self) { _ = try await s.addActivity(activity(planItem: 424_242), by: marie) }

        // Filters: agreement, status, period overlap, domain prefix, party.
        let b = try await s.addActivity(activity(poleEmploi, "Forum emploi", start: "2024-01-15", domains: ["3.2.1"]), by: marie)
        var c = activity(ontario, "Atelier", start: "2026-06-01", domains: ["2.10"])
        c.parties = ["gouvernement-ontario"]
        c.participants = []
        c.costs = []
        c = try await s.addActivity(c, by: marie)
        #expect(try await s.activities(ActivityFilter()).map(\.id) == [b.id, id, c.id]) // by start date
        #expect(try await s.activities(ActivityFilter(agreementID: poleEmploi)).map(\.id) == [b.id])
        var f = ActivityFilter()
        f.status = .cancelled
        #expect(try await s.activities(f).map(\.id) == [id])
        f = ActivityFilter()
        f.from = day("2025-03-12")
        f.to = day("2025-12-31")
        #expect(try await s.activities(f).map(\.id) == [id]) // ends on 2025-03-12: overlaps
        f = ActivityFilter()
        f.domain = "3.2"
        #expect(try await s.activities(f).map(\.id) == [b.id])
        f.domain = "2.1"
        #expect(try await s.activities(f).map(\.id) == [id]) // 2.10 is not below 2.1
        f = ActivityFilter()
        f.party = "gouvernement-ontario"
        #expect(try await s.activities(f).map(\.id) == [b.id, id, c.id]) // a participant's party counts
        f.party = "gouvernement-quebec"
        #expect(try await s.activities(f).map(\.id) == [b.id, id]) // a party, a cost's party
    }

    static func activityBatch(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let batch = try await s.addActivities([activity(), activity(poleEmploi, "Deux"), activity(ontario, "Trois")], by: paul)
        #expect(batch.count == 3)
        let ids = batch.compactMap(\.id)
        #expect(Set(ids).count == 3 && ids == ids.sorted())
        #expect(try await lastAudit(s, 3).map(\.entityID) == ids.map { String($0) })
        // All or none: the second row's agreement is unknown, nothing of the batch is stored.
        let e = try await refused(s, StoreError.self) {
            _ = try await s.addActivities([activity(), activity("nope"), activity()], by: paul)
        }
        guard case .row(2, "agreement", _) = e else { Issue.record("expected row 2: \(e)"); return }
    }

    static func plans(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let plan = try await s.addPlan(ActionPlan(agreementID: poleEmploi, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06"),
                                                  items: [PlanItem(title: "Mobilité", domains: ["1"], due: day("2025-06-30"), leadParty: "gouvernement-quebec")]),
                                       by: marie)
        let planID = try #require(plan.id)
        #expect(plan.status == .draft && plan.items.count == 1 && plan.items[0].id != nil)
        var entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "add" && entry.entityType == "plan" && entry.after == json(plan))

        let item = try await s.addPlanItem(planID: planID, PlanItem(title: "Veille", domains: ["2"], progress: 10), by: marie) { _, agreement in
            #expect(agreement.id == poleEmploi)
        }
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.entityType == "plan-item" && entry.action == "add" && entry.after == json(item))
        struct No: UserFacingError { func message(_ l: Language) -> String { l == .fr ? "non" : "no" } }
        try await refused(s, No.self) { _ = try await s.addPlanItem(planID: planID, PlanItem(title: "x", domains: []), by: marie) { _, _ in throw No() } }
        try await refused(s, StoreError.self) { _ = try await s.addPlanItem(planID: 777, PlanItem(title: "x", domains: []), by: marie) { _, _ in } }

        let progressed = try await s.updatePlanItem(id: item.id!, by: paul) { i, _ in i.progress = 60 }
        #expect(progressed.progress == 60)
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "edit" && entry.before == json(item) && entry.after == json(progressed))

        // An activity may carry out an item of its own agreement only.
        _ = try await s.addActivity(activity(poleEmploi, planItem: item.id), by: marie)
        let other = try await refused(s, StoreError.self) { _ = try await s.addActivity(activity(ontario, planItem: item.id), by: marie) }
        guard case .otherAgreement("plan-item", _, poleEmploi, ontario) = other else { Issue.record("\(other)"); return }

        let approved = try await s.approvePlan(id: planID, on: day("2024-11-07"), meetingID: nil, by: marie)
        #expect(approved.status == .approved && approved.approvedOn == day("2024-11-07"))
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "approve" && entry.entityType == "plan" && entry.after == json(approved))
        let again = try await refused(s, StoreError.self) { _ = try await s.approvePlan(id: planID, on: day("2024-12-01"), meetingID: nil, by: marie) }
        guard case .alreadyApproved(planID) = again else { Issue.record("\(again)"); return }
        // Progress stays possible on an approved plan.
        _ = try await s.updatePlanItem(id: item.id!, by: paul) { i, _ in i.progress = 100 }
        try await refused(s, StoreError.self) { _ = try await s.updatePlanItem(id: 31_337, by: paul) { _, _ in } }
    }

    static func meetingsAndClosedMinutes(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let m = try await s.addMeeting(Meeting(agreementID: ontario, body: "comite-coordination", date: day("2025-05-20"),
                                               agenda: ["Rapports d'étape"], attendees: [Participant(name: "A. Roy", party: "gouvernement-quebec")],
                                               decisions: []), by: marie)
        let id = try #require(m.id)
        var entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "add" && entry.entityType == "meeting" && entry.after == json(m))
        let edited = try await s.updateMeeting(id: id, by: paul) { x, _ in x.decisions = [Decision(text: "Adopté", activityIDs: [])] }
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "edit" && entry.before == json(m) && entry.after == json(edited))
        let closed = try await s.updateMeeting(id: id, by: paul) { x, _ in x.minutesClosed = true }
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "close" && entry.after == json(closed))
        let e = try await refused(s, StoreError.self) { _ = try await s.updateMeeting(id: id, by: marie) { x, _ in x.body = "autre" } }
        guard case .minutesClosed(id) = e else { Issue.record("\(e)"); return }
        // Corrected by a new entry, which refers to it.
        let correction = try await s.addMeeting(Meeting(agreementID: ontario, body: "comite-coordination", date: day("2025-05-20"),
                                                        agenda: [], attendees: [], decisions: [], corrects: id), by: marie)
        #expect(try await lastAudit(s, 1).first?.action == "correct")
        #expect(correction.corrects == id)
        try await refused(s, StoreError.self) {
            _ = try await s.addMeeting(Meeting(agreementID: poleEmploi, body: "x", date: day("2025-01-01"), agenda: [], attendees: [], decisions: [],
                                               corrects: id), by: marie)
        }
        try await refused(s, StoreError.self) { _ = try await s.updateMeeting(id: 4_040, by: marie) { _, _ in } }

        // Reopened through the one audited path (administrators, with a reason): the flag alone
        // changes, the reason is in the audit log, and the minutes can be edited again.
        let refusedByCheck = try await refused(s, StoreError.self) {
            _ = try await s.reopenMinutes(id: id, reason: "x", by: marie) { _, _ in throw StoreError.notFound(entity: "right", id: 0) }
        }
        guard case .notFound = refusedByCheck else { Issue.record("\(refusedByCheck)"); return }
        #expect(try await lastAudit(s, 1).first?.action == "correct", "a refused reopening writes nothing")
        let reopened = try await s.reopenMinutes(id: id, reason: "décision mal transcrite", by: paul) { m, a in
            #expect(m.id == id && a.id == ontario)
        }
        #expect(!reopened.minutesClosed && reopened.body == closed.body && reopened.decisions == closed.decisions)
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "reopen" && entry.entityType == "meeting" && entry.before == json(closed))
        #expect(entry.after?.contains("décision mal transcrite") == true, "\(entry.after ?? "")")
        let again = try await s.updateMeeting(id: id, by: paul) { x, _ in x.agenda = ["Rapports d'étape", "Correction"] }
        #expect(again.agenda.count == 2 && !again.minutesClosed)
        let notClosed = try await refused(s, StoreError.self) { _ = try await s.reopenMinutes(id: id, reason: "x", by: paul) { _, _ in } }
        guard case .mismatch = notClosed else { Issue.record("\(notClosed)"); return }
    }

    static func meetingApprovals(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let plan = try await s.addPlan(ActionPlan(agreementID: poleEmploi, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06")), by: marie)
        let report = try await s.addBiennialReport(BiennialReportRecord(agreementID: poleEmploi, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06")),
                                                   by: marie)
        // A meeting that approves both: the plan approved on its date, the report too.
        let m = try await s.addMeeting(Meeting(agreementID: poleEmploi, body: "comite-mixte", date: day("2024-11-05"), agenda: [], attendees: [],
                                               decisions: [], approvedPlanID: plan.id, approvedReportID: report.id), by: paul)
        let log = try await lastAudit(s, 3)
        #expect(log.map(\.action) == ["add", "approve", "approve"])
        #expect(log.map(\.entityType) == ["meeting", "plan", "biennial-report"])
        let h = try await s.history(agreementID: poleEmploi)
        #expect(h.plans.first?.status == .approved && h.plans.first?.approvedOn == day("2024-11-05") && h.plans.first?.approvedAtMeeting == m.id)
        #expect(h.biennialReports.first?.approvedOn == day("2024-11-05"))
        // An approval recorded is not withdrawn by an edit.
        try await refused(s, StoreError.self) { _ = try await s.updateMeeting(id: m.id!, by: paul) { x, _ in x.approvedPlanID = nil } }
        // Approvals refer to records of the same agreement, which must exist.
        let otherPlan = try await s.addPlan(ActionPlan(agreementID: ontario, periodStart: day("2024-01-01"), periodEnd: day("2025-12-31")), by: marie)
        try await refused(s, StoreError.self) {
            _ = try await s.addMeeting(Meeting(agreementID: poleEmploi, body: "x", date: day("2025-01-01"), agenda: [], attendees: [], decisions: [],
                                               approvedPlanID: otherPlan.id), by: marie)
        }
        try await refused(s, StoreError.self) {
            _ = try await s.addMeeting(Meeting(agreementID: poleEmploi, body: "x", date: day("2025-01-01"), agenda: [], attendees: [], decisions: [],
                                               approvedReportID: 9_999), by: marie)
        }
        try await refused(s, StoreError.self) { _ = try await s.approvePlan(id: otherPlan.id!, on: day("2025-01-01"), meetingID: m.id, by: marie) }
    }

    static func reportsRequestsNotices(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let r = try await s.addBiennialReport(BiennialReportRecord(agreementID: poleEmploi, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06")),
                                              by: marie)
        let sent = try await s.updateBiennialReport(id: r.id!, by: marie) { x, _ in
            x.approvedOn = day("2026-12-01")
            x.copySentOn = day("2026-12-01")
        }
        var entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "edit" && entry.entityType == "biennial-report" && entry.before == json(r) && entry.after == json(sent))
        let request = try await s.addProgressRequest(ProgressReportRequest(agreementID: ontario, body: "comite-coordination", requestedOn: day("2025-02-01"),
                                                                           due: day("2025-03-01"), note: "à la demande du Comité"), by: paul)
        #expect(try await lastAudit(s, 1).first?.entityType == "progress-request")
        let meeting = try await s.addMeeting(Meeting(agreementID: ontario, body: "comite-coordination", date: day("2025-03-02"), agenda: [],
                                                     attendees: [], decisions: []), by: paul)
        let progress = try await s.addProgressReport(ProgressReport(agreementID: ontario, body: "representant-designe", submittedOn: day("2025-03-01"),
                                                                    meetingID: meeting.id, requestID: request.id, title: "Rapport d'étape"), by: paul)
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.entityType == "progress-report" && entry.after == json(progress))
        try await refused(s, StoreError.self) {
            _ = try await s.addProgressReport(ProgressReport(agreementID: poleEmploi, body: "x", submittedOn: day("2025-03-01"), requestID: request.id), by: paul)
        }
        let notice = try await s.addNotice(TerminationNotice(agreementID: ontario, party: "gouvernement-ontario", sentOn: day("2024-02-29"),
                                                             receivedOn: day("2024-03-01"), effectiveEnd: day("2024-08-29")), by: marie)
        entry = try #require(try await lastAudit(s, 1).first)
        #expect(entry.action == "add" && entry.entityType == "notice" && entry.after == json(notice))
        try await refused(s, StoreError.self) {
            _ = try await s.addNotice(TerminationNotice(agreementID: "nope", party: "x", sentOn: day("2024-01-01"), effectiveEnd: day("2024-07-01")), by: marie)
        }
        let h = try await s.history(agreementID: ontario)
        #expect(h.notices == [notice] && h.progressReports == [progress] && h.progressRequests == [request])
        #expect(try await s.history(agreementID: poleEmploi).biennialReports == [sent])
    }

    /// The mark moves with every committed change and only then: reads and refused writes
    /// leave it as it was (the web's cached dashboard relies on both).
    static func changeMark(_ s: any AgreementStore) async throws {
        let empty = try await s.changeMark()
        try await seeded(s)
        let seededMark = try await s.changeMark()
        #expect(seededMark != empty)
        _ = try await s.agreements(summaries: true)
        _ = try await s.allHistories(activities: true)
        _ = try await s.auditLog(AuditQuery())
        #expect(try await s.changeMark() == seededMark, "a read moved the mark")
        try await refused(s, StoreError.self) {
            _ = try await s.addNotice(TerminationNotice(agreementID: "nope", party: "x", sentOn: day("2024-01-01"), effectiveEnd: day("2024-07-01")), by: marie)
        }
        #expect(try await s.changeMark() == seededMark, "a refused write moved the mark")
        _ = try await s.addActivity(activity(), by: marie)
        let afterActivity = try await s.changeMark()
        #expect(afterActivity != seededMark && afterActivity.entries == seededMark.entries + 1)
        _ = try await s.addNotice(TerminationNotice(agreementID: ontario, party: "gouvernement-ontario", sentOn: day("2024-02-29"),
                                                    effectiveEnd: day("2024-08-29")), by: marie)
        #expect(try await s.changeMark() != afterActivity)
    }

    static func amendments(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let r = try parsed(ontario)
        let amended = r.xml.replacingOccurrences(of: "</akomaNtoso>", with: "<!-- avenant 1 --></akomaNtoso>")
        let a = try await s.addAmendment(Amendment(agreementID: ontario, signedOn: day("2026-02-28"), summary: "Avenant no 1"),
                                         text: s.prepare(r.agreement), xml: amended, file: "avenant-1.xml", warnings: [], by: paul)
        #expect(a.textVersion == 2 && a.id != nil)
        let log = try await lastAudit(s, 2)
        #expect(log.map(\.action) == ["amend", "add"] && log.map(\.entityType) == ["agreement", "amendment"])
        #expect(log[1].after == json(a))
        #expect(try await s.versions(id: ontario) == [1, 2])
        #expect(try await s.text(id: ontario, version: nil) == amended)
        // The same text again, or another agreement's text: refused, nothing written.
        try await refused(s, StoreError.self) {
            _ = try await s.addAmendment(Amendment(agreementID: ontario, signedOn: day("2026-03-01"), summary: "bis"),
                                         text: s.prepare(r.agreement), xml: amended, file: "x.xml", warnings: [], by: paul)
        }
        let other = try parsed(poleEmploi)
        try await refused(s, StoreError.self) {
            _ = try await s.addAmendment(Amendment(agreementID: ontario, signedOn: day("2026-03-01"), summary: "ter"),
                                         text: s.prepare(other.agreement), xml: other.xml + " ", file: "x.xml", warnings: [], by: paul)
        }
        #expect(try await s.history(agreementID: ontario).amendments == [a])
    }

    static func historyAndAuditLog(_ s: any AgreementStore) async throws {
        try await seeded(s)
        let early = try await s.addActivity(activity(ontario, "Plus tard", start: "2025-09-01"), by: marie)
        let late = try await s.addActivity(activity(ontario, "Plus tôt", start: "2025-01-01"), by: marie)
        let pe = try await s.addActivity(activity(poleEmploi, "Pôle", start: "2025-05-01"), by: paul)
        let m1 = try await s.addMeeting(Meeting(agreementID: ontario, body: "b", date: day("2025-06-01"), agenda: [], attendees: [], decisions: []), by: marie)
        let m0 = try await s.addMeeting(Meeting(agreementID: ontario, body: "b", date: day("2025-02-01"), agenda: [], attendees: [], decisions: []), by: marie)
        let h = try await s.history(agreementID: ontario)
        #expect(h.activities.map(\.id) == [late.id, early.id]) // by date
        #expect(h.meetings.map(\.id) == [m0.id, m1.id])
        let all = try await s.allHistories(activities: true)
        #expect(all[poleEmploi]?.activities.map(\.id) == [pe.id])
        #expect(all[ontario] == h)
        let noActivities = try await s.allHistories(activities: false)
        #expect(noActivities[ontario]?.activities.isEmpty == true && noActivities[ontario]?.meetings.count == 2)
        #expect(try await s.history(agreementID: "nope") == AgreementHistory())

        // Newest first; filtered by entity, record and agreement; limited.
        let log = try await s.auditLog(AuditQuery(limit: 100))
        #expect(log.map(\.id) == log.map(\.id).sorted(by: >))
        #expect(log.count == 7) // 2 imports + 3 activities + 2 meetings
        #expect(try await s.auditLog(AuditQuery(entity: "meeting")).map(\.entityID) == [String(m0.id!), String(m1.id!)])
        #expect(try await s.auditLog(AuditQuery(entity: "activity", entityID: pe.id)).map(\.user) == ["paul"])
        #expect(try await s.auditLog(AuditQuery(agreementID: poleEmploi)).map(\.entityType) == ["activity", "agreement"])
        #expect(try await s.auditLog(AuditQuery(limit: 2)).count == 2)
        #expect(try await s.auditLog(AuditQuery(limit: 0)).count == 1)
        let stamp = try #require(log.first?.timestamp)
        #expect(stamp.count == 24 && stamp.hasSuffix("Z") && stamp.dropFirst(10).first == "T")

        let report = try await s.check()
        #expect(report.ok, "\(report.integrity) \(report.foreignKeyProblems)")
        #expect(report.counts.first { $0.table == "activity" }?.rows == 3)
        #expect(report.counts.first { $0.table == "audit" }?.rows == 7)
        #expect(!report.migrations.isEmpty)
    }

    /// Everything out and into a new store of every backend, and out again: equal snapshots,
    /// numbering continuing after the copied numbers; a non-empty target refused.
    static func copyRoundTrip(_ s: any AgreementStore, backend: Backend) async throws {
        try await seeded(s)
        let plan = try await s.addPlan(ActionPlan(agreementID: poleEmploi, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06"),
                                                  items: [PlanItem(title: "Mobilité", domains: ["1"])]), by: marie)
        let meeting = try await s.addMeeting(Meeting(agreementID: poleEmploi, body: "comite-mixte", date: day("2024-11-05"), agenda: ["a"],
                                                     attendees: [Participant(name: "Zoé", party: "france-travail")], decisions: [Decision(text: "d", activityIDs: [1])],
                                                     approvedPlanID: plan.id), by: paul)
        _ = try await s.updateMeeting(id: meeting.id!, by: paul) { m, _ in m.minutesClosed = true }
        _ = try await s.addActivities([activity(), activity(poleEmploi, "b", planItem: plan.items[0].id)], by: marie)
        _ = try await s.addNotice(TerminationNotice(agreementID: ontario, party: "gouvernement-ontario", sentOn: day("2024-02-29"),
                                                    effectiveEnd: day("2024-08-29")), by: marie)
        try await s.recordFileStamp(path: "agreements/x.xml", FileStamp(size: 1, mtime: 2.5), agreementID: ontario)
        // People, their agreements, password hashes and tokens (revoked ones too) are copied;
        // sessions and failed sign-in counters are not.
        let p = try peopleStore(s)
        _ = try await p.addPerson(Person(login: "marie", displayName: "Marie Côté", role: .coordinator, agreements: [ontario, poleEmploi]),
                                  passwordHash: fakeHash, by: marie)
        _ = try await p.addPerson(Person(login: "zoe", role: .staff, active: false), passwordHash: nil, by: marie)
        try await p.addToken(TokenInfo(id: "00000000000000aa", login: "marie", label: "ics", createdAt: "2026-11-22T12:30:05.123Z", revokedAt: nil),
                             secretHash: fakeHash, by: marie)
        try await p.addToken(TokenInfo(id: "00000000000000bb", login: "marie", label: nil, createdAt: "2026-11-22T12:30:06.000Z", revokedAt: nil),
                             secretHash: fakeHash, by: marie)
        try await p.revokeToken(id: "00000000000000bb", by: marie)
        try await p.putSession(StoredSession(id: "aaaaaaaaaaaaaaaa", secretHash: fakeHash, data: "{}", expires: Date().addingTimeInterval(3600)))
        _ = try await p.recordFailedSignIn(login: "marie", at: Date(), by: marie)
        let snapshot = try await s.exportAll()
        #expect(snapshot.people.map(\.person.login) == ["marie", "zoe"] && snapshot.tokens.count == 2)
        #expect(snapshot.people.first?.passwordHash == fakeHash && snapshot.people.first?.person.agreements == [ontario, poleEmploi])
        #expect(snapshot.meetings.first?.minutesClosed == true && snapshot.plans.first?.approvedAtMeeting == meeting.id)

        for target in Backend.allCases where target == .sqlite || backend == .postgres {
            let copy = try await Stores.fresh(target)
            do {
                try await copy.store.importAll(snapshot)
                #expect(try await copy.store.exportAll() == snapshot, "copy \(backend) → \(target)")
                let copied = try peopleStore(copy.store)
                #expect(try await copied.session(id: "aaaaaaaaaaaaaaaa", now: Date()) == nil)
                #expect(try await copied.failedSignIns(login: "marie").count == 0)
                #expect(try await copied.person(login: "marie")?.agreements == [ontario, poleEmploi])
                // Numbering goes on after the copied numbers.
                let next = try await copy.store.addActivity(activity(), by: marie)
                #expect(next.id! > snapshot.activities.map { $0.id! }.max()!)
                // Closed minutes stay closed.
                try await refused(copy.store, StoreError.self) { _ = try await copy.store.updateMeeting(id: meeting.id!, by: marie) { m, _ in m.body = "x" } }
                // Not empty any more: refused.
                try await refused(copy.store, StoreError.self) { try await copy.store.importAll(snapshot) }
            } catch {
                await copy.close()
                throw error
            }
            await copy.close()
        }
    }
}

@Suite struct SQLiteConformanceTests {
    @Test(arguments: Conformance.Case.allCases)
    func conforms(_ c: Conformance.Case) async throws {
        try await Conformance.run(c, on: .sqlite)
    }
}

@Suite(.enabled(PGServer.skipNote) { await PGServer.shouldRun() })
struct PostgresConformanceTests {
    @Test(arguments: Conformance.Case.allCases)
    func conforms(_ c: Conformance.Case) async throws {
        try await Conformance.run(c, on: .postgres)
    }
}
