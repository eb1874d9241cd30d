@testable import EntenteCore
import Testing

/// Entry into force, term, renewal and termination arithmetic (shared/design/clause-kinds.md),
/// checked on public depositary dates and at awkward dates.
@Suite struct LifeRulesTests {
    static let ref = ProvisionRef(eId: "art_2__para_1", num: "2.1")

    /// Two parties signing on `signed` (the second signature last), with the given clauses.
    func agreement(signed: [String] = ["2016-05-02", "2016-05-02"], eif: EntryIntoForce = .init(rule: .lastSignature, date: nil, source: ref),
                   notice: NoticeClause? = nil, term: Term? = nil) -> Agreement {
        Agreement(id: "t", parties: [Party(id: "p1", name: "P1"), Party(id: "p2", name: "P2")],
                  signatures: signed.enumerated().map { Signature(party: "p\($0.offset + 1)", signatory: nil, role: nil, place: nil, date: day($0.element), basis: .text) },
                  entryIntoForce: eif, notice: notice, term: term)
    }

    func clause(_ p: Period, timing: NoticeTiming? = nil, effect: NoticeEffect? = nil, countsFrom: NoticeCount? = nil,
                notBefore: Period? = nil, restricts: MinimumRestriction? = nil) -> NoticeClause {
        NoticeClause(period: p, written: false, minimum: true, source: ProvisionRef(eId: "art_2__para_2", num: "2.2"), basis: .text,
                     timing: timing, effect: effect, countsFrom: countsFrom, notBefore: notBefore, restricts: restricts)
    }

    // MARK: Entry into force (A1–A7)

    @Test func firstDayOfTheSecondMonthFollowingTheLastSignature() {
        let a = agreement(signed: ["2026-10-20", "2026-11-10"], eif: EntryIntoForce(rule: .firstDayOfNthMonth, date: nil, source: Self.ref, nth: 2))
        #expect(LifeRules.entryIntoForceDate(of: a) == day("2027-01-01"))
        // A 1 November signature gives the same date; 30 November too.
        #expect(LifeRules.firstDayOfNthMonth(after: day("2026-11-01"), nth: 2) == day("2027-01-01"))
        #expect(LifeRules.firstDayOfNthMonth(after: day("2026-11-30"), nth: 2) == day("2027-01-01"))
        // Canada–Brazil: notes completed in April 2014, fourth month following → 1 August 2014.
        #expect(LifeRules.firstDayOfNthMonth(after: day("2014-04-30"), nth: 4) == day("2014-08-01"))
        #expect(LifeRules.state(of: a, notices: [], on: day("2026-11-29")) == .notYetInForce)
        #expect(LifeRules.state(of: a, notices: [], on: day("2026-12-31")) == .notYetInForce)
        #expect(LifeRules.state(of: a, notices: [], on: day("2027-01-01")) == .inForce)
        #expect(AgreementState.notYetInForce.rawValue == "signed")
    }

    @Test func nDaysAfterTheActDoesNotCountItsDay() {
        // Kyoto art. 25: deposit 18 November 2004, in force on the 90th day: 16 February 2005.
        let a = agreement(signed: ["2004-11-18"], eif: EntryIntoForce(rule: .afterPeriod, date: nil, source: Self.ref, period: Period(90, .day)))
        #expect(LifeRules.entryIntoForceDate(of: a) == day("2005-02-16"))
        // Across 29 February: 30 January 2024 + 30 days = 29 February 2024.
        #expect(Period(30, .day).after(day("2024-01-30")) == day("2024-02-29"))
    }

    /// A4 (first day of the month after N months) is A3 with N + 1, on every day of a leap year.
    @Test func monthAfterAPeriodIsTheNthPlusOneMonthOnEveryDayOfALeapYear() {
        var d = day("2024-01-01")
        while d <= day("2024-12-31") {
            for n in [1, 3, 6] {
                let a4 = LifeRules.firstDayOfFollowingMonth(Period(n, .month).after(d))
                #expect(a4 == LifeRules.firstDayOfNthMonth(after: d, nth: n + 1), "\(d) N=\(n)")
            }
            d = d.adding(days: 1)
        }
        // Istanbul Convention: 10th ratification 22 April 2014 → 1 August 2014.
        let a = agreement(signed: ["2014-04-22"], eif: EntryIntoForce(rule: .firstDayOfMonthAfterPeriod, date: nil, source: Self.ref, period: Period(3, .month)))
        #expect(LifeRules.entryIntoForceDate(of: a) == day("2014-08-01"))
    }

    @Test func firstDayOfTheMonthAfterTheNthDayIsStrict() {
        // Rome Statute art. 126: deposit 30 August 2011 → 60th day 29 October → 1 November 2011.
        let rome = EntryIntoForce(rule: .firstDayOfMonthAfterPeriod, date: nil, source: Self.ref, period: Period(60, .day))
        #expect(LifeRules.entryIntoForceDate(of: agreement(signed: ["2011-08-30"], eif: rome)) == day("2011-11-01"))
        // 11 April 2002 (60th instrument) → 10 June → 1 July 2002.
        #expect(LifeRules.entryIntoForceDate(of: agreement(signed: ["2002-04-11"], eif: rome)) == day("2002-07-01"))
        // d + 60 falling on a 1st moves to the next month: 2 March 2023 + 60 days = 1 May 2023 → 1 June 2023.
        #expect(LifeRules.entryIntoForceDate(of: agreement(signed: ["2023-03-02"], eif: rome)) == day("2023-06-01"))
    }

    @Test func entryIntoForceOnARecordedEventWaitsForIt() {
        let eif = EntryIntoForce(rule: .firstDayOfNthMonth, date: nil, source: Self.ref, anchor: .lastNotification, nth: 1)
        let a = agreement(signed: ["2026-10-20", "2026-11-10"], eif: eif)
        #expect(LifeRules.entryIntoForceDate(of: a) == nil)
        #expect(TerminationRules.effectiveStart(of: a) == nil)
        #expect(LifeRules.state(of: a, notices: [], on: day("2030-01-01")) == .notYetInForce)
        let event = EntryIntoForceEvent(agreementID: "t", on: day("2027-02-27"), receivedOn: day("2027-03-03"))
        // "Notification" means receipt: 3 March → 1 April 2027.
        #expect(LifeRules.entryIntoForceDate(of: a, events: [event]) == day("2027-04-01"))
        #expect(LifeRules.state(of: a, notices: [], events: [event], on: day("2027-03-31")) == .notYetInForce)
        #expect(LifeRules.state(of: a, notices: [], events: [event], on: day("2027-04-01")) == .inForce)
        // Deadlines counted from entry into force wait for the event.
        var withBody = a
        withBody.bodies = [Body(id: "cm", kind: .jointCommittee, name: "Comité mixte", firstMeetingWithin: Period(1, .year), firstMeetingFrom: .entryIntoForce)]
        let engine = DeadlineEngine()
        #expect(!engine.deadlines(for: withBody, history: AgreementHistory(), asOf: day("2027-01-01")).contains { $0.kind == .firstJointCommitteeMeeting })
        let after = engine.deadlines(for: withBody, history: AgreementHistory(entryIntoForceEvents: [event]), asOf: day("2027-05-01"))
        #expect(after.first { $0.kind == .firstJointCommitteeMeeting }?.due == day("2028-04-01"))
        #expect(after.first { $0.kind == .entryIntoForce }?.due == day("2027-04-01"))
    }

    // MARK: Term and renewal (B2, B5, B6)

    @Test func fixedTermWithoutRenewalExpiresByItself() {
        let term = Term(kind: .fixed, length: Period(5, .year), source: Self.ref)
        let a = agreement(signed: ["2021-03-15"], term: term)
        #expect(LifeRules.expiry(of: a, entryIntoForce: day("2021-03-15")) == day("2026-03-15"))
        #expect(LifeRules.state(of: a, notices: [], on: day("2026-03-15")) == .inForce)
        #expect(LifeRules.state(of: a, notices: [], on: day("2026-03-16")) == .expired)
        let deadlines = DeadlineEngine().deadlines(for: a, history: AgreementHistory(), asOf: day("2026-01-01"))
        #expect(deadlines.first { $0.kind == .termExpiry }?.due == day("2026-03-15"))
        // A stated end date is included (B3).
        let until = agreement(signed: ["2021-03-15"], term: Term(kind: .fixed, until: day("2028-03-31")))
        #expect(LifeRules.state(of: until, notices: [], on: day("2028-03-31")) == .inForce)
        #expect(LifeRules.state(of: until, notices: [], on: day("2028-04-01")) == .expired)
    }

    /// The case in shared/cases/clauses: 2016-05-02 + 15 years, then ten-year periods, notice at least six months before.
    @Test func tacitRenewalNoticeOnTheLastPossibleDayAndOneDayLater() {
        let term = Term(kind: .fixed, length: Period(15, .year), renewal: Renewal(period: Period(10, .year)))
        let a = agreement(notice: clause(Period(6, .month), timing: .beforeExpiry), term: term)
        #expect(LifeRules.termination(a, sent: day("2026-12-01")).end == day("2031-05-02"))
        #expect(LifeRules.termination(a, sent: day("2030-11-02")).end == day("2031-05-02"))
        #expect(LifeRules.termination(a, sent: day("2030-11-03")).end == day("2041-05-02"))
        let latest = LifeRules.latestNotice(a, toEndBy: day("2031-05-02"))
        #expect(latest.latest == day("2030-11-02"))
        #expect(LifeRules.latestNotice(a, toEndBy: day("2041-05-01")).latest == day("2030-11-02"))
        #expect(LifeRules.latestNotice(a, toEndBy: day("2031-05-01")).latest == nil)
        #expect(LifeRules.latestNotice(a, toEndBy: day("2031-05-01")).earliestPossibleEnd == day("2031-05-02"))
        #expect(LifeRules.termination(a, sent: day("2026-12-01")).rule.en.contains("Article 2, paragraph 2"))
        #expect(LifeRules.termination(a, sent: day("2026-12-01")).alternative?.en.contains("November 1, 2030") == true)
        #expect(LifeRules.state(of: a, notices: [], on: day("2035-01-01")) == .inForce)
    }

    @Test func renewalBoundariesAreAnchoredOnEntryIntoForceNotChained() {
        // In force 29 February 2024, yearly: 28 Feb 2025, 2026, 2027, then 29 Feb 2028.
        let term = Term(kind: .fixed, length: Period(1, .year), renewal: Renewal(period: Period(1, .year)))
        let bounds = (0..<4).map { LifeRules.boundary($0, term: term, entryIntoForce: day("2024-02-29")) }
        #expect(bounds == [day("2025-02-28"), day("2026-02-28"), day("2027-02-28"), day("2028-02-29")])
        // Three months' notice before 29 February 2028: by 29 November 2027.
        let a = agreement(signed: ["2024-02-29"], notice: clause(Period(3, .month), timing: .beforeExpiry), term: term)
        #expect(LifeRules.latestNotice(a, toEndBy: day("2028-02-29")).latest == day("2027-11-29"))
        #expect(LifeRules.termination(a, sent: day("2027-11-30")).end == day("2029-02-28"))
    }

    @Test func oneFurtherPeriodThenExpiry() {
        let term = Term(kind: .fixed, length: Period(5, .year), renewal: Renewal(period: Period(5, .year), successive: false))
        let a = agreement(signed: ["2020-01-31"], notice: clause(Period(6, .month), timing: .beforeExpiry), term: term)
        #expect(LifeRules.expiry(of: a, entryIntoForce: day("2020-01-31")) == day("2030-01-31"))
        // Too late to stop the renewal: it expires anyway after the one further period.
        #expect(LifeRules.termination(a, sent: day("2029-12-01")).end == day("2030-01-31"))
        #expect(LifeRules.termination(a, sent: day("2024-07-31")).end == day("2025-01-31"))
        #expect(LifeRules.termination(a, sent: day("2024-08-01")).end == day("2030-01-31"))
        #expect(LifeRules.state(of: a, notices: [], on: day("2030-02-01")) == .expired)
    }

    @Test func fixedTermWithNoticeAtAnyTimeEndsNoLaterThanTheTerm() {
        // B7: three years; six months' notice at any time.
        let term = Term(kind: .fixed, length: Period(3, .year))
        let a = agreement(signed: ["2024-01-15"], notice: clause(Period(6, .month), timing: .anyTime), term: term)
        #expect(LifeRules.termination(a, sent: day("2025-01-15")).end == day("2025-07-15"))
        #expect(LifeRules.termination(a, sent: day("2026-12-01")).end == day("2027-01-15"))
    }

    // MARK: Notice (C1–C8)

    @Test func countedFromReceiptAndProvisionalWithoutIt() {
        let a = agreement(signed: ["2021-03-01", "2021-03-15"], notice: clause(Period(1, .year), countsFrom: .receipt))
        let answer = LifeRules.termination(a, sent: day("2026-12-01"), received: day("2026-12-22"))
        #expect(answer.end == day("2027-12-22"))
        #expect(answer.countsFrom == .receipt)
        #expect(answer.provisional == nil)
        let unknown = LifeRules.termination(a, sent: day("2026-12-01"))
        #expect(unknown.end == day("2027-12-01"))
        #expect(unknown.provisional?.en.contains("Provisional") == true)
        // Burundi, Philippines and Canada (Kyoto): one year after receipt.
        for (r, x) in [("2016-10-27", "2017-10-27"), ("2018-03-17", "2019-03-17"), ("2011-12-15", "2012-12-15")] {
            #expect(LifeRules.termination(a, sent: day(r), received: day(r)).end == day(x))
        }
        // Received on 29 February: 28 February next year; the inverse says 29 February.
        #expect(LifeRules.termination(a, sent: day("2024-02-20"), received: day("2024-02-29")).end == day("2025-02-28"))
        #expect(LifeRules.latestNotice(a, toEndBy: day("2025-02-28")).latest == day("2024-02-29"))
        // From sending, the same clause ignores receipt (the seeds' rule).
        let sending = agreement(notice: clause(Period(1, .year)))
        #expect(LifeRules.termination(sending, sent: day("2026-12-01"), received: day("2026-12-22")).end == day("2027-12-01"))
    }

    @Test func firstDayOfTheMonthAfterThePeriod() {
        // C5: T = 1 September 2027, six months → received by 28 February 2027.
        let a = agreement(notice: clause(Period(6, .month), effect: .firstDayOfFollowingMonth, countsFrom: .receipt))
        #expect(LifeRules.latestNotice(a, toEndBy: day("2027-09-01")).latest == day("2027-02-28"))
        #expect(LifeRules.termination(a, sent: day("2027-03-01"), received: day("2027-03-01")).end == day("2027-10-01"))
        // Turkey, Istanbul Convention: notified in March 2021, three months → 1 July 2021.
        let coe = agreement(notice: clause(Period(3, .month), effect: .firstDayOfFollowingMonth, countsFrom: .receipt))
        #expect(LifeRules.termination(coe, sent: day("2021-03-22"), received: day("2021-03-22")).end == day("2021-07-01"))
    }

    @Test func endOfCalendarYearAndFollowingDecember31() {
        // C6: notice at least six months before the end of a year, effect 1 January next: by 30 June.
        let c6 = agreement(notice: clause(Period(6, .month), effect: .endOfCalendarYear))
        #expect(LifeRules.termination(c6, sent: day("2026-06-30")).end == day("2027-01-01"))
        #expect(LifeRules.termination(c6, sent: day("2026-07-01")).end == day("2028-01-01"))
        #expect(LifeRules.latestNotice(c6, toEndBy: day("2027-01-01")).latest == day("2026-06-30"))
        // C7: 31 December strictly after receipt + 12 months.
        let c7 = agreement(notice: clause(Period(12, .month), effect: .followingDec31, countsFrom: .receipt))
        #expect(LifeRules.termination(c7, sent: day("2026-12-31"), received: day("2026-12-31")).end == day("2028-12-31"))
        #expect(LifeRules.termination(c7, sent: day("2026-12-30"), received: day("2026-12-30")).end == day("2027-12-31"))
        #expect(LifeRules.latestNotice(c7, toEndBy: day("2027-12-31")).latest == day("2026-12-30"))
    }

    @Test func minimumDurationRestrictsNoticeOrEffect() {
        // Kyoto art. 27: withdrawal at any time after three years from entry into force, one year after receipt.
        let kyoto = agreement(signed: ["2005-02-16"], eif: EntryIntoForce(rule: .date, date: day("2005-02-16"), source: Self.ref),
                              notice: clause(Period(1, .year), countsFrom: .receipt, notBefore: Period(3, .year), restricts: .notice))
        #expect(LifeRules.termination(kyoto, sent: day("2011-12-15"), received: day("2011-12-15")).end == day("2012-12-15"))
        let early = LifeRules.termination(kyoto, sent: day("2007-01-10"), received: day("2007-01-10"))
        #expect(early.premature != nil)
        #expect(early.end == day("2009-02-16"))
        #expect(LifeRules.latestNotice(kyoto, toEndBy: day("2009-02-15")).latest == nil)
        #expect(LifeRules.latestNotice(kyoto, toEndBy: day("2009-02-15")).earliestPossibleEnd == day("2009-02-16"))
        // « demeure en vigueur au moins cinq ans »: notice may be given, the end waits.
        let effect = agreement(signed: ["2020-01-01"], notice: clause(Period(6, .month), notBefore: Period(5, .year), restricts: .effect))
        #expect(LifeRules.termination(effect, sent: day("2021-01-01")).end == day("2025-01-01"))
        #expect(LifeRules.termination(effect, sent: day("2024-09-01")).end == day("2025-03-01"))
    }

    @Test func theSeedsKeepTheirAnswers() {
        let a = Sample.poleEmploi
        for (d, x) in [("2026-11-22", "2027-05-22"), ("2022-08-31", "2023-02-28"), ("2023-08-31", "2024-02-29")] {
            #expect(LifeRules.termination(a, sent: day(d)).end == TerminationRules.earliestTermination(noticeGivenOn: day(d), period: Period(6, .month)))
            #expect(LifeRules.termination(a, sent: day(d)).end == day(x))
        }
        #expect(LifeRules.latestNotice(a, toEndBy: day("2023-02-28")).latest == day("2022-08-31"))
        #expect(LifeRules.termination(a, sent: day("2026-11-22")).countsFrom == .sending)
        #expect(TerminationRules.state(of: Sample.ontario, notices: [], on: day("2026-11-22")) == .inForce)
    }

    // MARK: The inverse, as a property

    /// For every kind, on many days around month ends and 29 February: the latest notice date
    /// L for T ends on or before T, and the day after L ends after T.
    @Test(arguments: [0, 1, 2, 3, 4, 5, 6])
    func latestNoticeIsTheExactInverseForEveryKind(_ kind: Int) {
        let a: Agreement
        switch kind {
        case 0: a = agreement(signed: ["2016-05-31"], notice: clause(Period(6, .month), timing: .beforeExpiry),
                              term: Term(kind: .fixed, length: Period(15, .year), renewal: Renewal(period: Period(10, .year))))
        case 1: a = agreement(signed: ["2024-02-29"], notice: clause(Period(3, .month), timing: .beforeExpiry),
                              term: Term(kind: .fixed, length: Period(1, .year), renewal: Renewal(period: Period(1, .year))))
        case 2: a = agreement(signed: ["2019-08-31"], notice: clause(Period(90, .day), timing: .beforeExpiry),
                              term: Term(kind: .fixed, length: Period(2, .year), renewal: Renewal(period: Period(6, .month))))
        case 3: a = agreement(notice: clause(Period(6, .month), effect: .firstDayOfFollowingMonth, countsFrom: .receipt))
        case 4: a = agreement(notice: clause(Period(6, .month), effect: .endOfCalendarYear))
        case 5: a = agreement(notice: clause(Period(12, .month), effect: .followingDec31))
        default: a = agreement(signed: ["2020-08-31"], notice: clause(Period(6, .month), timing: .anyTime),
                               term: Term(kind: .fixed, length: Period(3, .year), renewal: Renewal(period: Period(1, .year))))
        }
        let eif = TerminationRules.effectiveStart(of: a)
        var t = day("2027-01-01")
        while t <= day("2029-03-31") {
            let answer = LifeRules.latestNotice(a, toEndBy: t)
            if let l = answer.latest {
                let x = LifeRules.earliestEnd(a, clause: a.notice, countedFrom: l, entryIntoForce: eif).end!
                let next = LifeRules.earliestEnd(a, clause: a.notice, countedFrom: l.adding(days: 1), entryIntoForce: eif).end!
                guard x <= t, next > t else { Issue.record("kind \(kind) T=\(t): L=\(l) ends \(x), L+1 ends \(next)"); return }
            } else {
                guard let e = answer.earliestPossibleEnd, e > t else { Issue.record("kind \(kind) T=\(t): no date and no reason"); return }
            }
            t = t.adding(days: 1)
        }
    }

    /// The search probes dates centuries away: no kind may trap at the ends of the calendar.
    @Test func extremeDatesAnswerWithoutTrapping() {
        for effect in NoticeEffect.allCases {
            let a = agreement(notice: clause(Period(6, .month), effect: effect))
            for t in ["0001-01-01", "0100-06-30", "9999-06-30"] {
                let answer = LifeRules.latestNotice(a, toEndBy: day(t))
                #expect(answer.latest != nil || answer.earliestPossibleEnd != nil, "\(effect) \(t)")
            }
        }
    }

    // MARK: Citations

    @Test func citationsForPeople() {
        #expect(Citation.describe("art_9__para_1", num: "9", .fr) == "art. 9, al. 1")
        #expect(Citation.describe("art_9__para_1", num: "9", .en) == "Article 9, paragraph 1")
        #expect(Citation.describe("art_4__para_2", num: "4.2", .fr) == "art. 4, al. 2")
        #expect(Citation.describe("art_1", num: "1", .en) == "Article 1")
        #expect(Citation.describe("metadata", .fr) == "métadonnées de suivi")
        #expect(Citation.describe("record", .en) == "record")
        #expect(!Citation.describe("art_2__para_1", .fr).contains("art_"))
    }
}
