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

    /// The problem the validator reports for `body`, or nil when it passes.
    func problem(_ body: () throws -> Void) -> ValidationError? {
        do {
            try body()
            return nil
        } catch let e as ValidationError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func messagesSayWhatAndHowToFixInBothLanguages() throws {
        let party = try #require(problem { try RecordValidator.validate(activity { $0.parties = ["ontario"] }, against: a) })
        #expect(party.message(.fr).contains("« ontario »") && party.message(.fr).contains("gouvernement-quebec, pole-emploi"))
        #expect(party.message(.en).contains("'ontario'") && party.message(.en).contains("use the id"))
        let means = try #require(problem { try RecordValidator.validate(activity { $0.meansOfAction = ["9"] }, against: a) })
        #expect(means.message(.en).contains("1, 2, 3, 4, 5"))
        #expect(means.message(.fr).contains("numéro ou le texte exact"))
        let domain = try #require(problem { try RecordValidator.validate(activity { $0.domains = ["8"] }, against: a) })
        #expect(domain.message(.fr).contains("1, 2, 3, 4, 5, 6, 7"))
        let currency = try #require(problem {
            try RecordValidator.validate(activity { $0.costs = [Cost(amountMinor: 1, currency: "EURO", party: "pole-emploi")] }, against: a)
        })
        #expect(currency.message(.en).contains("ISO 4217"))
        for bad in ["EU", "eur", "E1R", "ÉUR", ""] {
            #expect(problem { try RecordValidator.validate(activity { $0.costs = [Cost(amountMinor: 1, currency: bad, party: "pole-emploi")] }, against: a) }?.field == "cost", "\(bad)")
        }
        // Zero is a cost; an end on the start day is a one-day activity.
        #expect(problem { try RecordValidator.validate(activity { $0.costs = [Cost(amountMinor: 0, currency: "EUR", party: "pole-emploi")] }, against: a) } == nil)
        #expect(problem { try RecordValidator.validate(activity { $0.end = $0.start }, against: a) } == nil)
        #expect(problem { try RecordValidator.validate(activity { $0.parties = ["#pole-emploi"] }, against: a) } == nil)
        #expect(problem { try RecordValidator.validate(activity { $0.participants = [Participant(name: " ", party: "pole-emploi")] }, against: a) }?.field == "participant")
    }

    @Test func longDomainListsAreShortened() throws {
        var big = a
        big.domains = (1...40).map { Domain(eId: "d\($0)", num: "\($0)", printedNum: nil, heading: nil, text: "d") }
        let e = try #require(problem { try RecordValidator.validate(activity { $0.domains = ["41"] }, against: big) })
        #expect(e.message(.en).contains("24, …"))
        #expect(!e.message(.en).contains("25"))
        // Nested numbers are accepted at every depth.
        let o = Sample.ontario
        let ok = Activity(agreementID: o.id, title: "Échange", start: day("2025-01-01"), domains: ["2.1", "2.1.1", "2.1.1.1"], parties: ["gouvernement-ontario"])
        #expect(problem { try RecordValidator.validate(ok, against: o) } == nil)
    }

    @Test func planItemsMeetingsRequestsAndReports() throws {
        let item = PlanItem(title: "Jumelage", domains: ["7"], start: day("2025-01-01"), due: day("2025-06-30"), leadParty: "pole-emploi", progress: 100)
        #expect(problem { try RecordValidator.validate(item, against: a) } == nil)
        var x = item; x.progress = -1
        #expect(problem { try RecordValidator.validate(x, against: a) }?.field == "progress")
        x = item; x.due = day("2024-12-31")
        #expect(problem { try RecordValidator.validate(x, against: a) }?.field == "due")
        x = item; x.domains = ["2.1"]
        #expect(problem { try RecordValidator.validate(x, against: a) }?.field == "domain")
        x = item; x.title = ""
        #expect(problem { try RecordValidator.validate(x, against: a) }?.field == "title")
        x = item; x.leadParty = "ontario"
        #expect(problem { try RecordValidator.validate(x, against: a) }?.field == "lead-party")
        // A plan whose period ends the day it starts is refused; a bad item makes the plan bad.
        let plan = ActionPlan(agreementID: a.id, periodStart: day("2025-01-01"), periodEnd: day("2025-01-01"))
        let e = try #require(problem { try RecordValidator.validate(plan, against: a) })
        #expect(e.field == "to" && e.message(.en).contains("give an end date after the start"))
        let withBadItem = ActionPlan(agreementID: a.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"), items: [item, x])
        #expect(problem { try RecordValidator.validate(withBadItem, against: a) }?.field == "lead-party")

        let meeting = Meeting(agreementID: a.id, body: "comite-mixte", date: day("2025-03-12"),
                              attendees: [Participant(name: "Mme Roy", party: "gouvernement-quebec"), Participant(name: "M. Dupont", party: "pole-emploi")])
        #expect(problem { try RecordValidator.validate(meeting, against: a) } == nil)
        var m = meeting; m.attendees.append(Participant(name: "X", party: "gouvernement-ontario"))
        #expect(problem { try RecordValidator.validate(m, against: a) }?.field == "attendee")
        m = meeting; m.attendees.append(Participant(name: "", party: "pole-emploi"))
        #expect(problem { try RecordValidator.validate(m, against: a) }?.field == "attendee")
        m = meeting; m.body = "comite-coordination"
        let body = try #require(problem { try RecordValidator.validate(m, against: a) })
        #expect(body.message(.fr).contains("comite-mixte, groupes-travail"))

        let o = Sample.ontario
        let sameDay = ProgressReportRequest(agreementID: o.id, body: "comite-coordination", requestedOn: day("2026-10-15"), due: day("2026-10-15"))
        #expect(problem { try RecordValidator.validate(sameDay, against: o) } == nil)
        var r = sameDay; r.body = "comite-mixte"
        #expect(problem { try RecordValidator.validate(r, against: o) }?.field == "body")
        r = sameDay; r.due = day("2026-10-14")
        #expect(problem { try RecordValidator.validate(r, against: o) }?.message(.en).contains("on or after the request date") == true)

        let report = BiennialReportRecord(agreementID: a.id, periodStart: day("2023-01-01"), periodEnd: day("2024-12-31"),
                                          approvedOn: day("2025-03-12"), copySentOn: day("2025-03-20"))
        #expect(problem { try RecordValidator.validate(report, against: a) } == nil)
        var br = report; br.copySentOn = day("2025-03-01")
        #expect(problem { try RecordValidator.validate(br, against: a) }?.field == "copy-sent")
        br = report; br.approvedOn = nil
        #expect(problem { try RecordValidator.validate(br, against: a) }?.field == "copy-sent")
        br = report; br.periodEnd = day("2022-12-31")
        #expect(problem { try RecordValidator.validate(br, against: a) }?.field == "to")
        #expect(problem { try RecordValidator.validate(ProgressReport(agreementID: o.id, body: "comite-coordination", submittedOn: day("2025-03-01")), against: o) } == nil)
        #expect(problem { try RecordValidator.validate(ProgressReport(agreementID: o.id, body: "cabinet", submittedOn: day("2025-03-01")), against: o) }?.field == "body")
    }
}
