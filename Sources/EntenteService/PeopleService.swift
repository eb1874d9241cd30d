import EntenteCore
import EntenteStorage
import Dispatch
import Foundation

/// How passwords and token secrets are hashed and checked. The service knows only this; the
/// bcrypt implementation lives in `EntentePasswords` (HummingbirdBcrypt), so that the service
/// imports no Hummingbird. Both calls are CPU-bound (a quarter of a second at cost 12): a
/// server runs them off its event loop.
public protocol PasswordHasher: Sendable {
    /// A salted hash of `secret`, carrying its own salt and cost (`$2b$12$…`).
    /// - Parameter cost: log2 of the rounds, 4 to 31.
    func hash(_ secret: String, cost: Int) -> String
    /// Whether `secret` matches `hash`.
    func verify(_ secret: String, hash: String) -> Bool
}

extension PasswordHasher {
    /// `verify` on a thread of its own (Dispatch's pool), never the caller's: a server's
    /// request may run on an event loop that a quarter-second hash would stall for every
    /// other connection (shared/design/web-and-postgres.md §1.2).
    public func verifyOffThread(_ secret: String, hash: String) async -> Bool {
        await withCheckedContinuation { done in
            DispatchQueue.global(qos: .userInitiated).async { done.resume(returning: self.verify(secret, hash: hash)) }
        }
    }

    /// `hash` on a thread of its own, as `verifyOffThread`.
    public func hashOffThread(_ secret: String, cost: Int) async -> String {
        await withCheckedContinuation { done in
            DispatchQueue.global(qos: .userInitiated).async { done.resume(returning: self.hash(secret, cost: cost)) }
        }
    }
}

/// An API token just made: the whole token, shown once and never again, and what is stored.
public struct NewToken: Sendable {
    /// `ent_<id>_<secret>`: give it as `Authorization: Bearer …`.
    public var token: String
    public var info: TokenInfo
}

/// What a sign-in attempt gave.
public enum SignInOutcome: Sendable, Equatable {
    case signedIn(Person)
    /// Wrong login or password, disabled person, or too soon after wrong passwords (the
    /// password was then not even checked). `failedAttempts` counts consecutive wrong
    /// passwords for this login; wait `delaySeconds` before the next attempt (0 below five;
    /// `SignInThrottle`). Never says which of login or password was wrong.
    case refused(failedAttempts: Int, delaySeconds: Int)
}

/// People who sign in, their roles, passwords and API tokens (issue 13).
///
/// Every change is the administrators' (`Action.managePeople`), except that a person may set
/// their own password and make or revoke their own tokens. Changes are audited by the store
/// (entity `person`, `token`) in the same transaction; passwords and token secrets are
/// hashed here and never reach the store or the audit log in clear.
public struct PeopleService: Sendable {
    let store: any AgreementStore
    let people: (any PeopleStore)?
    let passwords: (any PasswordHasher)?
    let configuration: ServiceConfiguration
    var verifiedSecrets = VerifiedSecrets()

    /// Bcrypt cost of token secrets: the minimum, 4 (about a millisecond). Bcrypt's cost slows
    /// down guessing a low-entropy secret from its hash; a token secret is 256 random bits,
    /// which no number of guesses at any speed finds, so a slow hash would only slow every
    /// API call. (A fast digest such as SHA-256 would do as well, but the lean build has no
    /// swift-crypto, which would bring BoringSSL with it.)
    public static let tokenCost = 4

    func ready() throws -> (any PeopleStore, any PasswordHasher) {
        guard let people, let passwords else { throw ServiceError.noPeople }
        return (people, passwords)
    }

    /// Whether the caller may act on `login`'s own password or tokens: an administrator, or
    /// that person.
    func requireSelfOrAdmin(_ login: String, _ caller: Caller) throws {
        if caller.user.person?.login == login, caller.user.person?.active == true { return }
        try caller.require(.managePeople, on: nil)
    }

    // MARK: People

    /// Adds a person, with a password when given (else they cannot sign in until one is set).
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `.badLogin`, `.badPassword`,
    ///   `.agreementsNotForRole`, `StoreError.mismatch` (login taken), `.unknownAgreement`.
    public func add(_ person: Person, password: String?, _ caller: Caller) async throws -> Person {
        try caller.require(.managePeople, on: nil)
        let (people, passwords) = try ready()
        if let why = LoginRule.problem(person.login) { throw ServiceError.badLogin(person.login, why) }
        if !person.isScoped, !person.agreements.isEmpty { throw ServiceError.agreementsNotForRole(person.role) }
        if let password, let why = PasswordRule.problem(password) { throw ServiceError.badPassword(why) }
        var hash: String?
        if let password { hash = await passwords.hashOffThread(password, cost: configuration.passwordCost) }
        return try await people.addPerson(person, passwordHash: hash, by: caller.user)
    }

    /// Everyone, by login.
    /// - Throws: `ServiceError.forbidden`, `.noPeople`.
    public func list(_ caller: Caller) async throws -> [Person] {
        try caller.require(.managePeople, on: nil)
        return try await ready().0.people()
    }

    /// One person. - Throws: `ServiceError.forbidden` (unless it is the caller), `.noPeople`,
    /// `StoreError.mismatch` for an unknown login.
    public func person(_ login: String, _ caller: Caller) async throws -> Person {
        try requireSelfOrAdmin(login, caller)
        guard let p = try await ready().0.person(login: login) else {
            throw StoreError.mismatch(Localized(fr: "Personne inconnue « \(login) »; « entente user list » montre les personnes.",
                                                en: "Unknown person '\(login)'; 'entente user list' shows the people."))
        }
        return p
    }

    /// Changes a person's role and, when given, the agreements they act on (a role that does
    /// not act per agreement loses them).
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `.agreementsNotForRole`,
    ///   `StoreError.mismatch` (unknown login), `.unknownAgreement`.
    public func setRole(_ login: String, role: Role, agreements: [String]?, _ caller: Caller) async throws -> Person {
        try caller.require(.managePeople, on: nil)
        let (people, _) = try ready()
        return try await people.updatePerson(login: login, by: caller.user) { p in
            p.role = role
            if let agreements { p.agreements = agreements }
            if !p.isScoped {
                if agreements?.isEmpty == false { throw ServiceError.agreementsNotForRole(role) }
                p.agreements = []
            }
        }
    }

    /// Disables a person: no more sign-ins or tokens; they stay in the audit log.
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `StoreError.mismatch` (unknown login).
    public func disable(_ login: String, _ caller: Caller) async throws -> Person {
        try caller.require(.managePeople, on: nil)
        return try await ready().0.updatePerson(login: login, by: caller.user) { $0.active = false }
    }

    /// Sets a person's password (an administrator, or the person themselves).
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `.badPassword`, `StoreError.mismatch`.
    public func setPassword(_ login: String, _ password: String, _ caller: Caller) async throws {
        try requireSelfOrAdmin(login, caller)
        let (people, passwords) = try ready()
        if let why = PasswordRule.problem(password) { throw ServiceError.badPassword(why) }
        let hash = await passwords.hashOffThread(password, cost: configuration.passwordCost)
        try await people.setPasswordHash(login: login, hash, by: caller.user)
    }

    /// Whether someone active can manage people: a server started on a database without one
    /// offers a one-time setup instead of being open (issue 13 §2). No rights are checked: it
    /// says nothing about anyone.
    /// - Throws: `ServiceError.noPeople`, `StoreError`.
    public func hasActiveAdministrator() async throws -> Bool {
        try await ready().0.people().contains { $0.role == .admin && $0.active }
    }

    /// Sets a person's preferred language (the person themselves, or an administrator): the
    /// web's language toggle remembers it for a signed-in person (issue 12).
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `StoreError.mismatch` (unknown login).
    public func setLanguage(_ login: String, _ language: Language, _ caller: Caller) async throws -> Person {
        try requireSelfOrAdmin(login, caller)
        return try await ready().0.updatePerson(login: login, by: caller.user) { $0.language = language }
    }

    /// The active person behind a session's login, nil when disabled or gone: read at every
    /// request so that a role changed or a person disabled takes effect at once. No rights
    /// are checked (this is how the web finds them), and nothing is audited.
    /// - Throws: `ServiceError.noPeople`, `StoreError`.
    public func activePerson(login: String) async throws -> Person? {
        guard let p = try await ready().0.person(login: login), p.active else { return nil }
        return p
    }

    // MARK: Sign-in

    /// Checks a login and password at `now`. After five wrong passwords in a row for a login,
    /// each further attempt must wait a growing delay (`SignInThrottle`); an attempt within it
    /// is refused unchecked and not counted. Never a lockout. Every outcome is audited (the
    /// store: `sign-in`, `sign-in-failed`, `sign-in-delayed`), under the login typed.
    /// An unknown login costs the same hashing time as a known one, so that timing does not
    /// tell which logins exist.
    /// - Throws: `ServiceError.noPeople`, `StoreError`.
    public func authenticate(login: String, password: String, at now: Date = Date()) async throws -> SignInOutcome {
        let (people, passwords) = try ready()
        // A login no rule accepts may be a password typed in the wrong field: it is counted
        // and audited as "?", never written down.
        let key = LoginRule.problem(login) == nil ? login : "?"
        let who = ActingUser(key) // the name of the audit entry; no right is consulted
        let before = try await people.failedSignIns(login: key)
        let delay = SignInThrottle.delaySeconds(afterFailures: before.count)
        if delay > 0, let last = before.last {
            let remaining = Int((last.timeIntervalSince1970 + Double(delay) - now.timeIntervalSince1970).rounded(.up))
            if remaining > 0 { return .refused(failedAttempts: before.count, delaySeconds: remaining) }
        }
        let person = key == "?" ? nil : try await people.person(login: key)
        let hash = person == nil ? nil : try await people.passwordHash(login: key)
        let matches: Bool
        if let hash {
            matches = await passwords.verifyOffThread(password, hash: hash)
        } else {
            _ = await passwords.hashOffThread(password, cost: configuration.passwordCost)
            matches = false
        }
        if matches, let person, person.active {
            try await people.recordSignIn(login: key, by: ActingUser.person(person))
            return .signedIn(person)
        }
        let failures = try await people.recordFailedSignIn(login: key, at: now, by: who)
        return .refused(failedAttempts: failures.count, delaySeconds: SignInThrottle.delaySeconds(afterFailures: failures.count))
    }

    // MARK: API tokens

    /// Makes a new API token for `login` (an administrator, or the person themselves). The
    /// token is returned once; only its public id and a bcrypt hash of its secret are stored.
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `StoreError.mismatch` (unknown login).
    public func newToken(for login: String, label: String? = nil, _ caller: Caller) async throws -> NewToken {
        try requireSelfOrAdmin(login, caller)
        let (people, passwords) = try ready()
        var rng = SystemRandomNumberGenerator()
        let id = Self.hex([rng.next()])
        let secret = Self.hex((0..<4).map { _ in rng.next() })
        let info = TokenInfo(id: id, login: login, label: label, createdAt: Self.timestamp(), revokedAt: nil)
        try await people.addToken(info, secretHash: passwords.hash(secret, cost: Self.tokenCost), by: caller.user)
        return NewToken(token: "ent_\(id)_\(secret)", info: info)
    }

    /// A person's tokens (everyone's when `login` is nil: administrators only), newest first.
    /// - Throws: `ServiceError.forbidden`, `.noPeople`.
    public func tokens(_ login: String?, _ caller: Caller) async throws -> [TokenInfo] {
        if let login { try requireSelfOrAdmin(login, caller) } else { try caller.require(.managePeople, on: nil) }
        return try await ready().0.tokens(login: login)
    }

    /// Revokes a token (an administrator, or its owner): it stops working at once.
    /// - Throws: `ServiceError.forbidden`, `.noPeople`, `StoreError.mismatch` (unknown or revoked).
    public func revokeToken(_ id: String, _ caller: Caller) async throws {
        let (people, _) = try ready()
        let owner = try await people.token(id: id)?.0.login
        try requireSelfOrAdmin(owner ?? "", caller)
        try await people.revokeToken(id: id, by: caller.user)
    }

    /// The active person a token stands for, or nil for anything else (malformed, unknown,
    /// revoked, wrong secret, disabled person): an API answers 401 alike.
    /// - Throws: `ServiceError.noPeople`, `StoreError` (the database failed).
    public func resolve(token: String) async throws -> Person? {
        let (people, passwords) = try ready()
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ent", parts[1].utf8.count == 16, parts[2].utf8.count == 64 else { return nil }
        guard let (info, hash) = try await people.token(id: String(parts[1])), info.revokedAt == nil,
              await verifiedSecrets.matches(String(parts[2]), hash: hash, hasher: passwords),
              let person = try await people.person(login: info.login), person.active else { return nil }
        return person
    }

    // MARK: Browser sessions

    /// The characters of a session key kept in clear to find its row: 16, which leaves a
    /// key from hummingbird-auth (`hbs.` + 32 random bytes in base64) 72 random bits to look
    /// up by and the rest, over 190 bits, to check.
    public static let sessionLookupLength = 16
    public static let sessionKeyMinLength = 32

    /// Splits a session key into the part kept in clear and the secret checked by bcrypt
    /// (bcrypt reads 72 bytes: a longer rest is cut to that, still far beyond guessing).
    static func sessionParts(_ key: String) throws -> (lookup: String, secret: String) {
        let bytes = Array(key.utf8)
        guard bytes.count >= sessionKeyMinLength else { throw ServiceError.weakSessionKey }
        let secret = bytes[sessionLookupLength...].prefix(PasswordRule.maxBytes)
        return (String(decoding: bytes[..<sessionLookupLength], as: UTF8.self), String(decoding: secret, as: UTF8.self))
    }

    /// Keeps a browser session under `key` until `expires` (creates or replaces it). A session
    /// key is a bearer secret like a token: the store keeps its first characters and a bcrypt
    /// hash (cost 4, for the reason given at `tokenCost`) of the rest, so that a copy of the
    /// database (a backup) opens no session. For the web layer's session storage; no rights
    /// are checked (the session is how rights are found).
    /// - Throws: `ServiceError.noPeople`, `.weakSessionKey`, `StoreError`.
    public func putSession(key: String, data: String, expires: Date) async throws {
        let (people, passwords) = try ready()
        let (lookup, secret) = try Self.sessionParts(key)
        try await people.putSession(StoredSession(id: lookup, secretHash: passwords.hash(secret, cost: Self.tokenCost), data: data, expires: expires))
    }

    /// What a session keeps, when `key` is one that has not expired at `now`; nil otherwise.
    /// - Throws: `ServiceError.noPeople`, `StoreError`.
    public func session(key: String, now: Date = Date()) async throws -> String? {
        let (people, passwords) = try ready()
        guard let (lookup, secret) = try? Self.sessionParts(key),
              let s = try await people.session(id: lookup, now: now), await verifiedSecrets.matches(secret, hash: s.secretHash, hasher: passwords) else { return nil }
        return s.data
    }

    /// Ends a session (sign-out): its key opens nothing any more. An unknown key does nothing.
    /// - Throws: `ServiceError.noPeople`, `StoreError`.
    public func removeSession(key: String) async throws {
        let (people, passwords) = try ready()
        guard let (lookup, secret) = try? Self.sessionParts(key),
              let s = try await people.session(id: lookup, now: .distantPast), passwords.verify(secret, hash: s.secretHash) else { return }
        try await people.removeSession(id: lookup)
    }

    /// Removes the sessions expired at `now` (a server does it now and then). - Returns: how many.
    /// - Throws: `ServiceError.noPeople`, `StoreError`.
    public func removeExpiredSessions(now: Date = Date()) async throws -> Int {
        try await ready().0.removeExpiredSessions(now: now)
    }

    static func hex(_ words: [UInt64]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for w in words { for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((w >> UInt64(shift)) & 0xF)]) } }
        return String(decoding: out, as: UTF8.self)
    }

    /// UTC instant, as the audit log writes it.
    static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
