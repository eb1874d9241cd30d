import EntenteCore
import EntentePasswords
import EntenteService
@testable import EntenteStore
import EntenteWeb
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// The web face over a real SQLite workspace in a temporary folder, with the real agreement
/// texts of `agreements/` imported through the service.
struct WebHarness {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let poleEmploi = "quebec-pole-emploi-2022"
    static let ontario = "quebec-ontario-2008"
    /// Everyone's password in the harness (15 characters or more, as `PasswordRule` wants).
    static let password = "correct horse battery staple"
    /// The people of the harness, by login: an administrator, a coordinator and a committee
    /// member of Pôle emploi, a coordinator of Ontario, and staff.
    static let people: [Person] = [
        Person(login: "admin", displayName: "Ada Admin", role: .admin),
        Person(login: "coord-pe", displayName: "Camille Coordination", role: .coordinator, agreements: [poleEmploi]),
        Person(login: "committee-pe", displayName: "Claude Comité", role: .committee, agreements: [poleEmploi]),
        Person(login: "coord-on", displayName: "Olivia Ontario", language: .en, role: .coordinator, agreements: [ontario]),
        Person(login: "staff", displayName: "Sacha Staff", role: .staff),
    ]

    let dbPath: String
    let store: Workspace
    let service: EntenteService
    let caller: Caller

    /// - Parameter people: whether to add `WebHarness.people` (a fresh server has none).
    init(asOf: String = "2026-11-29", people: Bool = true) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-web-\(UUID().uuidString)")
        dbPath = dir.appendingPathComponent(".entente/entente.sqlite").path
        store = try Workspace(path: dbPath, user: "web-tests")
        var configuration = ServiceConfiguration()
        configuration.passwordCost = 4 // the minimum: tests sign in often
        service = EntenteService(store: store, people: store, passwords: BcryptHasher(), configuration: configuration)
        caller = Caller(user: ActingUser("web-tests"), lang: .fr, asOf: CivilDate(iso: asOf)!)
        let outcomes = try await service.agreements.importFiles([Self.packageRoot + "/agreements"], strict: false, caller)
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error))")
        if people {
            for p in Self.people { _ = try await service.people.add(p, password: Self.password, caller) }
        }
    }

    func app(setup: SetupLink = SetupLink(token: nil), clock: @escaping @Sendable () -> Date = { Date() }) async throws -> some ApplicationProtocol {
        let pages = try await Pages.load()
        return Application(router: WebServer.router(service: service, caller: caller, pages: pages, setup: setup, clock: clock))
    }

    /// `Authorization: Bearer …` with a new API token of `login`.
    func bearer(_ login: String = "admin") async throws -> HTTPFields {
        let made = try await service.people.newToken(for: login, label: "tests", caller)
        return [.authorization: "Bearer \(made.token)"]
    }

    /// The person of the harness with that login.
    static func person(_ login: String) -> Person { people.first { $0.login == login }! }

    /// Every row of every table: proof that a refused request changed nothing.
    func dump() throws -> String {
        try store.read { d in
            var out = ""
            for t in try String.fetchAll(d, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                for r in try Row.fetchAll(d, sql: "SELECT * FROM \"\(t)\" ORDER BY rowid") { out += "\(t) \(r)\n" }
            }
            return out
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// A browser's state across requests: its cookies and the `_csrf` token its forms carry.
/// It signs in through the form, as `login` (the administrator by default), before its
/// first request; `Browser(as: nil)` stays anonymous.
struct Browser {
    var cookies: [String: String] = [:]
    var token = ""
    let login: String?
    var signedIn = false

    init(as login: String? = "admin") { self.login = login }

    /// The `Cookie` header; setting it to "" forgets every cookie.
    var cookie: String {
        get { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        set { cookies = [:]; for pair in newValue.split(separator: ";") { keep(String(pair).trimmingCharacters(in: .whitespaces)) } }
    }

    /// The session cookie's value ("" without one).
    var session: String { cookies["entente_session"] ?? "" }

    mutating func keep(_ pair: String) {
        let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard kv.count == 2 else { return }
        if kv[1].isEmpty { cookies[String(kv[0])] = nil } else { cookies[String(kv[0])] = String(kv[1]) }
    }

    mutating func remember(_ res: TestResponse) {
        for c in res.headers[values: .setCookie] {
            let pair = String(c.prefix { $0 != ";" })
            if c.contains("Max-Age=0") { cookies[String(pair.prefix { $0 != "=" })] = nil } else { keep(pair) }
        }
        if let r = res.text.range(of: #"name="_csrf" value=""#) {
            token = String(res.text[r.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// Signs in through the form as `login` (else this browser's own), then opens the
    /// account page to learn the session's form token. - Returns: the sign-in answer.
    @discardableResult
    mutating func signIn(_ client: some TestClientProtocol, as who: String? = nil, password: String = WebHarness.password,
                         next: String? = nil) async throws -> TestResponse {
        signedIn = true
        try await get(client, "/login")
        var fields = [("login", who ?? login ?? ""), ("password", password)]
        if let next { fields.append(("next", next)) }
        let res = try await post(client, "/login", fields)
        if res.status == .seeOther { try await get(client, "/account") }
        return res
    }

    /// Opens a page, keeping the cookies it sets and the `_csrf` token its forms carry.
    @discardableResult
    mutating func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        if !signedIn, login != nil { try await signIn(client) }
        var h = headers
        if !cookie.isEmpty { h[.cookie] = cookie }
        let res = try await client.execute(uri: uri, method: .get, headers: h, body: nil)
        remember(res)
        return res
    }

    @discardableResult
    mutating func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], token: String? = nil) async throws -> TestResponse {
        if !signedIn, login != nil { try await signIn(client) }
        var all = fields
        if let t = token ?? (self.token.isEmpty ? nil : self.token) { all.append(("_csrf", t)) }
        let body = all.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookie.isEmpty { headers[.cookie] = cookie }
        let res = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(res)
        return res
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}

/// A file a form sends (`<input type="file">`).
struct UploadFile {
    var field = "file"
    var name: String
    var contentType = "application/octet-stream"
    var bytes: [UInt8]
}

extension Browser {
    /// Posts a `multipart/form-data` form as a browser does (RFC 7578): the anti-forgery token
    /// first, then the fields, then the files.
    func postMultipart(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], files: [UploadFile],
                       token: String? = nil) async throws -> TestResponse {
        let boundary = "----EntenteTestBoundary\(UUID().uuidString.prefix(8))"
        var all = fields
        if let t = token ?? (self.token.isEmpty ? nil : self.token) { all.insert(("_csrf", t), at: 0) }
        var body: [UInt8] = []
        for (k, v) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        for f in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.name)\"\r\nContent-Type: \(f.contentType)\r\n\r\n".utf8)
            body += f.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookie.isEmpty { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}
