import ArgumentParser
import EntenteReports
import EntenteStore

/// `entente --workspace NEW restore FILE`: NEW's database from a backup. Parsing and printing
/// only; the checks and the write are `Workspace.restore(from:to:)`.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the workspace database from a backup FILE (written by 'entente backup'); never replaces an existing database.")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "The backup file.") var file: String
    @Option var format: OutputFormat = .text

    func run() async throws {
        // No withService: opening the workspace would create the very database to restore.
        try await g.withContext { ctx in
            let r = try Workspace.restore(from: file, to: ctx.dbPath)
            switch format {
            case .text:
                print(r.describe(ctx.lang))
            case .json:
                print(JSONValue.object([
                    ("database", .string(r.database)), ("backup", .string(r.source)),
                    ("backupSchemaVersion", .string(r.backupSchemaVersion)), ("schemaVersion", .str(r.check.migrations.last)),
                    ("ok", .bool(r.check.ok)),
                    ("rows", .object(r.check.counts.map { ($0.table, JSONValue.int($0.rows)) })),
                ]).serialized())
            }
        }
    }
}
