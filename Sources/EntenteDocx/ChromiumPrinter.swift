import Dispatch
import Foundation

/// Prints a report's HTML page to PDF with headless Chromium (`--print-to-pdf`).
///
/// The page keeps its own print CSS (`@media print` in `_style.mustache`: A4, margins, header
/// rows repeated); Entente adds a footer to every page through CSS page-margin boxes
/// (`@page { @bottom-left { … } @bottom-right { … } }`, CSS Paged Media Level 3, printed by
/// Chromium 131 and later): the page's `<title>` on the left, "page / pages" on the right.
/// Chromium's own header and footer (date, file URL) are turned off. Chromium writes a
/// tagged PDF (structure tree for screen readers) and, with `--generate-pdf-document-outline`,
/// bookmarks from the headings (measured with Debian's Chromium 156: `pdfinfo` says "Tagged:
/// yes", the catalog carries `/Lang (fr)` from `<html lang>`; that build no longer knows
/// `--export-tagged-pdf`, tagging being its default, so the switch is not passed).
public struct ChromiumPrinter: Sendable {
    /// The program run.
    public let executable: String
    /// Longest wait for one page, in seconds.
    public var timeout: Int = 120

    /// The names looked for on `PATH`, in order (Debian: `chromium`, `chromium-headless-shell`).
    public static let candidates = ["chromium", "chromium-headless-shell", "chromium-browser", "google-chrome"]

    public init(executable: String) { self.executable = executable }

    /// `ENTENTE_CHROMIUM` when set, else the first of `candidates` on `PATH`.
    /// - Throws: `DocxError.chromiumMissing` naming what was looked for.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ChromiumPrinter {
        let fm = FileManager.default
        if let given = environment["ENTENTE_CHROMIUM"], !given.isEmpty {
            guard fm.isExecutableFile(atPath: given) else { throw DocxError.chromiumMissing(tried: [given]) }
            return ChromiumPrinter(executable: given)
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in candidates {
            for dir in path where !dir.isEmpty {
                let full = (dir as NSString).appendingPathComponent(name)
                if fm.isExecutableFile(atPath: full) { return ChromiumPrinter(executable: full) }
            }
        }
        throw DocxError.chromiumMissing(tried: candidates)
    }

    /// The print style sheet added to the page: the footer on every page.
    /// - Parameter title: the report's title (the page's `<title>`), as plain text.
    public static func footerCSS(title: String) -> String {
        let font = "font-family: \"Helvetica Neue\", Arial, sans-serif; font-size: 8pt; color: #4a5568;"
        return """
        @page {
          @bottom-left { content: \(CSSString.quoted(title)); \(font) vertical-align: top; padding-top: 3mm; }
          @bottom-right { content: counter(page) " / " counter(pages); \(font) vertical-align: top; padding-top: 3mm; white-space: nowrap; }
        }
        """
    }

    /// The page with the footer style sheet inserted at the end of its `<head>` (or at its
    /// start when it has none).
    /// - Throws: `DocxError.htmlUnreadable` when libxml2 cannot read the page for its title.
    public static func printable(html: String) throws -> String {
        let style = "<style>\n" + footerCSS(title: try HTMLReader.title(html: html)) + "\n</style>\n"
        if let head = html.range(of: "</head>", options: .caseInsensitive) {
            return html.replacingCharacters(in: head.lowerBound..<head.lowerBound, with: style)
        }
        return style + html
    }

    /// The PDF's bytes.
    /// - Throws: `DocxError.chromiumFailed` (no PDF written, with the end of Chromium's log),
    ///   `.chromiumTimedOut`, `.temporaryFiles`.
    public func pdf(html: String) throws -> Data {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("entente-print-\(UUID().uuidString)")
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw DocxError.temporaryFiles(path: dir.path, cause: "\(error)")
        }
        defer { try? fm.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        let out = dir.appendingPathComponent("report.pdf")
        let log = dir.appendingPathComponent("chromium.log")
        do {
            try Data(try Self.printable(html: html).utf8).write(to: page)
            _ = fm.createFile(atPath: log.path, contents: nil)
        } catch let e as DocxError {
            throw e
        } catch {
            throw DocxError.temporaryFiles(path: dir.path, cause: "\(error)")
        }

        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--mute-audio",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--generate-pdf-document-outline",
            "--print-to-pdf=\(out.path)", page.absoluteString,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = dir.path // Chromium writes caches under HOME
        p.environment = environment
        let logHandle = try? FileHandle(forWritingTo: log)
        p.standardOutput = logHandle ?? FileHandle.nullDevice
        p.standardError = logHandle ?? FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        do { try p.run() } catch {
            throw DocxError.chromiumFailed(executable: executable, status: -1, log: "\(error)")
        }
        if done.wait(timeout: .now() + .seconds(timeout)) == .timedOut {
            p.terminate()
            if done.wait(timeout: .now() + .seconds(5)) == .timedOut { kill(p.processIdentifier, SIGKILL); done.wait() }
            throw DocxError.chromiumTimedOut(executable: executable, seconds: timeout)
        }
        try? logHandle?.close()
        guard let pdf = try? Data(contentsOf: out), pdf.starts(with: Array("%PDF-".utf8)) else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(5).joined(separator: " | ")
            throw DocxError.chromiumFailed(executable: executable, status: p.terminationStatus, log: tail)
        }
        return pdf
    }
}

/// CSS string literals (CSS Syntax Level 3, §4.3.5): the text between double quotes, with
/// `"` and `\` escaped, line ends and other control characters as hexadecimal escapes, and
/// `<` `>` escaped too, so that the text can never close the `<style>` element it sits in.
public enum CSSString {
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"", "\\", "<", ">":
                out += "\\" + String(u.value, radix: 16, uppercase: true) + " "
            case _ where u.value < 0x20 || u.value == 0x7F:
                out += "\\" + String(u.value, radix: 16, uppercase: true) + " "
            default:
                out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
