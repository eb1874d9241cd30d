@testable import EntenteCore
import Testing

@Suite struct DeadlineEngineTests {
    let engine = DeadlineEngine()

    func find(_ list: [Deadline], _ kind: DeadlineKind) -> [Deadline] { list.filter { $0.kind == kind } }

    @Test func firstJointCommitteeMeetingTakesTheLastSignatureAndShowsTheOtherReading() throws {
        let list = engine.deadlines(for: Sample.poleEmploi, history: AgreementHistory(), asOf: day("2024-09-01"))
        let first = try #require(find(list, .firstJointCommitteeMeeting).first)
        #expect(first.due == day("2024-11-07"))
        #expect(first.status == .dueSoon)
        #expect(first.leadTime == 90)
        #expect(first.source == "art_4__para_1")
        #expect(first.note?.en.contains("June 22, 2024") == true)
        #expect(first.note?.fr.contains("22 juin 2024") == true)
        let eif = try #require(find(list, .entryIntoForce).first)
        #expect(eif.due == day("2022-11-07"))
        #expect(eif.status == .met)
    }

    @Test func statusesFollowTheAsOfDateAndLeadTimes() throws {
        let a = Sample.poleEmploi
        func status(_ asOf: String, _ engine: DeadlineEngine = DeadlineEngine()) -> Deadline {
            engine.deadlines(for: a, history: AgreementHistory(), asOf: day(asOf)).first { $0.kind == .firstJointCommitteeMeeting }!
        }
        #expect(status("2024-01-01").status == .upcoming)
        #expect(status("2024-08-09").status == .dueSoon)   // 90 days before
        #expect(status("2024-08-08").status == .upcoming)  // 91 days before
        #expect(status("2024-10-15").leadTime == 30)
        #expect(status("2024-11-01").leadTime == 7)
        #expect(status("2024-11-07").status == .dueSoon)
        #expect(status("2024-11-08").status == .overdue)
        #expect(status("2024-10-01", DeadlineEngine(leadTimes: [14])).status == .upcoming)
    }

    @Test func recordsMeetDeadlines() throws {
        let a = Sample.poleEmploi
        let h = AgreementHistory(
            plans: [ActionPlan(id: 1, agreementID: a.id, periodStart: day("2023-01-01"), periodEnd: day("2024-12-31"), status: .approved, approvedOn: day("2023-05-16"))],
            meetings: [Meeting(id: 1, agreementID: a.id, body: "comite-mixte", date: day("2023-05-16")),
                       Meeting(id: 2, agreementID: a.id, body: "groupes-travail", date: day("2023-10-12")),
                       Meeting(id: 3, agreementID: a.id, body: "groupes-travail", date: day("2024-05-20"))],
            biennialReports: [BiennialReportRecord(id: 1, agreementID: a.id, periodStart: day("2023-01-01"), periodEnd: day("2024-12-31"),
                                                   approvedOn: day("2025-03-12"), copySentOn: nil)])
        let list = engine.deadlines(for: a, history: h, asOf: day("2025-06-01"))
        let first = try #require(find(list, .firstJointCommitteeMeeting).first)
        #expect(first.status == .met)
        #expect(first.metOn == day("2023-05-16"))
        let plans = find(list, .biennialActionPlan)
        #expect(plans.first?.status == .met)
        #expect(plans.first?.due == day("2024-11-07"))
        #expect(plans.dropFirst().first?.due == day("2026-11-07"))
        let reports = find(list, .biennialReport)
        #expect(reports.first?.due == day("2026-11-07"))
        #expect(reports.first?.status == .met)
        let copy = try #require(find(list, .reportCopyToCommission).first)
        #expect(copy.due == day("2025-03-12"))
        #expect(copy.status == .overdue)
        // Working groups: every six months from the first meeting held; the second was held late.
        let wg = find(list, .workingGroupMeeting)
        #expect(wg.first?.due == day("2024-04-12"))
        #expect(wg.first?.status == .met)
        #expect(wg.first?.note?.en.contains("late") == true)
        #expect(wg.dropFirst().first?.due == day("2024-11-20"))
        #expect(wg.dropFirst().first?.status == .overdue)
    }

    @Test func progressReportsBeforeEachMeetingAndOnRequest() throws {
        let a = Sample.ontario
        let h = AgreementHistory(
            meetings: [Meeting(id: 10, agreementID: a.id, body: "comite-coordination", date: day("2025-03-25")),
                       Meeting(id: 11, agreementID: a.id, body: "comite-coordination", date: day("2026-01-21"))],
            progressReports: [ProgressReport(id: 1, agreementID: a.id, body: "comite-coordination", submittedOn: day("2025-03-19")),
                              ProgressReport(id: 2, agreementID: a.id, body: "comite-coordination", submittedOn: day("2025-12-01"), requestID: 5)],
            progressRequests: [ProgressReportRequest(id: 5, agreementID: a.id, body: "comite-coordination", requestedOn: day("2025-10-15"), due: day("2025-12-01")),
                               ProgressReportRequest(id: 6, agreementID: a.id, body: "comite-coordination", requestedOn: day("2026-01-05"), due: day("2026-02-01"))])
        let list = engine.deadlines(for: a, history: h, asOf: day("2026-01-10"))
        let before = find(list, .progressReportBeforeMeeting)
        #expect(before.map(\.due) == [day("2025-03-24"), day("2026-01-20")])
        #expect(before.map(\.status) == [.met, .dueSoon])
        #expect(before.first?.source == "art_3__para_2")
        let asked = find(list, .progressReportOnRequest)
        #expect(asked.map(\.status) == [.met, .dueSoon])
        #expect(asked.allSatisfy { $0.source == "record" })
        // No entry into force clause: no entry-into-force deadline is invented.
        #expect(find(list, .entryIntoForce).isEmpty)
    }

    @Test func aNoticeAddsTheEndDateAndStopsRecurringDeadlines() throws {
        let a = Sample.poleEmploi
        let notice = try TerminationRules.makeNotice(agreement: a, party: "pole-emploi", sentOn: day("2024-03-01"), receivedOn: nil, requestedEnd: nil)
        let h = AgreementHistory(meetings: [Meeting(id: 1, agreementID: a.id, body: "groupes-travail", date: day("2023-01-10"))], notices: [notice])
        let list = engine.deadlines(for: a, history: h, asOf: day("2024-04-01"))
        let end = try #require(find(list, .terminationEnd).first)
        #expect(end.due == day("2024-09-01"))
        #expect(end.status == .upcoming || end.status == .dueSoon)
        #expect(list.filter { $0.kind != .terminationEnd }.allSatisfy { $0.due <= day("2024-09-01") })
    }

    @Test func seriesDoNotDriftUnderClamping() {
        var a = Sample.poleEmploi
        a.signatures = [Signature(party: "pole-emploi", signatory: nil, role: nil, place: nil, date: day("2022-08-31"), basis: .text)]
        a.bodies = [Body(id: "groupes-travail", kind: .workingGroup, name: "GT", cadence: Period(6, .month))]
        a.obligations = [Obligation(kind: .biennialActionPlan, every: Period(6, .month))]
        a.entryIntoForce = EntryIntoForce(rule: .lastSignature, date: day("2022-08-31"), source: nil)
        let list = engine.deadlines(for: a, history: AgreementHistory(), asOf: day("2024-01-01"))
        // Fallback start one cycle after entry into force, each due date computed from the start.
        #expect(find(list, .biennialActionPlan).map(\.due).prefix(4) == [day("2023-02-28"), day("2023-08-31"), day("2024-02-29"), day("2024-08-31")])
    }

    @Test func manyAgreementsAreSortedAndFiltered() {
        let items = [(Sample.poleEmploi, AgreementHistory()), (Sample.ontario, AgreementHistory())]
        let list = engine.deadlines(for: items, asOf: day("2024-01-01"), from: day("2024-01-01"), to: day("2024-12-31"))
        #expect(!list.isEmpty)
        #expect(list.allSatisfy { $0.due >= day("2024-01-01") && $0.due <= day("2024-12-31") })
        #expect(list.map(\.due) == list.map(\.due).sorted())
        #expect(Set(list.map(\.stableKey)).count == list.count)
    }

    @Test func onlyFactsDatedByAsOfMeetDeadlines() throws {
        let a = Sample.poleEmploi
        let h = AgreementHistory(
            plans: [ActionPlan(id: 1, agreementID: a.id, periodStart: day("2024-01-01"), periodEnd: day("2025-12-31"), status: .approved, approvedOn: day("2024-06-10"))],
            meetings: [Meeting(id: 1, agreementID: a.id, body: "comite-mixte", date: day("2024-06-10"))],
            notices: [TerminationNotice(agreementID: a.id, party: "pole-emploi", sentOn: day("2025-01-15"), effectiveEnd: day("2025-07-15"))])
        // Before the meeting, the plan's approval and the notice: nothing is met, no end date yet.
        let before = engine.deadlines(for: a, history: h, asOf: day("2024-05-01"))
        #expect(find(before, .firstJointCommitteeMeeting).first?.status == .upcoming)
        #expect(find(before, .biennialActionPlan).first?.status == .upcoming)
        #expect(find(before, .terminationEnd).isEmpty)
        #expect(TerminationRules.state(of: a, notices: h.notices, on: day("2024-05-01")) == .inForce)
        // After them.
        let after = engine.deadlines(for: a, history: h, asOf: day("2025-02-01"))
        #expect(find(after, .firstJointCommitteeMeeting).first?.metOn == day("2024-06-10"))
        #expect(find(after, .biennialActionPlan).first?.status == .met)
        #expect(find(after, .terminationEnd).first?.due == day("2025-07-15"))
        // Nothing recurs past the end date.
        #expect(after.allSatisfy { $0.kind == .terminationEnd || $0.metOn != nil || $0.due <= day("2025-07-15") })
    }

    @Test func lateApprovalsAreMetButSaidLate() throws {
        let a = Sample.poleEmploi
        let h = AgreementHistory(
            plans: [ActionPlan(id: 1, agreementID: a.id, periodStart: day("2025-01-01"), periodEnd: day("2026-12-31"), status: .approved, approvedOn: day("2025-02-03"))],
            meetings: [Meeting(id: 1, agreementID: a.id, body: "comite-mixte", date: day("2025-02-03"))])
        let list = engine.deadlines(for: a, history: h, asOf: day("2025-06-01"))
        let first = try #require(find(list, .firstJointCommitteeMeeting).first)
        #expect(first.status == .met)
        #expect(first.note?.fr.contains("Tenue en retard, le 3 février 2025") == true)
        #expect(first.note?.en.contains("Held late, on February 3, 2025") == true)
        // The other reading is still shown beside the lateness.
        #expect(first.note?.fr.contains("22 juin 2024") == true)
        let plan = try #require(find(list, .biennialActionPlan).first)
        #expect(plan.status == .met)
        #expect(plan.note?.en == "Approved late, on February 3, 2025.")
    }

    @Test func correctedMinutesReplaceTheMeetingTheyCorrect() throws {
        let a = Sample.poleEmploi
        // Minutes recorded the meeting on the wrong date (late); a correction gives the real one.
        let h = AgreementHistory(meetings: [
            Meeting(id: 1, agreementID: a.id, body: "comite-mixte", date: day("2025-01-10"), minutesClosed: true),
            Meeting(id: 2, agreementID: a.id, body: "comite-mixte", date: day("2024-10-01"), corrects: 1),
        ])
        let first = try #require(find(engine.deadlines(for: a, history: h, asOf: day("2025-02-01")), .firstJointCommitteeMeeting).first)
        #expect(first.metOn == day("2024-10-01"))
        #expect(first.note?.en.contains("late") == false)

        // Progress reports sent for a meeting whose minutes were later corrected still count.
        let o = Sample.ontario
        let ho = AgreementHistory(
            meetings: [Meeting(id: 10, agreementID: o.id, body: "comite-coordination", date: day("2025-03-25"), minutesClosed: true),
                       Meeting(id: 11, agreementID: o.id, body: "comite-coordination", date: day("2025-03-26"), corrects: 10)],
            progressReports: [ProgressReport(id: 1, agreementID: o.id, body: "comite-coordination", submittedOn: day("2025-03-20"), meetingID: 10)])
        let before = find(engine.deadlines(for: o, history: ho, asOf: day("2025-04-01")), .progressReportBeforeMeeting)
        #expect(before.map(\.due) == [day("2025-03-25")])
        #expect(before.map(\.status) == [.met])
    }

    @Test func correctionChains() {
        let m = { (id: Int64, corrects: Int64?) in
            Meeting(id: id, agreementID: "x", body: "b", date: day("2025-01-01").adding(days: Int(id)), corrects: corrects)
        }
        // 2 corrects 1, 3 corrects 2; 5 and 6 both correct 4 (6 is the later); 7 stands alone; an unsaved one stands.
        let c = CurrentMeetings([m(1, nil), m(2, 1), m(3, 2), m(4, nil), m(5, 4), m(6, 4), m(7, nil),
                                 Meeting(agreementID: "x", body: "b", date: day("2025-02-01"))])
        #expect(c.meetings.map(\.id) == [3, 6, 7, nil])
        #expect([1, 2, 3, 4, 5, 6, 7].map { c.resolve($0) } == [3, 3, 3, 6, 6, 6, 7])
    }

    @Test func progressReportsMatchByMeetingRequestOrDate() {
        let o = Sample.ontario
        let h = AgreementHistory(
            meetings: [Meeting(id: 10, agreementID: o.id, body: "comite-coordination", date: day("2025-03-25")),
                       Meeting(id: 11, agreementID: o.id, body: "comite-coordination", date: day("2025-09-25")),
                       Meeting(id: 12, agreementID: o.id, body: "comite-coordination", date: day("2026-03-25"))],
            progressReports: [
                // Sent before the first meeting without naming it.
                ProgressReport(id: 1, agreementID: o.id, body: "comite-coordination", submittedOn: day("2025-03-01")),
                // Answers a request: does not count for a meeting.
                ProgressReport(id: 2, agreementID: o.id, body: "comite-coordination", submittedOn: day("2025-09-01"), requestID: 7),
                // Named for the third meeting, sent late (after it).
                ProgressReport(id: 3, agreementID: o.id, body: "comite-coordination", submittedOn: day("2026-03-30"), meetingID: 12),
                // For another body: ignored.
                ProgressReport(id: 4, agreementID: o.id, body: "autre", submittedOn: day("2025-09-20")),
            ],
            progressRequests: [ProgressReportRequest(id: 7, agreementID: o.id, body: "comite-coordination", requestedOn: day("2025-08-01"), due: day("2025-09-05"))])
        let list = engine.deadlines(for: o, history: h, asOf: day("2026-04-15"))
        let before = find(list, .progressReportBeforeMeeting)
        #expect(before.map(\.due) == [day("2025-03-24"), day("2025-09-24"), day("2026-03-24")])
        #expect(before.map(\.status) == [.met, .overdue, .met])
        #expect(before.map(\.metOn) == [day("2025-03-01"), nil, day("2026-03-30")])
        let asked = find(list, .progressReportOnRequest)
        #expect(asked.map(\.status) == [.met])
        #expect(asked.first?.metOn == day("2025-09-01"))
    }

    @Test func sortedByDueThenKindAndSeriesReachPastTheHorizon() {
        let a = Sample.poleEmploi
        let h = AgreementHistory(meetings: [Meeting(id: 1, agreementID: a.id, body: "comite-mixte", date: day("2023-03-01")),
                                            Meeting(id: 2, agreementID: a.id, body: "groupes-travail", date: day("2023-06-01"))])
        let asOf = day("2026-11-22")
        let list = engine.deadlines(for: a, history: h, asOf: asOf)
        for (x, y) in zip(list, list.dropFirst()) {
            #expect(x.due < y.due || (x.due == y.due && x.kind.rawValue <= y.kind.rawValue))
        }
        // Each series ends with one due date past asOf + 90 days, and no more than one.
        let horizon = asOf.adding(days: 90)
        for kind in [DeadlineKind.biennialActionPlan, .biennialReport, .workingGroupMeeting] {
            let dues = find(list, kind).map(\.due)
            #expect(dues.filter { $0 > horizon }.count == 1, "\(kind)")
        }
        // Unmet past occurrences are overdue; the ones within 90 days are due soon.
        #expect(list.filter { $0.due < asOf && $0.metOn == nil }.allSatisfy { $0.status == .overdue })
        #expect(list.filter { $0.due >= asOf && $0.due <= horizon }.allSatisfy { $0.status == .dueSoon && $0.leadTime != nil })
        #expect(list.filter { $0.due > horizon }.allSatisfy { $0.status == .upcoming && $0.leadTime == nil })
    }

    @Test func manyAgreementsSortByDueThenAgreementThenKind() {
        var items: [(Agreement, AgreementHistory)] = []
        for i in (0..<300).reversed() {
            var a = Sample.poleEmploi
            a.id = "agreement-\(i % 7)-\(i)"
            a.entryIntoForce.date = day("2022-11-07").adding(days: i % 5)
            a.signatures[1].date = a.entryIntoForce.date
            items.append((a, AgreementHistory(meetings: [Meeting(id: Int64(i), agreementID: a.id, body: "groupes-travail", date: day("2023-01-10"))])))
        }
        let asOf = day("2024-06-01")
        let all = engine.deadlines(for: items, asOf: asOf)
        #expect(all.count == items.reduce(0) { $0 + engine.deadlines(for: $1.0, history: $1.1, asOf: asOf).count })
        for (x, y) in zip(all, all.dropFirst()) {
            let ordered = x.due < y.due || (x.due == y.due && (x.agreementID < y.agreementID
                || (x.agreementID == y.agreementID && x.kind.rawValue <= y.kind.rawValue)))
            if !ordered { Issue.record("\(x.stableKey) before \(y.stableKey)"); break }
        }
        let window = engine.deadlines(for: items, asOf: asOf, from: day("2024-11-07"), to: day("2024-11-08"))
        #expect(!window.isEmpty)
        #expect(window.allSatisfy { $0.due >= day("2024-11-07") && $0.due <= day("2024-11-08") })
        #expect(window.count == all.filter { $0.due >= day("2024-11-07") && $0.due <= day("2024-11-08") }.count)
    }
}
