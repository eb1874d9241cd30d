import EntenteCore
import EntenteService
@testable import EntenteStore
import EntenteXML
import Foundation
import GRDB
import Testing

/// Backups restored (issue 16): the restored database holds the state at the backup, not
/// after; a restore never replaces a database and leaves nothing behind when refused.
@Suite struct RestoreTests {
    static let agreementsDir: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("agreements").path
    }()

    /// A workspace with the two real agreements and the Québec–Pôle emploi sample log.
    static func populated() async throws -> Workspace {
        let ws = try Workspace(path: temporaryDatabase(), user: "alice")
        for name in ["quebec-ontario-2008.xml", "quebec-pole-emploi-2022.xml"] {
            let path = agreementsDir + "/" + name
            let r = try AKNImporter.importFile(path: path)
            _ = try ws.importAgreement(r.agreement, xml: r.xml, file: path, warnings: [])
        }
        // The sample log, through the service as a person would record it.
        _ = try await EntenteService(store: ws).maintenance.loadSample(
            Caller(user: ActingUser("alice"), lang: .fr, asOf: CivilDate(iso: "2026-11-29")!))
        return ws
    }

    /// What the store API says of a workspace: agreements and their versions, every
    /// agreement's history, and the audit log.
    struct State: Equatable {
        var agreements: [String]
        var versions: [[Int]]
        var texts: [String?]
        var histories: [AgreementHistory]
        var audit: [String]

        init(_ ws: Workspace) throws {
            agreements = try ws.agreementIDs()
            versions = try agreements.map { try ws.versions(id: $0) }
            texts = try agreements.map { try ws.text(id: $0, version: nil) }
            histories = try agreements.map { try ws.history(agreementID: $0) }
            audit = try ws.auditLog(limit: 1_000_000).map {
                [String($0.id), $0.timestamp, $0.user, $0.action, $0.entityType, $0.entityID ?? "-", $0.agreementID ?? "-",
                 $0.before ?? "-", $0.after ?? "-"].joined(separator: "|")
            }
        }
    }

    static func temporaryFile(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-restore-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// Files in the folder of `path`: a refused restore leaves none (no temporary copy).
    static func folderContents(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)) ?? []
    }

    @Test func theRestoredStateIsTheStateAtTheBackupNotAfter() async throws {
        let ws = try await Self.populated()
        let pole = "quebec-pole-emploi-2022"
        var first = try ws.addActivity(activity("Atelier avant la sauvegarde") { $0.agreementID = pole; $0.domains = ["2"] })
        first = try ws.updateActivity(id: first.id!) { $0.outcomes = "Un guide" }
        let atBackup = try State(ws)
        let dumpAtBackup = try dump(ws)

        let backup = Self.temporaryFile("backup.sqlite")
        try ws.backup(to: backup)

        // More changes after the backup: an activity added, one cancelled, a new text version.
        _ = try ws.addActivity(activity("Mission après la sauvegarde") { $0.agreementID = pole; $0.domains = ["3"] })
        _ = try ws.updateActivity(id: first.id!) { $0.status = .cancelled }
        let stored = try #require(try ws.agreement(id: pole))
        let newText = try #require(try ws.text(id: pole, version: nil)) + "\n<!-- corrected -->\n"
        #expect(try ws.importAgreement(stored.agreement, xml: newText, file: stored.file, warnings: []) == .newVersion(2))
        let after = try State(ws)
        #expect(after != atBackup)

        let target = temporaryDatabase()
        let report = try Workspace.restore(from: backup, to: target)
        #expect(report.database == target && report.source == backup)
        // The backup is only read: no -wal or -shm appears beside it.
        #expect(Self.folderContents(backup) == ["backup.sqlite"])
        #expect(report.check.ok)
        #expect(report.backupSchemaVersion == Schema.migrator.migrations.last)
        #expect(report.describe(.fr).contains("restaurée") && report.describe(.en).contains("restored"))

        let restored = try Workspace(path: target, user: "bob")
        let state = try State(restored)
        #expect(state == atBackup)
        #expect(state != after)
        #expect(try dump(restored) == dumpAtBackup)
        // The activity added after the backup is absent; the one edited before is there, not cancelled.
        let titles = try restored.activities(ActivityFilter(agreementID: pole)).map(\.title)
        #expect(titles.contains("Atelier avant la sauvegarde") && !titles.contains("Mission après la sauvegarde"))
        #expect(try restored.activity(id: first.id!)?.status != .cancelled)
        #expect(try restored.versions(id: pole) == [1])
        // Nothing but the database (and SQLite's own files) beside it.
        #expect(Self.folderContents(target).allSatisfy { !$0.hasPrefix(".entente-restore-") })
        // The restored workspace is a working one: it takes new records.
        _ = try restored.addActivity(activity("Après la restauration") { $0.agreementID = pole; $0.domains = ["1"] })
        #expect(try restored.check().ok)
    }

    @Test func aRestoreNeverReplacesADatabase() async throws {
        let ws = try await Self.populated()
        let backup = Self.temporaryFile("backup.sqlite")
        try ws.backup(to: backup)
        let existing = try freshWorkspace()
        let before = try dump(existing)
        #expect {
            _ = try Workspace.restore(from: backup, to: existing.path)
        } throws: { error in
            guard let e = error as? RestoreError, case .databaseExists(let p) = e else { return false }
            return p == existing.path && e.message(.fr).contains("existe déjà") && e.message(.en).contains("already exists")
        }
        #expect(try dump(existing) == before)
        #expect(Self.folderContents(existing.path).allSatisfy { !$0.hasPrefix(".entente-restore-") })
    }

    /// Refuses `file` and leaves the target's folder without any database or temporary file.
    func refuses(_ file: String, sourceLocation: SourceLocation = #_sourceLocation, _ matches: (RestoreError) -> Bool) {
        let target = temporaryDatabase()
        do {
            _ = try Workspace.restore(from: file, to: target)
            Issue.record("restored from \(file)", sourceLocation: sourceLocation)
        } catch let e as RestoreError {
            #expect(matches(e), "\(e.message(.en))", sourceLocation: sourceLocation)
            #expect(e.message(.fr) != e.message(.en) && e.message(.fr).contains(file) && e.message(.en).contains(file),
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: target), sourceLocation: sourceLocation)
        #expect(Self.folderContents(target).isEmpty, "\(Self.folderContents(target))", sourceLocation: sourceLocation)
    }

    static func isNotABackup(_ e: RestoreError) -> Bool {
        if case .notABackup = e { return true }
        return false
    }

    @Test func whatIsNotAnEntenteBackupIsRefusedAndNothingIsWritten() throws {
        // Missing, a folder, not SQLite at all.
        refuses(Self.temporaryFile("missing.sqlite"), Self.isNotABackup)
        refuses(FileManager.default.temporaryDirectory.path, Self.isNotABackup)
        let text = Self.temporaryFile("notes.sqlite")
        try Data("id,title\n1,pas une base\n".utf8).write(to: URL(fileURLWithPath: text))
        refuses(text, Self.isNotABackup)
        // The agreement text itself: a file from the workspace, but not a database.
        refuses(Self.agreementsDir + "/quebec-ontario-2008.xml", Self.isNotABackup)

        // SQLite, but someone else's database.
        let other = Self.temporaryFile("other.sqlite")
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('x')") }
        refuses(other, Self.isNotABackup)
    }

    @Test func aDamagedBackupFailsItsIntegrityCheck() async throws {
        let ws = try await Self.populated()
        let backup = Self.temporaryFile("backup.sqlite")
        try ws.backup(to: backup)
        // Keep the first page (header and schema), overwrite every page after it.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: backup)))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        #expect(bytes.count > 4 * pageSize)
        for i in pageSize..<bytes.count { bytes[i] = 0x5A }
        let damaged = Self.temporaryFile("damaged.sqlite")
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        refuses(damaged, Self.isNotABackup)
    }

    @Test func aBackupFromANewerEntenteIsRefused() async throws {
        let ws = try await Self.populated()
        let backup = Self.temporaryFile("backup.sqlite")
        try ws.backup(to: backup)
        try await DatabaseQueue(path: backup).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        refuses(backup) { e in
            if case .newerSchema(_, let unknown) = e { return unknown == ["v99-from-the-future"] }
            return false
        }
    }

    @Test func anOlderBackupIsBroughtUpToDate() throws {
        let old = Self.temporaryFile("v1.sqlite")
        let q = try DatabaseQueue(path: old)
        try Schema.migrator.migrate(q, upTo: "v1")
        try q.write { try $0.execute(sql: "INSERT INTO agreement (id, latest_version) VALUES ('a', 0)") }
        try q.close()
        let target = temporaryDatabase()
        let report = try Workspace.restore(from: old, to: target)
        #expect(report.backupSchemaVersion == "v1")
        #expect(Set(report.check.migrations) == Set(Schema.migrator.migrations))
        #expect(try Workspace(path: target, user: "x").agreementIDs() == ["a"])
    }
}
