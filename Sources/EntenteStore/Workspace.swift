@_exported import EntenteStorage
import EntenteCore
import EntenteJSON
import Foundation
import GRDB

extension PreparedAgreement {
    /// The model and its summary as this store keeps them (`AgreementJSON`, written by hand).
    init(_ agreement: Agreement) {
        let (model, summary) = AgreementJSON.encodeWithSummary(agreement)
        self.init(id: agreement.id, modelJSON: model, summaryJSON: summary)
    }
}

/// The workspace database (SQLite through GRDB): agreements and their text versions, what
/// was done under them, and the audit log. One connection per workspace file for a command
/// (`DatabaseQueue`), or a `DatabasePool` for a server (`readers > 1`: reads side by side on
/// connections of their own, one writer at a time); WAL;
/// every command's changes are one IMMEDIATE transaction, so concurrent writers in several
/// processes wait their turn instead of failing, and a failed command writes nothing.
public final class Workspace: Sendable {
    let db: any DatabaseWriter
    public let user: String
    public let path: String

    /// The same database, its changes audited under another name (a server acts for the
    /// person of each request). Cheap: the connection is shared.
    public func acting(_ user: ActingUser) -> Workspace {
        user.auditName == self.user ? self : Workspace(db: db, path: path, user: user.auditName)
    }

    private init(db: any DatabaseWriter, path: String, user: String) {
        self.db = db
        self.path = path
        self.user = user
    }

    /// How long a change waits for another process's write lock before giving up with
    /// `StoreError.database(.busy)`, in seconds: `ENTENTE_BUSY_TIMEOUT` when set to a
    /// positive number, else 60. A command line can wait a minute for a backup or another
    /// import; a web server may prefer a few seconds, so that a person gets "busy, try again"
    /// (503) instead of a request that hangs (SQLite `sqlite3_busy_timeout`).
    public static var defaultBusyTimeout: TimeInterval {
        if let v = ProcessInfo.processInfo.environment["ENTENTE_BUSY_TIMEOUT"], let s = TimeInterval(v), s > 0 { return s }
        return 60
    }

    /// Opens (creating on first use, with its folder) the database file at `path`.
    /// - Parameters:
    ///   - busyTimeout: seconds a change waits for another process's lock
    ///     (default `defaultBusyTimeout`).
    ///   - readers: connections that read side by side: 1 for a command (it does one thing
    ///     at a time; one connection keeps one page cache warm across its reads and writes,
    ///     and the command line's behaviour stays the one its tests and benchmarks measured),
    ///     more for a server (32 people at once: with reads waiting in line behind one
    ///     connection the agreement page served 231 requests/s, with five 395, measured).
    /// - Throws: `StoreError.database` with SQLite's error as its cause.
    public init(path: String, user: String, busyTimeout: TimeInterval = Workspace.defaultBusyTimeout, readers: Int = 1) throws {
        self.path = path
        self.user = user
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        do {
            if readers > 1 {
                config.maximumReaderCount = readers
                db = try DatabasePool(path: path, configuration: config)
            } else {
                db = try DatabaseQueue(path: path, configuration: config)
            }
            try Self.migrate(db)
        } catch {
            throw StoreError.database(Self.failure(error, at: path))
        }
    }

    /// Brings the schema up to date. GRDB reads which migrations are applied before it takes
    /// the write lock, so when several processes open a new workspace at once, all but the
    /// first fail with "table already exists" once they get the lock; run again, they see
    /// the migrations applied and do nothing.
    static func migrate(_ db: some DatabaseWriter) throws {
        let migrator = Schema.migrator
        var attempt = 0
        while true {
            do {
                if try db.read({ try migrator.hasCompletedMigrations($0) }) { return }
                try migrator.migrate(db)
                return
            } catch {
                // Each failure means another opener applied a migration meanwhile; with
                // several migrations and many openers one may lose a few races in a row.
                attempt += 1
                if attempt >= 30 { throw error }
                usleep(UInt32(1_000 * min(attempt, 10)))
            }
        }
    }
}
