import Foundation
import Testing

/// `entente backup` then `entente --workspace NEW restore FILE`, with the built binary.
@Suite(.serialized) struct RestoreEndToEndTests {
    let pole = "quebec-pole-emploi-2022"

    func titles(_ workspace: URL) throws -> [String] {
        let r = try CLI.run(["--workspace", workspace.path, "activity", "list", pole, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try #require(try CLI.json(r.stdout) as? [[String: Any]])
        return list.compactMap { $0["title"] as? String }
    }

    @Test func aBackupRestoredIntoANewWorkspaceHoldsTheStateAtTheBackup() throws {
        let source = try CLI.workspace()
        let w = ["--workspace", source.path]
        #expect(try CLI.run(w + ["activity", "add", pole, "--title", "Avant la sauvegarde", "--date", "2025-02-03"]).status == 0)
        let backup = source.deletingLastPathComponent().appendingPathComponent("backup-\(UUID().uuidString).sqlite")
        let b = try CLI.run(w + ["backup", backup.path])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try CLI.run(w + ["activity", "add", pole, "--title", "Après la sauvegarde", "--date", "2025-03-03"]).status == 0)
        let dumpAtBackup = try CLI.dump(backup)

        // A new workspace: an empty folder, no agreements/ of its own.
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("entente-restored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        let r = try CLI.run(["--workspace", fresh.path, "restore", backup.path, "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Database restored") && r.stdout.contains("Database is sound."))
        let db = fresh.appendingPathComponent(".entente/entente.sqlite")
        #expect(FileManager.default.fileExists(atPath: db.path))

        let restored = try titles(fresh)
        #expect(restored.contains("Avant la sauvegarde"))
        #expect(!restored.contains("Après la sauvegarde"))
        #expect(try titles(source).contains("Après la sauvegarde"))
        #expect(try CLI.run(["--workspace", fresh.path, "check"]).status == 0)
        #expect(try CLI.run(["--workspace", fresh.path, "status", "--as-of", "2026-11-22"]).stdout.contains("France Travail"))

        // JSON for programs, and a second restore over it refused in both languages, nothing changed.
        let before = try CLI.dump(db)
        for (lang, words) in [("fr", "existe déjà"), ("en", "already exists")] {
            let again = try CLI.run(["restore", backup.path, "--workspace", fresh.path, "--lang", lang])
            #expect(again.status == 1)
            #expect(again.stderr.contains(words) && again.stderr.contains(db.path), "\(again.stderr)")
        }
        #expect(try CLI.dump(db) == before)
        #expect(try CLI.dump(backup) == dumpAtBackup)
    }

    @Test func restoreReportsInJSONWithStableKeys() throws {
        let source = try CLI.workspace()
        let backup = source.appendingPathComponent("b.sqlite")
        // Any command but backup brings agreements/ in first.
        #expect(try CLI.run(["--workspace", source.path, "status"]).status == 0)
        #expect(try CLI.run(["--workspace", source.path, "backup", backup.path]).status == 0)
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("entente-restored-\(UUID().uuidString)")
        let r = try CLI.run(["--workspace", fresh.path, "restore", backup.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect(o["ok"] as? Bool == true)
        #expect(o["database"] as? String == fresh.appendingPathComponent(".entente/entente.sqlite").path)
        let rows = try #require(o["rows"] as? [String: Int])
        #expect(rows["agreement"] == 2)
        let keys = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["database", "backup", "backupSchemaVersion", "schemaVersion", "ok", "rows"])
    }

    @Test func aFileThatIsNotABackupIsRefusedAndNoDatabaseIsCreated() throws {
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("entente-restored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        let notADatabase = CLI.agreementsFolder.appendingPathComponent("quebec-ontario-2008.xml")
        for (lang, words) in [("fr", "n'est pas une sauvegarde Entente"), ("en", "is not a usable Entente backup")] {
            let r = try CLI.run(["--workspace", fresh.path, "restore", notADatabase.path, "--lang", lang])
            #expect(r.status == 1)
            #expect(r.stderr.contains(words), "\(r.stderr)")
        }
        // Nothing written: not even the .entente folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fresh.path) == [])
    }
}
