import Foundation
import Testing

/// Runs the built `entente` binary, as swift-argument-parser's example tests do.
struct Run: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The products folder: the one holding the test runner, else .build/debug.
    static let binary: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        // On Linux the runner is …/debug/EntentePackageTests.xctest; on macOS it is inside a bundle.
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("entente")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/entente")
    }()

    static let agreementsFolder = packageRoot.appendingPathComponent("agreements")

    /// The official schema, outside the repository, when present.
    static var officialSchema: String? {
        let p = packageRoot.appendingPathComponent("../shared/akn/schema/akomantoso30.xsd").standardizedFileURL.path
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }

    @discardableResult
    static func run(_ args: [String], env: [String: String] = [:], cwd: URL? = nil, input: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C"
        environment.removeValue(forKey: "ENTENTE_WORKSPACE")
        environment.removeValue(forKey: "ENTENTE_DB")
        environment.removeValue(forKey: "ENTENTE_AS_OF")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let stdin = Pipe()
        if input != nil { p.standardInput = stdin }
        try p.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read before waiting: a full pipe would block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh workspace holding copies of the real agreement files.
    static func workspace(withAgreements: Bool = true) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-cli-\(UUID().uuidString)")
        let agreements = dir.appendingPathComponent("agreements")
        try FileManager.default.createDirectory(at: agreements, withIntermediateDirectories: true)
        if withAgreements {
            for name in ["quebec-ontario-2008.xml", "quebec-pole-emploi-2022.xml"] {
                try FileManager.default.copyItem(at: agreementsFolder.appendingPathComponent(name),
                                                 to: agreements.appendingPathComponent(name))
            }
        }
        return dir
    }

    static func json(_ s: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(s.utf8))
    }

    /// Every row of every table, as text: to prove a failed command changed nothing.
    static func dump(_ db: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            for (t,) in c.execute("select name from sqlite_master where type='table' order by name"):
                for row in c.execute(f'select * from "{t}" order by rowid'):
                    print(t, row)
            """, db.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
