import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
@testable import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Who may do what through the web and the API: every role × every state-changing route and
/// API call (issue 13, "must show").
@Suite struct RoleMatrixTests {
    static let pe = WebHarness.poleEmploi
    static let roles: [String?] = ["admin", "coord-pe", "committee-pe", "coord-on", "staff", nil]

    /// One row: how to make the request (fixtures made per cell, as the local administrator),
    /// who may, and what success looks like.
    struct Row: Sendable {
        var method: HTTPRequest.Method = .post
        /// The route as the router spells it (`/agreements/:id/activities`).
        var route: String
        /// Logins allowed; nil: not a matter of role (sign-in plumbing, tested on its own).
        var allowed: Set<String>?
        var success: Set<HTTPResponse.Status> = [.seeOther]
        /// The address and form fields of one request, after making what it needs.
        var make: @Sendable (WebHarness) async throws -> (uri: String, fields: [(String, String)]) = { _ in ("", []) }
    }

    static let writers: Set<String> = ["admin", "coord-pe", "committee-pe"]
    static let everyone: Set<String> = ["admin", "coord-pe", "committee-pe", "coord-on", "staff"]
    static let committee: Set<String> = ["admin", "committee-pe"]

    /// A first year of a two-year period no plan or biennial record of Pôle emploi uses yet
    /// (each cell makes its own, and periods may not overlap).
    static func freeYear(_ h: WebHarness) async throws -> Int {
        let plans = try await h.service.plans.overview(pe, h.caller).count
        let reports = try await h.service.biennial.overview(pe, leadTimes: [], h.caller).records.count
        return 2030 + 2 * (plans + reports)
    }

    /// A new draft plan of Pôle emploi, made by the local administrator.
    static func plan(_ h: WebHarness) async throws -> ActionPlan {
        let year = try await freeYear(h)
        return try await h.service.plans.create(ActionPlan(agreementID: pe, periodStart: CivilDate(iso: "\(year)-01-01")!,
                                                           periodEnd: CivilDate(iso: "\(year + 1)-12-31")!), h.caller)
    }

    /// The id of Pôle emploi's first body (its joint committee).
    static func body(_ h: WebHarness) async throws -> String {
        try #require(try await h.service.agreements.show(pe, h.caller).stored.agreement.bodies.first).id
    }

    /// A new meeting of Pôle emploi (its minutes open unless `closed`); its id.
    static func meeting(_ h: WebHarness, closed: Bool = false) async throws -> Int64 {
        try await h.service.meetings.add(Meeting(agreementID: pe, body: try await body(h), date: CivilDate(iso: "2026-05-12")!, minutesClosed: closed), h.caller).id!
    }
    static let csv = ActivityCSV.format([Activity(agreementID: pe, title: "Forum emploi", start: CivilDate(iso: "2026-04-01")!, domains: ["1"])])

    static let rows: [Row] = [
        Row(route: "/sign-in", allowed: nil),
        Row(route: "/login", allowed: nil),
        Row(route: "/sign-out", allowed: nil),
        Row(route: "/setup/:token", allowed: nil),
        Row(route: "/agreements/:id/activities", allowed: writers) { _ in
            ("/agreements/\(pe)/activities", [("title", "Atelier"), ("start", "2026-03-02")])
        },
        Row(route: "/agreements/:id/activities/:activity/cancel", allowed: writers) { h in
            let a = try await h.service.activities.add(Activity(agreementID: pe, title: "À annuler", start: CivilDate(iso: "2026-01-10")!), h.caller)
            return ("/agreements/\(pe)/activities/\(a.id!)/cancel", [("reason", "reportée")])
        },
        Row(route: "/agreements/:id/activities/import", allowed: writers, success: [.ok]) { _ in
            ("/agreements/\(pe)/activities/import", [("csv", csv)])
        },
        Row(route: "/agreements/:id/activities/import/confirm", allowed: writers) { _ in
            ("/agreements/\(pe)/activities/import/confirm", [("csv", csv)])
        },
        Row(route: "/agreements/:id/notice", allowed: ["admin"]) { _ in
            ("/agreements/\(pe)/notice", [("party", "pole-emploi"), ("sent", "2026-01-05")])
        },
        // The record pages (issue 12), by Core's matrix: coordinators and committee members
        // draft on their agreement; approvals, decisions, closing minutes and committees'
        // requests are the committee's; reopening closed minutes the administrators'.
        Row(route: "/agreements/:id/activities/:activity/edit", allowed: writers) { h in
            let a = try await h.service.activities.add(Activity(agreementID: pe, title: "À modifier", start: CivilDate(iso: "2026-01-10")!), h.caller)
            return ("/agreements/\(pe)/activities/\(a.id!)/edit", [("title", "Modifiée"), ("start", "2026-01-12"), ("status", "done")])
        },
        Row(route: "/agreements/:id/plans", allowed: writers) { h in
            let year = try await freeYear(h)
            return ("/agreements/\(pe)/plans", [("from", "\(year)-01-01"), ("to", "\(year + 1)-12-31")])
        },
        Row(route: "/agreements/:id/plans/:plan/items", allowed: writers) { h in
            let p = try await plan(h)
            return ("/agreements/\(pe)/plans/\(p.id!)/items", [("title", "Forum emploi"), ("domains[]", "1"), ("progress", "10")])
        },
        Row(route: "/agreements/:id/plans/:plan/items/:item/progress", allowed: writers) { h in
            let p = try await plan(h)
            let item = try await h.service.plans.addItem(to: p.id!, PlanItem(title: "Forum", domains: ["1"]), h.caller)
            return ("/agreements/\(pe)/plans/\(p.id!)/items/\(item.id!)/progress", [("progress", "60")])
        },
        Row(route: "/agreements/:id/plans/:plan/approve", allowed: committee) { h in
            let p = try await plan(h)
            return ("/agreements/\(pe)/plans/\(p.id!)/approve", [("on", "2026-06-01"), ("meeting", "")])
        },
        Row(route: "/agreements/:id/meetings", allowed: writers) { h in
            ("/agreements/\(pe)/meetings", [("body", try await body(h)), ("date", "2026-05-12"), ("agenda", "Bilan")])
        },
        Row(route: "/agreements/:id/meetings/:meeting/agenda", allowed: writers) { h in
            ("/agreements/\(pe)/meetings/\(try await meeting(h))/agenda", [("item", "Plan 2027")])
        },
        Row(route: "/agreements/:id/meetings/:meeting/attendees", allowed: writers) { h in
            ("/agreements/\(pe)/meetings/\(try await meeting(h))/attendees", [("name", "Marie Tremblay"), ("party", "pole-emploi"), ("role", "")])
        },
        Row(route: "/agreements/:id/meetings/:meeting/decisions", allowed: committee) { h in
            ("/agreements/\(pe)/meetings/\(try await meeting(h))/decisions", [("text", "Le forum aura lieu à Lyon.")])
        },
        Row(route: "/agreements/:id/meetings/:meeting/close", allowed: committee) { h in
            ("/agreements/\(pe)/meetings/\(try await meeting(h))/close", [])
        },
        Row(route: "/agreements/:id/meetings/:meeting/reopen", allowed: ["admin"]) { h in
            ("/agreements/\(pe)/meetings/\(try await meeting(h, closed: true))/reopen", [("reason", "Décision mal transcrite")])
        },
        Row(route: "/agreements/:id/progress", allowed: writers) { h in
            ("/agreements/\(pe)/progress", [("body", try await body(h)), ("date", "2026-04-10"), ("title", "Rapport d'étape")])
        },
        Row(route: "/agreements/:id/progress/requests", allowed: committee) { h in
            ("/agreements/\(pe)/progress/requests", [("body", try await body(h)), ("requested", "2026-03-01"), ("due", "2026-04-15")])
        },
        Row(route: "/agreements/:id/biennial", allowed: writers) { h in
            let year = try await freeYear(h)
            return ("/agreements/\(pe)/biennial", [("from", "\(year)-01-01"), ("to", "\(year + 1)-12-31")])
        },
        // Approving a recorded report: the committee's (recording one is a coordinator's too).
        Row(route: "/agreements/:id/biennial/:report", allowed: committee) { h in
            let year = try await freeYear(h)
            let r = try await h.service.biennial.record(BiennialReportRecord(agreementID: pe, periodStart: CivilDate(iso: "\(year)-01-01")!,
                                                                            periodEnd: CivilDate(iso: "\(year + 1)-12-31")!), h.caller)
            return ("/agreements/\(pe)/biennial/\(r.id!)", [("approved", "2026-03-01"), ("copy-sent", "")])
        },
        Row(route: "/account/tokens", allowed: everyone, success: [.created]) { _ in ("/account/tokens", [("label", "agenda")]) },
        // Uploads (IntakeRouteTests): the rights are checked before the body is read, so an
        // administrator passes and gets the 400 of a body that is not multipart, the others 403.
        Row(route: "/import", allowed: ["admin"], success: [.badRequest]) { _ in ("/import", [("id", "x")]) },
        // An administrator passes and finds no review under that id (404); the others get 403.
        Row(route: "/import/review/:token", allowed: ["admin"], success: [.notFound]) { _ in
            ("/import/review/00000000000000000000000000000000", [("accept[]", "0")])
        },
        // Revoking coord-pe's token: coord-pe or an administrator.
        Row(route: "/account/tokens/:token/revoke", allowed: ["admin", "coord-pe"]) { h in
            let t = try await h.service.people.newToken(for: "coord-pe", label: "x", h.caller)
            return ("/account/tokens/\(t.info.id)/revoke", [])
        },
        // The API: every active person views; nobody without a token.
        Row(method: .get, route: "/api/v1/agreements", allowed: everyone, success: [.ok]) { _ in ("/api/v1/agreements", []) },
        Row(method: .get, route: "/api/v1/agreements/:id", allowed: everyone, success: [.ok]) { _ in ("/api/v1/agreements/\(pe)", []) },
        Row(method: .get, route: "/api/v1/agreements/:id/activities", allowed: everyone, success: [.ok]) { _ in ("/api/v1/agreements/\(pe)/activities", []) },
        Row(method: .get, route: "/api/v1/agreements/:id/notice", allowed: everyone, success: [.ok]) { _ in ("/api/v1/agreements/\(pe)/notice?given=2025-08-31", []) },
        Row(method: .get, route: "/api/v1/deadlines", allowed: everyone, success: [.ok]) { _ in ("/api/v1/deadlines", []) },
    ]

    /// A route registered without a row here fails this test: the table is the router's.
    @Test func everyStateChangingRouteAndAPICallHasARow() async throws {
        let h = try await WebHarness(people: false)
        let router = WebServer.router(service: h.service, caller: h.caller, pages: try await Pages.load())
        let registered = Set(router.routes.filter { $0.method != .get || $0.path.description.hasPrefix("/api/") }
            .map { "\($0.method) \(Self.spelled($0.path))" })
        let listed = Set(Self.rows.map { "\($0.method) \($0.route)" })
        #expect(registered == listed, "routes without a row: \(registered.subtracting(listed)); rows without a route: \(listed.subtracting(registered))")
    }

    /// A route as written when registered (`{id}` → `:id`).
    static func spelled(_ path: RouterPath) -> String {
        path.description.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }

    @Test(arguments: RoleMatrixTests.rows.filter { $0.allowed != nil }.map(\.route))
    func everyRoleOnRoute(_ route: String) async throws {
        let row = try #require(Self.rows.first { $0.route == route })
        let allowed = try #require(row.allowed)
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            for role in Self.roles {
                let (uri, fields) = try await row.make(h)
                // Signed in (or holding a token) first: that writes a session or a token.
                var headers: HTTPFields = [:]
                var b = Browser(as: role)
                if row.method == .get {
                    if let role { headers = try await h.bearer(role) }
                } else {
                    try await b.get(client, role == nil ? "/login" : "/account")
                }
                let before = try h.dump()
                let res: TestResponse
                if row.method == .get {
                    res = try await client.execute(uri: uri, method: .get, headers: headers)
                } else {
                    res = try await b.post(client, uri, fields)
                }
                let who = role ?? "anonymous"
                if let role, allowed.contains(role) {
                    #expect(row.success.contains(res.status), "\(who) \(uri): \(res.status) \(res.text.prefix(300))")
                } else if role == nil {
                    if row.method == .get {
                        #expect(res.status == .unauthorized, "anonymous \(uri)")
                        #expect(res.headers[.contentType]?.hasPrefix("application/json") == true && res.text.contains("Authentication required"))
                    } else {
                        #expect(res.status == .seeOther && res.headers[.location]?.hasPrefix("/login?next=") == true, "anonymous \(uri): \(res.status)")
                    }
                    #expect(try h.dump() == before, "anonymous \(uri) changed the database")
                } else {
                    #expect(res.status == .forbidden, "\(who) \(uri): \(res.status)")
                    #expect(try h.dump() == before, "\(who) \(uri) changed the database")
                }
            }
        }
    }
}

/// Sign-in, sessions, the form token, `next`, tokens and the feed, setup (issue 13).
@Suite struct SignInTests {
    let pe = WebHarness.poleEmploi

    @Test func pagesNeedASignInAndTheFormIsAccessible() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: nil)
            let res = try await b.get(client, "/agreements/\(pe)?lang=en")
            #expect(res.status == .seeOther)
            #expect(res.headers[.location] == "/login?next=" + Browser.escape("/agreements/\(pe)?lang=en"))
            #expect(try await b.get(client, "/healthz").status == .ok)
            #expect(try await b.get(client, "/static/entente.css").status == .ok)
            let form = try await b.get(client, "/login?next=%2Fdeadlines")
            #expect(form.status == .ok && form.text.contains("<h1>Connexion</h1>"))
            for s in [#"autocomplete="username""#, #"autocomplete="current-password""#, #"<label for="login">"#, #"<label for="password">"#,
                      #"name="next" value="/deadlines""#, #"name="_csrf""#] {
                #expect(form.text.contains(s), "\(s)")
            }
            #expect(!form.text.contains("onpaste") && !form.text.contains("<script"), "paste allowed, no script")
            #expect(!form.text.contains(#"id="no-admin""#), "an administrator exists")
            // Signing in goes to `next`, and the header says who is signed in, with sign-out.
            let signedIn = try await b.post(client, "/login", [("login", "coord-pe"), ("password", WebHarness.password), ("next", "/deadlines")])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/deadlines")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("entente_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            let page = try await b.get(client, "/deadlines")
            #expect(page.status == .ok && page.text.contains("Camille Coordination") && page.text.contains(#"action="/sign-out""#))
            // Wrong password: the form again, 401, in French, nothing opened.
            var other = Browser(as: nil)
            try await other.get(client, "/login")
            let wrong = try await other.post(client, "/login", [("login", "coord-pe"), ("password", "not the password at all")])
            #expect(wrong.status == .unauthorized && wrong.text.contains("Identifiant ou mot de passe incorrect"))
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("entente_session=") })
            // cli.md's `/login` is the same form and check.
            let login = try await other.get(client, "/login")
            #expect(login.status == .ok && login.text.contains(#"autocomplete="current-password""#))
            let viaLogin = try await other.post(client, "/login", [("login", "staff"), ("password", WebHarness.password)])
            #expect(viaLogin.status == .seeOther && viaLogin.headers[values: .setCookie].contains { $0.hasPrefix("entente_session=") })
        }
    }

    @Test func theCookieIsSecureBehindATLSProxy() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: nil)
            let form = try await b.get(client, "/login")
            #expect(form.status == .ok)
            let body = "login=admin&password=\(Browser.escape(WebHarness.password))&_csrf=\(b.token)"
            let res = try await client.execute(uri: "/login", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded", .cookie: b.cookie,
                                                         HTTPFields.Element.Name("X-Forwarded-Proto")!: "https"],
                                               body: ByteBuffer(string: body))
            let cookie = try #require(res.headers[values: .setCookie].first { $0.hasPrefix("entente_session=") })
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        }
    }

    @Test func theSessionIdChangesAtSignInAndTheOldCookieIsDeadAfterSignOut() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: "staff")
            try await b.signIn(client)
            let first = b.session
            #expect(first.count == 64)
            // Signing in again (as someone else, same browser): a new key, the old one ended.
            try await b.signIn(client, as: "coord-pe")
            #expect(b.session != first && b.session.count == 64)
            var old = b
            old.cookie = "entente_session=\(first)"
            old.signedIn = true
            #expect(try await old.get(client, "/").status == .seeOther, "the session before sign-in opens nothing")
            // Sign out: the cookie is expired and its session gone from the database.
            let key = b.session
            let out = try await b.post(client, "/sign-out", [])
            #expect(out.status == .seeOther && out.headers[.location] == "/login")
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("entente_session=;") && $0.contains("Max-Age=0") })
            #expect(try await h.service.people.session(key: key) == nil)
            var replay = Browser(as: nil)
            replay.cookie = "entente_session=\(key)"
            let after = try await replay.get(client, "/deadlines")
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test func formsWithoutTheSessionsTokenAreRefusedAndWriteNothing() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: "admin")
            try await b.get(client, "/agreements/\(pe)/activities")
            let before = try h.dump()
            // The pre-session cookie's token is no longer good once signed in.
            var pre = Browser(as: nil)
            try await pre.get(client, "/login")
            for (uri, fields) in [("/agreements/\(pe)/activities", [("title", "X"), ("start", "2026-03-02")]),
                                  ("/agreements/\(pe)/notice", [("party", "pole-emploi"), ("sent", "2026-01-05")]),
                                  ("/account/tokens", [("label", "x")]), ("/sign-out", [])] {
                var none = b
                none.token = ""
                #expect(try await none.post(client, uri, fields).status == .forbidden, "\(uri) without a token")
                #expect(try await b.post(client, uri, fields, token: pre.token).status == .forbidden, "\(uri) with a pre-session token")
                #expect(try await b.post(client, uri, fields, token: String(repeating: "a", count: 64)).status == .forbidden, "\(uri) wrong token")
            }
            #expect(try h.dump() == before)
            // The sign-in form itself needs its (pre-session) token.
            var forged = Browser(as: nil)
            let res = try await forged.post(client, "/login", [("login", "admin"), ("password", WebHarness.password)])
            #expect(res.status == .forbidden)
        }
    }

    @Test(arguments: ["//evil.example", "https://evil.example", "/\\evil.example", "http:/evil.example", "evil.example", "/%0d%0aX", "/\u{0}"])
    func nextGoesNowhereElse(_ next: String) async throws {
        // Percent signs are inert in a path; everything else here is another site or garbage.
        let expected = next == "/%0d%0aX" ? next : "/"
        #expect((LocalRedirect.path(next) ?? "/") == expected)
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: "staff")
            let res = try await b.signIn(client, next: next)
            #expect(res.headers[.location] == expected)
        }
        #expect(LocalRedirect.path("/agreements/x?lang=en") == "/agreements/x?lang=en")
    }

    @Test func aScriptTypedAsATitleStaysInertOnEveryPage() async throws {
        let h = try await WebHarness()
        let evil = "<script>alert('x')</script>"
        try await h.app().test(.router) { client in
            var b = Browser(as: "coord-pe")
            try await b.get(client, "/agreements/\(pe)/activities")
            #expect(try await b.post(client, "/agreements/\(pe)/activities", [("title", evil), ("start", "2026-01-10")]).status == .seeOther)
            #expect(try await b.post(client, "/account/tokens", [("label", evil)]).status == .created)
            let stored = try await h.service.activities.list(ActivityFilter(agreementID: pe), h.caller)
            #expect(stored.contains { $0.title == evil })
            let router = WebServer.router(service: h.service, caller: h.caller, pages: try await Pages.load())
            var pages = router.routes.filter { $0.method == .get && !$0.path.description.hasPrefix("/api/") }.map { RoleMatrixTests.spelled($0.path) }
            pages = pages.compactMap { p -> String? in
                if p.contains("**") || p.contains(":token") || p.contains(":file") { return nil }
                return p.replacingOccurrences(of: ":id", with: pe)
            }
            pages += ["/agreements?q=\(Browser.escape(evil))", "/history?agreement=\(pe)", "/agreements/\(pe)/reports?kind=biennial&from=2026-01-01&to=2026-12-31"]
            var admin = Browser()
            var html = 0
            for uri in pages {
                for res in [try await admin.get(client, uri), try await b.get(client, uri)]
                where res.headers[.contentType]?.hasPrefix("text/html") == true {
                    html += 1
                    #expect(!res.text.contains("<script"), "\(uri)")
                }
            }
            #expect(pages.count > 10 && html > 20)
            #expect(try await b.get(client, "/account").text.contains("&lt;script&gt;"), "the label is shown, escaped")
        }
    }

    @Test func passwordsAndTokensNeverInClear() async throws {
        let h = try await WebHarness()
        let logged = LogCapture()
        let pages = try await Pages.load()
        var logger = Logger(label: "tests") { _ in logged }
        logger.logLevel = .trace
        let app = Application(router: WebServer.router(service: h.service, caller: h.caller, pages: pages), logger: logger)
        let (token, session) = try await app.test(.router) { client in
            var b = Browser(as: "coord-pe")
            try await b.get(client, "/account")
            let session = b.session
            let made = try await b.post(client, "/account/tokens", [("label", "calendrier")])
            let token = try #require(made.text.range(of: #"id="token-value">"#).map { String(made.text[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(token.hasPrefix("ent_"))
            var wrong = Browser(as: nil)
            try await wrong.get(client, "/login")
            _ = try await wrong.post(client, "/login", [("login", "staff"), ("password", "a wrong password typed here")])
            _ = try await client.execute(uri: "/api/v1/agreements", method: .get, headers: [.authorization: "Bearer \(token)"])
            // The calendar feed carries its token in the address: the log masks it.
            var calendar = Browser(as: nil)
            #expect(try await calendar.get(client, "/calendar/\(token).ics").status == .ok)
            return (token, session)
        }
        let dump = try h.dump()
        let audit = try await h.service.history.entries(AuditQuery(limit: 10_000), h.caller).map { "\($0)" }.joined(separator: "\n")
        let secret = String(token.split(separator: "_")[2])
        for (what, text) in [("database", dump), ("audit", audit), ("log", logged.text)] {
            #expect(!text.contains(WebHarness.password), "password in the \(what)")
            #expect(!text.contains("a wrong password typed here"), "wrong password in the \(what)")
            #expect(!text.contains(secret), "token in the \(what)")
            #expect(!text.contains(String(session.suffix(48))), "session key in the \(what)")
        }
        #expect(dump.contains("$2b$"), "hashes are stored")
        #expect(logged.text.contains("signed in: coord-pe"), "the log is the one the server wrote")
        #expect(logged.text.contains("/calendar/ent_\(token.split(separator: "_")[1])_***.ics"))
    }

    @Test func failedSignInsAreAuditedAndDelayedAfterFive() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: nil)
            try await b.get(client, "/login")
            var last: TestResponse?
            for _ in 0..<SignInThrottle.freeAttempts {
                last = try await b.post(client, "/login", [("login", "staff"), ("password", "wrong wrong wrong wrong")])
            }
            let res = try #require(last)
            #expect(res.status == .unauthorized)
            // The fifth answer says how long to wait: the service's delay, applied before it came.
            let delay = SignInThrottle.delaySeconds(afterFailures: SignInThrottle.freeAttempts)
            #expect(delay > 0 && res.text.contains("attendez \(delay) s"))
            let audit = try await h.service.history.entries(AuditQuery(limit: 1000), h.caller)
            #expect(audit.filter { $0.action.hasPrefix("sign-in-failed") || $0.action.hasPrefix("sign-in-delayed") }.count == SignInThrottle.freeAttempts,
                    "\(audit.map(\.action))")
            #expect(audit.contains { $0.user == "staff" && $0.action == "sign-in-delayed" })
        }
    }

    @Test func apiTokensCalendarFeedAndRevocation() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            #expect(try await client.execute(uri: "/api/v1/agreements", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/agreements", method: .get, headers: [.authorization: "Bearer ent_0000000000000000_" + String(repeating: "0", count: 64)]).status == .unauthorized)
            var b = Browser(as: "coord-on")
            let empty = try await b.get(client, "/account")
            #expect(empty.text.contains("Olivia Ontario") && empty.text.contains(#"<html lang="en">"#), "the person's own language")
            let made = try await b.post(client, "/account/tokens", [("label", "Outlook")])
            #expect(made.status == .created)
            let token = try #require(made.text.range(of: #"id="token-value">"#).map { String(made.text[$0.upperBound...].prefix { $0 != "<" }) })
            let feed = try #require(made.text.range(of: #"id="feed-url">"#).map { String(made.text[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(feed.hasSuffix("/calendar/\(token).ics"))
            // Shown once: the account page lists it by label and its last four characters only.
            let info = try #require(try await h.service.people.tokens("coord-on", h.caller).first)
            let listed = try await b.get(client, "/account")
            #expect(!listed.text.contains(token) && listed.text.contains("Outlook") && listed.text.contains("…\(info.id.suffix(4))"))
            // The API acts with the person's rights.
            let api = try await client.execute(uri: "/api/v1/agreements/\(WebHarness.ontario)", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(api.status == .ok)
            // The feed: the deadlines of the agreements the person may view, as RFC 5545.
            let path = "/calendar/\(token).ics"
            var anonymous = Browser(as: nil)
            let ics = try await anonymous.get(client, path)
            let expected = try await h.service.deadlines.list(agreement: nil, leadTimes: [90, 30, 7], h.caller).deadlines
            #expect(ics.status == .ok && ics.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(ics.text.hasPrefix("BEGIN:VCALENDAR") && ics.text.components(separatedBy: "BEGIN:VEVENT").count == expected.count + 1)
            // Revoked: the API and the feed stop at once.
            #expect(try await b.post(client, "/account/tokens/\(info.id)/revoke", []).status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/agreements", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
            #expect(try await anonymous.get(client, path).status == .notFound)
            #expect(try await b.get(client, "/account").text.contains("revoked on"))
        }
    }

    @Test func pagesWarnWhenTheSessionIsAboutToEnd() async throws {
        let h = try await WebHarness()
        let clock = MovableClock()
        try await h.app(clock: { clock.now }).test(.router) { client in
            var b = Browser(as: "staff")
            let fresh = try await b.get(client, "/deadlines")
            #expect(fresh.status == .ok && !fresh.text.contains(#"id="session-warning""#))
            clock.advance(SessionRules.lifetime - 10 * 60)
            let late = try await b.get(client, "/deadlines")
            #expect(late.status == .ok && late.text.contains(#"id="session-warning""#) && late.text.contains("Votre session se termine à"))
            clock.advance(11 * 60)
            let over = try await b.get(client, "/deadlines")
            #expect(over.status == .seeOther && over.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test func withoutAnAdministratorEverythingGoesToSignInWhichSaysHowToCreateOne() async throws {
        let h = try await WebHarness(people: false)
        let setup = SetupLink(token: SetupLink.newToken())
        let token = try #require(setup.current)
        try await h.app(setup: setup).test(.router) { client in
            var b = Browser(as: nil)
            for uri in ["/", "/agreements", "/deadlines", "/account", "/history"] {
                #expect(try await b.get(client, uri).status == .seeOther, "\(uri)")
            }
            let form = try await b.get(client, "/login")
            #expect(form.text.contains(#"id="no-admin""#) && form.text.contains("entente user add"))
            // The setup link from no loopback address (the in-process client has none): refused.
            #expect(try await b.get(client, "/setup/\(token)").status == .notFound)
        }
        let v4 = try SocketAddress(ipAddress: "127.0.0.1", port: 5), v6 = try SocketAddress(ipAddress: "::1", port: 5)
        let lan = try SocketAddress(ipAddress: "192.168.1.2", port: 5)
        #expect(SetupLink.isLoopback(v4) && SetupLink.isLoopback(v6))
        #expect(!SetupLink.isLoopback(lan) && !SetupLink.isLoopback(nil))
    }

    /// The setup link over a real socket (loopback): the first administrator is created, signed
    /// in, and the link is used up.
    @Test func theSetupLinkCreatesTheFirstAdministratorOnce() async throws {
        let h = try await WebHarness(people: false)
        let setup = SetupLink(token: SetupLink.newToken())
        let token = try #require(setup.current)
        try await h.app(setup: setup).test(.live) { client in
            var b = Browser(as: nil)
            #expect(try await b.get(client, "/setup/\(String(repeating: "0", count: 64))").status == .notFound)
            let page = try await b.get(client, "/setup/\(token)")
            #expect(page.status == .ok && page.text.contains(#"autocomplete="new-password""#))
            let before = try h.dump()
            let mismatch = try await b.post(client, "/setup/\(token)", [("login", "marie"), ("name", "Marie"), ("password", WebHarness.password), ("password2", "something else entirely")])
            #expect(mismatch.status == .unprocessableContent && mismatch.text.contains(#"id="password2-error""#))
            #expect(try h.dump() == before)
            let ok = try await b.post(client, "/setup/\(token)", [("login", "marie"), ("name", "Marie Tremblay"), ("password", WebHarness.password), ("password2", WebHarness.password)])
            #expect(ok.status == .seeOther && ok.headers[.location] == "/")
            #expect(!b.session.isEmpty)
            b.signedIn = true
            let home = try await b.get(client, "/")
            #expect(home.status == .ok && home.text.contains("Marie Tremblay"))
            #expect(try await h.service.people.person("marie", h.caller).role == .admin)
            #expect(setup.current == nil)
            #expect(try await b.get(client, "/setup/\(token)").status == .notFound, "used up")
        }
    }
}

/// "Now" that a test moves.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Everything a logger was given, as text.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        lock.withLock { lines.append("\(level) \(message) \(metadata ?? [:]) \(self.metadata)") }
    }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
