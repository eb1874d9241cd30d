import EntenteCore
import EntenteJSON
import Foundation

/// An API token as stored: its public id and what it belongs to, never its secret.
public struct TokenInfo: Sendable, Hashable {
    /// The public part of the token (`ent_<id>_<secret>`): 16 lowercase hex digits.
    public var id: String
    public var login: String
    /// What the person said it is for (e.g. "calendar"), when they said.
    public var label: String?
    /// UTC instant of creation, `2026-11-22T12:30:05.123Z`.
    public var createdAt: String
    /// UTC instant of revocation; nil while it works.
    public var revokedAt: String?

    public init(id: String, login: String, label: String?, createdAt: String, revokedAt: String?) {
        self.id = id
        self.login = login
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A browser session kept by the server (so that several server processes share them), as
/// stored: the session key is a bearer secret, so only its first characters are kept in
/// clear, to find the row, and the rest as a bcrypt hash (`PeopleService.putSession`).
public struct StoredSession: Sendable, Hashable {
    /// The first characters of the session key (`PeopleService.sessionLookupLength`).
    public var id: String
    /// Bcrypt hash of the rest of the key.
    public var secretHash: String
    /// What the web layer keeps in it (JSON, opaque to the store).
    public var data: String
    /// When it stops being valid.
    public var expires: Date

    public init(id: String, secretHash: String, data: String, expires: Date) {
        self.id = id
        self.secretHash = secretHash
        self.data = data
        self.expires = expires
    }
}

/// Consecutive wrong passwords for one login since its last successful sign-in.
public struct SignInFailures: Sendable, Hashable {
    public var count: Int
    /// When the last one happened (nil when `count` is 0).
    public var last: Date?

    public init(count: Int, last: Date?) {
        self.count = count
        self.last = last
    }
}

/// Where people, their password hashes, API tokens, browser sessions and failed sign-ins are
/// kept: a door of its own beside `AgreementStore`, so that a backend can hold agreements
/// before it holds people (the service then says so) and the storage of agreements asks
/// nothing new of its implementations.
///
/// Guarantees every implementation gives:
/// - every change to people and tokens is one transaction with its audit entry (entity
///   `person` or `token`, who: `by`); a failed change leaves nothing;
/// - a password or a token secret is never stored or audited: only the hashes given here are
///   stored, and they are never written to the audit log (which records that a password was
///   set or a token created, not what);
/// - nobody is deleted: people are disabled, tokens revoked, so that the audit log's names
///   stay meaningful.
///
/// - Throws: `StoreError` (`.database` with its cause; `.mismatch` for a login taken, an
///   unknown login or token, an unknown agreement), and whatever a `change` closure throws.
public protocol PeopleStore: Sendable {
    // MARK: People

    /// Adds a person, with their password's hash when given.
    /// - Throws: `StoreError.mismatch` when the login is taken, `.unknownAgreement`.
    func addPerson(_ person: Person, passwordHash: String?, by: ActingUser) async throws -> Person
    func person(login: String) async throws -> Person?
    /// Everyone, by login.
    func people() async throws -> [Person]
    /// Changes a person (role, agreements, name, language, party, active) in one transaction;
    /// the login stays. Before and after go to the audit log.
    func updatePerson(login: String, by: ActingUser, _ change: (inout Person) throws -> Void) async throws -> Person
    /// Replaces a person's password hash (audited as `password`, without the hash).
    func setPasswordHash(login: String, _ hash: String, by: ActingUser) async throws
    func passwordHash(login: String) async throws -> String?

    // MARK: API tokens

    /// Stores a new token under its public id, with the hash of its secret.
    func addToken(_ token: TokenInfo, secretHash: String, by: ActingUser) async throws
    /// A person's tokens (all when `login` is nil), newest first, revoked ones included.
    func tokens(login: String?) async throws -> [TokenInfo]
    /// The token and its secret's hash, revoked or not (the caller checks).
    func token(id: String) async throws -> (TokenInfo, secretHash: String)?
    /// Revokes a token for good. - Throws: `StoreError.mismatch` for an unknown or revoked one.
    func revokeToken(id: String, by: ActingUser) async throws

    // MARK: Browser sessions

    /// Creates or replaces a session (same `id`).
    func putSession(_ session: StoredSession) async throws
    /// The session, when it exists and has not expired at `now`.
    func session(id: String, now: Date) async throws -> StoredSession?
    func removeSession(id: String) async throws
    /// Removes the sessions expired at `now`. - Returns: how many.
    func removeExpiredSessions(now: Date) async throws -> Int

    // MARK: Sign-ins

    /// Counts one more wrong password for `login` (known or not) at `at`, audited
    /// (`sign-in-failed`, or `sign-in-delayed` from the fifth on). - Returns: the new count.
    func recordFailedSignIn(login: String, at: Date, by: ActingUser) async throws -> SignInFailures
    func failedSignIns(login: String) async throws -> SignInFailures
    /// A successful sign-in: the count goes back to zero, and the audit log records it.
    func recordSignIn(login: String, by: ActingUser) async throws
}

extension TokenInfo {
    /// What the audit log keeps of a token: its public id and owner, never its secret or hash;
    /// the same bytes on every backend.
    package var auditJSON: String {
        var w = JSONWriter()
        w.openObject()
        w.field("createdAt", createdAt)
        w.field("id", id)
        if let label { w.field("label", label) }
        w.field("login", login)
        if let revokedAt { w.field("revokedAt", revokedAt) }
        w.closeObject()
        return w.text
    }
}

extension StoreError {
    /// A person added under a login already in use (every backend says it alike).
    public static func loginTaken(_ login: String) -> StoreError {
        .mismatch(Localized(fr: "L'identifiant « \(login) » est déjà pris; choisissez-en un autre.",
                            en: "The login '\(login)' is taken; choose another."))
    }

    /// A login no person has.
    public static func unknownPerson(_ login: String) -> StoreError {
        .mismatch(Localized(fr: "Personne inconnue « \(login) »; « entente user list » montre les personnes.",
                            en: "Unknown person '\(login)'; 'entente user list' shows the people."))
    }
}
