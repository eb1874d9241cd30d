import EntenteCore
import EntenteDocx
import EntenteService
import Foundation

/// `entente report KIND ID --format docx|pdf`: the bytes go to `--output FILE` (written
/// whole or not at all), or to standard output when it is a pipe or a file, never to a
/// terminal. The document's created date is now, or `SOURCE_DATE_EPOCH` (seconds) when set,
/// for reproducible files.
func writeBinaryReport(_ request: ReportRequest, _ format: BinaryReportFormat, service: EntenteService, ctx: Context,
                       output: String?) async throws {
    if output == nil, isatty(STDOUT_FILENO) == 1 {
        throw CLIError.usage(Localized(
            fr: "--format \(format.rawValue) écrit un fichier binaire : donnez --output FICHIER.\(format.rawValue) (ou redirigez la sortie standard).",
            en: "--format \(format.rawValue) writes a binary file: give --output FILE.\(format.rawValue) (or redirect standard output)."))
    }
    let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
    let bytes = try await service.reports.renderBinary(request, as: format, created: epoch.map(Date.init(timeIntervalSince1970:)) ?? Date(),
                                                       ctx.caller)
    guard let output else { Console.write(Array(bytes)); return }
    do { try bytes.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
        throw CLIError.io(output, error.localizedDescription)
    }
}
