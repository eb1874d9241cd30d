import ArgumentParser
import EntenteCore
import Foundation

/// The `entente` command tree. Parsing and printing only: every operation is the service
/// layer's (EntenteService), every rule Core's. Two executables run it: `entente` (lean: the
/// embedded SQLite workspace) and `entente-server` (the same commands, plus the web server
/// and PostgreSQL, registered through `Extensions`); the lean one hands over to the other
/// for `serve` and for a PostgreSQL `--database`.
public struct Entente: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "entente",
        abstract: "Tracks intergovernmental cooperation agreements / Suivi des ententes de coopération intergouvernementales.",
        discussion: """
        A workspace is a folder with agreements/ (Akoma Ntoso XML), optional templates/ and \
        .entente/entente.sqlite (created on first use). The agreements/ folder is imported \
        automatically before each command. Global options (--workspace, --db, --as-of, --lang, \
        --user, --schema) go before or after the command's name.
        """,
        subcommands: [
            Status.self, Import.self, Show.self, Export.self, Notice.self, InForce.self, Deadlines.self,
            ActivityCommand.self, PlanCommand.self, MeetingCommand.self, ProgressCommand.self,
            BiennialCommand.self, AmendmentCommand.self, Report.self, History.self,
            Backup.self, Restore.self, Check.self, Demo.self, Convert.self, Extract.self, Serve.self, UserCommand.self, DatabaseCommand.self,
        ]
    )

    /// Declared here and on every group of subcommands too, so that argument-parser accepts
    /// them anywhere on the line; the command that runs reads its own copy.
    @OptionGroup var g: GlobalOptions

    /// One exit path: help and version exit 0; every error, a parse error included, prints
    /// its message on standard error and exits 1 (never argument-parser's 64).
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: what argument-parser prints, on standard output.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let e = error as? UserFacingError {
                let lang = Context.environmentLanguage
                Console.warn(lang == .fr ? "erreur : \(e.message(.fr))" : "error: \(e.message(.en))")
                Foundation.exit(1)
            }
            if error is ExitCode {
                Foundation.exit(1)
            }
            let lang = Context.environmentLanguage
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            if !message.isEmpty {
                Console.warn((lang == .fr ? "erreur de syntaxe : " : "usage error: ") + message)
                Console.warn(lang == .fr ? "Aide : entente --help, ou entente COMMANDE --help." : "Help: entente --help, or entente COMMAND --help.")
            }
            Foundation.exit(1)
        }
    }
}
