@testable import EntenteCore
import Testing

@Suite struct TerminationRulesTests {
    @Test func noticeOfSixMonthsEndsSixMonthsLaterClamped() {
        let p = Period(6, .month)
        #expect(TerminationRules.earliestTermination(noticeGivenOn: day("2025-08-31"), period: p) == day("2026-02-28"))
        #expect(TerminationRules.earliestTermination(noticeGivenOn: day("2023-08-31"), period: p) == day("2024-02-29"))
        #expect(TerminationRules.earliestTermination(noticeGivenOn: day("2026-11-22"), period: p) == day("2027-05-22"))
    }

    @Test func latestNoticeIsTheLastDayThatStillEndsInTime() {
        let p = Period(6, .month)
        // 29, 30 and 31 August all end on 28 February: the latest of them counts.
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2023-02-28"), period: p) == day("2022-08-31"))
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2024-02-29"), period: p) == day("2023-08-31"))
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2024-02-28"), period: p) == day("2023-08-28"))
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2026-05-22"), period: p) == day("2025-11-22"))
    }

    /// For every end date T: notice on latestNoticeDate(T) ends on or before T; a day later ends after T.
    @Test(arguments: [Period(6, .month), Period(1, .month), Period(12, .month), Period(2, .year), Period(30, .day),
                      Period(1, .year), Period(90, .day), Period(3, .month)])
    func latestNoticeDateIsTheExactInverse(_ p: Period) {
        var t = day("2023-01-01")
        let end = day("2029-01-01") // covers 2024 and 2028, leap years
        while t < end {
            let latest = TerminationRules.latestNoticeDate(toTerminateOn: t, period: p)
            let ends = TerminationRules.earliestTermination(noticeGivenOn: latest, period: p)
            let later = TerminationRules.earliestTermination(noticeGivenOn: latest.adding(days: 1), period: p)
            if !(ends <= t && later > t) {
                Issue.record("\(p) T=\(t): latest \(latest) ends \(ends), a day later ends \(later)")
                return
            }
            t = t.adding(days: 1)
        }
    }

    @Test func recordingANoticeChecksParty_dates_andPeriod() throws {
        let a = Sample.poleEmploi
        let n = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-12-01"),
                                                receivedOn: day("2026-12-03"), requestedEnd: nil)
        #expect(n.effectiveEnd == day("2027-06-01"))
        let later = try TerminationRules.makeNotice(agreement: a, party: "gouvernement-quebec", sentOn: day("2026-12-01"),
                                                    receivedOn: nil, requestedEnd: day("2027-12-31"))
        #expect(later.effectiveEnd == day("2027-12-31"))
        #expect(throws: ValidationError.self) {
            try TerminationRules.makeNotice(agreement: a, party: "ontario", sentOn: day("2026-12-01"), receivedOn: nil, requestedEnd: nil)
        }
        do {
            _ = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-12-01"), receivedOn: nil,
                                                requestedEnd: day("2027-03-01"))
            Issue.record("a notice shorter than the period was accepted")
        } catch {
            #expect(error.message(.en).contains("June 1, 2027"))
            #expect(error.message(.fr).contains("1er juin 2027"))
        }
        #expect(throws: ValidationError.self) {
            try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-12-05"), receivedOn: day("2026-12-01"), requestedEnd: nil)
        }
    }

    @Test func stateMovesToTerminatingThenTerminated() throws {
        let a = Sample.poleEmploi
        #expect(TerminationRules.state(of: a, notices: [], on: day("2022-10-01")) == .notYetInForce)
        #expect(TerminationRules.state(of: a, notices: [], on: day("2022-11-07")) == .inForce)
        let n = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-12-01"), receivedOn: nil, requestedEnd: nil)
        #expect(TerminationRules.state(of: a, notices: [n], on: day("2026-11-30")) == .inForce)
        #expect(TerminationRules.state(of: a, notices: [n], on: day("2026-12-01")) == .terminating)
        #expect(TerminationRules.state(of: a, notices: [n], on: day("2027-06-01")) == .terminating)
        #expect(TerminationRules.state(of: a, notices: [n], on: day("2027-06-02")) == .terminated)
        var withdrawn = n
        withdrawn.withdrawn = true
        #expect(TerminationRules.state(of: a, notices: [withdrawn], on: day("2027-07-01")) == .inForce)
        // No entry-into-force clause, dated signatures: in force from the last signature.
        #expect(TerminationRules.state(of: Sample.ontario, notices: [], on: day("2026-11-22")) == .inForce)
        var undated = Sample.ontario
        undated.signatures = []
        #expect(TerminationRules.state(of: undated, notices: [], on: day("2026-11-22")) == .unknown)
    }

    @Test func jointProjectsUnderWayMustBeCompleted() {
        let a = Sample.poleEmploi
        let h = AgreementHistory(activities: [
            Activity(id: 1, agreementID: a.id, title: "joint, under way", start: day("2026-01-01"), parties: ["gouvernement-quebec", "pole-emploi"], status: .underWay),
            Activity(id: 2, agreementID: a.id, title: "joint, done", start: day("2025-01-01"), parties: ["gouvernement-quebec", "pole-emploi"], status: .done),
            Activity(id: 3, agreementID: a.id, title: "one party only", start: day("2026-01-01"), parties: ["pole-emploi"], status: .planned),
            Activity(id: 4, agreementID: a.id, title: "no party named", start: day("2027-01-01"), status: .planned),
        ])
        #expect(TerminationRules.jointProjectsToComplete(agreement: a, history: h, asOf: day("2026-11-22")).map(\.id) == [1, 4])
        #expect(TerminationRules.jointProjectsToComplete(agreement: Sample.ontario, history: h, asOf: day("2026-11-22")).isEmpty)
    }
}
