import EntenteCore
import EntentePasswords
import EntenteService
@testable import EntenteStore
import Foundation
import Testing

extension Harness {
    /// The same workspace's service with people and real bcrypt (cost 4, the minimum).
    var people: EntenteService {
        var c = ServiceConfiguration()
        c.passwordCost = 4
        return EntenteService(store: store, people: store, passwords: BcryptHasher(), configuration: c)
    }

    func caller(_ p: Person) -> Caller { Caller(user: .person(p), lang: .en, asOf: caller.asOf) }
}

/// One operation of the service, what it asks for, and how to run it.
private struct Op: Sendable, CustomStringConvertible {
    var name: String
    /// The actions it asks for, in the order the service checks them.
    var actions: [Action]
    var agreement: String?
    var run: @Sendable (EntenteService, Caller) async throws -> Void
    var description: String { name }
}

/// Records made beforehand by the local administrator, that the operations act on.
private struct Records {
    var activity: Int64, otherActivity: Int64, plan: Int64, item: Int64, meeting: Int64, otherMeeting: Int64, report: Int64
}

private let pe = Harness.poleEmploi, on = Harness.ontario
private let password = "correct horse battery staple"

private func setUp(_ h: Harness) async throws -> Records {
    let s = h.people, c = h.caller
    let a = try await s.activities.add(Activity(agreementID: pe, title: "Mission", start: day("2025-02-03"), domains: ["4"]), c)
    let b = try await s.activities.add(Activity(agreementID: on, title: "Atelier", start: day("2025-02-04")), c)
    let plan = try await s.plans.create(ActionPlan(agreementID: pe, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06"),
                                                   items: [PlanItem(title: "Échanges", domains: ["4"])]), c)
    let m = try await s.meetings.add(Meeting(agreementID: pe, body: "comite-mixte", date: day("2025-03-01"), agenda: ["Plan"]), c)
    let m2 = try await s.meetings.add(Meeting(agreementID: on, body: "comite-coordination", date: day("2025-03-02")), c)
    let r = try await s.biennial.record(BiennialReportRecord(agreementID: pe, periodStart: day("2022-11-07"), periodEnd: day("2024-11-06")), c)
    return Records(activity: a.id!, otherActivity: b.id!, plan: plan.id!, item: plan.items[0].id!, meeting: m.id!, otherMeeting: m2.id!, report: r.id!)
}

private func operations(_ r: Records, backupDir: String) -> [Op] {
    let pePlan = ActionPlan(agreementID: pe, periodStart: day("2026-11-07"), periodEnd: day("2028-11-06"))
    return [
        Op(name: "activity add", actions: [.addActivity], agreement: pe) { s, c in
            _ = try await s.activities.add(Activity(agreementID: pe, title: "Nouvelle", start: day("2025-05-01")), c) },
        Op(name: "activity add elsewhere", actions: [.addActivity], agreement: on) { s, c in
            _ = try await s.activities.add(Activity(agreementID: on, title: "Nouvelle", start: day("2025-05-01")), c) },
        Op(name: "activity edit", actions: [.editActivity], agreement: pe) { s, c in
            _ = try await s.activities.edit(r.activity, c) { $0.title = "Mission (modifiée)" } },
        Op(name: "activity edit elsewhere", actions: [.editActivity], agreement: on) { s, c in
            _ = try await s.activities.edit(r.otherActivity, c) { $0.title = "Atelier (modifié)" } },
        Op(name: "activity cancel", actions: [.cancelActivity], agreement: pe) { s, c in
            _ = try await s.activities.cancel(r.activity, reason: "reportée", c) },
        Op(name: "activity import", actions: [.addActivity], agreement: pe) { s, c in
            _ = try await s.activities.importCSV("title,start,domains\r\nA,2025-01-10,4\r\n", into: pe, c) },
        Op(name: "plan create", actions: [.draftPlan], agreement: pe) { s, c in _ = try await s.plans.create(pePlan, c) },
        Op(name: "plan item add", actions: [.editPlanItem], agreement: pe) { s, c in
            _ = try await s.plans.addItem(to: r.plan, PlanItem(title: "Stage"), c) },
        Op(name: "plan item edit", actions: [.editPlanItem], agreement: pe) { s, c in
            _ = try await s.plans.editItem(r.item, c) { $0.progress = 50 } },
        Op(name: "plan approve", actions: [.approvePlan], agreement: pe) { s, c in
            _ = try await s.plans.approve(r.plan, on: day("2025-03-01"), meetingID: nil, c) },
        Op(name: "meeting add", actions: [.draftMeeting], agreement: pe) { s, c in
            _ = try await s.meetings.add(Meeting(agreementID: pe, body: "comite-mixte", date: day("2025-06-01")), c) },
        Op(name: "meeting add with decisions", actions: [.draftMeeting, .recordDecisions], agreement: pe) { s, c in
            _ = try await s.meetings.add(Meeting(agreementID: pe, body: "comite-mixte", date: day("2025-06-02"),
                                                 decisions: [Decision(text: "Adopté")]), c) },
        Op(name: "meeting agenda", actions: [.draftMeeting], agreement: pe) { s, c in
            _ = try await s.meetings.edit(r.meeting, c) { $0.agenda.append("Varia") } },
        Op(name: "meeting close", actions: [.draftMeeting, .closeMinutes], agreement: pe) { s, c in
            _ = try await s.meetings.close(r.meeting, c) },
        Op(name: "meeting close elsewhere", actions: [.draftMeeting, .closeMinutes], agreement: on) { s, c in
            _ = try await s.meetings.close(r.otherMeeting, c) },
        Op(name: "progress submit", actions: [.submitProgressReport], agreement: pe) { s, c in
            _ = try await s.progress.submit(ProgressReport(agreementID: pe, body: "comite-mixte", submittedOn: day("2025-04-01")), c) },
        Op(name: "progress request", actions: [.requestProgressReport], agreement: pe) { s, c in
            _ = try await s.progress.request(ProgressReportRequest(agreementID: pe, body: "comite-mixte", requestedOn: day("2025-04-01"),
                                                                   due: day("2025-05-01")), c) },
        Op(name: "biennial record", actions: [.recordBiennialReport], agreement: pe) { s, c in
            _ = try await s.biennial.record(BiennialReportRecord(agreementID: pe, periodStart: day("2024-11-07"), periodEnd: day("2026-11-06")), c) },
        Op(name: "biennial approve", actions: [.recordBiennialReport, .approveBiennialReport], agreement: pe) { s, c in
            _ = try await s.biennial.edit(r.report, c) { $0.approvedOn = day("2025-03-01") } },
        Op(name: "notice record", actions: [.recordNotice], agreement: pe) { s, c in
            _ = try await s.notices.record(pe, party: "pole-emploi", sentOn: day("2026-01-05"), receivedOn: nil, requestedEnd: nil, c) },
        Op(name: "amendment", actions: [.recordAmendment], agreement: pe) { s, c in
            _ = try await s.amendments.record(pe, signedOn: day("2026-01-05"), summary: "x",
                                              textFile: Harness.packageRoot + "/agreements/\(pe).xml", c) },
        Op(name: "import", actions: [.importText], agreement: nil) { s, c in
            _ = try await s.agreements.importFiles([Harness.packageRoot + "/agreements"], strict: false, c) },
        Op(name: "record proposed facts", actions: [.importText], agreement: pe) { s, c in _ = try await s.intake.recordProposedFacts(pe, c) },
        Op(name: "whole audit log", actions: [.viewAuditLog], agreement: nil) { s, c in _ = try await s.history.entries(AuditQuery(), c) },
        Op(name: "backup", actions: [.maintain], agreement: nil) { s, c in
            try await s.maintenance.backup(to: backupDir + "/\(UUID().uuidString).sqlite", c) },
        Op(name: "check", actions: [.maintain], agreement: nil) { s, c in _ = try await s.maintenance.check(c) },
        Op(name: "user add", actions: [.managePeople], agreement: nil) { s, c in
            _ = try await s.people.add(Person(login: "new\(UUID().uuidString.prefix(4).lowercased())", role: .staff), password: nil, c) },
        Op(name: "user list", actions: [.managePeople], agreement: nil) { s, c in _ = try await s.people.list(c) },
        Op(name: "user set-role", actions: [.managePeople], agreement: nil) { s, c in
            _ = try await s.people.setRole("sam", role: .admin, agreements: nil, c) },
        Op(name: "user disable", actions: [.managePeople], agreement: nil) { s, c in _ = try await s.people.disable("ada", c) },
        Op(name: "another's password", actions: [.managePeople], agreement: nil) { s, c in
            try await s.people.setPassword("ada", "another long passphrase", c) },
        Op(name: "another's token", actions: [.managePeople], agreement: nil) { s, c in _ = try await s.people.newToken(for: "ada", c) },
    ]
}

@Suite struct PeopleServiceTests {
    /// Every state-changing operation × staff, coordinator and committee member (on one
    /// agreement): refused exactly where the matrix says, with `forbidden` naming the action
    /// and nothing written; allowed ones are never refused for rights.
    @Test func everyOperationChecksTheCallersRights() async throws {
        let h = try await Harness(user: "root")
        let records = try await setUp(h)
        let s = h.people
        _ = try await s.people.add(Person(login: "ada", role: .admin), password: password, h.caller)
        let people = [
            Person(login: "sam", role: .staff),
            Person(login: "claire", role: .coordinator, agreements: [pe], party: "pole-emploi"),
            Person(login: "cora", role: .committee, agreements: [pe]),
        ]
        for p in people { _ = try await s.people.add(p, password: nil, h.caller) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-backups-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var refusals = 0, allowed = 0
        for p in people {
            for op in operations(records, backupDir: dir) {
                let caller = h.caller(p)
                if let denied = op.actions.first(where: { !Permissions.may(.person(p), $0, agreement: op.agreement) }) {
                    let e = try await h.refused(ServiceError.self) { try await op.run(s, caller) }
                    guard case .forbidden(let action, _) = e else {
                        Issue.record("\(p.login) \(op): \(e) instead of forbidden")
                        continue
                    }
                    #expect(action == denied, "\(p.login) \(op)")
                    #expect(e.message(.en).contains("Refused") && e.message(.fr).contains("Refusé"))
                    refusals += 1
                } else {
                    do { try await op.run(s, caller) } catch let e as ServiceError {
                        if case .forbidden = e { Issue.record("\(p.login) \(op) was refused") }
                    } catch {
                        // Refused by a rule other than rights (e.g. an approval not repeated): fine here.
                    }
                    allowed += 1
                }
            }
        }
        // The staff member is refused every change; each role is allowed some.
        #expect(refusals > allowed && allowed >= 15)
        // Reading stays open to everyone.
        for p in people {
            #expect(try await s.agreements.show(on, h.caller(p)).stored.agreement.id == on)
            #expect(try await s.deadlines.list(leadTimes: [30], h.caller(p)).agreements.count == 2)
            _ = try await s.notices.earliestEnd(pe, noticeGivenOn: day("2025-08-31"), h.caller(p))
        }
    }

    @Test func aCoordinatorActsUnderTheirLoginAndOnlyTheCommitteeClosesMinutes() async throws {
        let h = try await Harness(user: "root")
        let r = try await setUp(h)
        let s = h.people
        let claire = try await s.people.add(Person(login: "claire", role: .coordinator, agreements: [pe]), password: nil, h.caller)
        let cora = try await s.people.add(Person(login: "cora", role: .committee, agreements: [pe]), password: nil, h.caller)
        let added = try await s.activities.add(Activity(agreementID: pe, title: "Visite", start: day("2025-05-02")), h.caller(claire))
        #expect(try await s.history.entries(AuditQuery(entity: "activity", entityID: added.id!), h.caller(claire)).first?.user == "claire")
        let e = try await h.refused(ServiceError.self) { _ = try await s.meetings.close(r.meeting, h.caller(claire)) }
        #expect(e == .forbidden(.closeMinutes, agreement: pe))
        #expect(try await s.meetings.close(r.meeting, h.caller(cora)).minutesClosed)
        // A disabled coordinator may nothing, reading included.
        let off = try await s.people.disable("claire", h.caller)
        try await h.refused(ServiceError.self) { _ = try await s.activities.list(ActivityFilter(agreementID: pe), h.caller(off)) }
    }

    @Test func changesToPeopleAreAuditedAndNoPasswordOrTokenIsEverStoredInClear() async throws {
        let h = try await Harness(user: "root")
        let s = h.people
        let p = try await s.people.add(Person(login: "marie", displayName: "Marie Tremblay", role: .coordinator, agreements: [pe]),
                                       password: password, h.caller)
        _ = try await s.people.setRole("marie", role: .committee, agreements: [pe, on], h.caller)
        try await s.people.setPassword("marie", "a second long passphrase", h.caller)
        let made = try await s.people.newToken(for: "marie", label: "calendar", h.caller(p))
        try await s.people.revokeToken(made.info.id, h.caller)
        _ = try await s.people.authenticate(login: "marie", password: "a wrong password typed", at: Date())
        #expect(try await s.people.authenticate(login: "marie", password: "a second long passphrase", at: Date())
                    == .signedIn(try await s.people.person("marie", h.caller)))
        _ = try await s.people.disable("marie", h.caller)

        let log = try await s.history.entries(AuditQuery(entity: "person", entityID: nil, limit: 50), h.caller)
        #expect(log.reversed().map(\.action) == ["add", "set-password", "set-role", "set-password", "sign-in-failed", "sign-in", "disable"])
        #expect(log.allSatisfy { $0.entityID == "marie" })
        #expect(log.first { $0.action == "set-role" }.map { $0.user == "root" && $0.before!.contains("coordinator") && $0.after!.contains("committee") } == true)
        let tokens = try await s.history.entries(AuditQuery(entity: "token"), h.caller)
        #expect(tokens.map(\.action) == ["revoke", "add"] && tokens.last?.user == "marie" && tokens.first?.user == "root")

        // Every cell of every table, the audit log included.
        let secret = String(made.token.split(separator: "_")[2])
        let everything = try h.dump()
        for clear in [password, "a second long passphrase", "a wrong password typed", secret, made.token] {
            #expect(!everything.contains(clear), "found in the database in clear")
        }
        #expect(everything.contains("$2b$"), "the hashes are there, in bcrypt form")
        #expect(try h.store.passwordHash(login: "marie")?.hasPrefix("$2b$04$") == true)
    }

    @Test func aTokenStandsForItsPersonUntilRevokedOrDisabled() async throws {
        let h = try await Harness(user: "root")
        let s = h.people
        let claire = try await s.people.add(Person(login: "claire", role: .coordinator, agreements: [pe]), password: nil, h.caller)
        let luc = try await s.people.add(Person(login: "luc", role: .coordinator, agreements: [on]), password: nil, h.caller)
        let made = try await s.people.newToken(for: "claire", h.caller(claire))
        #expect(made.token.wholeMatch(of: /ent_[0-9a-f]{16}_[0-9a-f]{64}/) != nil)
        #expect(try await s.people.resolve(token: made.token) == claire)
        // Same id, another secret; malformed; unknown.
        let forged = "ent_\(made.info.id)_" + String(repeating: "0", count: 64)
        for bad in [forged, "ent_\(made.info.id)", "Bearer \(made.token)", made.token + "0", ""] {
            #expect(try await s.people.resolve(token: bad) == nil, "\(bad)")
        }
        // Someone else's token is not theirs to make or revoke.
        try await h.refused(ServiceError.self) { _ = try await s.people.newToken(for: "claire", h.caller(luc)) }
        try await h.refused(ServiceError.self) { try await s.people.revokeToken(made.info.id, h.caller(luc)) }
        try await s.people.revokeToken(made.info.id, h.caller(claire))
        #expect(try await s.people.resolve(token: made.token) == nil)
        #expect(try await s.people.tokens("claire", h.caller(claire)).first?.revokedAt != nil)
        let second = try await s.people.newToken(for: "claire", h.caller)
        #expect(try await s.people.resolve(token: second.token) == claire)
        _ = try await s.people.disable("claire", h.caller)
        #expect(try await s.people.resolve(token: second.token) == nil)
    }

    @Test func wrongPasswordsAreCountedAndTheDelayGrowsWithoutALockout() async throws {
        let h = try await Harness(user: "root")
        let s = h.people
        let p = try await s.people.add(Person(login: "marie", role: .staff), password: password, h.caller)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for n in 1...4 {
            #expect(try await s.people.authenticate(login: "marie", password: "not the password \(n)", at: t0) == .refused(failedAttempts: n, delaySeconds: 0))
        }
        guard case .refused(5, let first) = try await s.people.authenticate(login: "marie", password: "still wrong!!!!!", at: t0) else {
            Issue.record("the fifth wrong password was not counted")
            return
        }
        #expect(first > 0)
        // Within the delay, even the right password is refused unchecked, and not counted.
        #expect(try await s.people.authenticate(login: "marie", password: password, at: t0) == .refused(failedAttempts: 5, delaySeconds: first))
        #expect(try h.store.failedSignIns(login: "marie").count == 5)
        var delays = [first]
        var t = t0
        for n in 6...8 {
            t = t.addingTimeInterval(Double(delays.last!))
            guard case .refused(n, let d) = try await s.people.authenticate(login: "marie", password: "wrong again \(n)!!!!!", at: t) else {
                Issue.record("attempt \(n) not counted")
                return
            }
            delays.append(d)
        }
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $0 < $1 }, "\(delays)")
        // Never a lockout: once the delay is over, the right password signs in and the count restarts.
        t = t.addingTimeInterval(Double(delays.last!))
        #expect(try await s.people.authenticate(login: "marie", password: password, at: t) == .signedIn(p))
        #expect(try h.store.failedSignIns(login: "marie").count == 0)
        let log = try await s.history.entries(AuditQuery(entity: "person", limit: 50), h.caller).filter { $0.entityID == "marie" }
        #expect(log.filter { $0.action == "sign-in-failed" }.count == 4)
        #expect(log.filter { $0.action == "sign-in-delayed" }.count == 4)
        #expect(log.first?.action == "sign-in" && log.first?.user == "marie")
        // An unknown login and a disabled person are refused alike, and counted.
        #expect(try await s.people.authenticate(login: "nobody", password: password, at: t) == .refused(failedAttempts: 1, delaySeconds: 0))
        _ = try await s.people.disable("marie", h.caller)
        #expect(try await s.people.authenticate(login: "marie", password: password, at: t) == .refused(failedAttempts: 1, delaySeconds: 0))
        // A password typed in the login field is never written down.
        _ = try await s.people.authenticate(login: "My Secret Pass 1!", password: "x", at: t)
        #expect(!(try h.dump()).contains("My Secret Pass 1!"))
    }

    @Test func peopleRulesAreCheckedBeforeAnythingIsWritten() async throws {
        let h = try await Harness(user: "root")
        let s = h.people
        try await h.refused(ServiceError.self) { _ = try await s.people.add(Person(login: "Marie", role: .staff), password: nil, h.caller) }
        try await h.refused(ServiceError.self) { _ = try await s.people.add(Person(login: "marie", role: .staff), password: "short", h.caller) }
        try await h.refused(ServiceError.self) {
            _ = try await s.people.add(Person(login: "marie", role: .staff, agreements: [pe]), password: nil, h.caller)
        }
        try await h.refused(StoreError.self) {
            _ = try await s.people.add(Person(login: "marie", role: .coordinator, agreements: ["nope"]), password: nil, h.caller)
        }
        #expect(try await s.people.hasActiveAdministrator() == false)
        _ = try await s.people.add(Person(login: "marie", role: .staff), password: nil, h.caller)
        _ = try await s.people.add(Person(login: "ada", role: .admin), password: nil, h.caller)
        #expect(try await s.people.hasActiveAdministrator())
        _ = try await s.people.disable("ada", h.caller)
        #expect(try await s.people.hasActiveAdministrator() == false)
        try await h.refused(StoreError.self) { _ = try await s.people.add(Person(login: "marie", role: .admin), password: nil, h.caller) }
        // A service without people says so.
        let e = try await h.refused(ServiceError.self) { _ = try await h.service.people.list(h.caller) }
        #expect(e == .noPeople)
    }

    @Test func sessionsAreKeptUntilTheyExpireAndTheirKeysAreNotStoredInClear() async throws {
        let h = try await Harness(user: "root")
        let s = h.people.people
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        // Keys as hummingbird-auth makes them: "hbs." + 32 random bytes in base64.
        var rng = SystemRandomNumberGenerator()
        func key() -> String { "hbs." + Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }).base64EncodedString() }
        let a = key(), b = key()
        try await s.putSession(key: a, data: #"{"login":"marie"}"#, expires: now.addingTimeInterval(3600))
        try await s.putSession(key: b, data: "{}", expires: now.addingTimeInterval(-1))
        #expect(try await s.session(key: a, now: now) == #"{"login":"marie"}"#)
        #expect(try await s.session(key: b, now: now) == nil)
        #expect(try await s.session(key: a, now: now.addingTimeInterval(3601)) == nil)
        // The same first characters with another secret open nothing.
        let forged = String(a.prefix(PeopleService.sessionLookupLength)) + String(repeating: "A", count: a.count - PeopleService.sessionLookupLength)
        #expect(try await s.session(key: forged, now: now) == nil)
        try await s.removeSession(key: forged)
        #expect(try await s.session(key: a, now: now) != nil)
        // Updated in place (same key), then removed at sign-out.
        try await s.putSession(key: a, data: #"{"login":"marie","csrf":"x"}"#, expires: now.addingTimeInterval(7200))
        #expect(try await s.session(key: a, now: now.addingTimeInterval(3601))?.contains("csrf") == true)
        let dump = try h.dump()
        #expect(!dump.contains(a) && !dump.contains(String(a.dropFirst(PeopleService.sessionLookupLength))), "a session key in clear")
        #expect(try await s.removeExpiredSessions(now: now) == 1)
        try await s.removeSession(key: a)
        #expect(try await s.session(key: a, now: now) == nil)
        await #expect(throws: ServiceError.weakSessionKey) { try await s.putSession(key: "short", data: "{}", expires: now) }
    }
}
