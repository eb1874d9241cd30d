import EntenteCore
@testable import EntenteReports
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
    ])
    func badInputNamesLineColumnAndFixInBothLanguages(_ text: String, _ line: Int, _ column: String) {
        do {
            let rows = try ActivityCSV.parse(text, agreementID: "x")
            Issue.record("accepted: \(text) → \(rows)")
        } catch {
            #expect(error.line == line, "\(error.message(.en))")
            #expect(error.column == column, "\(error.message(.en))")
            let fr = error.message(.fr), en = error.message(.en)
            #expect(fr.hasPrefix("CSV, ligne \(line), colonne « \(column) » : "), "\(fr)")
            #expect(en.hasPrefix("CSV, line \(line), column '\(column)': "), "\(en)")
            #expect(fr != en)
        }
    }

    @Test func anEmptyFileHasNoActivities() throws {
        #expect(try ActivityCSV.parse("", agreementID: "x").isEmpty)
        #expect(try ActivityCSV.parse(ActivityCSV.format([]), agreementID: "x").isEmpty)
    }
}
