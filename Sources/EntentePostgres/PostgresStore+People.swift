import EntenteCore
import EntenteJSON
import Foundation
import PostgresNIO

/// People, API tokens, browser sessions and failed sign-ins on PostgreSQL (migration
/// `pg-v3-people`), with the same guarantees as the SQLite workspace (`v7-people`): every
/// change to people and tokens is one transaction with its audit entry; hashes are stored,
/// never audited; nobody is deleted (triggers refuse DELETE and TRUNCATE of people and tokens).
///
/// Sessions live in the database, not in a server's memory: that is what lets two `entente
/// serve` processes behind one proxy share sign-ins (a session put through one is read, or
/// removed, through the other).
extension PostgresStore: PeopleStore {
    // MARK: - People

    public func addPerson(_ person: Person, passwordHash: String?, by: ActingUser) async throws -> Person {
        try await write { conn in
            // The login's row may be new: a unique violation from a concurrent adder is
            // turned into the same refusal as a login found taken.
            if try await self.personRow(conn, person.login) != nil { throw StoreError.loginTaken(person.login) }
            do {
                try await conn.query("""
                    INSERT INTO person (login, display_name, language, role, party, active, password_hash, created_at)
                    VALUES (\(person.login), \(person.displayName), \(person.language.rawValue), \(person.role.rawValue), \(person.party),
                            \(person.active), \(passwordHash), date_trunc('milliseconds', clock_timestamp()))
                    """, logger: self.logger)
            } catch where Self.sqlState(error) == "23505" {
                throw StoreError.loginTaken(person.login)
            }
            try await self.setAgreements(conn, person.login, person.agreements)
            try await self.audit(conn, by: by, "add", "person", id: person.login, agreement: nil, before: nil, after: Self.json(person))
            if passwordHash != nil { try await self.auditPassword(conn, person.login, by: by) }
            return person
        }
    }

    public func person(login: String) async throws -> Person? {
        try await read { conn in try await self.personRow(conn, login) }
    }

    public func people() async throws -> [Person] {
        try await read { conn in
            var logins: [String] = []
            for try await l in try await conn.query("SELECT login FROM person ORDER BY login COLLATE \"C\"", logger: self.logger).decode(String.self) {
                logins.append(l)
            }
            var out: [Person] = []
            for l in logins { if let p = try await self.personRow(conn, l) { out.append(p) } }
            return out
        }
    }

    public func updatePerson(login: String, by: ActingUser, _ change: (inout Person) throws -> Void) async throws -> Person {
        try await write { conn in
            guard let before = try await self.personRow(conn, login, forUpdate: true) else { throw StoreError.unknownPerson(login) }
            var after = before
            try change(&after)
            after.login = login
            after.agreements = Array(Set(after.agreements)).sorted()
            if after == before { return before }
            try await conn.query("""
                UPDATE person SET display_name = \(after.displayName), language = \(after.language.rawValue), role = \(after.role.rawValue),
                party = \(after.party), active = \(after.active) WHERE login = \(login)
                """, logger: self.logger)
            if after.agreements != before.agreements { try await self.setAgreements(conn, login, after.agreements) }
            // The action names what matters most for a reader of the log (as on SQLite).
            let action = before.active && !after.active ? "disable" : (!before.active && after.active ? "enable"
                : (before.role != after.role ? "set-role" : "edit"))
            try await self.audit(conn, by: by, action, "person", id: login, agreement: nil, before: Self.json(before), after: Self.json(after))
            return after
        }
    }

    public func setPasswordHash(login: String, _ hash: String, by: ActingUser) async throws {
        try await write { conn in
            guard try await self.personRow(conn, login, forUpdate: true) != nil else { throw StoreError.unknownPerson(login) }
            try await conn.query("UPDATE person SET password_hash = \(hash) WHERE login = \(login)", logger: self.logger)
            try await self.auditPassword(conn, login, by: by)
        }
    }

    public func passwordHash(login: String) async throws -> String? {
        try await read { conn in
            for try await h in try await conn.query("SELECT password_hash FROM person WHERE login = \(login)", logger: self.logger)
                .decode(String?.self) {
                return h
            }
            return nil
        }
    }

    // MARK: - API tokens

    public func addToken(_ token: TokenInfo, secretHash: String, by: ActingUser) async throws {
        try await write { conn in
            guard try await self.personRow(conn, token.login) != nil else { throw StoreError.unknownPerson(token.login) }
            try await conn.query("""
                INSERT INTO api_token (id, login, secret_hash, label, created_at, revoked_at)
                VALUES (\(token.id), \(token.login), \(secretHash), \(token.label), \(token.createdAt)::timestamptz, NULL)
                """, logger: self.logger)
            try await self.audit(conn, by: by, "add", "token", id: token.id, agreement: nil, before: nil, after: token.auditJSON)
        }
    }

    static let tokenSelect = """
        id, login, label, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        """
    typealias TokenRow = (String, String, String?, String, String?)
    static func tokenInfo(_ r: TokenRow) -> TokenInfo {
        TokenInfo(id: r.0, login: r.1, label: r.2, createdAt: r.3, revokedAt: r.4)
    }

    public func tokens(login: String?) async throws -> [TokenInfo] {
        try await read { conn in
            var out: [TokenInfo] = []
            for try await r in try await conn.query("""
                SELECT \(unescaped: Self.tokenSelect) FROM api_token WHERE (\(login)::text IS NULL OR login = \(login))
                ORDER BY created_at DESC, id COLLATE "C"
                """, logger: self.logger).decode(TokenRow.self) {
                out.append(Self.tokenInfo(r))
            }
            return out
        }
    }

    public func token(id: String) async throws -> (TokenInfo, secretHash: String)? {
        try await read { conn in
            for try await r in try await conn.query("SELECT \(unescaped: Self.tokenSelect), secret_hash FROM api_token WHERE id = \(id)", logger: self.logger)
                .decode((String, String, String?, String, String?, String).self) {
                return (Self.tokenInfo((r.0, r.1, r.2, r.3, r.4)), secretHash: r.5)
            }
            return nil
        }
    }

    public func revokeToken(id: String, by: ActingUser) async throws {
        try await write { conn in
            var before: TokenInfo?
            for try await r in try await conn.query("SELECT \(unescaped: Self.tokenSelect) FROM api_token WHERE id = \(id) FOR UPDATE", logger: self.logger)
                .decode(TokenRow.self) {
                before = Self.tokenInfo(r)
            }
            guard let before, before.revokedAt == nil else {
                throw StoreError.mismatch(Localized(fr: "Aucun jeton actif « \(id) »; « entente user list » montre les jetons.",
                                                    en: "No active token '\(id)'; 'entente user list' shows the tokens."))
            }
            var after = before
            for try await at in try await conn.query("""
                UPDATE api_token SET revoked_at = date_trunc('milliseconds', clock_timestamp()) WHERE id = \(id)
                RETURNING to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                """, logger: self.logger).decode(String.self) {
                after.revokedAt = at
            }
            try await self.audit(conn, by: by, "revoke", "token", id: id, agreement: nil, before: before.auditJSON, after: after.auditJSON)
        }
    }

    // MARK: - Browser sessions (bookkeeping of the web server, not audited)

    public func putSession(_ session: StoredSession) async throws {
        try await write { conn in
            try await conn.query("""
                INSERT INTO web_session (id, secret_hash, data, expires) VALUES (\(session.id), \(session.secretHash), \(session.data), \(session.expires))
                ON CONFLICT (id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, data = EXCLUDED.data, expires = EXCLUDED.expires
                """, logger: self.logger)
        }
    }

    public func session(id: String, now: Date) async throws -> StoredSession? {
        try await read { conn in
            for try await r in try await conn.query("SELECT id, secret_hash, data, expires FROM web_session WHERE id = \(id) AND expires > \(now)",
                                                    logger: self.logger).decode((String, String, String, Date).self) {
                return StoredSession(id: r.0, secretHash: r.1, data: r.2, expires: r.3)
            }
            return nil
        }
    }

    public func removeSession(id: String) async throws {
        try await write { conn in try await conn.query("DELETE FROM web_session WHERE id = \(id)", logger: self.logger) }
    }

    public func removeExpiredSessions(now: Date) async throws -> Int {
        try await write { conn in
            var n = 0
            for try await _ in try await conn.query("DELETE FROM web_session WHERE expires <= \(now) RETURNING id", logger: self.logger).decode(String.self) {
                n += 1
            }
            return n
        }
    }

    // MARK: - Sign-ins

    public func recordFailedSignIn(login: String, at: Date, by: ActingUser) async throws -> SignInFailures {
        try await write { conn in
            // One statement counts and reads: two wrong passwords at once count two.
            let count = try await conn.query("""
                INSERT INTO sign_in_failure (login, count, last) VALUES (\(login), 1, \(at))
                ON CONFLICT (login) DO UPDATE SET count = sign_in_failure.count + 1, last = EXCLUDED.last
                RETURNING count
                """, logger: self.logger).decode(Int.self).first { _ in true } ?? 1
            var json = JSONWriter()
            json.openObject(); json.field("failures", count); json.closeObject()
            try await self.audit(conn, by: by, count >= SignInThrottle.freeAttempts ? "sign-in-delayed" : "sign-in-failed", "person",
                                 id: login, agreement: nil, before: nil, after: json.text)
            return SignInFailures(count: count, last: at)
        }
    }

    public func failedSignIns(login: String) async throws -> SignInFailures {
        try await read { conn in
            for try await r in try await conn.query("SELECT count, last FROM sign_in_failure WHERE login = \(login)", logger: self.logger)
                .decode((Int, Date).self) {
                return SignInFailures(count: r.0, last: r.1)
            }
            return SignInFailures(count: 0, last: nil)
        }
    }

    public func recordSignIn(login: String, by: ActingUser) async throws {
        try await write { conn in
            try await conn.query("DELETE FROM sign_in_failure WHERE login = \(login)", logger: self.logger)
            try await self.audit(conn, by: by, "sign-in", "person", id: login, agreement: nil, before: nil, after: nil)
        }
    }

    // MARK: - Rows

    func personRow(_ conn: PostgresConnection, _ login: String, forUpdate: Bool = false) async throws -> Person? {
        var row: (String, String, String, String, String?, Bool)?
        for try await r in try await conn.query("""
            SELECT login, display_name, language, role, party, active FROM person WHERE login = \(login) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """, logger: logger).decode((String, String, String, String, String?, Bool).self) {
            row = r
        }
        guard let r = row else { return nil }
        guard let role = Role(rawValue: r.3), let language = Language(rawValue: r.2) else {
            throw StoreError.unreadable(entity: "person \(login)", id: 0, Localized(fr: "rôle ou langue inconnus", en: "unknown role or language"))
        }
        var agreements: [String] = []
        for try await a in try await conn.query("SELECT agreement_id FROM person_agreement WHERE login = \(login) ORDER BY agreement_id COLLATE \"C\"",
                                                logger: logger).decode(String.self) {
            agreements.append(a)
        }
        return Person(login: r.0, displayName: r.1, language: language, role: role, agreements: agreements, party: r.4, active: r.5)
    }

    func setAgreements(_ conn: PostgresConnection, _ login: String, _ agreements: [String]) async throws {
        for id in agreements {
            let exists = try await conn.query("SELECT EXISTS (SELECT 1 FROM agreement WHERE id = \(id) AND latest_version > 0)", logger: logger)
                .decode(Bool.self).first { _ in true } ?? false
            if !exists {
                var known: [String] = []
                for try await k in try await conn.query("SELECT id FROM agreement WHERE latest_version > 0 ORDER BY id", logger: logger).decode(String.self) {
                    known.append(k)
                }
                throw StoreError.unknownAgreement(id, known: known)
            }
        }
        try await conn.query("DELETE FROM person_agreement WHERE login = \(login)", logger: logger)
        for id in agreements {
            try await conn.query("INSERT INTO person_agreement (login, agreement_id) VALUES (\(login), \(id))", logger: logger)
        }
    }

    /// That a password was set: the audit log says so, and nothing of it.
    func auditPassword(_ conn: PostgresConnection, _ login: String, by: ActingUser) async throws {
        try await audit(conn, by: by, "set-password", "person", id: login, agreement: nil, before: nil, after: nil)
    }
}
