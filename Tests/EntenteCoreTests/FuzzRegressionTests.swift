import EntenteCore
import Testing

/// Inputs that crashed a fuzz target (Fuzz/), kept so the fix stays. Each input is the
/// exact text libFuzzer wrote, or the smallest one showing the same overflow.
@Suite struct FuzzRegressionTests {
    /// fuzz-dates, first minutes: `P…W` with a weeks count whose days overflow `Int`.
    @Test func aWeeksPeriodTooLongToCountIsRefused() {
        let input = "999912- P07499999999999999999W" // the crash input: "DATE PERIOD"
        let period = String(input.split(separator: " ")[1])
        #expect(Period(iso: period) == nil)
        #expect(Period(iso: "P1317624576693539401W") == nil) // 7 × that wraps past Int.max
        #expect(Period(iso: "P9223372036854775807D") == nil)
    }

    @Test func periodsUpToTheMaximumStillParse() throws {
        let max = Period.maximumLength
        #expect(Period(iso: "P\(max)D") == Period(max, .day))
        #expect(Period(iso: "P\(max + 1)D") == nil)
        #expect(Period(iso: "P\(max / 7)W") == Period(max / 7 * 7, .day))
        #expect(Period(iso: "P\(max / 7 + 1)W") == nil)
        // The longest period still does arithmetic from any parseable date.
        let p = try #require(Period(iso: "P\(max)Y"))
        let d = try #require(CivilDate(iso: "9999-12-31"))
        #expect(TerminationRules.earliestTermination(noticeGivenOn: d, period: p).year == 9999 + max)
        #expect(TerminationRules.earliestTermination(noticeGivenOn: TerminationRules.latestNoticeDate(toTerminateOn: d, period: p), period: p) <= d)
    }

    /// fuzz-notice: a digit count of weeks, multiplied by 7, overflowed.
    @Test func aHugeNumberOfWeeksIsNotANotice() {
        #expect(NoticeRecognizer.recognize("Either Party may terminate by 9223372036854775807 weeks notice.") == nil)
        #expect(NoticeRecognizer.recognize("Either Party may terminate by 1317624576693539401 weeks notice.") == nil)
    }

    /// fuzz-notice: "cent" repeated multiplies by a hundred each time.
    @Test func repeatedHundredsAreNotANotice() {
        // Returned at all (the crash), and never with a period longer than a Period may be:
        // the scan may still read a shorter run further on ("cent cent jours").
        for text in ["Préavis de \(Array(repeating: "cent", count: 11).joined(separator: " ")) jours.",
                     "Either Party may terminate on \(Array(repeating: "hundred", count: 11).joined(separator: " ")) days notice."] {
            let found = NoticeRecognizer.recognize(text)
            #expect((found?.period.length ?? 0) <= Period.maximumLength, "\(text)")
        }
        // Real compounds are still read.
        #expect(NoticeRecognizer.recognize("Les Parties peuvent mettre fin à l'entente moyennant un préavis de cent quatre-vingts jours.")?.period == Period(180, .day))
    }

    /// fuzz-csv (through Cost.parseAmount): whole units times 100 overflowed `Int64`.
    @Test func anAmountTooLargeForMinorUnitsIsNotANumber() {
        #expect(Cost.parseAmount("999999999999999999") == nil)
        #expect(Cost.parseAmount("-999999999999999999") == nil)
        #expect(Cost.parseAmount("92233720368547758.08") == nil)
        #expect(Cost.parseAmount("92233720368547758.07") == Int64.max)
        #expect(Cost.parseAmount("-92233720368547758.07") == -Int64.max)
    }
}
