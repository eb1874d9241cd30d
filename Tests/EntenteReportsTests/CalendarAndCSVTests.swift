import EntenteCore
@testable import EntenteReports
import Testing

@Suite struct ICalendarTests {
    let deadlines = DeadlineEngine().deadlines(for: ReportFixture.agreement, history: ReportFixture.history, asOf: day("2026-11-22"))

    /// A strict reader of RFC 5545 content lines.
    func unfold(_ ics: String) throws -> [String] {
        #expect(!ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(ics.hasSuffix("\r\n"))
        let physical = ics.components(separatedBy: "\r\n").dropLast()
        for l in physical { #expect(l.utf8.count <= 75, "line over 75 octets: \(l)") }
        var lines: [String] = []
        for l in physical {
            if l.hasPrefix(" ") { lines[lines.count - 1] += l.dropFirst() } else { lines.append(l) }
        }
        return lines
    }

    func unescape(_ s: String) -> String {
        var out = "", escaping = false
        for c in s {
            if escaping { out.append(c == "n" ? "\n" : c); escaping = false } else if c == "\\" { escaping = true } else { out.append(c) }
        }
        return out
    }

    @Test func isAValidCalendarOfAllDayEvents() throws {
        let ics = ICalendar.render(deadlines, language: .fr, stamp: day("2026-11-22"))
        let lines = try unfold(ics)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.contains("VERSION:2.0"))
        let events = lines.filter { $0 == "BEGIN:VEVENT" }.count
        #expect(events == deadlines.count)
        let starts = lines.filter { $0.hasPrefix("DTSTART;VALUE=DATE:") }.map { String($0.suffix(8)) }
        let ends = lines.filter { $0.hasPrefix("DTEND;VALUE=DATE:") }.map { String($0.suffix(8)) }
        #expect(starts.count == events && ends.count == events)
        for (s, e) in zip(starts, ends) {
            let sd = CivilDate(iso: "\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))")!
            #expect(e == sd.adding(days: 1).basic, "DTEND is the next day")
        }
        #expect(!lines.contains { ($0.hasPrefix("DTSTART") || $0.hasPrefix("DTEND")) && $0.hasSuffix("Z") })
        let uids = lines.filter { $0.hasPrefix("UID:") }
        #expect(Set(uids).count == events)
        let summaries = lines.filter { $0.hasPrefix("SUMMARY:") }.map { unescape(String($0.dropFirst(8))) }
        #expect(summaries.contains { $0.contains("Réunion semestrielle") })
    }

    @Test func uidsAreStableFromRunToRun() {
        let a = ICalendar.render(deadlines, language: .en, stamp: day("2026-11-22"))
        let b = ICalendar.render(DeadlineEngine().deadlines(for: ReportFixture.agreement, history: ReportFixture.history, asOf: day("2026-12-15")),
                                 language: .en, stamp: day("2026-12-15"))
        func uids(_ s: String) -> Set<String> { Set(s.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }) }
        // The same deadlines keep their UIDs on another day.
        #expect(uids(a).intersection(uids(b)).count >= uids(a).count - 1)
    }

    @Test func escapesAndFoldsWithoutBreakingCharacters() {
        #expect(ICalendar.escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne")
        let long = "SUMMARY:" + String(repeating: "é", count: 80)
        let folded = ICalendar.fold(long)
        for part in folded.components(separatedBy: "\r\n") {
            #expect(part.utf8.count <= 75)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == long)
    }
}

@Suite struct ActivityCSVTests {
    @Test func roundTrips() throws {
        let acts = ReportFixture.history.activities
        let csv = ActivityCSV.format(acts)
        let back = try ActivityCSV.parse(csv, agreementID: ReportFixture.agreement.id)
        #expect(back.count == acts.count)
        for (a, b) in zip(acts, back) {
            var a2 = a
            a2.id = nil
            #expect(a2 == b)
        }
    }

    @Test func quotedFieldsBOMAndLF() throws {
        let text = "\u{FEFF}title,start,description,costs,participants\n\"Mission, Paris\",2024-03-11,\"Il a dit \"\"bonjour\"\"\nsur deux lignes\",1250.50 CAD gouvernement-quebec,Marie (gouvernement-quebec)\n"
        let rows = try ActivityCSV.parse(text, agreementID: "x")
        #expect(rows.count == 1)
        #expect(rows[0].title == "Mission, Paris")
        #expect(rows[0].description == "Il a dit \"bonjour\"\nsur deux lignes")
        #expect(rows[0].costs == [Cost(amountMinor: 125_050, currency: "CAD", party: "gouvernement-quebec")])
        #expect(rows[0].participants == [Participant(name: "Marie", party: "gouvernement-quebec")])
    }

    @Test(arguments: [
        ("title,start\nA,2024-02-30\n", 2, "start"),
        ("title,start,costs\nA,2024-02-03,-5 CAD x\n", 2, "costs"),
        ("title,start,costs\nA,2024-02-03,abc\n", 2, "costs"),
        ("title,start,status\nA,2024-02-03,finished\n", 2, "status"),
        ("title,start\nA,2024-02-03\n\"B,2024-02-04\n", 3, "\""),
        ("title,when\nA,2024-02-03\n", 1, "start"),
        ("title,start\n,2024-02-03\n", 2, "title"),
    ])
    func badRowsNameLineAndColumn(_ text: String, _ line: Int, _ column: String) {
        do {
            _ = try ActivityCSV.parse(text, agreementID: "x")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error.message(.en))")
            #expect(error.column == column)
        }
    }
}
