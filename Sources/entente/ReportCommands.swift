import ArgumentParser
import EntenteCore
import EntenteDocx
import EntenteReports
import EntenteStore
import Foundation

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Produce a document: biennial report, biennial action plan, progress report or notice letter.")
    @OptionGroup var g: GlobalOptions
    @OptionGroup var lead: LeadTimeOption
    @Argument(help: "biennial, plan, progress or notice-letter") var kind: ReportKind
    @Argument var id: String
    @Option var from: String?
    @Option var to: String?
    @Option(help: "md, html, docx or pdf (docx and pdf: --output FILE, or standard output when it is not a terminal)")
    var format: ReportFormatOption = .md
    @Option(help: "For a progress report: the Coordination Committee meeting id.") var meeting: Int64?
    @Option(help: "For a notice letter: the party giving notice.") var party: String?
    @Option(help: "For a notice letter: the date notice is given (default: as-of date).") var given: String?
    @Option var output: String?

    enum ReportFormatOption: String, ExpressibleByArgument { case md, html, docx, pdf }

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            let a = try ctx.agreement(id, in: ws).agreement
            let history = try ws.history(agreementID: id)
            let engine = try lead.engine()
            let deadlines = engine.deadlines(for: a, history: history, asOf: ctx.asOf)
            let toDate = try to.map { try parseDate($0, option: "--to") } ?? ctx.asOf
            let fromDate = try from.map { try parseDate($0, option: "--from") } ?? toDate.adding(years: -2).adding(days: 1)
            guard fromDate <= toDate else {
                throw CLIError.usage(Localized(fr: "--from (\(fromDate.iso)) doit précéder --to (\(toDate.iso)).",
                                               en: "--from (\(fromDate.iso)) must not be after --to (\(toDate.iso))."))
            }
            var input = ReportInput(agreement: a, history: history, deadlines: deadlines, from: fromDate, to: toDate,
                                    asOf: ctx.asOf, language: ctx.lang)
            if kind == .progress, let meeting {
                guard let m = history.meetings.first(where: { $0.id == meeting }) else {
                    throw CLIError.usage(Localized(fr: "Réunion #\(meeting) inconnue pour \(id).", en: "No meeting #\(meeting) for \(id)."))
                }
                input.meeting = m
            }
            if kind == .noticeLetter {
                guard let clause = a.notice else {
                    throw CLIError.usage(Localized(fr: "L'entente \(id) n'a pas de clause de préavis connue.", en: "Agreement \(id) has no known notice clause."))
                }
                let givenDate = try given.map { try parseDate($0, option: "--given") } ?? ctx.asOf
                let giver = party ?? a.parties.first?.id ?? ""
                guard a.party(giver) != nil else {
                    throw CLIError.badOption("--party", giver, Localized(fr: "parties : \(a.parties.map(\.id).joined(separator: ", "))",
                                                                         en: "parties: \(a.parties.map(\.id).joined(separator: ", "))"))
                }
                input.notice = history.notices.first { !$0.withdrawn } ?? TerminationNotice(
                    agreementID: id, party: giver, sentOn: givenDate,
                    effectiveEnd: TerminationRules.earliestTermination(noticeGivenOn: givenDate, period: clause.period))
            }
            let renderer = try await ReportRenderer(workspaceTemplatesDirectory: ctx.templatesFolder)
            if let binary = BinaryReportFormat(rawValue: format.rawValue) {
                try writeBinaryReport(kind, binary, input: input, renderer: renderer, ctx: ctx, output: output)
                return
            }
            let text = try renderer.render(kind, format: format == .md ? .markdown : .html, input: input)
            try writeOutput(text, to: output)
        }
    }
}

extension ReportKind: ExpressibleByArgument {}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a sample workspace in DIR: both agreements and a realistic log of activities, plans, meetings and reports.")
    @OptionGroup var g: GlobalOptions
    @Argument var dir: String
    @Option(help: "Folder holding the agreement texts to copy (default: ./agreements, else the one beside the entente sources).")
    var agreements: String?

    func run() async throws {
        try await g.withContext { ctx0 in
            let fm = FileManager.default
            let source = try agreements ?? Demo.defaultAgreementsFolder()
            let files = AgreementFiles.list(in: source)
            guard !files.isEmpty else {
                throw CLIError.io(source, ctx0.text("aucun fichier .xml d'entente; précisez --agreements DOSSIER.", "no agreement .xml files; give --agreements FOLDER."))
            }
            let target = (dir as NSString).appendingPathComponent("agreements")
            if fm.fileExists(atPath: (dir as NSString).appendingPathComponent(".entente/entente.sqlite")) {
                throw CLIError.io(dir, ctx0.text("contient déjà un espace de travail; choisissez un dossier neuf.", "already holds a workspace; choose a new folder."))
            }
            do {
                try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
                for f in files {
                    let dest = (target as NSString).appendingPathComponent((f as NSString).lastPathComponent)
                    if !fm.fileExists(atPath: dest) { try fm.copyItem(atPath: f, toPath: dest) }
                }
            } catch { throw CLIError.io(dir, error.localizedDescription) }
            let ctx = Context(workspace: dir, dbPath: (dir as NSString).appendingPathComponent(".entente/entente.sqlite"),
                              asOf: ctx0.asOf, lang: ctx0.lang, user: ctx0.user, schemaPath: ctx0.schemaPath)
            let ws = try ctx.open()
            var count = 0
            for (agreementID, entries) in [(SampleLog.quebecOntarioID, SampleLog.quebecOntario()),
                                           (SampleLog.quebecPoleEmploiID, SampleLog.quebecPoleEmploi())] {
                guard try ws.agreement(id: agreementID) != nil else { continue }
                count += try ws.storeSample(entries)
            }
            print(ctx.text("Espace de démonstration créé dans \(dir) (\(count) enregistrements). Essayez : entente --workspace \(dir) status",
                           "Demo workspace created in \(dir) (\(count) records). Try: entente --workspace \(dir) status"))
        }
    }

    /// ./agreements when it exists, else the agreements/ folder of the source tree this binary was built from.
    static func defaultAgreementsFolder() throws -> String {
        let fm = FileManager.default
        let local = (fm.currentDirectoryPath as NSString).appendingPathComponent("agreements")
        if !AgreementFiles.list(in: local).isEmpty { return local }
        // Sources/entente/ReportCommands.swift → package root.
        let root = ((#filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../agreements")
        return (root as NSString).standardizingPath
    }
}
