import ArgumentParser
import EntenteCore
import EntenteIntake
import EntenteReports
import EntenteStore
import EntenteXML
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
            let options = ConvertOptions(id: id, language: g.lang.flatMap(Language.init(code:)), markupDate: ctx.asOf,
                                         wordList: WordList.system())
            let result = try Converter.convert(path: file, options: options)
            for w in result.warnings { Console.warn("\(file): \(ctx.text("avertissement", "warning")): \(w[ctx.lang])") }
            // The output must read back: parse and validate before writing anything.
            let check = try AKNImporter.importDocument(text: result.xml, fileName: output ?? "\(result.id).xml",
                                                       options: try ctx.importOptions(strict: false))
            if check.outcome == .schemaInvalid {
                // Never write a text the official schema rejects.
                for w in check.warnings { Console.warn(w.formatted(file: output ?? "\(result.id).xml", ctx.lang)) }
                throw CLIError.io(file, ctx.text("le texte converti n'est pas conforme au schéma Akoma Ntoso 3.0 (détails ci-dessus) ; rien n'a été écrit",
                                                 "the converted text does not conform to the Akoma Ntoso 3.0 schema (details above); nothing was written"))
            }
            try writeOutput(result.xml, to: output)
        }
    }
}

/// `entente extract ID`: tracking facts proposed from the stored text, for review; `--write`
/// adds them to the text's tracking block as a new version.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Propose tracking facts (notice, bodies, reports, costs…) from an agreement's text; --write records them as a new version.")
    @OptionGroup var g: GlobalOptions
    @Argument var id: String
    @Option var format: OutputFormat = .text
    @Flag(help: "Add the proposed facts to the text's tracking block and store it as a new version.") var write = false

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            let stored = try ctx.agreement(id, in: ws)
            guard let xml = try ws.text(id: id, version: nil) else { throw CLIError.unknownAgreement(id, try ws.agreementIDs()) }
            let extraction = try Extractor.extract(xml: xml, fileName: stored.file)
            switch format {
            case .json: print(ExtractionView.json(extraction, id: id, version: stored.version))
            case .text: print(ExtractionView.text(extraction, id: id, lang: ctx.lang))
            }
            guard write else { return }
            let updated = TrackingBlock.insert(extraction.proposals, references: extraction.references, into: xml)
            guard updated != xml else {
                Console.warn(ctx.text("rien de nouveau à écrire : chaque fait proposé est déjà dans le bloc de suivi.",
                                      "nothing new to write: every proposed fact is already in the tracking block."))
                return
            }
            let result = try AKNImporter.importDocument(text: updated, fileName: stored.file, options: try ctx.importOptions(strict: false))
            let outcome = try ws.importAgreement(result.agreement, xml: updated, file: stored.file,
                                                 warnings: result.warnings.map { $0.formatted(file: stored.file, ctx.lang) })
            Console.warn("\(id): \(outcome.describe(ctx.lang)) (entente extract --write)")
        }
    }
}
