@testable import EntenteCore
import Foundation
import Testing

/// The awkward edges: century years, 29 February, month ends, strict parsing, every day of two centuries.
@Suite struct CivilDateEdgeTests {
    @Test func centuryYearsAndTwentyNinthFebruary() {
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(day("1900-02-28").adding(days: 1) == day("1900-03-01"))
        #expect(day("2000-02-28").adding(days: 1) == day("2000-02-29"))
        #expect(day("2100-02-28").adding(days: 1) == day("2100-03-01"))
        #expect(day("1896-02-29").adding(years: 4) == day("1900-02-28"))
        #expect(day("2000-02-29").adding(years: 100) == day("2100-02-28"))
        #expect(day("2000-02-29").adding(years: 400) == day("2400-02-29"))
        #expect(day("2024-02-29").adding(years: -4) == day("2020-02-29"))
        #expect(day("2024-02-29").adding(years: -1) == day("2023-02-28"))
        #expect(day("2100-03-31").adding(months: -1) == day("2100-02-28"))
        #expect(day("1900-01-31").adding(months: 1) == day("1900-02-28"))
        // Days in whole years.
        for (year, days) in [(1900, 365), (2000, 366), (2023, 365), (2024, 366), (2100, 365)] {
            let first = CivilDate(year: year, month: 1, day: 1)!
            #expect(first.days(until: CivilDate(year: year + 1, month: 1, day: 1)!) == days, "\(year)")
        }
    }

    @Test func monthEndsOfEveryMonth() {
        let lengths2023 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for (i, n) in lengths2023.enumerated() {
            #expect(CivilDate.daysIn(month: i + 1, year: 2023) == n)
            #expect(CivilDate(year: 2023, month: i + 1, day: n) != nil)
            #expect(CivilDate(year: 2023, month: i + 1, day: n + 1) == nil)
            // The day after a month end is the 1st of the next month.
            let next = CivilDate(year: 2023, month: i + 1, day: n)!.adding(days: 1)
            #expect(next.day == 1 && next.month == (i + 1) % 12 + 1)
        }
        #expect(CivilDate(year: 2023, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2023, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2023, month: 5, day: 0) == nil)
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2100-02-29", "2023-13-01", "2023-00-01", "2023-01-00", "2023-06-31", "2023-1-1",
        "2023-01-1", "23-01-01", "2023/01/01", "2023.01.01", " 2023-01-01", "2023-01-01 ", "+2023-01-01", "-2023-01-01",
        "2023-0a-01", "2023-01-0x", "0000-01-01", "99999-01-01", "２０２３-01-01", "2023-01-01Z", "2023–01–01",
        "garbage", "----------", "2023-01-", "2023-W01-1", "2023-001",
    ])
    func refusesMalformedISODates(_ text: String) {
        #expect(CivilDate(iso: text) == nil, "accepted '\(text)'")
    }

    @Test func acceptsTheEdgesOfTheRange() {
        #expect(CivilDate(iso: "0001-01-01")?.year == 1)
        #expect(CivilDate(iso: "9999-12-31")?.day == 31)
        #expect(CivilDate(iso: "2000-02-29")?.iso == "2000-02-29")
        #expect(day("2024-02-29").basic == "20240229")
    }

    /// Every day from 1899 to 2101: ISO round trip, day numbers consecutive, order agrees with day numbers,
    /// weekdays cycle, and adding/subtracting days agree with `days(until:)`.
    @Test func everyDayOfTwoCenturies() {
        var d = day("1899-01-01")
        let end = day("2102-01-01")
        var n = d.dayNumber
        var previous: CivilDate?
        var weekday = d.weekday
        var count = 0
        while d < end {
            guard CivilDate(iso: d.iso) == d, CivilDate(dayNumber: n) == d, d.dayNumber == n,
                  d.weekday == weekday, previous.map({ $0 < d }) ?? true,
                  d.adding(days: 45).days(until: d) == -45, d.adding(days: -400).adding(days: 400) == d
            else {
                Issue.record("inconsistent at \(d.iso) (day number \(n))")
                return
            }
            previous = d
            d = d.adding(days: 1)
            n += 1
            weekday = weekday % 7 + 1
            count += 1
        }
        // 203 years, of which 49 leap years (1900 and 2100 are not).
        #expect(count == 203 * 365 + 49)
    }

    /// Month arithmetic: the month moves by exactly n, the day is kept or clamped to the month end,
    /// and days up to the 28th come back unchanged.
    @Test func monthArithmeticOverManyDatesAndOffsets() {
        var d = day("1999-11-01")
        while d < day("2002-03-01") {
            for n in -30...30 {
                let r = d.adding(months: n)
                let expectedIndex = d.year * 12 + d.month - 1 + n
                guard r.year * 12 + r.month - 1 == expectedIndex,
                      r.day == min(d.day, CivilDate.daysIn(month: r.month, year: r.year)),
                      CivilDate(year: r.year, month: r.month, day: r.day) != nil,
                      d.day > 28 || r.adding(months: -n) == d
                else {
                    Issue.record("\(d.iso) + \(n) months = \(r.iso)")
                    return
                }
            }
            d = d.adding(days: 1)
        }
    }

    @Test func weekdaysOfKnownDates() {
        #expect(day("1900-01-01").weekday == 1) // Monday
        #expect(day("1970-01-01").weekday == 4) // Thursday
        #expect(day("2000-01-01").weekday == 6) // Saturday
        #expect(day("2024-02-29").weekday == 4) // Thursday
        #expect(day("2100-12-31").weekday == 5) // Friday
        #expect(day("1899-12-31").weekday == 7) // Sunday
    }

    @Test func longFormsEveryMonth() {
        let fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        for m in 1...12 {
            let first = CivilDate(year: 2024, month: m, day: 1)!
            #expect(first.long(.fr) == "1er \(fr[m - 1]) 2024")
            #expect(first.long(.en) == "\(en[m - 1]) 1, 2024")
        }
        // Only the first of the month takes "er".
        #expect(day("2024-01-21").long(.fr) == "21 janvier 2024")
        #expect(day("2024-02-29").long(.fr) == "29 février 2024")
        #expect(day("2024-02-29").long(.en) == "February 29, 2024")
        #expect(day("2023-12-31").long(.fr) == "31 décembre 2023")
    }

    @Test func codableAsISOStrings() throws {
        struct Box: Codable, Equatable { var on: CivilDate }
        let data = try JSONEncoder().encode(Box(on: day("2024-02-29")))
        #expect(String(decoding: data, as: UTF8.self) == #"{"on":"2024-02-29"}"#)
        #expect(try JSONDecoder().decode(Box.self, from: data) == Box(on: day("2024-02-29")))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(#"{"on":"2023-02-29"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(#"{"on":"7 novembre 2022"}"#.utf8)) }
    }

    @Test func periodsInDaysAndYears() {
        #expect(Period(30, .day).after(day("2024-02-15")) == day("2024-03-16"))
        #expect(Period(30, .day).after(day("2023-02-15")) == day("2023-03-17"))
        #expect(Period(30, .day).before(day("2024-03-16")) == day("2024-02-15"))
        #expect(Period(1, .year).after(day("2024-02-29")) == day("2025-02-28"))
        #expect(Period(2, .year).after(day("2022-11-07")) == day("2024-11-07"))
        #expect(Period(2, .year).before(day("2026-02-28")) == day("2024-02-28"))
        #expect(Period(12, .month).after(day("2023-08-31")) == Period(1, .year).after(day("2023-08-31")))
        #expect(Period(0, .month).after(day("2023-08-31")) == day("2023-08-31"))
        #expect(Period(iso: "P") == nil)
        #expect(Period(iso: "P-6M") == nil)
        #expect(Period(iso: "P6") == nil)
        #expect(Period(iso: "p6m") == nil)
    }
}

@Suite struct CivilDateISOTests {
    @Test func isoTextIsZeroPaddedForEveryYearItAccepts() {
        #expect(CivilDate(year: 5, month: 3, day: 9)!.iso == "0005-03-09")
        #expect(CivilDate(year: 999, month: 12, day: 31)!.iso == "0999-12-31")
        #expect(CivilDate(year: 2026, month: 11, day: 22)!.iso == "2026-11-22")
        #expect(CivilDate(year: 9999, month: 1, day: 1)!.iso == "9999-01-01")
        for d in [CivilDate(year: 1, month: 1, day: 1)!, CivilDate(year: 2024, month: 2, day: 29)!] {
            #expect(CivilDate(iso: d.iso) == d)
        }
    }
}
