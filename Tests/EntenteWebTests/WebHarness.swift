import EntenteCore
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

    let dbPath: String
    let store: Workspace
    let service: EntenteService
    let caller: Caller

    init(asOf: String = "2026-11-29") async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-web-\(UUID().uuidString)")
        dbPath = dir.appendingPathComponent(".entente/entente.sqlite").path
        store = try Workspace(path: dbPath, user: "web-tests")
        service = EntenteService(store: store)
        caller = Caller(user: ActingUser("web-tests"), lang: .fr, asOf: CivilDate(iso: asOf)!)
        let outcomes = try await service.agreements.importFiles([Self.packageRoot + "/agreements"], strict: false, caller)
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error))")
    }

    func app() async throws -> some ApplicationProtocol {
        let pages = try await Pages.load()
        return Application(router: WebServer.router(service: service, caller: caller, pages: pages))
    }

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

/// A browser's state across requests: the anti-forgery cookie and token it was given.
struct Browser {
    var cookie = ""
    var token = ""

    /// Opens a page, keeping the cookie it sets and the `_csrf` token its forms carry.
    @discardableResult
    mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        let res = try await client.execute(uri: uri, method: .get, headers: cookie.isEmpty ? [:] : [.cookie: cookie], body: nil)
        for c in res.headers[values: .setCookie] {
            let pair = String(c.prefix { $0 != ";" })
            if pair.hasPrefix("entente_csrf=") { cookie = pair }
        }
        if let r = res.text.range(of: #"name="_csrf" value=""#) {
            token = String(res.text[r.upperBound...].prefix { $0 != "\"" })
        }
        return res
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], token: String? = nil) async throws -> TestResponse {
        var all = fields
        if let t = token ?? (self.token.isEmpty ? nil : self.token) { all.append(("_csrf", t)) }
        let body = all.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookie.isEmpty { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}
