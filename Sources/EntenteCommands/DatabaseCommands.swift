import ArgumentParser
import EntenteCore
import EntenteService
import EntenteStore
import Foundation

/// `entente db …`: the database as a whole.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The database as a whole: copy it to another backend.",
        subcommands: [DatabaseCopy.self])
    @OptionGroup var g: GlobalOptions
}

/// `entente db copy --to URL|PATH`: the whole database (the workspace's SQLite file, or the
/// `--database` server) into an empty PostgreSQL database or a new SQLite file.
struct DatabaseCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the whole database (texts and versions, records, people and API tokens, audit log) into an empty target; prints rows and checksums per table set.",
        discussion: """
        The source is the workspace's SQLite file, or the --database server. The target is \
        postgres://USER@HOST:PORT/DB (an empty database; create it with createdb) or the path \
        of a SQLite file (new or empty). Exit status 1 when the target is not empty (nothing is \
        written) or when it reads back differently from the source. Browser sessions and \
        failed sign-in counters are not copied (a copy, like a backup, opens no session).
        """)
    @OptionGroup var g: GlobalOptions
    @Option(help: "Target: postgres://USER@HOST:PORT/DB or a SQLite file path.") var to: String

    func run() async throws {
        try await g.withContext { ctx in
            // The source first: a PostgreSQL source makes the lean binary hand over to
            // `entente-server` before anything is created.
            let service = try await ctx.service(sync: true)
            let target: any AgreementStore
            var createdFile: String?
            if let range = to.range(of: "://") {
                let scheme = String(to[..<range.lowerBound])
                guard let open = Extensions.opener(scheme: scheme) else {
                    guard ["postgres", "postgresql"].contains(scheme.lowercased()) else {
                        throw CLIError.badOption("--to", to, Localized(fr: "postgres://UTILISATEUR@HÔTE:PORT/BASE, ou le chemin d'un fichier SQLite",
                                                                       en: "postgres://USER@HOST:PORT/DB, or the path of a SQLite file"))
                    }
                    try Extensions.handOverToServerExecutable()
                }
                target = try await open(to, ctx.caller.user)
            } else {
                if ctx.databaseURL == nil, (to as NSString).standardizingPath == (ctx.dbPath as NSString).standardizingPath {
                    throw CLIError.badOption("--to", to, Localized(fr: "c'est la base source elle-même", en: "that is the source database itself"))
                }
                if !FileManager.default.fileExists(atPath: to) { createdFile = to }
                target = try Workspace(path: to, user: ctx.caller.user.auditName)
            }
            let report: CopyReport
            do {
                report = try await service.copy.copy(to: target)
            } catch {
                // A new file the failed copy created holds nothing: do not leave it behind.
                if let createdFile { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: createdFile + suffix) } }
                throw error
            }
            print(report.describe(ctx.lang))
            if !report.matches { throw ExitCode(1) }
        }
    }
}
