@testable import EntenteCore
import Testing

@Suite struct RecordValidatorTests {
    let a = Sample.poleEmploi
    func activity(_ change: (inout Activity) -> Void = { _ in }) -> Activity {
        var x = Activity(agreementID: a.id, title: "Vidéoconférence", start: day("2025-02-03"), domains: ["4"], meansOfAction: ["3"],
                         parties: ["gouvernement-quebec", "pole-emploi"],
                         participants: [Participant(name: "M. Tremblay", party: "gouvernement-quebec")],
                         costs: [Cost(amountMinor: 12_500, currency: "CAD", party: "gouvernement-quebec")])
        change(&x)
        return x
    }

    func rejects(_ x: Activity, field: String) {
        do {
            try RecordValidator.validate(x, against: a)
            Issue.record("accepted an activity with a bad \(field)")
        } catch {
            #expect(error.field == field)
            #expect(!error.message(.fr).isEmpty && error.message(.fr) != error.message(.en))
        }
    }

    @Test func aWellFormedActivityPasses() throws {
        try RecordValidator.validate(activity(), against: a)
        try RecordValidator.validate(activity { $0.meansOfAction = ["moyen 2"] }, against: a)
    }

    @Test func eachRuleRejectsWithItsField() {
        rejects(activity { $0.title = "  " }, field: "title")
        rejects(activity { $0.end = day("2025-01-01") }, field: "end")
        rejects(activity { $0.domains = ["9"] }, field: "domain")
        rejects(activity { $0.meansOfAction = ["6"] }, field: "means")
        rejects(activity { $0.parties = ["gouvernement-ontario"] }, field: "party")
        rejects(activity { $0.participants = [Participant(name: "X", party: "ontario")] }, field: "participant")
        rejects(activity { $0.costs = [Cost(amountMinor: -1, currency: "CAD", party: "pole-emploi")] }, field: "cost")
        rejects(activity { $0.costs = [Cost(amountMinor: 100, currency: "cad", party: "pole-emploi")] }, field: "cost")
        rejects(activity { $0.costs = [Cost(amountMinor: 100, currency: "EUR", party: "unknown")] }, field: "cost")
    }

    @Test func unknownDomainMessageListsTheValidOnes() {
        do {
            try RecordValidator.validate(activity { $0.domains = ["2.9"] }, against: Sample.ontario)
        } catch {
            #expect(error.message(.en).contains("2.1.1.1"))
        }
    }

    @Test func plansMeetingsAndRequests() throws {
        let plan = ActionPlan(agreementID: a.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"),
                              items: [PlanItem(title: "Jumelage", domains: ["7"], leadParty: "pole-emploi", progress: 40)])
        try RecordValidator.validate(plan, against: a)
        var bad = plan
        bad.periodEnd = day("2024-12-31")
        #expect(throws: ValidationError.self) { try RecordValidator.validate(bad, against: a) }
        bad = plan
        bad.items[0].progress = 140
        #expect(throws: ValidationError.self) { try RecordValidator.validate(bad, against: a) }
        bad = plan
        bad.items[0].leadParty = "x"
        #expect(throws: ValidationError.self) { try RecordValidator.validate(bad, against: a) }
        try RecordValidator.validate(Meeting(agreementID: a.id, body: "comite-mixte", date: day("2025-03-12")), against: a)
        #expect(throws: ValidationError.self) {
            try RecordValidator.validate(Meeting(agreementID: a.id, body: "cabinet", date: day("2025-03-12")), against: a)
        }
        let o = Sample.ontario
        try RecordValidator.validate(ProgressReportRequest(agreementID: o.id, body: "comite-coordination", requestedOn: day("2026-10-15"), due: day("2026-12-01")), against: o)
        #expect(throws: ValidationError.self) {
            try RecordValidator.validate(ProgressReportRequest(agreementID: o.id, body: "comite-coordination", requestedOn: day("2026-10-15"), due: day("2026-10-01")), against: o)
        }
    }

    @Test func amountsParseInBothLanguagesStyles() {
        #expect(Cost.parseAmount("1250") == 125_000)
        #expect(Cost.parseAmount("1250.5") == 125_050)
        #expect(Cost.parseAmount("1 250,50") == 125_050)
        #expect(Cost.parseAmount("-3") == -300)
        #expect(Cost.parseAmount("12.345") == nil)
        #expect(Cost.parseAmount("abc") == nil)
        #expect(Cost(amountMinor: 125_005, currency: "CAD", party: "x").amountText == "1250.05")
    }
}
