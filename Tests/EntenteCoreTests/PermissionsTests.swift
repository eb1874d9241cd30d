import EntenteCore
import Testing

/// The permission matrix, written out as issue 13 states it (with the changes
/// `Permissions` documents), row by row: who may, on an agreement in their scope.
/// S = staff, C = coordinator, M = committee member, A = administrator.
private let matrix: [(Action, String)] = [
    (.view, "SCMA"),
    (.noticeCalculator, "SCMA"),
    (.viewAuditLog, "A"),
    (.importText, "A"),
    (.recordAmendment, "A"),
    (.addActivity, "CMA"),
    (.editActivity, "CMA"),
    (.cancelActivity, "CMA"),
    (.draftPlan, "CMA"),
    (.editPlanItem, "CMA"),
    (.approvePlan, "MA"),
    (.draftMeeting, "CMA"),
    (.recordDecisions, "MA"),
    (.closeMinutes, "MA"),
    (.correctMinutes, "MA"),
    (.reopenMinutes, "A"),
    (.submitProgressReport, "CMA"),
    (.requestProgressReport, "MA"),
    (.recordBiennialReport, "CMA"),
    (.approveBiennialReport, "MA"),
    (.recordNotice, "A"),
    (.managePeople, "A"),
    (.maintain, "A"),
]

private let letter: [Role: Character] = [.staff: "S", .coordinator: "C", .committee: "M", .admin: "A"]
/// Rights that hold whatever the agreement (reading); every other right of a coordinator or
/// committee member holds on their agreements only.
private let unscoped: Set<Action> = [.view, .noticeCalculator]

private let mine = "quebec-pole-emploi-2022"
private let other = "quebec-ontario-2008"

private func person(_ role: Role, active: Bool = true) -> Person {
    Person(login: "p", role: role, agreements: role == .coordinator || role == .committee ? [mine] : [], active: active)
}

@Suite struct PermissionsTests {
    @Test func theTableNamesEveryActionOnce() {
        #expect(Set(matrix.map(\.0)) == Set(Action.allCases))
        #expect(matrix.count == Action.allCases.count)
    }

    /// Every role × every action × (in scope, another agreement, no agreement).
    @Test(arguments: Role.allCases)
    func everyRoleAndAction(_ role: Role) {
        let access = Access.person(person(role))
        for (action, who) in matrix {
            let allowed = who.contains(letter[role]!)
            #expect(Permissions.may(access, action, agreement: mine) == allowed, "\(role) \(action) on their agreement")
            // Administrators and staff hold their rights everywhere; coordinators and
            // committee members only on their agreements, except reading.
            let elsewhere = allowed && (role == .admin || role == .staff || unscoped.contains(action))
            #expect(Permissions.may(access, action, agreement: other) == elsewhere, "\(role) \(action) on another agreement")
            #expect(Permissions.may(access, action, agreement: nil) == elsewhere, "\(role) \(action) on no agreement")
        }
    }

    @Test func aDisabledPersonMayNothingAndTheCommandLineMayEverything() {
        for role in Role.allCases {
            for action in Action.allCases {
                #expect(!Permissions.may(.person(person(role, active: false)), action, agreement: mine))
            }
        }
        for action in Action.allCases {
            for agreement in [mine, other, nil] {
                #expect(Permissions.may(.localAdministrator, action, agreement: agreement))
                #expect(Permissions.may(.operator, action, agreement: agreement))
            }
        }
    }

    @Test func aFranceTravailCoordinatorCannotEditTheQuebecOntarioLog() {
        let ft = Person(login: "claire", role: .coordinator, agreements: [mine], party: "pole-emploi")
        #expect(Permissions.may(.person(ft), .editActivity, agreement: mine))
        #expect(!Permissions.may(.person(ft), .editActivity, agreement: other))
        #expect(Permissions.may(.person(ft), .view, agreement: other))
    }

    @Test func whatAMeetingAsksForFollowsWhatItCarries() {
        let draft = Meeting(agreementID: mine, body: "comite-mixte", date: CivilDate(iso: "2024-11-05")!, agenda: ["Plan"])
        #expect(Permissions.actions(recording: draft) == [.draftMeeting])
        var full = draft
        full.decisions = [Decision(text: "Plan approuvé")]
        full.minutesClosed = true
        full.approvedPlanID = 1
        #expect(Permissions.actions(recording: full) == [.draftMeeting, .recordDecisions, .closeMinutes, .approvePlan])
        var correction = draft
        correction.corrects = 3
        #expect(Permissions.actions(recording: correction).contains(.correctMinutes))
        var agenda = draft
        agenda.agenda.append("Varia")
        #expect(Permissions.actions(editing: draft, to: agenda) == [.draftMeeting])
        var closed = draft
        closed.minutesClosed = true
        #expect(Permissions.actions(editing: draft, to: closed) == [.draftMeeting, .closeMinutes])
        #expect(Permissions.actions(editing: closed, to: draft) == [.draftMeeting, .reopenMinutes])
        // So a coordinator drafts the meeting, and only the committee closes it.
        let coordinator = Access.person(person(.coordinator)), committee = Access.person(person(.committee))
        #expect(Permissions.actions(editing: draft, to: agenda).allSatisfy { Permissions.may(coordinator, $0, agreement: mine) })
        #expect(!Permissions.actions(editing: draft, to: closed).allSatisfy { Permissions.may(coordinator, $0, agreement: mine) })
        #expect(Permissions.actions(editing: draft, to: closed).allSatisfy { Permissions.may(committee, $0, agreement: mine) })
    }

    @Test func aBiennialReportsApprovalIsTheCommittees() {
        let r = BiennialReportRecord(agreementID: mine, periodStart: CivilDate(iso: "2022-11-07")!, periodEnd: CivilDate(iso: "2024-11-06")!)
        var approved = r
        approved.approvedOn = CivilDate(iso: "2024-12-10")
        #expect(Permissions.actions(recording: r) == [.recordBiennialReport])
        #expect(Permissions.actions(recording: approved) == [.recordBiennialReport, .approveBiennialReport])
        var sent = approved
        sent.copySentOn = CivilDate(iso: "2025-01-15")
        #expect(Permissions.actions(editing: approved, to: sent) == [.recordBiennialReport])
        #expect(Permissions.actions(editing: r, to: approved) == [.recordBiennialReport, .approveBiennialReport])
    }

    @Test func auditNamesSayWhoActsAndWithWhichRights() {
        #expect(ActingUser.local("marie") == ActingUser(auditName: "local:marie", access: .localAdministrator, displayName: "marie"))
        #expect(ActingUser.operator("dba").auditName == "operator:dba" && ActingUser.operator("dba").access == .operator)
        let p = Person(login: "luc", role: .staff)
        #expect(ActingUser.person(p).auditName == "luc" && ActingUser.person(p).person == p)
        #expect(ActingUser.person(Person(login: "marie", displayName: "Marie Tremblay", role: .staff)).displayName == "Marie Tremblay")
        // The name-only form keeps its meaning: the rights of a local administrator.
        #expect(ActingUser("marie").access == .localAdministrator && ActingUser("marie").auditName == "marie")
    }

    @Test(arguments: [("marie", true), ("marie.tremblay-2", true), ("0x", true), ("Marie", false), ("local:root", false),
                      ("", false), (".marie", false), ("é", false), ("a b", false), (String(repeating: "a", count: 65), false)])
    func logins(_ login: String, _ ok: Bool) {
        #expect((LoginRule.problem(login) == nil) == ok, "\(login)")
    }

    @Test func passwordsAreLongEnoughAndFitBcrypt() {
        #expect(PasswordRule.problem("correct horse battery staple") == nil)
        #expect(PasswordRule.problem("fourteen chars") != nil)
        #expect(PasswordRule.problem(String(repeating: "é", count: 36)) == nil) // 72 bytes
        #expect(PasswordRule.problem(String(repeating: "é", count: 37)) != nil) // 74 bytes: bcrypt would cut it
    }

    @Test func theSignInDelayGrowsAfterFiveFailuresAndStaysBounded() {
        let delays = (0...20).map { SignInThrottle.delaySeconds(afterFailures: $0) }
        #expect(delays[0..<5].allSatisfy { $0 == 0 })
        #expect(delays[5] > 0)
        for n in 5..<20 { #expect(delays[n + 1] >= delays[n]) }
        #expect(delays[6] > delays[5] && delays[10] > delays[9])
        #expect(delays.max() == SignInThrottle.maxDelaySeconds)
        #expect(SignInThrottle.delaySeconds(afterFailures: 10_000) == SignInThrottle.maxDelaySeconds)
    }
}
