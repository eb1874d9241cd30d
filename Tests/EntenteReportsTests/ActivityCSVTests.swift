import EntenteCore
@testable import EntenteReports
import Foundation
import Testing

@Suite struct ActivityCSVTests {
    @Test func theSampleLogRoundTrips() throws {
        let acts = ReportFixture.history.activities
        let csv = ActivityCSV.format(acts)
        #expect(csv.hasPrefix("id,title,description,start,end,domains,means,parties,participants,costs,status,outcomes,plan_item\r\n"))
        let back = try ActivityCSV.parse(csv, agreementID: ReportFixture.agreement.id)
        #expect(back.count == acts.count)
        for (a, b) in zip(acts, back) {
            var a2 = a
            a2.id = nil // informative on export, ignored on import
            #expect(a2 == b)
        }
    }

    @Test func awkwardValuesRoundTrip() throws {
        let awkward = Activity(
            id: 77, agreementID: "x", title: "Mission \"Paris, Lyon\"; 2e volet",
            description: "Ligne un\nligne deux, avec virgule\r\net « guillemets » \"doubles\"",
            start: day("2024-02-29"), end: day("2024-03-02"), domains: ["2.1", "4"], meansOfAction: ["1", "4"],
            parties: ["gouvernement-quebec", "pole-emploi"],
            participants: [Participant(name: "Zoé L'Heureux-Côté", party: "gouvernement-quebec"), Participant(name: "Jean (Jr) Dupont", party: "pole-emploi")],
            costs: [Cost(amountMinor: 125_000, currency: "CAD", party: "gouvernement-quebec"), Cost(amountMinor: 5, currency: "EUR", party: "pole-emploi")],
            status: .underWay, outcomes: "Un guide; deux ateliers", planItemID: 12)
        let plain = Activity(agreementID: "x", title: "Vidéoconférence", start: day("2024-01-15"), status: .cancelled)
        let csv = ActivityCSV.format([awkward, plain])
        var expected = awkward
        expected.id = nil
        #expect(try ActivityCSV.parse(csv, agreementID: "x") == [expected, plain])
        // The same file with LF line ends and a BOM, as some spreadsheets save it.
        let lf = "\u{FEFF}" + csv.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(try ActivityCSV.parse(lf, agreementID: "x").map(\.title) == [awkward.title, plain.title])
    }

    @Test func columnsInAnyOrderAndAnEmptyStatusIsPlanned() throws {
        let text = "\u{FEFF}title,start,description,costs,participants,status\n\"Mission, Paris\",2024-03-11,\"Il a dit \"\"bonjour\"\"\nsur deux lignes\",1250.50 CAD gouvernement-quebec,Marie (gouvernement-quebec),\n"
        let rows = try ActivityCSV.parse(text, agreementID: "x")
        #expect(rows.count == 1)
        #expect(rows[0].title == "Mission, Paris")
        #expect(rows[0].description == "Il a dit \"bonjour\"\nsur deux lignes")
        #expect(rows[0].costs == [Cost(amountMinor: 125_050, currency: "CAD", party: "gouvernement-quebec")])
        #expect(rows[0].participants == [Participant(name: "Marie", party: "gouvernement-quebec")])
        #expect(rows[0].status == .planned)
        #expect(rows[0].agreementID == "x")
    }

    @Test(arguments: [
        ("title,start\nA,2024-02-30\n", 2, "start"),
        ("title,start\nA,2024-2-3\n", 2, "start"),
        ("title,start,end\nA,2024-02-03,2024-02-01\n", 2, "end"),
        ("title,start,costs\nA,2024-02-03,-5 CAD x\n", 2, "costs"),
        ("title,start,costs\nA,2024-02-03,abc\n", 2, "costs"),
        ("title,start,costs\nA,2024-02-03,12.345 CAD x\n", 2, "costs"),
        ("title,start,costs\nA,2024-02-03,12 CAD\n", 2, "costs"),
        ("title,start,participants\nA,2024-02-03,Marie\n", 2, "participants"),
        ("title,start,status\nA,2024-02-03,finished\n", 2, "status"),
        ("title,start\nA,2024-02-03\n\"B,2024-02-04\n", 3, "title"),
        ("title,start\n\"A\"x,2024-02-03\n", 2, "title"),
        ("title,start\nMission, Paris,2024-02-03\n", 2, "3"),
        ("title,when\nA,2024-02-03\n", 1, "start"),
        ("start,titre\n2024-02-03,A\n", 1, "title"),
        ("title,start,colour\nA,2024-02-03,red\n", 1, "colour"),
        ("title,start,title\nA,2024-02-03,B\n", 1, "title"),
        ("title,start\n,2024-02-03\n", 2, "title"),
        ("title,start,description\r\nA,2024-02-03,\"two\r\nlines\"\r\nB,2024-13-01,\r\n", 4, "start"),
        // One way of counting: the physical line where the record starts, CR, LF and CRLF alike.
        ("title,start,description\rA,2024-02-03,\"x\ry\nz\r\nw\"\rB,bad,\r", 6, "start"),
        ("title;start;description\n\"A\n\n\";01/02/2024;\"\"\"\n\"\"\"\nB;2024-02-03;\"open\nC;2024-02-04;\n", 6, "description"),
        ("title,start,description\nA,2024-02-03,\"x\" y\n", 2, "description"),
        ("title,start,description\nA,2024-02-03\n", 2, "description"),
        ("title,start,description\nA,\"2024-02-03\nB\",x\n", 2, "start"),
        ("title;start;description\nA;2024-02-03\n", 2, "description"),
        ("title;start\nMission; Paris;03/02/2024\n", 2, "3"),
        // Dates that cannot be read safely.
        ("title,start\nA,03/02/2024\n", 2, "start"),
        ("title;start\nA;03/02/24\n", 2, "start"),
        ("title;start\nA;02/13/2024\n", 2, "start"),
        ("title;start\nA;31/02/2024\n", 2, "start"),
        ("title;start\nA;3.2.2024\n", 2, "start"),
        ("title;start\nA;2024/02/03\n", 2, "start"),
        ("title;start;end\nA;03/02/2024;01/02/2024\n", 2, "end"),
        // Amounts that cannot be read safely.
        ("title;start;costs\nA;03/02/2024;1.250 CAD x\n", 2, "costs"),
        ("title;start;costs\nA;03/02/2024;1 25,50 CAD x\n", 2, "costs"),
        ("title;start;costs\nA;03/02/2024;12,345 CAD x\n", 2, "costs"),
        ("title,start,costs\nA,2024-02-03,\"1250,50 CAD x\"\n", 2, "costs"),
        ("title,start,costs\nB,2024-02-03,\nA,2024-02-03,-1 250.00 CAD x\n", 3, "costs"),
        // Header problems.
        ("title start\nA 2024-02-03\n", 1, "title"),
        ("title;start;\nA;2024-02-03;\n", 1, "3"),
        ("\u{FEFF}title;start,end\nA;2024-02-03,\n", 1, ""),
    ])
    func badInputNamesLineColumnAndFixInBothLanguages(_ text: String, _ line: Int, _ column: String) {
        do {
            let rows = try ActivityCSV.parse(text, agreementID: "x")
            Issue.record("accepted: \(text) → \(rows)")
        } catch {
            #expect(error.line == line, "\(error.message(.en))")
            #expect(error.column == column, "\(error.message(.en))")
            let fr = error.message(.fr), en = error.message(.en)
            #expect(fr.hasPrefix(column.isEmpty ? "CSV, ligne \(line) : " : "CSV, ligne \(line), colonne « \(column) » : "), "\(fr)")
            #expect(en.hasPrefix(column.isEmpty ? "CSV, line \(line): " : "CSV, line \(line), column '\(column)': "), "\(en)")
            #expect(fr != en)
        }
    }

    static let excelFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("CSV/excel-fr-semicolon.csv")

    /// What French Excel writes (BOM, `;`, CRLF rows, a quoted LF, dd/mm/yyyy, decimal comma),
    /// read as the person typed it, and the reading said.
    @Test func theFrenchExcelFileIsReadAsTyped() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.excelFile))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let imported = try ActivityCSV.read(bytes, agreementID: "quebec-pole-emploi-2022")
        #expect(imported.activities == [Activity(
            agreementID: "quebec-pole-emploi-2022", title: "Atelier conjoint sur la requalification",
            description: "Deux jours à Montréal\nsuivi en visio", start: day("2025-03-11"), end: day("2025-03-12"),
            domains: ["5"], meansOfAction: ["4"], parties: ["gouvernement-quebec"],
            costs: [Cost(amountMinor: 125_050, currency: "CAD", party: "gouvernement-quebec")], status: .planned)])
        #expect(imported.lines == [2])
        let r = imported.reading
        #expect(r.dialect == .frenchExcel && r.byteOrderMark)
        #expect(r.separatorSource == .header && r.datesSource == .separator && r.decimalSource == .separator)
        #expect(r.dateExample == CSVReading.Example(written: "11/03/2025", read: "2025-03-11"))
        #expect(r.amountExample == CSVReading.Example(written: "1250,50", read: "1250.50"))
        let fr = r.summary(.fr).joined(separator: "\n"), en = r.summary(.en).joined(separator: "\n")
        #expect(fr.contains("Séparateur : « ; » (point-virgule), trouvé dans l'en-tête") && fr.contains("UTF-8 avec BOM"))
        #expect(fr.contains("JJ/MM/AAAA") && fr.contains("« 11/03/2025 » lu 2025-03-11") && fr.contains("« 1250,50 » lu 1250.50"))
        #expect(en.contains("Separator: ';' (semicolon), found in the header") && en.contains("'11/03/2025' read as 2025-03-11"))
        #expect(en.contains("decimal comma") && en.contains("'1250,50' read as 1250.50"))
        // The LF inside the quoted cell is kept as such, and written back quoted, with CRLF rows.
        #expect(ActivityCSV.format(imported.activities).contains(",\"Deux jours à Montréal\nsuivi en visio\",2025-03-11,2025-03-12,5,4,gouvernement-quebec,,1250.50 CAD gouvernement-quebec,planned,,\r\n"))
    }

    /// Options override what the separator implies, and say so; refusals name the option.
    @Test func explicitOptionsOverrideTheSeparatorsDefaults() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.excelFile))
        do {
            _ = try ActivityCSV.read(bytes, agreementID: "x", options: CSVReadOptions(dates: .iso))
            Issue.record("day-first date read as ISO")
        } catch {
            #expect(error.line == 2 && error.column == "start")
            #expect(error.message(.en).contains("--dates dmy") && error.message(.fr).contains("ambiguë"))
        }
        do {
            _ = try ActivityCSV.read(bytes, agreementID: "x", options: CSVReadOptions(decimal: .point))
            Issue.record("decimal comma read with a point")
        } catch {
            #expect(error.line == 2 && error.column == "costs")
            #expect(error.message(.en).contains("--decimal comma"))
        }
        // A comma file with French dates and amounts, said explicitly.
        let text = "title,start,costs\r\nA,11/03/2025,\"1\u{202F}250,5 CAD gouvernement-quebec billets d'avion\"\r\n"
        let imported = try ActivityCSV.read(Array(text.utf8), agreementID: "x", options: CSVReadOptions(dates: .dmy, decimal: .comma))
        #expect(imported.activities.first?.start == day("2025-03-11"))
        #expect(imported.activities.first?.costs == [Cost(amountMinor: 125_050, currency: "CAD", party: "gouvernement-quebec", label: "billets d'avion")])
        #expect(imported.reading.datesSource == .option && imported.reading.separatorSource == .header)
        #expect(imported.reading.summary(.fr)[1].contains("comme demandé (--dates dmy)"))
        #expect(imported.reading.summary(.en)[2].contains("as asked (--decimal comma)"))
        // Without options, the same file is refused on its date rather than guessed.
        #expect(throws: CSVError.self) { try ActivityCSV.read(Array(text.utf8), agreementID: "x") }
    }

    /// Saved as Windows-1252 ("CSV (séparateur : point-virgule)" on older Excel): refused with
    /// the line, the column and how to save as UTF-8; UTF-16 likewise.
    @Test func aFileThatIsNotUTF8IsRefusedWithWhereAndHowToSaveIt() throws {
        var bytes = [UInt8](try Data(contentsOf: Self.excelFile)).dropFirst(3).map { $0 }
        // "à" (C3 A0) → Windows-1252 E0.
        let at = try #require(bytes.indices.first { bytes[$0] == 0xC3 && bytes[$0 + 1] == 0xA0 })
        bytes.replaceSubrange(at...(at + 1), with: [0xE0])
        do {
            _ = try ActivityCSV.read(bytes, agreementID: "x")
            Issue.record("Windows-1252 accepted")
        } catch {
            #expect(error.line == 2 && error.column == "description")
            #expect(error.message(.fr).contains("CSV UTF-8") && error.message(.en).contains("0xE0"))
        }
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("title,start".utf8).flatMap { [$0, 0] }
        #expect { try ActivityCSV.read(utf16, agreementID: "x") } throws: { e in
            (e as? CSVError)?.line == 1 && (e as? CSVError)?.message(.en).contains("UTF-16") == true
        }
    }

    /// A problem the store finds later in the n-th activity is placed on that record's CSV
    /// line and the CSV's column name, not on the row's rank.
    @Test func laterErrorsArePlacedOnTheRecordsLine() throws {
        let text = "title,start,description,domains\r\nA,2024-02-03,\"two\r\nlines\",2.1\r\n\r\nB,2024-02-04,,9\r\n"
        let imported = try ActivityCSV.read(Array(text.utf8), agreementID: "x")
        #expect(imported.lines == [2, 5])
        let e = imported.error(row: 2, column: "domain", problem: Localized(fr: "domaine inconnu « 9 ».", en: "unknown domain '9'."))
        #expect(e.line == 5 && e.column == "domains")
        #expect(e.message(.fr) == "CSV, ligne 5, colonne « domains » : domaine inconnu « 9 ». Rien n'a été importé.")
        #expect(e.message(.en) == "CSV, line 5, column 'domains': unknown domain '9'. Nothing was imported.")
    }

    /// RFC 4180 §2: CRLF rows; a field is quoted when it holds the separator, a quote, CR or LF.
    @Test func writingQuotesExactlyWhatRFC4180Requires() {
        let a = Activity(agreementID: "x", title: " lead and trail ", description: "Jour 1\r\nJour 2", start: day("2024-02-29"),
                         outcomes: "a;b", planItemID: nil)
        let b = Activity(agreementID: "x", title: "cr\ronly", description: "q\"\u{0301}", start: day("2024-03-01"), outcomes: "lf\nonly")
        let csv = ActivityCSV.format([a, b])
        #expect(csv == "id,title,description,start,end,domains,means,parties,participants,costs,status,outcomes,plan_item\r\n"
            + ", lead and trail ,\"Jour 1\r\nJour 2\",2024-02-29,,,,,,,planned,a;b,\r\n"
            + ",\"cr\ronly\",\"q\"\"\u{0301}\",2024-03-01,,,,,,,planned,\"lf\nonly\",\r\n")
        let excel = ActivityCSV.format([a], dialect: .frenchExcel)
        #expect(excel.hasSuffix("\r\n; lead and trail ;\"Jour 1\r\nJour 2\";29/02/2024;;;;;;;planned;\"a;b\";\r\n"))
    }

    @Test func anEmptyFileHasNoActivities() throws {
        #expect(try ActivityCSV.parse("", agreementID: "x").isEmpty)
        #expect(try ActivityCSV.parse(ActivityCSV.format([]), agreementID: "x").isEmpty)
    }
}
