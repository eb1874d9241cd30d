import ArgumentParser
import EntenteCore
import EntenteIntake
import EntenteReports
import EntenteService
import Foundation

/// `entente convert FILE`: plain text or Word into Akoma Ntoso (parsing and printing only;
/// the work is `Converter.convert` in EntenteIntake).
struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Convert a plain-text (.txt) or Word (.docx) agreement into Akoma Ntoso 3.0 XML.")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "The .txt or .docx file.") var file: String
    @Option(help: "Agreement id (default: from the parties and the year).") var id: String?
    @Option(help: "File to write (default: standard output).") var output: String?

    func run() async throws {
        try await g.withContext { ctx in
            let r = try IntakeService.convert(path: file, id: id, language: g.lang.flatMap(Language.init(code:)), outputName: output,
                                              configuration: ctx.configuration, ctx.caller)
            for w in r.conversion.warnings { Console.warn("\(file): \(ctx.text("avertissement", "warning")): \(w[ctx.lang])") }
            for w in r.warnings { Console.warn(w) }
            try writeOutput(r.conversion.xml, to: output)
        }
    }
}

/// `entente extract ID`: tracking facts proposed from the stored text, for review; `--write`
/// adds them to the text's tracking block as a new version.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Propose tracking facts (notice, bodies, reports, costs…) from an agreement's text; --write records them as a new version.")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "Agreement id.") var id: String
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(help: "Add the proposed facts to the text's tracking block and store it as a new version.") var write = false

    func run() async throws {
        try await g.withService { ctx, service in
            let p = try await service.intake.propose(id, ctx.caller)
            switch format {
            case .json: print(ExtractionView.json(p.extraction, id: id, version: p.stored.version))
            case .text: print(ExtractionView.text(p.extraction, id: id, lang: ctx.lang))
            }
            guard write else { return }
            guard let outcome = try await service.intake.recordProposedFacts(id, ctx.caller) else {
                Console.warn(ctx.text("rien de nouveau à écrire : chaque fait proposé est déjà dans le bloc de suivi.",
                                      "nothing new to write: every proposed fact is already in the tracking block."))
                return
            }
            Console.warn("\(id): \(outcome.describe(ctx.lang)) (entente extract --write)")
        }
    }
}
