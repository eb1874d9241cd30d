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

    /// 9999-12-31 + six months is a date no calendar can hold: refused at the date sent,
    /// where before it was stored and then crashed every reader of the agreement (found by a
    /// helper trying to break the server). The last day that still ends in 9999 is accepted.
    @Test func aNoticeEndingAfterTheYear9999IsRefusedAtTheDateSent() throws {
        let a = Sample.poleEmploi
        do {
            _ = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("9999-12-31"), receivedOn: nil, requestedEnd: nil)
            Issue.record("a notice ending in the year 10000 was accepted")
        } catch {
            #expect(error.field == "sent")
            #expect(error.message(.fr).contains("31 décembre 9999") && error.message(.en).contains("December 31, 9999"))
        }
        let last = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("9999-06-30"), receivedOn: nil, requestedEnd: nil)
        #expect(last.effectiveEnd == day("9999-12-30") || last.effectiveEnd == day("9999-12-31"))
        #expect(last.effectiveEnd.isWithinCalendar)
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

    /// The same property over the century years (2100 is not a leap year, 2000 is) and for a notice of one day.
    @Test(arguments: [Period(6, .month), Period(1, .year), Period(1, .month), Period(1, .day), Period(18, .month), Period(4, .year)])
    func latestNoticeDateIsExactAroundCenturyYears(_ p: Period) {
        for (from, to) in [(day("1999-01-01"), day("2001-12-31")), (day("2099-01-01"), day("2101-12-31"))] {
            var t = from
            while t <= to {
                let latest = TerminationRules.latestNoticeDate(toTerminateOn: t, period: p)
                guard TerminationRules.earliestTermination(noticeGivenOn: latest, period: p) <= t,
                      TerminationRules.earliestTermination(noticeGivenOn: latest.adding(days: 1), period: p) > t else {
                    Issue.record("\(p) T=\(t): latest notice \(latest) is not exact")
                    return
                }
                t = t.adding(days: 1)
            }
        }
    }

    @Test func inverseExamplesUnderClamping() {
        let p = Period(6, .month)
        // 30 and 31 August 2099 both end on 28 February 2100 (not a leap year).
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2100-02-28"), period: p) == day("2099-08-31"))
        #expect(TerminationRules.earliestTermination(noticeGivenOn: day("2099-08-29"), period: p) == day("2100-02-28"))
        // No notice day ends on 29, 30 or 31 March with one month: the latest for those is 28 February.
        for end in ["2023-03-29", "2023-03-30", "2023-03-31"] {
            #expect(TerminationRules.latestNoticeDate(toTerminateOn: day(end), period: Period(1, .month)) == day("2023-02-28"))
        }
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2024-03-30"), period: Period(1, .month)) == day("2024-02-29"))
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2025-02-28"), period: Period(1, .year)) == day("2024-02-29"))
        #expect(TerminationRules.latestNoticeDate(toTerminateOn: day("2024-03-01"), period: Period(30, .day)) == day("2024-01-31"))
        #expect(TerminationRules.earliestTermination(noticeGivenOn: day("2024-02-29"), period: Period(2, .year)) == day("2026-02-28"))
    }

    @Test func entryIntoForceReadings() {
        // Stated date: no note.
        #expect(TerminationRules.effectiveStart(of: Sample.poleEmploi) == day("2022-11-07"))
        #expect(TerminationRules.effectiveStartNote(of: Sample.poleEmploi) == nil)
        // No clause, dated signatures: the last signature, said out loud.
        #expect(TerminationRules.effectiveStart(of: Sample.ontario) == day("2008-06-02"))
        #expect(TerminationRules.effectiveStartNote(of: Sample.ontario)?.fr.contains("2 juin 2008") == true)
        #expect(TerminationRules.effectiveStartNote(of: Sample.ontario)?.en.contains("sets no entry into force") == true)
        // Rule "last signature" without a computed date, one party not yet signed (date unknown): unknown.
        var pending = Sample.poleEmploi
        pending.entryIntoForce.date = nil
        pending.signatures[1].date = nil
        #expect(TerminationRules.effectiveStart(of: pending) == nil)
        #expect(TerminationRules.state(of: pending, notices: [], on: day("2026-11-22")) == .unknown)
        #expect(TerminationRules.effectiveStartNote(of: pending)?.en.contains("unknown") == true)
        pending.signatures[1].date = day("2022-11-07")
        #expect(TerminationRules.effectiveStart(of: pending) == day("2022-11-07"))
        #expect(TerminationRules.effectiveStartNote(of: pending)?.en == "In force from the last signature, November 7, 2022.")
    }

    @Test func aNoticeWhileAnotherRunsTheEarliestEndGoverns() throws {
        let a = Sample.poleEmploi
        let first = try TerminationRules.makeNotice(agreement: a, party: "gouvernement-quebec", sentOn: day("2026-01-10"), receivedOn: day("2026-01-12"),
                                                    requestedEnd: day("2026-12-31"))
        let second = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-02-01"), receivedOn: nil, requestedEnd: nil)
        #expect(first.receivedOn == day("2026-01-12"))
        #expect(second.effectiveEnd == day("2026-08-01"))
        #expect(TerminationRules.activeNotice([first, second], on: day("2026-01-20")) == first)
        #expect(TerminationRules.activeNotice([first, second], on: day("2026-03-01")) == second)
        #expect(TerminationRules.state(of: a, notices: [first, second], on: day("2026-08-02")) == .terminated)
        // Notice counts from the day it is sent, not received: received a week later changes nothing.
        let late = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-02-01"), receivedOn: day("2026-02-08"), requestedEnd: nil)
        #expect(late.effectiveEnd == day("2026-08-01"))
        // A requested end exactly at the earliest date is accepted.
        #expect(try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2026-02-01"), receivedOn: nil,
                                                requestedEnd: day("2026-08-01")).effectiveEnd == day("2026-08-01"))
    }

    @Test func noticeMessagesNameTheEarliestDateAndThePeriod() {
        var a = Sample.poleEmploi
        a.notice?.period = Period(1, .year)
        do {
            _ = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2024-02-29"), receivedOn: nil, requestedEnd: day("2024-12-31"))
            Issue.record("accepted a notice shorter than a year")
        } catch {
            #expect(error.field == "end")
            #expect(error.message(.fr).contains("28 février 2025") && error.message(.fr).contains("1 an)"))
            #expect(error.message(.en).contains("February 28, 2025") && error.message(.en).contains("1 year)"))
        }
        var noClause = a
        noClause.notice = nil
        #expect(throws: ValidationError.self) {
            try TerminationRules.makeNotice(agreement: noClause, party: "pole-emploi", sentOn: day("2024-02-29"), receivedOn: nil, requestedEnd: nil)
        }
        do {
            _ = try TerminationRules.makeNotice(agreement: a, party: "ontario", sentOn: day("2024-02-29"), receivedOn: nil, requestedEnd: nil)
        } catch {
            #expect(error.message(.en).contains("gouvernement-quebec, pole-emploi"))
        }
    }

    @Test func jointProjectsCountDistinctParties() {
        let a = Sample.poleEmploi
        let h = AgreementHistory(activities: [
            Activity(id: 1, agreementID: a.id, title: "same party twice", start: day("2026-01-01"), parties: ["pole-emploi", "#pole-emploi"], status: .underWay),
            Activity(id: 2, agreementID: a.id, title: "cancelled joint", start: day("2026-01-01"), parties: ["gouvernement-quebec", "pole-emploi"], status: .cancelled),
            Activity(id: 3, agreementID: a.id, title: "planned joint", start: day("2027-03-01"), parties: ["gouvernement-quebec", "pole-emploi"], status: .planned),
        ])
        #expect(TerminationRules.jointProjectsToComplete(agreement: a, history: h, asOf: day("2026-11-22")).map(\.id) == [3])
    }
}
