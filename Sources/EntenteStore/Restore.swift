import EntenteCore
import Foundation
import GRDB

/// Why a restore was refused. Nothing is written when it is: no database, no temporary file.
public enum RestoreError: UserFacingError, Hashable {
    /// The target database (or a leftover `-wal` beside it) already exists.
    case databaseExists(String)
    /// The file is not a sound Entente database (unreadable, not SQLite, damaged, not Entente's).
    case notABackup(file: String, reason: Localized)
    /// The backup was written by a later Entente: its schema has migrations this one does not know.
    case newerSchema(file: String, unknown: [String])
    /// Writing the new database failed (disk full, permissions…).
    case cannotWrite(String, String)

    public func message(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .databaseExists(let path):
            return fr ? "\(path) existe déjà : une restauration ne remplace jamais une base de données. Restaurez dans un nouvel espace de travail (entente --workspace NOUVEAU restore FICHIER), ou déplacez d'abord cette base."
                      : "\(path) already exists: a restore never replaces a database. Restore into a new workspace (entente --workspace NEW restore FILE), or move that database away first."
        case .notABackup(let file, let reason):
            return fr ? "\(file) n'est pas une sauvegarde Entente utilisable : \(reason.fr) Rien n'a été écrit. Donnez un fichier écrit par « entente backup »."
                      : "\(file) is not a usable Entente backup: \(reason.en) Nothing was written. Give a file written by 'entente backup'."
        case .newerSchema(let file, let unknown):
            return fr ? "\(file) vient d'une version plus récente d'Entente (migrations inconnues : \(unknown.joined(separator: ", "))). Rien n'a été écrit. Restaurez-la avec cette version plus récente."
                      : "\(file) comes from a newer Entente (unknown migrations: \(unknown.joined(separator: ", "))). Nothing was written. Restore it with that newer version."
        case .cannotWrite(let path, let why):
            return fr ? "Impossible d'écrire \(path) : \(why). Rien n'a été restauré; vérifiez l'espace disque et les droits du dossier."
                      : "Cannot write \(path): \(why). Nothing was restored; check the free disk space and the folder's permissions."
        }
    }
}

/// What a restore brought back.
public struct RestoreReport: Sendable {
    /// The backup read.
    public var source: String
    /// The database created.
    public var database: String
    /// The backup's schema version (last applied migration) before the restore brought it up to date.
    public var backupSchemaVersion: String
    /// The check of the restored database: integrity, foreign keys, rows per table.
    public var check: CheckReport
}

extension Workspace {
    /// Tables every Entente database has had since its first migration.
    static let coreTables: Set<String> = ["agreement", "agreement_version", "activity", "audit"]

    /// Creates the database at `path` from a backup written by `backup(to:)` (or any sound
    /// Entente database file), the restore half of issue 16.
    ///
    /// The backup is first copied, byte for byte, into a temporary file beside `path`; the copy is checked (`PRAGMA integrity_check`, foreign keys, Entente's tables
    /// and migrations), brought up to the current schema when it is older, and only then
    /// linked into place, with `link(2)`, which fails rather than replace a file created
    /// meanwhile. A refused or failed restore leaves no file behind; the backup itself is
    /// only read (SQLite never opens it, so no -wal or -shm appears beside it).
    ///
    /// - Parameters:
    ///   - backup: the backup file.
    ///   - path: the new database file (its folder is created when missing).
    /// - Returns: what was restored, with the restored database's check.
    /// - Throws: `RestoreError.databaseExists` when `path` (or its `-wal`) exists;
    ///   `.notABackup` when the file is missing, not SQLite, damaged or not Entente's;
    ///   `.newerSchema` for a backup from a later version; `.cannotWrite` when the new
    ///   file cannot be written.
    public static func restore(from backup: String, to path: String) throws -> RestoreReport {
        let fm = FileManager.default
        for existing in [path, path + "-wal"] where fm.fileExists(atPath: existing) {
            throw RestoreError.databaseExists(existing)
        }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: backup, isDirectory: &isDir) else {
            throw RestoreError.notABackup(file: backup, reason: Localized(fr: "le fichier n'existe pas.", en: "the file does not exist."))
        }
        guard !isDir.boolValue else {
            throw RestoreError.notABackup(file: backup, reason: Localized(fr: "c'est un dossier, pas un fichier.", en: "it is a folder, not a file."))
        }
        guard fm.isReadableFile(atPath: backup) else {
            throw RestoreError.notABackup(file: backup, reason: Localized(fr: "le fichier ne peut pas être lu (droits).", en: "the file cannot be read (permissions)."))
        }

        let folder = (path as NSString).deletingLastPathComponent
        let folderWasThere = folder.isEmpty || fm.fileExists(atPath: folder)
        if !folderWasThere {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RestoreError.cannotWrite(folder, "\(error.localizedDescription)")
            }
        }
        // Beside the target, so the final step is a link within one filesystem.
        let temporary = (folder.isEmpty ? "." : folder) + "/.entente-restore-\(UUID().uuidString).sqlite"
        func removeTemporary() {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: temporary + suffix) }
        }
        /// After a refusal: the temporary files, and the folder when this restore made it
        /// (rmdir(2) removes it only if empty).
        func undo() {
            removeTemporary()
            if !folderWasThere { rmdir(folder) }
        }

        let backupVersion: String
        do {
            backupVersion = try copyAndCheck(backup: backup, into: temporary)
            // Bring an older backup up to date, then leave one self-contained file to link.
            let queue = try open(temporary)
            try migrate(queue)
            try queue.writeWithoutTransaction { d in _ = try d.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try queue.close()
        } catch let e as RestoreError {
            undo()
            throw e
        } catch {
            undo()
            throw RestoreError.cannotWrite(path, Self.describe(error))
        }

        // link(2) refuses an existing name: no race can make the restore replace a database.
        if link(temporary, path) != 0 {
            let code = errno
            undo()
            if code == EEXIST { throw RestoreError.databaseExists(path) }
            throw RestoreError.cannotWrite(path, String(cString: strerror(code)))
        }
        removeTemporary()
        let check = try Workspace(path: path, user: "restore").check()
        return RestoreReport(source: backup, database: path, backupSchemaVersion: backupVersion, check: check)
    }

    /// Copies `backup` into `temporary` and checks the copy is a sound Entente database; the
    /// backup itself is only read. Returns the backup's last applied migration.
    private static func copyAndCheck(backup: String, into temporary: String) throws -> String {
        func refuse(_ fr: String, _ en: String) -> RestoreError {
            .notABackup(file: backup, reason: Localized(fr: fr, en: en))
        }
        // A copy of the bytes, not SQLite's backup API: SQLite opens even a read-only WAL-mode
        // file (which `backup` writes) by creating -wal and -shm files beside it, and left them
        // beside the user's backup (seen). A -wal that comes with the backup is copied too, so
        // SQLite replays it into the copy.
        let fm = FileManager.default
        do {
            try fm.copyItem(atPath: backup, toPath: temporary)
            if let size = (try? fm.attributesOfItem(atPath: backup + "-wal"))?[.size] as? NSNumber, size.intValue > 0 {
                try fm.copyItem(atPath: backup + "-wal", toPath: temporary + "-wal")
            }
        } catch {
            throw RestoreError.cannotWrite(temporary, error.localizedDescription)
        }
        let opened: DatabaseQueue
        do {
            opened = try open(temporary)
            _ = try opened.read { d in try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM sqlite_master") }
        } catch {
            throw refuse("ce n'est pas une base SQLite, ou elle est endommagée (\(describe(error))).",
                         "it is not an SQLite database, or it is damaged (\(describe(error))).")
        }
        try opened.close()

        let queue = try open(temporary)
        defer { try? queue.close() }
        return try queue.read { d in
            let integrity: [String]
            do { integrity = try String.fetchAll(d, sql: "PRAGMA integrity_check") } catch let e as DatabaseError {
                throw refuse("la vérification d'intégrité échoue (\(e.message ?? "\(e.resultCode)")).",
                             "the integrity check fails (\(e.message ?? "\(e.resultCode)")).")
            }
            guard integrity == ["ok"] else {
                throw refuse("la vérification d'intégrité signale : \(integrity.prefix(3).joined(separator: "; ")).",
                             "the integrity check reports: \(integrity.prefix(3).joined(separator: "; ")).")
            }
            let foreignKeys = try Row.fetchAll(d, sql: "PRAGMA foreign_key_check")
            guard foreignKeys.isEmpty else {
                throw refuse("\(foreignKeys.count) enregistrement(s) renvoient à des enregistrements absents (clés étrangères).",
                             "\(foreignKeys.count) record(s) refer to missing records (foreign keys).")
            }
            let tables = Set(try String.fetchAll(d, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            guard tables.contains("grdb_migrations") else {
                throw refuse("c'est une base SQLite, mais pas celle d'un espace de travail Entente (aucune version de schéma).",
                             "it is an SQLite database, but not an Entente workspace's (no schema version).")
            }
            let missing = coreTables.subtracting(tables).sorted()
            guard missing.isEmpty else {
                throw refuse("des tables d'Entente manquent : \(missing.joined(separator: ", ")).",
                             "Entente tables are missing: \(missing.joined(separator: ", ")).")
            }
            let applied = try String.fetchAll(d, sql: "SELECT identifier FROM grdb_migrations")
            let known = Set(Schema.migrator.migrations)
            let unknown = applied.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else { throw RestoreError.newerSchema(file: backup, unknown: unknown) }
            guard let last = Schema.migrator.migrations.last(where: { applied.contains($0) }) else {
                throw refuse("aucune migration d'Entente n'y est appliquée.", "no Entente migration is applied in it.")
            }
            return last
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try DatabaseQueue(path: path, configuration: config)
    }

    private static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "\(e.resultCode)" }
        if let e = error as? UserFacingError { return e.message(.en) }
        return "\(error)"
    }
}

extension RestoreReport {
    /// For people: what was restored, from where, and the restored database's check.
    public func describe(_ lang: Language) -> String {
        let fr = lang == .fr
        let head = fr ? "Base de données restaurée : \(database)\nDepuis la sauvegarde : \(source) (schéma \(backupSchemaVersion))"
                      : "Database restored: \(database)\nFrom the backup: \(source) (schema \(backupSchemaVersion))"
        return head + "\n" + check.describe(lang)
    }
}
