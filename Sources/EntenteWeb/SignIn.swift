import EntenteCore
import EntenteService
import Foundation
import Hummingbird
import Logging
import NIOCore

/// How long a browser session lasts, and when pages warn that it ends (issue 13 §4).
///
/// A session lasts a working day from sign-in: 9 hours (8 hours of work and a lunch break),
/// fixed, not renewed by activity. Renewing on activity would write to the database (and hash
/// a key) at every page, and an office day has an end; a person still at work after nine
/// hours signs in again. From 15 minutes before the end, every page says when the session
/// ends, so that nobody loses a form half typed.
public enum SessionRules {
    /// The lifetime of a session from sign-in, in seconds (9 h).
    public static let lifetime: TimeInterval = 9 * 3600
    /// Pages warn from this many seconds before the end (15 min).
    public static let warnBefore: TimeInterval = 15 * 60
}

/// What a browser session keeps on the server (in the database, through `PeopleService`):
/// who signed in, the form token bound to this session (synchroniser token, OWASP CSRF
/// cheat sheet), and when it ends. JSON with stable keys.
struct WebSession: Codable, Sendable {
    var login: String
    var csrf: String
    /// Seconds since 1970 (UTC) at which the session ends.
    var expires: Double
}

/// Where `next` may send a person after sign-in: a path of this site only.
public enum LocalRedirect {
    /// `next` when it is a local path (`/x`), else nil: not `//host` or `/\host` (browsers
    /// read both as another site), not an absolute URL, no control character or backslash
    /// anywhere (the open redirect of the official examples, web-and-postgres.md §1.6).
    public static func path(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.count <= 2048 else { return nil }
        for u in next.unicodeScalars where u.value < 0x21 || u.value == 0x7F || u == "\\" { return nil }
        return next
    }
}

/// The one-time link that creates the first administrator (issue 13 §2): a random 256-bit
/// token kept in memory only, valid until used, accepted from a loopback address only.
public final class SetupLink: @unchecked Sendable {
    private let lock = NSLock()
    private var token: String?

    /// - Parameter token: nil for a server that needs none (an administrator exists).
    public init(token: String?) { self.token = token }

    /// A new link's token: 32 random bytes in hex.
    public static func newToken() -> String { SignInMiddleware.newToken() }

    /// The token while unused.
    public var current: String? { lock.withLock { token } }

    /// Whether `candidate` is the unused token (constant-time comparison).
    public func matches(_ candidate: String) -> Bool {
        lock.withLock { token.map { SignInMiddleware.same($0, candidate) } ?? false }
    }

    /// Uses the token up: true for the first caller with the right token only.
    func consume(_ candidate: String) -> Bool {
        lock.withLock {
            guard let t = token, SignInMiddleware.same(t, candidate) else { return false }
            token = nil
            return true
        }
    }

    /// Whether a socket address is the machine itself (127.0.0.0/8 or ::1).
    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

/// Sign-in for every request: finds who asks, decides the language, and guards forms.
///
/// - A browser session is the `entente_session` cookie (HttpOnly, SameSite=Lax, Secure over
///   TLS or when the proxy says `X-Forwarded-Proto: https`); its key is 32 random bytes, kept
///   in the database hashed (`PeopleService.putSession`), so that several server processes
///   share sessions and a backup opens none. The person is read again at every request, so a
///   disabled person is out at once.
/// - `/api/v1/*` takes `Authorization: Bearer ent_…` only (`PeopleService.resolve(token:)`);
///   anything else is 401 with a JSON body.
/// - A page asked for without a session goes to `/sign-in?next=…` (303); only `/healthz`,
///   `/static/*`, the sign-in and setup pages and the calendar feed (its own token) are open.
/// - A state-changing request outside the API must carry `_csrf` equal to the session's
///   token (synchroniser token); before a session exists (sign-in and setup forms), equal to
///   the `entente_csrf` cookie (double submit). Refused with 403 before any handler runs.
///
/// Why not hummingbird-auth's `SessionMiddleware`: its cookie's `Secure` flag is fixed when
/// the server starts (`SessionCookieParameters.secure`), where issue 13 wants it per request
/// (behind a TLS proxy or not), and the form token must be read from the session before the
/// handler, which this middleware does in the same database read.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = WebContext
    static let sessionCookie = "entente_session"
    static let csrfCookie = "entente_csrf"
    static let langCookie = "lang"

    let service: EntenteService
    /// The server's caller: its "today" for the language change's caller.
    let base: Caller
    /// "Now", for the session's end (tests move it).
    let clock: @Sendable () -> Date

    static func isOpen(_ path: String) -> Bool {
        path == "/healthz" || path.hasPrefix("/static/") || path == "/sign-in" || path == "/login" || path.hasPrefix("/setup/") || path.hasPrefix("/calendar/")
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let cookies = request.cookies
        let path = request.uri.path
        let people = service.people
        let now = clock()
        let asked = request.uri.queryParameters["lang"].flatMap { Language(code: String($0)) }

        // The API: a bearer token, nothing else.
        if path.hasPrefix("/api/") {
            let auth = request.headers[.authorization] ?? ""
            guard auth.hasPrefix("Bearer "), let person = try await people.resolve(token: String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
                throw WebError.unauthorized
            }
            context.person = person
            context.lang = asked ?? person.language
            return try await next(request, context)
        }

        // The calendar feed: the token is in the address (a calendar program sends no header).
        if path.hasPrefix("/calendar/"), path.hasSuffix(".ics") {
            let token = String(path.dropFirst("/calendar/".count).dropLast(4))
            context.person = try await people.resolve(token: token)
            context.lang = asked ?? context.person?.language ?? .fr
            return try await next(request, context)
        }

        // A browser session.
        var session: WebSession?
        var staleCookie = false
        if let key = cookies[Self.sessionCookie]?.value, !key.isEmpty {
            if let data = try await people.session(key: key, now: now),
               let s = try? JSONDecoder().decode(WebSession.self, from: Data(data.utf8)), s.expires > now.timeIntervalSince1970,
               let person = try await people.activePerson(login: s.login) {
                session = s
                context.person = person
                context.sessionKey = key
                context.sessionExpires = Date(timeIntervalSince1970: s.expires)
                context.sessionEndsSoon = s.expires - now.timeIntervalSince1970 < SessionRules.warnBefore
            } else {
                staleCookie = true
            }
        }
        context.lang = asked ?? context.person?.language ?? cookies[Self.langCookie].flatMap { Language(code: $0.value) } ?? .fr

        guard context.person != nil || Self.isOpen(path) else {
            var r = Response.redirect(to: "/login?next=" + Pages.escape(path + (request.uri.query.map { "?" + $0 } ?? "")), type: .normal)
            if staleCookie { r.setCookie(Self.expired(Self.sessionCookie, secure: Self.isSecure(request))) }
            return r
        }

        // The form token: the session's, else the pre-session cookie's.
        let existing = cookies[Self.csrfCookie]?.value.filter { $0.isHexDigit }
        let preSession = (existing?.count == 64 ? existing : nil) ?? Self.newToken()
        context.csrfToken = session?.csrf ?? preSession

        var request = request
        let unsafe: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
        if unsafe.contains(request.method) {
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
                throw HTTPError(.contentTooLarge)
            }
            let sent = FormToken.sent(in: body, contentType: request.headers[.contentType])
            let expected = session?.csrf ?? (existing?.count == 64 ? existing : nil)
            guard let sent, let expected, Self.same(sent, expected) else {
                context.logger.notice("refused: missing or wrong _csrf")
                throw WebError.forbiddenForgery
            }
        }

        // `?lang=` remembered: in the person's preferences when signed in, else a cookie.
        if let asked, let person = context.person, person.language != asked {
            let caller = Caller(user: .person(person), lang: asked, asOf: base.asOf)
            if let updated = try? await people.setLanguage(person.login, asked, caller) { context.person = updated }
        }

        var response = try await next(request, context)
        if session == nil, existing != preSession, context.csrfToken == preSession {
            response.setCookie(Cookie(name: Self.csrfCookie, value: preSession, path: "/", secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
        }
        if staleCookie, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(Self.sessionCookie + "=") }) {
            response.setCookie(Self.expired(Self.sessionCookie, secure: Self.isSecure(request)))
        }
        if let asked, context.person == nil, cookies[Self.langCookie]?.value != asked.rawValue {
            response.setCookie(Cookie(name: Self.langCookie, value: asked.rawValue, maxAge: 365 * 86_400, path: "/",
                                      secure: Self.isSecure(request), httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Served over TLS, or behind a proxy that says it was (`X-Forwarded-Proto: https`).
    static func isSecure(_ request: Request) -> Bool {
        if request.uri.scheme == .https { return true }
        let proto = HTTPFields.Element.Name("X-Forwarded-Proto").flatMap { request.headers[$0] } ?? ""
        return proto.split(separator: ",").first.map { String($0).trimmingCharacters(in: CharacterSet.whitespaces).lowercased() } == "https"
    }

    /// The session cookie: HttpOnly, SameSite=Lax (a link from a mail client opens the page
    /// signed in; a cross-site POST carries no cookie), Secure over TLS.
    static func sessionCookie(_ key: String, expires: Date, secure: Bool) -> Cookie {
        Cookie(name: sessionCookie, value: key, expires: expires, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// `?lang=`, else the `lang` cookie, else French (for error pages, outside this middleware).
    static func language(of request: Request) -> Language {
        if let q = request.uri.queryParameters["lang"].flatMap({ Language(code: String($0)) }) { return q }
        return request.cookies[langCookie].flatMap { Language(code: $0.value) } ?? .fr
    }

    /// 32 random bytes in hex (64 characters).
    static func newToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// Constant-time comparison (no early exit on the first differing byte).
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// One log line per request, as Hummingbird's `LogRequestsMiddleware` writes it (same
/// `hb.request.path` and `hb.request.method` keys), with the secrets some addresses carry
/// masked: the calendar feed's token secret and the setup link's token never reach the log.
struct RedactedRequestLog: RouterMiddleware {
    typealias Context = WebContext
    let level: Logger.Level

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        context.logger.log(level: level, "Request", metadata: [
            "hb.request.path": .string(Self.redacted(request.uri.description)),
            "hb.request.method": .string(request.method.rawValue),
        ])
        return try await next(request, context)
    }

    /// `/calendar/ent_ID_SECRET.ics` → `/calendar/ent_ID_***.ics`; `/setup/TOKEN` → `/setup/***`.
    static func redacted(_ uri: String) -> String {
        if uri.hasPrefix("/setup/") { return "/setup/***" }
        if uri.hasPrefix("/calendar/") {
            let parts = uri.dropFirst("/calendar/".count).split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
            return parts.count == 3 ? "/calendar/\(parts[0])_\(parts[1])_***.ics" : "/calendar/***"
        }
        return uri
    }
}
