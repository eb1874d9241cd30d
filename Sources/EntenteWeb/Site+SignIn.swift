import EntenteCore
import EntenteForms
import EntenteReports
import EntenteService
import EntenteStorage
import Foundation
import Hummingbird

/// Sign-in, sign-out, the first administrator's setup, the person's own page (API tokens) and
/// the personal calendar feed (issue 13).
extension Site {
    // MARK: Sign-in and sign-out

    func signInPage(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await signInForm(req, ctx, login: "", next: req.uri.queryParameters["next"].map(String.init) ?? "", error: nil, status: .ok)
    }

    func signInForm(_ req: Request, _ ctx: WebContext, login: String, next: String, error: String?, status: HTTPResponse.Status) async throws -> HTML {
        let noAdmin: Bool
        do { noAdmin = try await !service.people.hasActiveAdministrator() } catch ServiceError.noPeople { noAdmin = true }
        return page("signin", Self.words(ctx)["signIn"]!, [
            "login": login, "next": LocalRedirect.path(next) ?? "", "error": error ?? "", "noAdmin": noAdmin,
            "hasErrors": error != nil, "errors": error.map { [["field": "login", "message": $0]] } ?? [],
        ], req, ctx, status: status)
    }

    /// Checks the login and password (bcrypt off the event loop, in the service), then opens a
    /// new session (a new key: whatever session the browser had is ended, so a key planted
    /// before sign-in opens nothing) and goes to `next` when it is a local path, else `/`.
    /// A refusal waits the delay the service gives (growing after five failures) before
    /// answering, and shows the form again (401).
    func signIn(_ req: Request, _ ctx: WebContext) async throws -> Response {
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        let login = (fields.first("login") ?? "").trimmingCharacters(in: .whitespaces)
        return try await signIn(login: login, password: fields.first("password") ?? "", next: fields.first("next"), req, ctx)
    }

    func signIn(login: String, password: String, next: String?, _ req: Request, _ ctx: WebContext) async throws -> Response {
        let next = LocalRedirect.path(next) ?? "/"
        let lang = ctx.lang
        switch try await service.people.authenticate(login: login, password: password, at: clock()) {
        case .signedIn(let person):
            if let old = ctx.sessionKey { try await service.people.removeSession(key: old) }
            let key = SignInMiddleware.newToken()
            let expires = clock().addingTimeInterval(SessionRules.lifetime)
            let data = try JSONEncoder().encode(WebSession(login: person.login, csrf: SignInMiddleware.newToken(), expires: expires.timeIntervalSince1970))
            try await service.people.putSession(key: key, data: String(decoding: data, as: UTF8.self), expires: expires)
            // Sessions that ended are tidied now and then: at each sign-in.
            _ = try? await service.people.removeExpiredSessions(now: clock())
            ctx.logger.info("signed in: \(person.login)")
            var r = Response.redirect(to: next, type: .normal)
            r.setCookie(SignInMiddleware.sessionCookie(key, expires: expires, secure: SignInMiddleware.isSecure(req)))
            return r
        case .refused(let failures, let delay):
            ctx.logger.notice("sign-in refused (\(failures) in a row)")
            if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000_000) }
            var message = lang == .fr ? "Identifiant ou mot de passe incorrect; rien n'a été ouvert."
                                      : "Wrong login or password; nothing was opened."
            if delay > 0 {
                message += lang == .fr ? " Après plusieurs essais manqués, attendez \(delay) s avant de recommencer."
                                       : " After several failed attempts, wait \(delay) s before trying again."
            }
            return try await signInForm(req, ctx, login: login, next: next == "/" ? "" : next, error: message, status: .unauthorized)
                .response(from: req, context: ctx)
        }
    }

    /// Ends the session (its row is removed: the old cookie opens nothing) and expires the cookie.
    func signOut(_ req: Request, _ ctx: WebContext) async throws -> Response {
        if let key = ctx.sessionKey { try await service.people.removeSession(key: key) }
        var r = Response.redirect(to: "/login", type: .normal)
        r.setCookie(SignInMiddleware.expired(SignInMiddleware.sessionCookie, secure: SignInMiddleware.isSecure(req)))
        return r
    }

    // MARK: First start

    /// The setup link's token is right and the request comes from this machine; else 404
    /// (the page does not say whether a link exists).
    func requireSetup(_ ctx: WebContext) throws -> String {
        let token = try ctx.parameters.require("token")
        guard SetupLink.isLoopback(ctx.remoteAddress), setup.matches(token) else { throw WebError.notFound }
        return token
    }

    func setupPage(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let token = try requireSetup(ctx)
        return setupForm(req, ctx, token: token, login: "", name: "", errors: [], status: .ok)
    }

    func setupForm(_ req: Request, _ ctx: WebContext, token: String, login: String, name: String,
                   errors: [(field: String, message: String)], status: HTTPResponse.Status) -> HTML {
        let errorFor = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        return page("setup", Self.words(ctx)["setupTitle"]!, [
            "token": token, "login": login, "name": name,
            "loginError": errorFor["login"] ?? "", "passwordError": errorFor["password"] ?? "", "password2Error": errorFor["password2"] ?? "",
            "hasErrors": !errors.isEmpty, "errors": errors.map { ["field": $0.field, "message": $0.message] },
            "minLength": PasswordRule.minLength,
        ], req, ctx, status: status)
    }

    /// Creates the first administrator (as the server's operator, the one place a handler
    /// acts as `base`: nobody can be signed in yet, and the link is the operator's),
    /// uses the link up, and signs them in.
    func createFirstAdministrator(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let token = try requireSetup(ctx)
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        let login = (fields.first("login") ?? "").trimmingCharacters(in: .whitespaces)
        let name = (fields.first("name") ?? "").trimmingCharacters(in: .whitespaces)
        let password = fields.first("password") ?? "", password2 = fields.first("password2") ?? ""
        let lang = ctx.lang
        var errors: [(field: String, message: String)] = []
        let w = Self.words(ctx)
        if let why = LoginRule.problem(login) { errors.append(("login", "\(w["login"]!)\(w["colon"]!) \(why[lang])")) }
        if let why = PasswordRule.problem(password) { errors.append(("password", "\(w["password"]!)\(w["colon"]!) \(why[lang])")) }
        if password != password2 {
            errors.append(("password2", lang == .fr ? "Les deux mots de passe diffèrent." : "The two passwords differ."))
        }
        if errors.isEmpty {
            guard setup.consume(token) else { throw WebError.notFound }
            let admin = Person(login: login, displayName: name.isEmpty ? nil : name, language: lang, role: .admin)
            _ = try await service.people.add(admin, password: password, Caller(user: base.user, lang: lang, asOf: base.asOf))
            ctx.logger.info("first administrator created: \(login)")
            return try await signIn(login: login, password: password, next: "/", req, ctx)
        }
        return setupForm(req, ctx, token: token, login: login, name: name, errors: errors, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: The person's own page: API tokens and the calendar feed

    func account(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await accountPage(req, ctx, created: nil)
    }

    func accountPage(_ req: Request, _ ctx: WebContext, created: NewToken?) async throws -> HTML {
        let caller = self.caller(ctx)
        guard let me = ctx.person else { throw WebError.notFound }
        let lang = ctx.lang
        let tokens = try await service.people.tokens(me.login, caller)
        let host = req.head.authority ?? "127.0.0.1"
        let scheme = SignInMiddleware.isSecure(req) ? "https" : "http"
        return page("account", Self.words(ctx)["account"]!, [
            "login": me.login, "name": me.displayName, "role": me.role.name(lang), "agreements": me.agreements.joined(separator: ", "),
            "tokens": tokens.map { t -> [String: Any] in
                ["id": t.id, "label": t.label ?? "—", "created": String(t.createdAt.prefix(10)), "last4": String(t.id.suffix(4)),
                 "revoked": t.revokedAt.map { String($0.prefix(10)) } as Any, "active": t.revokedAt == nil]
            },
            "empty": tokens.isEmpty,
            "created": created.map { ["token": $0.token, "feed": "\(scheme)://\(host)/calendar/\($0.token).ics"] } as Any,
        ], req, ctx, status: created == nil ? .ok : .created)
    }

    /// A new token for the signed-in person, shown once on the page that answers.
    func createToken(_ req: Request, _ ctx: WebContext) async throws -> Response {
        guard let me = ctx.person else { throw WebError.notFound }
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        let label = (fields.first("label") ?? "").trimmingCharacters(in: .whitespaces)
        let made = try await service.people.newToken(for: me.login, label: label.isEmpty ? nil : String(label.prefix(100)), caller(ctx))
        return try await accountPage(req, ctx, created: made).response(from: req, context: ctx)
    }

    func revokeToken(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("token")
        try await service.people.revokeToken(id, caller(ctx))
        return .redirect(to: "/account#tokens", type: .normal)
    }

    /// `GET /calendar/TOKEN.ics`: the deadlines of every agreement the token's person may
    /// view, as RFC 5545 (what Outlook or Google Calendar subscribe to). A wrong or revoked
    /// token is 404, as an unknown address.
    func calendarFeed(_ req: Request, _ ctx: WebContext) async throws -> Response {
        // The middleware found the person from the token in the address.
        guard try ctx.parameters.require("file").hasSuffix(".ics"), ctx.person != nil else { throw WebError.notFound }
        let caller = self.caller(ctx)
        let list = try await service.deadlines.list(agreement: nil, leadTimes: leadTimes, caller)
        var r = JSONResponse.make(ICalendar.render(list.deadlines, language: caller.lang, stamp: caller.asOf), contentType: "text/calendar; charset=utf-8")
        r.headers[.cacheControl] = "no-store"
        return r
    }
}
