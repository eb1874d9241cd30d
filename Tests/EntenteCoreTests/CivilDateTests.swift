@testable import EntenteCore
import Testing

@Suite struct CivilDateTests {
    @Test func parsesStrictISODates() {
        #expect(CivilDate(iso: "2022-11-07") == CivilDate(year: 2022, month: 11, day: 7))
        #expect(CivilDate(iso: "2024-02-29") != nil)
        for bad in ["2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "2023-1-1", "20230101", "2023-01-01T00:00", "", "abcd-ef-gh", "2023-01-32"] {
            #expect(CivilDate(iso: bad) == nil, "accepted \(bad)")
        }
        #expect(day("0999-01-05").iso == "0999-01-05")
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeap(2000))
        #expect(!CivilDate.isLeap(1900))
        #expect(!CivilDate.isLeap(2100))
        #expect(CivilDate.isLeap(2024))
        #expect(!CivilDate.isLeap(2023))
        #expect(CivilDate.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 1900) == 28)
    }

    @Test(arguments: [
        ("2023-08-31", 6, "2024-02-29"), ("2022-08-31", 6, "2023-02-28"), ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"), ("2023-03-31", 1, "2023-04-30"), ("2023-12-31", 2, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"), ("2024-02-29", 48, "2028-02-29"), ("2023-05-15", -6, "2022-11-15"),
        ("2024-03-31", -1, "2024-02-29"), ("2022-11-07", 24, "2024-11-07"), ("2023-10-31", 4, "2024-02-29"),
    ])
    func monthArithmeticClampsToTheEndOfTheMonth(_ from: String, _ months: Int, _ expected: String) {
        #expect(day(from).adding(months: months) == day(expected))
    }

    @Test func yearsAndDays() {
        #expect(day("2024-02-29").adding(years: 1) == day("2025-02-28"))
        #expect(day("2024-02-29").adding(years: 4) == day("2028-02-29"))
        #expect(day("2023-12-31").adding(days: 1) == day("2024-01-01"))
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2023-02-28").adding(days: 1) == day("2023-03-01"))
        #expect(day("2024-03-01").adding(days: -1) == day("2024-02-29"))
        #expect(day("2022-11-07").days(until: day("2024-11-07")) == 731)
    }

    @Test func dayNumbersRoundTripAndCountUp() {
        var d = day("1899-12-25")
        var n = d.dayNumber
        for _ in 0..<100_000 {
            #expect(CivilDate(dayNumber: n) == d)
            d = d.adding(days: 1)
            n += 1
            if d.dayNumber != n { Issue.record("day number skipped at \(d)"); break }
        }
        #expect(day("1970-01-01").dayNumber == 0)
    }

    @Test func weekdays() {
        #expect(day("2022-11-07").weekday == 1) // a Monday
        #expect(day("2026-11-22").weekday == 7) // a Sunday
        #expect(day("2000-02-29").weekday == 2)
    }

    @Test func longFormsInBothLanguages() {
        #expect(day("2022-11-07").long(.fr) == "7 novembre 2022")
        #expect(day("2024-01-01").long(.fr) == "1er janvier 2024")
        #expect(day("2022-11-07").long(.en) == "November 7, 2022")
        #expect(day("2022-08-15").long(.fr) == "15 août 2022")
        #expect(day("2022-02-01").long(.en) == "February 1, 2022")
    }

    @Test func periodsParseFromISODurations() {
        #expect(Period(iso: "P6M") == Period(6, .month))
        #expect(Period(iso: "P2Y") == Period(2, .year))
        #expect(Period(iso: "P30D") == Period(30, .day))
        #expect(Period(iso: "P2W") == Period(14, .day))
        #expect(Period(iso: "6M") == nil)
        #expect(Period(iso: "PXM") == nil)
        #expect(Period(6, .month).iso == "P6M")
    }
}
