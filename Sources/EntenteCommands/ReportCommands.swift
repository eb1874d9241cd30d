import ArgumentParser
import EntenteCore
import EntenteDocx
import EntenteReports
import EntenteService
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
        try await g.withService { ctx, service in
            let request = ReportRequest(
                kind: kind, agreementID: id, from: try from.map { try parseDate($0, option: "--from") },
                to: try to.map { try parseDate($0, option: "--to") }, format: format == .md ? .markdown : .html, meetingID: meeting,
                party: party, givenOn: try given.map { try parseDate($0, option: "--given") }, leadTimes: try lead.days())
            if let binary = BinaryReportFormat(rawValue: format.rawValue) {
                return try await writeBinaryReport(request, binary, service: service, ctx: ctx, output: output)
            }
            try writeOutput(try await service.reports.render(request, ctx.caller), to: output)
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
            try SampleWorkspace.prepareFolder(dir, copyingAgreementsFrom: try agreements ?? Demo.defaultAgreementsFolder())
            let ctx = Context(workspace: dir, dbPath: (dir as NSString).appendingPathComponent(".entente/entente.sqlite"),
                              caller: ctx0.caller, schemaPath: ctx0.schemaPath)
            let count = try await ctx.service().maintenance.loadSample(ctx.caller)
            print(ctx.text("Espace de démonstration créé dans \(dir) (\(count) enregistrements). Essayez : entente --workspace \(dir) status",
                           "Demo workspace created in \(dir) (\(count) records). Try: entente --workspace \(dir) status"))
        }
    }

    /// ./agreements when it exists, else the agreements/ folder of the source tree this binary was built from.
    static func defaultAgreementsFolder() throws -> String {
        let fm = FileManager.default
        let local = (fm.currentDirectoryPath as NSString).appendingPathComponent("agreements")
        if !AgreementFiles.list(in: local).isEmpty { return local }
        // Sources/EntenteCommands/ReportCommands.swift → package root.
        let root = ((#filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../agreements")
        return (root as NSString).standardizingPath
    }
}
