import Dispatch
import Foundation
import Testing

/// External programs the document tests run (LibreOffice, Poppler, qpdf, Chromium). Locally a
/// test whose program is missing is skipped; on CI (`CI` set) it runs and fails, since
/// `.ci/run` installs them all.
enum Tools {
    static var onCI: Bool {
        let v = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !v.isEmpty && v != "false" && v != "0"
    }

    /// The program's full path on `PATH`, if any.
    static func path(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for d in dirs {
            let p = "\(d)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// For `.enabled(if:)`: run when every program is there, and always on CI.
    static func available(_ names: String...) -> Bool { onCI || names.allSatisfy { path($0) != nil } }

    /// The program's path, or a recorded failure naming the Debian package to install.
    static func require(_ name: String, package: String) throws -> String {
        if let p = path(name) { return p }
        Issue.record("\(name) is missing: apt-get install \(package) (.ci/run installs it)")
        throw ToolMissing(name: name)
    }

    struct ToolMissing: Error { let name: String }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to the end (output through files: no pipe to fill up).
    @discardableResult
    static func run(_ executable: String, _ args: [String], environment: [String: String] = [:], timeout: Int = 300) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        // A stuck office program must not hold the test run until CI's own limit.
        if done.wait(timeout: .now() + .seconds(timeout)) == .timedOut {
            p.terminate()
            done.wait()
            Issue.record("\(executable) \(args.joined(separator: " ")) did not finish in \(timeout) s")
        }
        return Result(status: p.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// A PDF's text (`pdftotext -raw`: content-stream order, so that a table cell's lines stay
    /// together), white space collapsed to single spaces.
    static func pdfText(_ pdf: String) throws -> String {
        let exe = try require("pdftotext", package: "poppler-utils")
        let r = try run(exe, ["-raw", "-enc", "UTF-8", pdf, "-"])
        #expect(r.status == 0, "pdftotext: \(r.stderr)")
        return collapse(r.stdout)
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\u{0C}" })
            .joined(separator: " ")
    }
}
