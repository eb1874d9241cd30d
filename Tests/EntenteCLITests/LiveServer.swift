import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `entente-server`, started on a workspace as a person would (`serve --port 0`),
/// so that the fault tests can kill it, lock its database or fill its disk from outside.
final class LiveServer: @unchecked Sendable {
    let process: Process
    let port: Int
    /// The server's log (one line per request), kept in a file: a pipe nobody drains would
    /// fill and stop the server.
    let logFile: URL

    /// `entente-server` beside the `entente` the tests run.
    static var binary: URL { CLI.binary.deletingLastPathComponent().appendingPathComponent("entente-server") }

    /// Starts the server on `workspace` and waits for its "Listening on" line.
    /// - Throws: when the binary is missing or the server exits before it listens.
    convenience init(workspace: URL, env: [String: String] = [:]) throws {
        try self.init(["--workspace", workspace.path], env: env)
    }

    /// Starts the server on a database URL (`--database postgres://…`).
    convenience init(database: String, env: [String: String] = [:]) throws {
        try self.init(["--database", database], env: env)
    }

    private init(_ store: [String], env: [String: String]) throws {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = store + ["serve", "--host", "127.0.0.1", "--port", "0", "--as-of", "2026-11-29"]
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C"
        environment.removeValue(forKey: "ENTENTE_WORKSPACE")
        environment.removeValue(forKey: "ENTENTE_DB")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("entente-server-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: logFile)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        var seen = ""
        while !seen.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = seen.split(separator: "\n").first, line.hasPrefix("Listening on http://127.0.0.1:"),
              let port = Int(line.split(separator: ":").last ?? "") else {
            p.terminate()
            throw HTTP.Failure(what: "entente-server did not start: \(seen) \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
        }
        process = p
        self.port = port
    }

    /// Sends `signal` and waits for the process to end.
    func stop(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
}

/// HTTP/1.1 over a plain socket, one request per connection: the status and headers exactly
/// as the server sent them (URLSession would follow the 303 that acknowledges a write).
enum HTTP {
    struct Failure: Error, CustomStringConvertible {
        let what: String
        var description: String { what }
    }

    struct Reply: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var setCookies: [String] { headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1) }
    }

    /// - Throws: `Failure` when the connection is refused or cut before a whole reply.
    static func request(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(what: "connect: errno \(errno)") }
        let bodyBytes = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if body != nil { head += "Content-Length: \(bodyBytes.count)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + bodyBytes
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(what: "send: errno \(errno)") }
            sent += n
        }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { throw Failure(what: "recv: errno \(errno)") }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(what: "cut reply (\(data.count) bytes)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)) else { throw Failure(what: "no status line: \(lines.first ?? "")") }
        let fields: [(String, String)] = lines.dropFirst().compactMap { l in
            guard let c = l.firstIndex(of: ":") else { return nil }
            return (String(l[..<c]), l[l.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        return Reply(status: status, headers: fields, body: String(text[split.upperBound...]))
    }

    static func formEncode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }
}

/// One person's browser against a `LiveServer`: its cookies and the `_csrf` token of its
/// forms. Every page request of the fault tests goes through here, so that sign-in is one
/// place to change.
struct WebSession: Sendable {
    let port: Int
    var cookies: [String: String] = [:]
    var token = ""

    /// Opens a session: signs in with `login`/`password` when the server has a sign-in page
    /// (`GET /login` with its `_csrf`, then `POST /login`), else takes the anti-forgery
    /// cookie and token from `landing` (before sign-in exists every page is open).
    /// - Throws: `HTTP.Failure` when sign-in is refused.
    static func open(port: Int, login: String? = nil, password: String? = nil, landing: String = "/") throws -> WebSession {
        var s = WebSession(port: port)
        let form = try s.get("/login")
        if form.status == 200, let login, let password {
            let r = try s.post("/login", [("login", login), ("password", password), ("next", landing)])
            guard r.status == 303 else { throw HTTP.Failure(what: "sign-in refused: \(r.status)") }
            s.keep(r)
        }
        _ = try s.get(landing)
        return s
    }

    var cookieHeader: [(String, String)] {
        cookies.isEmpty ? [] : [("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]
    }

    mutating func keep(_ r: HTTP.Reply) {
        for c in r.setCookies {
            let pair = c.prefix { $0 != ";" }
            guard let eq = pair.firstIndex(of: "=") else { continue }
            cookies[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        if let found = r.body.range(of: #"name="_csrf" value=""#) {
            token = String(r.body[found.upperBound...].prefix { $0 != "\"" })
        }
    }

    @discardableResult
    mutating func get(_ path: String) throws -> HTTP.Reply {
        let r = try HTTP.request(port: port, "GET", path, headers: cookieHeader)
        keep(r)
        return r
    }

    /// Posts a form with this session's `_csrf`.
    func post(_ path: String, _ fields: [(String, String)]) throws -> HTTP.Reply {
        try HTTP.request(port: port, "POST", path,
                         headers: cookieHeader + [("Content-Type", "application/x-www-form-urlencoded")],
                         body: HTTP.formEncode(fields + [("_csrf", token)]))
    }
}
