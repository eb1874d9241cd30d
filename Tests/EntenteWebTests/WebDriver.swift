import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// What the browser tests need from the machine: Debian's `chromium` and `chromium-driver`,
/// and axe-core's `axe.min.js` (path in `ENTENTE_AXE_JS`, extracted by `.ci/run`). Without
/// them the tests are skipped on a workstation, and fail under CI (`CI` set).
enum BrowserEnv {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let axe: String? = ProcessInfo.processInfo.environment["ENTENTE_AXE_JS"].flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    static let ci = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    static var browser: Bool { chromium != nil && chromedriver != nil }
}

struct WebDriverError: Error, CustomStringConvertible {
    var description: String
}

/// A W3C WebDriver client (plain JSON over HTTP) to a chromedriver it starts.
final class WebDriver: @unchecked Sendable {
    let process: Process
    let base: String
    var session = ""
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    init(width: Int = 1280, height: Int = 800) async throws {
        let port = try freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(BrowserEnv.chromedriver))
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        base = "http://127.0.0.1:\(port)"
        // chromedriver answers /status once it listens.
        var ready = false
        var last = ""
        for _ in 0..<200 {
            do {
                if let s = try await call("GET", "/status") as? [String: Any], (s["ready"] as? Bool) == true { ready = true; break }
            } catch { last = "\(error)" }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        guard ready else { kill(process.processIdentifier, SIGKILL); throw WebDriverError(description: "chromedriver did not start on \(base): \(last)") }
        let caps: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": BrowserEnv.chromium!, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
                "--lang=fr-CA", "--no-first-run", "--disable-extensions",
            ]],
        ]]]
        do {
            let v = try await call("POST", "/session", caps) as? [String: Any]
            session = try #require(v?["sessionId"] as? String)
            _ = try await cmd("POST", "timeouts", ["script": 120_000, "pageLoad": 60_000, "implicit": 0])
        } catch {
            await quit()
            throw error
        }
    }

    func quit() async {
        if !session.isEmpty { _ = try? await call("DELETE", "/session/\(session)") }
        // chromedriver ignores SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// One WebDriver command. chromedriver writes its headers without a space after the colon
    /// (`Content-Length:250`), which FoundationNetworking refuses ("Failed writing header"), so
    /// this speaks HTTP/1.1 over a socket itself, on a thread of its own.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? (method == "POST" ? Data("{}".utf8) : nil)
        let port = Int(base.split(separator: ":").last!)!
        let data: Data = try await withCheckedThrowingContinuation { k in
            Thread.detachNewThread {
                k.resume(with: Result { try rawHTTP(port: port, method: method, path: path, body: payload) })
            }
        }
        let json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
        let value = json?["value"]
        if let v = value as? [String: Any], let e = v["error"] as? String {
            throw WebDriverError(description: "\(e): \(v["message"] ?? "")")
        }
        return value
    }

    @discardableResult
    func cmd(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await call(method, "/session/\(session)/\(path)", body)
    }

    func go(_ url: String) async throws { try await cmd("POST", "url", ["url": url]) }
    func title() async throws -> String { try await cmd("GET", "title") as? String ?? "" }
    func url() async throws -> String { try await cmd("GET", "url") as? String ?? "" }
    /// The page's URL once it contains `fragment` (a click's navigation can still be under
    /// way when the next command arrives): polled for up to 10 s, then the last URL seen.
    func url(containing fragment: String) async throws -> String {
        var last = ""
        for _ in 0..<50 {
            last = try await url()
            if last.contains(fragment) { return last }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        return last
    }
    func source() async throws -> String { try await cmd("GET", "source") as? String ?? "" }

    func find(_ css: String) async throws -> String {
        let v = try await cmd("POST", "element", ["using": "css selector", "value": css]) as? [String: Any]
        return try #require(v?[Self.elementKey] as? String, "element \(css)")
    }

    /// An element read while the page still loads after a click can be gone the next instant
    /// (WebDriver's "stale element reference", "no such element"): retried for up to 10 s.
    func settled<T>(_ body: () async throws -> T) async throws -> T {
        var last: (any Error)?
        for _ in 0..<50 {
            do { return try await body() } catch let e as WebDriverError
                where e.description.hasPrefix("stale element") || e.description.hasPrefix("no such element") {
                last = e
                try await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        throw last!
    }

    func click(_ css: String) async throws { try await settled { try await cmd("POST", "element/\(try await find(css))/click") } }
    func type(_ css: String, _ text: String) async throws {
        try await settled {
            let e = try await find(css)
            try await cmd("POST", "element/\(e)/clear")
            try await cmd("POST", "element/\(e)/value", ["text": text])
        }
    }
    func text(_ css: String) async throws -> String {
        try await settled { try await cmd("GET", "element/\(try await find(css))/text") as? String ?? "" }
    }

    func script(_ js: String, _ args: [Any] = []) async throws -> Any? { try await cmd("POST", "execute/sync", ["script": js, "args": args]) }
    func asyncScript(_ js: String, _ args: [Any] = []) async throws -> Any? { try await cmd("POST", "execute/async", ["script": js, "args": args]) }

    func screenshot() async throws -> Data {
        let b64 = try await cmd("GET", "screenshot") as? String ?? ""
        return Data(base64Encoded: b64) ?? Data()
    }

    /// axe-core's WCAG 2.0/2.1 A and AA rules on the current page: the violations, as
    /// "rule-id: target, target" lines (empty when none).
    func axeViolations(axeSource: String) async throws -> [String] {
        _ = try await script(axeSource + "\n;return typeof axe;")
        let js = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
              .then(r => done({passes: r.passes.length, violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))}))
              .catch(e => done({passes: 0, violations: ['axe failed: ' + e]}));
            """
        let result = try await asyncScript(js) as? [String: Any]
        // A run that checked nothing would prove nothing.
        guard let passes = result?["passes"] as? Int, passes > 0 else { return ["axe checked no rule: \(String(describing: result))"] }
        return result?["violations"] as? [String] ?? ["axe returned nothing"]
    }
}

/// A port nobody listens on now (the kernel's pick for port 0).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard ok else { throw WebDriverError(description: "no free port") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// A live `entente-server` on a fresh workspace holding copies of the real agreements.
final class LiveServer: @unchecked Sendable {
    let process: Process
    let base: String
    let workspace: URL
    let output = Pipe()
    /// The first administrator's link the server printed (a server started without people).
    var setupURL: String?

    /// - Parameter people: whether to add `WebHarness.people` first (`entente user add`, the
    ///   harness's password); without them the server prints a setup link.
    init(asOf: String = "2026-11-29", people: Bool = true) async throws {
        let binary = try #require(Binaries.server, "entente-server is built beside the tests (swift build)")
        workspace = FileManager.default.temporaryDirectory.appendingPathComponent("entente-live-\(UUID().uuidString)")
        let agreements = workspace.appendingPathComponent("agreements")
        try FileManager.default.createDirectory(at: agreements, withIntermediateDirectories: true)
        for name in ["quebec-ontario-2008.xml", "quebec-pole-emploi-2022.xml"] {
            try FileManager.default.copyItem(atPath: WebHarness.packageRoot + "/agreements/" + name, toPath: agreements.appendingPathComponent(name).path)
        }
        if people {
            for p in WebHarness.people {
                let add = Process()
                add.executableURL = binary
                add.arguments = ["user", "add", p.login, "--role", p.role.rawValue, "--name", p.displayName, "--language", p.language.rawValue,
                                 "--password-stdin", "--workspace", workspace.path, "--user", "browser-tests"] + p.agreements.flatMap { ["--agreement", $0] }
                let input = Pipe()
                add.standardInput = input
                add.standardOutput = FileHandle.nullDevice
                try add.run()
                input.fileHandleForWriting.write(Data((WebHarness.password + "\n").utf8))
                try input.fileHandleForWriting.close()
                add.waitUntilExit()
                guard add.terminationStatus == 0 else { throw WebDriverError(description: "entente user add \(p.login) failed") }
            }
        }
        process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--workspace", workspace.path, "--as-of", asOf, "--user", "browser-tests", "--port", "0"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line on standard output says where it listens.
        // Without people, the second line is the setup link.
        var seen = ""
        while seen.split(separator: "\n").count < (people ? 1 : 2) || !seen.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let lines = seen.split(separator: "\n").map(String.init)
        let line = lines.first ?? ""
        guard line.hasPrefix("Listening on http://") else {
            process.terminate()
            throw WebDriverError(description: "entente-server did not start: \(seen)")
        }
        base = String(line.dropFirst("Listening on ".count))
        setupURL = lines.first { $0.hasPrefix("Setup: ") }.map { String($0.dropFirst("Setup: ".count)) }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A minimal HTTP/1.1 exchange on loopback (`Connection: close`; plain or chunked body).
func rawHTTP(port: Int, method: String, path: String, body: Data?) throws -> Data {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw WebDriverError(description: "socket") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 180, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    let connected = withUnsafePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard connected else { throw WebDriverError(description: "connect to \(port) refused") }
    var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    if let body { request += "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n" }
    var bytes = Array((request + "\r\n").utf8)
    if let body { bytes += Array(body) }
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n > 0 else { throw WebDriverError(description: "send failed") }
        sent += n
    }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let separator: [UInt8] = [13, 10, 13, 10]
    var split: Int?
    var length: Int?
    // Until the server closes, or the body announced by Content-Length has arrived.
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw WebDriverError(description: "no answer from WebDriver (timeout)") }
        if n == 0 { break }
        response += buffer[0..<n]
        if split == nil, let at = (0..<max(0, response.count - 3)).first(where: { Array(response[$0..<$0 + 4]) == separator }) {
            split = at
            for line in String(decoding: response[..<at], as: UTF8.self).split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "content-length" { length = Int(parts[1].trimmingCharacters(in: .whitespaces)) }
            }
        }
        if let split, let length, response.count - split - 4 >= length { break }
    }
    guard let split else { throw WebDriverError(description: "malformed answer") }
    let head = String(decoding: response[..<split], as: UTF8.self).lowercased()
    var rest = Array(response[(split + 4)...])
    if head.contains("transfer-encoding:chunked") || head.contains("transfer-encoding: chunked") {
        var out: [UInt8] = []
        while let lineEnd = (0..<max(0, rest.count - 1)).first(where: { rest[$0] == 13 && rest[$0 + 1] == 10 }) {
            let size = Int(String(decoding: rest[..<lineEnd], as: UTF8.self).split(separator: ";")[0]
                .trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
            if size == 0 { break }
            out += rest[(lineEnd + 2)..<(lineEnd + 2 + size)]
            rest = Array(rest[(lineEnd + 2 + size + 2)...])
        }
        return Data(out)
    }
    return Data(rest)
}
