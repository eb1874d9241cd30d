import Foundation
import Testing

/// `entente report … --format docx|pdf`, end to end through the built binary.
@Suite struct BinaryReportEndToEndTests {
    let asOf = ["--as-of", "2026-11-22"]
    let period = ["--from", "2023-01-01", "--to", "2024-12-31"]

    func demo() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-docx-\(UUID().uuidString)")
        let d = try CLI.run(["demo", dir.path, "--agreements", CLI.agreementsFolder.path] + asOf)
        #expect(d.status == 0, "\(d.stderr)")
        return dir
    }

    /// One part of a zip file, read with Python's zipfile (no zip code of our own in the check).
    func unzip(_ file: String, _ part: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode('utf-8'))", file, part]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(part) in \(file)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aWordReportGoesToItsFileOrToAPipe() throws {
        let ws = try demo()
        let w = ["--workspace", ws.path]
        let file = ws.appendingPathComponent("rapport.docx").path
        // 2026-11-22T14:30:00Z
        let env = ["SOURCE_DATE_EPOCH": "1795357800"]
        let r = try CLI.run(["report", "biennial", "quebec-pole-emploi-2022"] + period + ["--format", "docx", "--output", file, "--lang", "fr",
                                                                                         "--user", "Comité mixte"] + w + asOf, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let core = try unzip(file, "docProps/core.xml")
        #expect(core.contains("<dc:language>fr-CA</dc:language>"))
        #expect(core.contains(">2026-11-22T14:30:00Z</dcterms:created>"))
        #expect(core.contains("<dc:creator>Comité mixte</dc:creator>"))
        let document = try unzip(file, "word/document.xml")
        #expect(document.contains("Mission à Paris"))
        #expect(document.contains("<w:pStyle w:val=\"Heading2\"/>"))

        // Standard output is a pipe here: the same bytes.
        let piped = try CLI.run(["report", "biennial", "quebec-pole-emploi-2022"] + period + ["--format", "docx", "--lang", "fr",
                                                                                            "--user", "Comité mixte"] + w + asOf, env: env)
        #expect(piped.status == 0)
        #expect(Data(piped.stdout.utf8).count > 0)
        let pipedFile = ws.appendingPathComponent("piped.docx")
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["report", "biennial", "quebec-pole-emploi-2022"] + period + ["--format", "docx", "--lang", "fr", "--user", "Comité mixte"] + w + asOf
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1795357800"
        p.environment = environment
        FileManager.default.createFile(atPath: pipedFile.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: pipedFile)
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(try Data(contentsOf: pipedFile) == bytes)
    }

    /// On a terminal, binary bytes would only garble the screen: --output is asked for. The
    /// terminal is a real pseudo-terminal from `script` (util-linux, in every Debian).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aBinaryReportIsNotWrittenToATerminal() throws {
        let ws = try demo()
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([CLI.binary.path, "report", "biennial", "quebec-pole-emploi-2022", "--format", "docx", "--lang", "en",
                        "--workspace", ws.path] + asOf).map(quoted).joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 1)
        #expect(text.contains("--format docx writes a binary file: give --output FILE.docx"))
        #expect(!text.contains("PK"))
    }

    @Test func aBrokenReferenceDocumentIsRefusedAndNothingIsWritten() throws {
        let ws = try demo()
        let templates = ws.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "not a zip".write(to: templates.appendingPathComponent("reference.docx"), atomically: true, encoding: .utf8)
        let file = ws.appendingPathComponent("out.docx").path
        let r = try CLI.run(["report", "plan", "quebec-pole-emploi-2022", "--format", "docx", "--output", file, "--lang", "en",
                             "--workspace", ws.path] + asOf)
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/reference.docx: unreadable Word reference document"))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func withoutChromiumAPDFIsRefusedWithThePackageToInstall() throws {
        let ws = try demo()
        let file = ws.appendingPathComponent("out.pdf").path
        let r = try CLI.run(["report", "biennial", "quebec-pole-emploi-2022", "--format", "pdf", "--output", file, "--lang", "fr",
                             "--workspace", ws.path] + asOf, env: ["PATH": "/nonexistent"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Installez le paquet Debian « chromium » (apt-get install chromium)"))
        #expect(!FileManager.default.fileExists(atPath: file))
        let named = try CLI.run(["report", "biennial", "quebec-pole-emploi-2022", "--format", "pdf", "--output", file, "--lang", "en",
                                 "--workspace", ws.path] + asOf, env: ["ENTENTE_CHROMIUM": "/nonexistent/chromium"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("Chromium not found (looked for: /nonexistent/chromium)"))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
                   || FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium absent (apt-get install chromium)"))
    func aPDFReportIsPrinted() throws {
        let ws = try demo()
        let file = ws.appendingPathComponent("rapport.pdf").path
        let r = try CLI.run(["report", "progress", "quebec-ontario-2008", "--format", "pdf", "--output", file, "--lang", "fr",
                             "--workspace", ws.path] + asOf)
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
    }
}
