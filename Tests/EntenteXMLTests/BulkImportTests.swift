import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

/// Bulk imports parse ahead on several threads; what the caller sees must be exactly what
/// importing the files one by one gives, in file order, failures included.
@Suite struct BulkImportTests {
    @Test(.enabled(if: Fixtures.hasAgreements))
    func manyFilesComeBackInOrderWithTheirOwnResultsAndFailures() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-bulk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sources = [Fixtures.agreement("quebec-pole-emploi-2022")!, Fixtures.agreement("quebec-ontario-2008")!]
        var paths: [String] = []
        for i in 0..<60 {
            let path = "\(dir)/\(String(format: "%02d", i)).xml"
            if i % 7 == 3 {
                try "<akomaNtoso><doc".write(toFile: path, atomically: true, encoding: .utf8) // cut short
            } else if i % 11 == 5 {
                // a file that is not there at all
            } else {
                try FileManager.default.copyItem(atPath: sources[i % 2], toPath: path)
            }
            paths.append(path)
        }
        var seen: [Int] = []
        // A small window, so that the workers wait for the writer many times.
        await AKNImporter.importFiles(paths, options: .init(), window: 3, prepare: { $0.agreement }) { i, result in
            seen.append(i)
            let alone = Result { () throws(XMLImportError) in try AKNImporter.importFile(path: paths[i]).agreement }
            switch (result, alone) {
            case (.success(let a), .success(let b)): #expect(a == b, "file \(i)")
            case (.failure(let a), .failure(let b)): #expect(a.message(.en) == b.message(.en), "file \(i)")
            default: Issue.record("file \(i): \(result) alone gave \(alone)")
            }
            if i % 7 == 3 { if case .success = result { Issue.record("file \(i) is cut short and must fail") } }
            if i % 11 == 5, i % 7 != 3 { if case .success = result { Issue.record("file \(i) is missing and must fail") } }
        }
        #expect(seen == Array(0..<60))
    }

    @Test(.enabled(if: Fixtures.hasAgreements))
    func aCallerThatStopsEarlyLeavesNothingRunning() async throws {
        struct Stop: Error {}
        let paths = Array(repeating: Fixtures.agreement("quebec-ontario-2008")!, count: 40)
        var count = 0
        await #expect(throws: Stop.self) {
            try await AKNImporter.importFiles(paths, options: .init(), window: 4, prepare: { $0.agreement.id }) { _, _ in
                count += 1
                if count == 5 { throw Stop() }
            }
        }
        #expect(count == 5)
    }
}
