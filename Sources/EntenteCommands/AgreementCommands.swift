import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteService
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import Akoma Ntoso agreement files or folders.")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "Files or folders of .xml.") var paths: [String]
    @Flag(help: "Refuse documents that fail the schema or have dangling references.") var strict = false
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await g.withService(sync: false) { ctx, service in
            let files = try service.agreements.files(in: paths)
            let progress = Progress(total: files.count, label: "import")
            let outcomes = try await service.agreements.importFiles(files, strict: strict, ctx.caller) { progress.update($0) }
            progress.finish()
            let imported = outcomes.filter { $0.error == nil }, failed = outcomes.filter { $0.error != nil }
            for f in failed { Console.warn(f.error!) }
            if format == .json {
                print(JSONValue.object([
                    ("imported", .array(imported.map { o in
                        .object([("id", .str(o.id)), ("file", .string(o.file)), ("result", .str(o.result?.code)), ("warnings", .strings(o.warnings))])
                    })),
                    ("failed", .array(failed.map { .object([("file", .string($0.file)), ("error", .str($0.error))]) })),
                ]).serialized())
            } else {
                for o in imported {
                    print("\(o.file): \(o.id ?? "") — \(o.result?.describe(ctx.lang) ?? "")")
                    for w in o.warnings { print("  \(ctx.text("avertissement", "warning")): \(w)") }
                }
                print(ctx.text("\(imported.count) importé(s), \(failed.count) en échec.", "\(imported.count) imported, \(failed.count) failed."))
            }
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an agreement as signed: parties, signatures, domains, bodies, notice.")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "Agreement id.") var id: String
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Text version (default: the latest).") var version: Int?

    func run() async throws {
        try await g.withService { ctx, service in
            let view = try await service.agreements.show(id, version: version, ctx.caller)
            let s = view.stored
            switch format {
            case .json:
                print(JSONViews.agreement(s.agreement, asOf: ctx.asOf, state: view.state, version: s.version, warnings: s.warnings,
                                          events: view.events).serialized())
            case .text:
                print(AgreementText.render(s.agreement, state: view.state, asOf: ctx.asOf, lang: ctx.lang, version: s.version,
                                           warnings: s.warnings, events: view.events))
            }
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write an agreement back out as Akoma Ntoso XML (the stored text, byte for byte).")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "Agreement id.") var id: String
    @Option(help: "Text version (default: the latest).") var version: Int?
    @Option(help: "File to write (default: standard output).") var output: String?

    func run() async throws {
        try await g.withService { ctx, service in
            try writeOutput(try await service.agreements.text(id, version: version, ctx.caller), to: output)
        }
    }
}

/// Progress on standard error, only when it is a terminal (bulk imports); silent otherwise.
final class Progress {
    let total: Int
    let label: String
    let enabled: Bool
    private var last = -1

    init(total: Int, label: String) {
        self.total = total
        self.label = label
        self.enabled = Console.stderrIsTerminal && total > 1
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let pct = total == 0 ? 100 : done * 100 / total
        if pct != last {
            last = pct
            FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) (\(pct)%)".utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(label): \(total)/\(total) (100%)\n".utf8))
    }
}
