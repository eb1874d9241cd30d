import EntenteCore
import EntenteDocx
import EntenteReports
import Foundation

extension ReportService {
    /// The document as Word (`.docx`) or PDF, made from its HTML report (the workspace's HTML
    /// template when it has one): Word with the workspace's `templates/reference.docx` when
    /// there is one, PDF printed by the headless Chromium `ChromiumPrinter.find` finds
    /// (`ENTENTE_CHROMIUM`, else `PATH`). `r.format` is not used: both start from the HTML.
    /// - Parameter created: the Word document's created date (core properties); the caller's
    ///   name is its author.
    /// - Throws: as `input`, `ReportError` for a broken template, `DocxError` (a broken
    ///   reference document, no Chromium, Chromium failing).
    public func renderBinary(_ r: ReportRequest, as format: BinaryReportFormat, created: Date, _ caller: Caller) async throws -> Data {
        let input = try await input(r, caller)
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: configuration.templatesFolder)
        return try renderer.render(r.kind, binary: format, input: input, workspaceTemplatesDirectory: configuration.templatesFolder,
                                   created: created, creator: caller.user.displayName)
    }
}
