import EntenteCore
@testable import EntenteReports
import Testing

/// A strict reader of RFC 5545 text, written for these tests: it refuses what a lenient
/// calendar program would quietly accept (bare LF, long lines, stray escapes).
struct StrictICS {
    struct Property: Equatable {
        var name: String
        var params: [String]
        var raw: String
    }

    enum Failure: Error, CustomStringConvertible {
        case bad(String)
        var description: String { if case .bad(let s) = self { return s }; return "" }
    }

    var properties: [Property] = []

    init(_ text: String) throws {
        let bytes = Array(text.utf8)
        // CRLF only: every LF is preceded by CR and every CR followed by LF.
        for (i, b) in bytes.enumerated() {
            if b == 0x0A, i == 0 || bytes[i - 1] != 0x0D { throw Failure.bad("bare LF at octet \(i)") }
            if b == 0x0D, i + 1 >= bytes.count || bytes[i + 1] != 0x0A { throw Failure.bad("bare CR at octet \(i)") }
        }
        guard text.hasSuffix("\r\n") else { throw Failure.bad("no final CRLF") }
        var logical: [String] = []
        for physical in text.components(separatedBy: "\r\n").dropLast() {
            if physical.utf8.count > 75 { throw Failure.bad("\(physical.utf8.count) octets: \(physical)") }
            if physical.hasPrefix(" ") || physical.hasPrefix("\t") {
                guard !logical.isEmpty else { throw Failure.bad("continuation first") }
                logical[logical.count - 1] += physical.dropFirst()
            } else {
                if physical.isEmpty { throw Failure.bad("empty line") }
                logical.append(physical)
            }
        }
        for line in logical {
            // Parameter values here are never quoted, so the first ':' ends name and parameters.
            guard let colon = line.firstIndex(of: ":") else { throw Failure.bad("no colon: \(line)") }
            let head = line[..<colon].split(separator: ";").map(String.init)
            guard let name = head.first, !name.isEmpty, name.allSatisfy({ $0.isUppercase || $0 == "-" }) else {
                throw Failure.bad("bad name: \(line)")
            }
            properties.append(Property(name: name, params: Array(head.dropFirst()), raw: String(line[line.index(after: colon)...])))
        }
    }

    /// A TEXT value back to its text; unescaped `;` or `,` and unknown escapes are errors.
    static func text(_ raw: String) throws -> String {
        var out = "", escaping = false
        for c in raw {
            if escaping {
                switch c {
                case "\\", ";", ",": out.append(c)
                case "n", "N": out.append("\n")
                default: throw Failure.bad("unknown escape \\\(c)")
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else if c == ";" || c == "," {
                throw Failure.bad("unescaped \(c) in \(raw)")
            } else {
                out.append(c)
            }
        }
        if escaping { throw Failure.bad("dangling backslash") }
        return out
    }

    /// The events, each as its properties, checking BEGIN/END nesting.
    func events() throws -> [[Property]] {
        var stack: [String] = []
        var events: [[Property]] = []
        for p in properties {
            if p.name == "BEGIN" { stack.append(p.raw); if p.raw == "VEVENT" { events.append([]) }; continue }
            if p.name == "END" {
                guard stack.popLast() == p.raw else { throw Failure.bad("END:\(p.raw) does not close") }
                continue
            }
            if stack.last == "VEVENT" { events[events.count - 1].append(p) }
        }
        guard stack.isEmpty else { throw Failure.bad("unclosed \(stack)") }
        return events
    }

    static func date(_ basic: String) -> CivilDate? {
        guard basic.count == 8, basic.allSatisfy(\.isNumber) else { return nil }
        return CivilDate(iso: "\(basic.prefix(4))-\(basic.dropFirst(4).prefix(2))-\(basic.suffix(2))")
    }
}

@Suite struct ICalendarTests {
    let deadlines = DeadlineEngine().deadlines(for: ReportFixture.agreement, history: ReportFixture.history, asOf: day("2026-11-22"))

    /// Deadlines whose words need every escape and fold: separators, backslashes, line ends, accents, emoji.
    var awkward: [Deadline] {
        [
            Deadline(agreementID: "quebec-pole-emploi-2022", kind: .progressReportOnRequest,
                     title: Localized(fr: "Rapport d'étape; demandé, « vite » \\ bis", en: "Progress report; asked, \"soon\" \\ again"),
                     due: day("2024-02-29"), status: .met, source: "record",
                     metBy: Localized(fr: "rapport du 2024-02-20", en: "report of 2024-02-20"), metOn: day("2024-02-20"),
                     note: Localized(fr: "Ligne un\nligne deux\r\nligne trois — éèêëàâäîïôöùûüç 🇨🇦🇫🇷 " + String(repeating: "é", count: 60),
                                     en: "Line one\nline two\r\nline three")),
            Deadline(agreementID: "quebec-pole-emploi-2022", kind: .progressReportOnRequest,
                     title: Localized(fr: "Deuxième demande le même jour", en: "Second request the same day"),
                     due: day("2024-02-29"), status: .overdue, source: "record"),
            Deadline(agreementID: "quebec-pole-emploi-2022", kind: .biennialReport,
                     title: Localized(fr: "Rapport biennal", en: "Biennial report"), due: day("2024-12-31"), status: .upcoming, source: "art_4__para_5"),
        ]
    }

    @Test func isAStrictlyValidCalendarOfAllDayEvents() throws {
        let ics = ICalendar.render(deadlines, language: .fr, stamp: day("2026-11-22"))
        let cal = try StrictICS(ics)
        let top = cal.properties.filter { _ in true }
        #expect(top.first == .init(name: "BEGIN", params: [], raw: "VCALENDAR"))
        #expect(top.last == .init(name: "END", params: [], raw: "VCALENDAR"))
        for required in ["VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME"] {
            #expect(cal.properties.contains { $0.name == required }, "\(required)")
        }
        #expect(cal.properties.first { $0.name == "VERSION" }?.raw == "2.0")
        #expect(cal.properties.first { $0.name == "CALSCALE" }?.raw == "GREGORIAN")
        let events = try cal.events()
        #expect(events.count == deadlines.count)
        #expect(deadlines.count > 5)
        var uids = Set<String>()
        for (event, deadline) in zip(events, deadlines) {
            func one(_ name: String) -> StrictICS.Property? {
                let ps = event.filter { $0.name == name }
                #expect(ps.count == 1, "\(name) appears \(ps.count) times")
                return ps.first
            }
            let start = try #require(one("DTSTART")), end = try #require(one("DTEND"))
            #expect(start.params == ["VALUE=DATE"] && end.params == ["VALUE=DATE"])
            let s = try #require(StrictICS.date(start.raw)), e = try #require(StrictICS.date(end.raw))
            #expect(s == deadline.due)
            #expect(e == s.adding(days: 1), "DTEND is exclusive: the next day")
            #expect(one("DTSTAMP")?.raw == "20261122T000000Z")
            let uid = try #require(one("UID")).raw
            #expect(uid.hasSuffix("@entente") && uid.allSatisfy { $0.isASCII && !$0.isWhitespace })
            uids.insert(uid)
            #expect(try StrictICS.text(try #require(one("SUMMARY")).raw) == "[\(deadline.agreementID)] \(deadline.title.fr)")
            let description = try StrictICS.text(try #require(one("DESCRIPTION")).raw)
            // The source cited for people (« art. 4, al. 5 »), not its raw eId.
            #expect(description.contains(Citation.describe(deadline.source, .fr)))
            #expect(!description.contains("__para_"))
            #expect(description.contains(Labels.status(deadline.status, .fr)))
            #expect(one("CATEGORIES")?.raw == "\(deadline.kind.rawValue),\(deadline.status.rawValue)")
            #expect(one("STATUS")?.raw == "CONFIRMED")
        }
        #expect(uids.count == events.count, "UIDs are unique")
        let summaries = events.flatMap { $0 }.filter { $0.name == "SUMMARY" }.map { (try? StrictICS.text($0.raw)) ?? "" }
        #expect(summaries.contains { $0.contains("Réunion semestrielle") })
    }

    @Test func awkwardTextRoundTripsThroughEscapingAndFolding() throws {
        for lang in Language.allCases {
            let ics = ICalendar.render(awkward, language: lang, stamp: day("2024-03-01"))
            let events = try StrictICS(ics).events()
            #expect(events.count == 3)
            let first = events[0]
            let summary = try StrictICS.text(first.first { $0.name == "SUMMARY" }!.raw)
            #expect(summary == "[quebec-pole-emploi-2022] " + awkward[0].title[lang])
            let description = try StrictICS.text(first.first { $0.name == "DESCRIPTION" }!.raw)
            // CRLF inside user text becomes one newline, never a raw line end.
            let note = awkward[0].note![lang].replacingOccurrences(of: "\r\n", with: "\n")
            #expect(description.hasSuffix("\n" + note), "\(description)")
            #expect(description.contains(awkward[0].metOn!.long(lang)))
            // Two requests due the same day: two UIDs.
            let uids = events.map { e in e.first { $0.name == "UID" }!.raw }
            #expect(Set(uids).count == 3)
            #expect(uids[0] == "quebec-pole-emploi-2022-progress-report-on-request-2024-02-29@entente")
            #expect(uids[1] == "quebec-pole-emploi-2022-progress-report-on-request-2024-02-29-2@entente")
        }
    }

    @Test func twoRendersAreIdenticalAndKeepTheirUIDs() throws {
        let a = ICalendar.render(deadlines, language: .en, stamp: day("2026-11-22"))
        let again = DeadlineEngine().deadlines(for: ReportFixture.agreement, history: ReportFixture.history, asOf: day("2026-11-22"))
        let b = ICalendar.render(again, language: .en, stamp: day("2026-11-22"))
        #expect(a == b)
        func uids(_ s: String) throws -> [String] { try StrictICS(s).properties.filter { $0.name == "UID" }.map(\.raw) }
        #expect(try uids(a) == uids(b))
        // On a later day statuses move but the same deadlines keep their UIDs (and the
        // language of the text does not change them either).
        let later = ICalendar.render(DeadlineEngine().deadlines(for: ReportFixture.agreement, history: ReportFixture.history, asOf: day("2026-12-15")),
                                     language: .fr, stamp: day("2026-12-15"))
        let dues = Set(deadlines.map(\.stableKey))
        let laterDeadlines = DeadlineEngine().deadlines(for: ReportFixture.agreement, history: ReportFixture.history, asOf: day("2026-12-15"))
        let shared = laterDeadlines.filter { dues.contains($0.stableKey) }.count
        #expect(Set(try uids(a)).intersection(Set(try uids(later))).count == shared)
        #expect(shared > 5)
    }

    @Test func escapesAndFoldsWithoutBreakingCharacters() throws {
        #expect(ICalendar.escape("a;b,c\\d\ne\r\nf") == "a\\;b\\,c\\\\d\\ne\\nf")
        for filler in ["é", "€", "🇫🇷", "a"] {
            for prefix in 0..<4 {
                let long = "SUMMARY:" + String(repeating: "x", count: prefix) + String(repeating: filler, count: 90)
                let folded = ICalendar.fold(long)
                let parts = folded.components(separatedBy: "\r\n")
                for (i, part) in parts.enumerated() {
                    #expect(part.utf8.count <= 75)
                    if i > 0 { #expect(part.hasPrefix(" ")) }
                    // Each physical line is valid UTF-8 on its own.
                    #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
                }
                #expect(parts.count > 1)
                #expect(parts[0].utf8.count > 71, "lines are filled, not split early")
                #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == long)
            }
        }
        #expect(ICalendar.fold(String(repeating: "a", count: 75)) == String(repeating: "a", count: 75))
    }
}
