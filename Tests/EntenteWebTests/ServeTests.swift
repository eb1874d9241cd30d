import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `entente serve` end to end: the lean binary hands over to `entente-server`, which says
/// where it listens, answers, logs each request and stops cleanly on SIGTERM.
@Suite struct ServeTests {
    @Test func leanBinaryHandsOverAndStopsCleanlyOnSIGTERM() async throws {
        let entente = try #require(Binaries.entente)
        _ = try #require(Binaries.server, "entente-server is built beside entente")
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("entente-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ws.appendingPathComponent("agreements"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: WebHarness.packageRoot + "/agreements/quebec-pole-emploi-2022.xml",
                                         toPath: ws.appendingPathComponent("agreements/quebec-pole-emploi-2022.xml").path)
        let p = Process()
        p.executableURL = entente
        p.arguments = ["--workspace", ws.path, "serve", "--host", "127.0.0.1", "--port", "0", "--as-of", "2026-11-29"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // A workspace without people: the second line is the one-time setup link.
        var seen = ""
        while seen.split(separator: "\n").count < 2 || !seen.hasSuffix("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(seen.split(separator: "\n").first.map(String.init))
        #expect(line.hasPrefix("Listening on http://127.0.0.1:"))
        let base = String(line.dropFirst("Listening on ".count))
        let setup = try #require(seen.split(separator: "\n").dropFirst().first.map(String.init))
        #expect(setup.hasPrefix("Setup: \(base)/setup/") && setup.count == "Setup: \(base)/setup/".count + 64)
        #expect(seen.components(separatedBy: "/setup/").count == 2, "one setup link")
        let (data, response) = try await URLSession.shared.data(from: URL(string: base + "/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("ok"))
        // Nothing open: a page sends to sign-in, which says how to create an administrator.
        let (page, pageResponse) = try await URLSession.shared.data(from: URL(string: base + "/agreements/quebec-pole-emploi-2022")!)
        #expect((pageResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(pageResponse.url?.path == "/login")
        #expect(String(decoding: page, as: UTF8.self).contains("entente user add"))
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.components(separatedBy: "hb.request.path=/healthz").count == 2, "one log line per request")
        #expect(log.contains("hb.request.path=/agreements/quebec-pole-emploi-2022"))
    }
}
