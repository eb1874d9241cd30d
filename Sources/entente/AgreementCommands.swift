import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteStore
import EntenteXML
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import Akoma Ntoso agreement files or folders.")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "Files or folders of .xml.") var paths: [String]
    @Flag(help: "Refuse documents that fail the schema or have dangling references.") var strict = false
    @Option var format: OutputFormat = .text

    func run() async throws {
        try await g.withWorkspace(sync: false) { ctx, ws in
            let options = try ctx.importOptions(strict: strict)
            var files: [String] = []
            for p in paths {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                    throw CLIError.io(p, ctx.text("fichier ou dossier introuvable.", "no such file or folder."))
                }
                files += isDir.boolValue ? AgreementFiles.list(in: p) : [p]
            }
            let progress = Progress(total: files.count, label: ctx.text("import", "import"))
            var imported: [JSONValue] = [], failed: [JSONValue] = []
            var lines: [String] = []
            // Files are read, parsed and encoded on every core; each is stored in its own
            // transaction, in order, on this thread.
            let lang = ctx.lang
            AKNImporter.importFiles(files, options: options, prepare: { r in
                // Only what storing needs crosses to the writer; the model is freed here.
                (r.xml, PreparedAgreement(r.agreement), r.warnings.map { $0.formatted(file: r.fileName, lang) })
            }) { i, result in
                progress.update(i)
                let file = files[i]
                do {
                    let (xml, prepared, warnings) = try result.get()
                    let outcome = try ws.importAgreement(prepared, xml: xml, file: file, warnings: warnings)
                    imported.append(.object([("id", .string(prepared.id)), ("file", .string(file)),
                                             ("result", .string(outcome.code)), ("warnings", .strings(warnings))]))
                    lines.append("\(file): \(prepared.id) — \(outcome.describe(ctx.lang))")
                    for w in warnings { lines.append("  \(ctx.text("avertissement", "warning")): \(w)") }
                } catch let e as UserFacingError {
                    failed.append(.object([("file", .string(file)), ("error", .string(e.message(ctx.lang)))]))
                    Console.warn(e.message(ctx.lang))
                } catch {
                    failed.append(.object([("file", .string(file)), ("error", .string("\(error)"))]))
                    Console.warn("\(file): \(error)")
                }
            }
            progress.finish()
            if format == .json {
                print(JSONValue.object([("imported", .array(imported)), ("failed", .array(failed))]).serialized())
            } else {
                lines.forEach { print($0) }
                print(ctx.text("\(imported.count) importé(s), \(failed.count) en échec.", "\(imported.count) imported, \(failed.count) failed."))
            }
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an agreement as signed: parties, signatures, domains, bodies, notice.")
    @OptionGroup var g: GlobalOptions
    @Argument var id: String
    @Option var format: OutputFormat = .text
    @Option(help: "Text version (default: the latest).") var version: Int?

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            var stored = try ctx.agreement(id, in: ws)
            if let version, version != stored.version {
                guard let old = try ws.agreement(id: id, version: version) else {
                    throw CLIError.usage(Localized(fr: "Version \(version) inconnue pour \(id).", en: "No version \(version) of \(id)."))
                }
                stored = old
            }
            let history = try ws.history(agreementID: id)
            let events = history.entryIntoForceEvents
            let state = TerminationRules.state(of: stored.agreement, notices: history.notices, events: events, on: ctx.asOf)
            switch format {
            case .json:
                print(JSONViews.agreement(stored.agreement, asOf: ctx.asOf, state: state, version: stored.version,
                                          warnings: stored.warnings, events: events).serialized())
            case .text:
                print(AgreementText.render(stored.agreement, state: state, asOf: ctx.asOf, lang: ctx.lang,
                                           version: stored.version, warnings: stored.warnings, events: events))
            }
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write an agreement back out as Akoma Ntoso XML (the stored text, byte for byte).")
    @OptionGroup var g: GlobalOptions
    @Argument var id: String
    @Option(help: "Text version (default: the latest).") var version: Int?
    @Option(help: "File to write (default: standard output).") var output: String?

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            _ = try ctx.agreement(id, in: ws)
            guard let text = try ws.text(id: id, version: version) else {
                throw CLIError.usage(Localized(fr: "Version \(version ?? 0) inconnue pour \(id).", en: "No version \(version ?? 0) of \(id)."))
            }
            try writeOutput(text, to: output)
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
