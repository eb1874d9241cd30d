import Foundation
import Testing

/// `entente activity export|import` with the built binary: files as spreadsheets write them.
@Suite(.serialized) struct ActivityCSVEndToEndTests {
    let id = "quebec-pole-emploi-2022"
    static let excelFile = CLI.packageRoot.appendingPathComponent("Tests/EntenteReportsTests/CSV/excel-fr-semicolon.csv")

    func ws() throws -> (URL, [String]) {
        let dir = try CLI.workspace()
        return (dir, ["--workspace", dir.path])
    }

    /// A Windows line break in a description survives export → import → export, byte for byte.
    @Test func aCRLFDescriptionSurvivesExportImportExport() throws {
        let (dir, w) = try ws()
        let add = try CLI.run(["activity", "add", id, "--title", "Mission \"Paris; Lyon\", 2e volet", "--date", "2025-03-11",
                               "--description", "Jour 1\r\nJour 2", "--outcomes", "  un guide  ",
                               "--cost", "1250.50 CAD gouvernement-quebec", "--participant", "Zoé L'Heureux (gouvernement-quebec)"] + w)
        #expect(add.status == 0, "\(add.stderr)")
        let first = try CLI.run(["activity", "export", id] + w)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.utf8.starts(with: "id,title,description,start,end".utf8))
        #expect(first.stdout.contains(",\"Jour 1\r\nJour 2\","), "\(first.stdout.debugDescription)")
        #expect(Array(first.stdout.utf8.suffix(2)) == [0x0D, 0x0A])
        // --output writes the same bytes as standard output.
        let file = dir.appendingPathComponent("export.csv")
        #expect(try CLI.run(["activity", "export", id, "--output", file.path] + w).status == 0)
        #expect(Array(try Data(contentsOf: file)) == Array(first.stdout.utf8))

        let (_, other) = try ws()
        let imported = try CLI.run(["activity", "import", id, file.path, "--lang", "en"] + other)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 activities imported"))
        #expect(imported.stdout.contains("Separator: ',' (comma), found in the header"))
        #expect(imported.stdout.contains("Dates read as YYYY-MM-DD"))
        #expect(imported.stdout.contains("'1250.50' read as 1250.50"))
        let second = try CLI.run(["activity", "export", id] + other)
        #expect(Array(second.stdout.utf8) == Array(first.stdout.utf8), "\(first.stdout.debugDescription) → \(second.stdout.debugDescription)")
        let list = try CLI.run(["activity", "list", id, "--format", "json"] + other)
        let rows = try #require(try CLI.json(list.stdout) as? [[String: Any]])
        #expect(rows.first?["description"] as? String == "Jour 1\r\nJour 2")
    }

    /// What French Excel writes, imported as typed; the reading said in both languages.
    @Test func theFrenchExcelFileImportsAsTyped() throws {
        let (_, w) = try ws()
        let fr = try CLI.run(["activity", "import", id, Self.excelFile.path, "--lang", "fr"] + w)
        #expect(fr.status == 0, "\(fr.stderr)")
        #expect(fr.stdout.contains("1 activité(s) importée(s)"))
        #expect(fr.stdout.contains("Séparateur : « ; » (point-virgule), trouvé dans l'en-tête. Encodage : UTF-8 avec BOM."))
        #expect(fr.stdout.contains("Dates lues JJ/MM/AAAA, jour d'abord") && fr.stdout.contains("« 11/03/2025 » lu 2025-03-11"))
        #expect(fr.stdout.contains("Montants lus avec la virgule décimale") && fr.stdout.contains("« 1250,50 » lu 1250.50"))
        let list = try CLI.run(["activity", "list", id, "--format", "json"] + w)
        let rows = try #require(try CLI.json(list.stdout) as? [[String: Any]])
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row["title"] as? String == "Atelier conjoint sur la requalification")
        #expect(row["description"] as? String == "Deux jours à Montréal\nsuivi en visio")
        #expect(row["date"] as? String == "2025-03-11")
        #expect(row["end"] as? String == "2025-03-12")
        let costs = try #require(row["costs"] as? [[String: Any]])
        #expect(costs.count == 1 && costs.first?["amount"] as? String == "1250.50" && costs.first?["currency"] as? String == "CAD")
        let en = try CLI.run(["activity", "import", id, Self.excelFile.path, "--lang", "en"] + w)
        #expect(en.stdout.contains("Separator: ';' (semicolon), found in the header. Encoding: UTF-8 with BOM."))
        #expect(en.stdout.contains("'11/03/2025' read as 2025-03-11") && en.stdout.contains("'1250,50' read as 1250.50"))
    }

    /// Refusals name the CSV line where the record starts, in both languages, the same number
    /// whether the reader or the store found the problem; nothing is written.
    @Test func refusalsCountCSVLinesOneWayAndWriteNothing() throws {
        let (dir, w) = try ws()
        // Domain 5 does not exist in Québec–Ontario: found by the store, on CSV line 2.
        for (lang, expected) in [("fr", "CSV, ligne 2, colonne « domains » : "), ("en", "CSV, line 2, column 'domains': ")] {
            let r = try CLI.run(["activity", "import", "quebec-ontario-2008", Self.excelFile.path, "--lang", lang] + w)
            #expect(r.status == 1)
            #expect(r.stderr.contains(expected), "\(r.stderr)")
            #expect(!r.stderr.contains("Ligne 1") && !r.stderr.contains("Row 1"))
        }
        // A second record after a quoted line break starts on line 4; its quote never closes.
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("title;start;description\r\nA;11/03/2025;\"deux\r\nlignes\"\r\nB;12/03/2025;\"jamais fermé\r\n".utf8).write(to: bad)
        let fr = try CLI.run(["activity", "import", id, bad.path, "--lang", "fr"] + w)
        #expect(fr.status == 1)
        #expect(fr.stderr.contains("CSV, ligne 4, colonne « description » : un guillemet ouvre ce champ"), "\(fr.stderr)")
        #expect(fr.stderr.contains("Rien n'a été importé."))
        let en = try CLI.run(["activity", "import", id, bad.path, "--lang", "en"] + w)
        #expect(en.stderr.contains("CSV, line 4, column 'description': a quote opens this field"), "\(en.stderr)")
        // A comma file with a day-first date: refused, the option named.
        let ambiguous = dir.appendingPathComponent("ambiguous.csv")
        try Data("title,start\nA,03/02/2025\n".utf8).write(to: ambiguous)
        let amb = try CLI.run(["activity", "import", id, ambiguous.path, "--lang", "en"] + w)
        #expect(amb.status == 1)
        #expect(amb.stderr.contains("CSV, line 2, column 'start': '03/02/2025' is ambiguous") && amb.stderr.contains("--dates dmy"))
        let ok = try CLI.run(["activity", "import", id, ambiguous.path, "--dates", "dmy", "--lang", "en"] + w)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("as asked (--dates dmy); e.g. '03/02/2025' read as 2025-02-03"))
        let list = try CLI.run(["activity", "list", id, "--format", "json"] + w)
        #expect((try CLI.json(list.stdout) as? [Any])?.count == 1)
        #expect((try CLI.json(try CLI.run(["activity", "list", "quebec-ontario-2008", "--format", "json"] + w).stdout) as? [Any])?.isEmpty == true)
    }
}
