import EntenteCore
import EntenteJSON
import Foundation
import GRDB

/// People, tokens, sessions and failed sign-ins in the workspace database (migration
/// `v7-people`). Every change to people and tokens is audited in its own transaction under
/// the acting person's name; hashes are stored, never written to the audit log.
extension Workspace: PeopleStore {
    // MARK: - People

    public func addPerson(_ person: Person, passwordHash: String?, by: ActingUser) throws -> Person {
        let w = acting(by)
        return try w.write { d in
            if try Self.personRow(d, person.login) != nil {
                throw StoreError.loginTaken(person.login)
            }
            try d.execute(sql: """
                INSERT INTO person (login, display_name, language, role, party, active, password_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [person.login, person.displayName, person.language.rawValue, person.role.rawValue, person.party,
                                 person.active, passwordHash, Self.now()])
            try w.setAgreements(d, person.login, person.agreements)
            try w.audit(d, "add", "person", id: person.login, agreement: nil, before: nil, after: person)
            if passwordHash != nil { try w.auditPassword(d, person.login) }
            return person
        }
    }

    public func person(login: String) throws -> Person? {
        try read { d in try Self.personRow(d, login) }
    }

    public func people() throws -> [Person] {
        try read { d in
            try String.fetchAll(d, cached: "SELECT login FROM person ORDER BY login").compactMap { try Self.personRow(d, $0) }
        }
    }

    public func updatePerson(login: String, by: ActingUser, _ change: (inout Person) throws -> Void) throws -> Person {
        let w = acting(by)
        return try w.write { d in
            guard let before = try Self.personRow(d, login) else { throw StoreError.unknownPerson(login) }
            var after = before
            try change(&after)
            after.login = login
            after.agreements = Array(Set(after.agreements)).sorted()
            if after == before { return before }
            try d.execute(sql: "UPDATE person SET display_name = ?, language = ?, role = ?, party = ?, active = ? WHERE login = ?",
                          arguments: [after.displayName, after.language.rawValue, after.role.rawValue, after.party, after.active, login])
            if after.agreements != before.agreements { try w.setAgreements(d, login, after.agreements) }
            // The action names what matters most for a reader of the log.
            let action = before.active && !after.active ? "disable" : (!before.active && after.active ? "enable"
                : (before.role != after.role ? "set-role" : "edit"))
            try w.audit(d, action, "person", id: login, agreement: nil, before: before, after: after)
            return after
        }
    }

    public func setPasswordHash(login: String, _ hash: String, by: ActingUser) throws {
        let w = acting(by)
        return try w.write { d in
            guard try Self.personRow(d, login) != nil else { throw StoreError.unknownPerson(login) }
            try d.execute(sql: "UPDATE person SET password_hash = ? WHERE login = ?", arguments: [hash, login])
            try w.auditPassword(d, login)
        }
    }

    public func passwordHash(login: String) throws -> String? {
        try read { d in try String.fetchOne(d, cached: "SELECT password_hash FROM person WHERE login = ?", arguments: [login]) }
    }

    // MARK: - API tokens

    public func addToken(_ token: TokenInfo, secretHash: String, by: ActingUser) throws {
        let w = acting(by)
        return try w.write { d in
            guard try Self.personRow(d, token.login) != nil else { throw StoreError.unknownPerson(token.login) }
            try d.execute(sql: "INSERT INTO api_token (id, login, secret_hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)",
                          arguments: [token.id, token.login, secretHash, token.label, token.createdAt])
            try w.audit(d, "add", "token", id: token.id, agreement: nil, beforeJSON: nil, afterJSON: token.auditJSON)
        }
    }

    public func tokens(login: String?) throws -> [TokenInfo] {
        try read { d in
            var sql = "SELECT id, login, label, created_at, revoked_at FROM api_token"
            var args: StatementArguments = []
            if let login { sql += " WHERE login = ?"; args = [login] }
            return try Row.fetchAll(d, cached: sql + " ORDER BY created_at DESC, id", arguments: args).map(Self.tokenRow)
        }
    }

    public func token(id: String) throws -> (TokenInfo, secretHash: String)? {
        try read { d in
            try Row.fetchOne(d, cached: "SELECT id, login, label, created_at, revoked_at, secret_hash FROM api_token WHERE id = ?", arguments: [id])
                .map { (Self.tokenRow($0), secretHash: $0["secret_hash"]) }
        }
    }

    public func revokeToken(id: String, by: ActingUser) throws {
        let w = acting(by)
        return try w.write { d in
            guard let before = try Row.fetchOne(d, cached: "SELECT id, login, label, created_at, revoked_at FROM api_token WHERE id = ?",
                                                arguments: [id]).map(Self.tokenRow), before.revokedAt == nil else {
                throw StoreError.mismatch(Localized(fr: "Aucun jeton actif « \(id) »; « entente user list » montre les jetons.",
                                                    en: "No active token '\(id)'; 'entente user list' shows the tokens."))
            }
            var after = before
            after.revokedAt = Self.now()
            try d.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ?", arguments: [after.revokedAt, id])
            try w.audit(d, "revoke", "token", id: id, agreement: nil,
                                      beforeJSON: before.auditJSON, afterJSON: after.auditJSON)
        }
    }

    // MARK: - Browser sessions (bookkeeping of the web server, not audited)

    public func putSession(_ session: StoredSession) throws {
        try write { d in
            try d.execute(sql: "INSERT OR REPLACE INTO web_session (id, secret_hash, data, expires) VALUES (?, ?, ?, ?)",
                          arguments: [session.id, session.secretHash, session.data, session.expires.timeIntervalSince1970])
        }
    }

    public func session(id: String, now: Date) throws -> StoredSession? {
        try read { d in
            try Row.fetchOne(d, cached: "SELECT id, secret_hash, data, expires FROM web_session WHERE id = ? AND expires > ?",
                             arguments: [id, now.timeIntervalSince1970])
                .map { StoredSession(id: $0["id"], secretHash: $0["secret_hash"], data: $0["data"], expires: Date(timeIntervalSince1970: $0["expires"])) }
        }
    }

    public func removeSession(id: String) throws {
        try write { d in try d.execute(sql: "DELETE FROM web_session WHERE id = ?", arguments: [id]) }
    }

    public func removeExpiredSessions(now: Date) throws -> Int {
        try write { d in
            try d.execute(sql: "DELETE FROM web_session WHERE expires <= ?", arguments: [now.timeIntervalSince1970])
            return d.changesCount
        }
    }

    // MARK: - Sign-ins

    public func recordFailedSignIn(login: String, at: Date, by: ActingUser) throws -> SignInFailures {
        let w = acting(by)
        return try w.write { d in
            try d.execute(sql: """
                INSERT INTO sign_in_failure (login, count, last) VALUES (?, 1, ?)
                ON CONFLICT(login) DO UPDATE SET count = count + 1, last = excluded.last
                """, arguments: [login, at.timeIntervalSince1970])
            let count = try Int.fetchOne(d, cached: "SELECT count FROM sign_in_failure WHERE login = ?", arguments: [login]) ?? 1
            var json = JSONWriter()
            json.openObject(); json.field("failures", count); json.closeObject()
            try w.audit(d, count >= SignInThrottle.freeAttempts ? "sign-in-delayed" : "sign-in-failed", "person",
                        id: login, agreement: nil, beforeJSON: nil, afterJSON: json.text)
            return SignInFailures(count: count, last: at)
        }
    }

    public func failedSignIns(login: String) throws -> SignInFailures {
        try read { d in
            guard let r = try Row.fetchOne(d, cached: "SELECT count, last FROM sign_in_failure WHERE login = ?", arguments: [login]) else {
                return SignInFailures(count: 0, last: nil)
            }
            return SignInFailures(count: r["count"], last: Date(timeIntervalSince1970: r["last"]))
        }
    }

    public func recordSignIn(login: String, by: ActingUser) throws {
        let w = acting(by)
        return try w.write { d in
            try d.execute(sql: "DELETE FROM sign_in_failure WHERE login = ?", arguments: [login])
            try w.audit(d, "sign-in", "person", id: login, agreement: nil, beforeJSON: nil, afterJSON: nil)
        }
    }

    // MARK: - Rows

    static func personRow(_ d: Database, _ login: String) throws -> Person? {
        guard let r = try Row.fetchOne(d, cached: "SELECT login, display_name, language, role, party, active FROM person WHERE login = ?",
                                       arguments: [login]) else { return nil }
        guard let role = Role(rawValue: r["role"]), let language = Language(rawValue: r["language"]) else {
            throw StoreError.unreadable(entity: "person \(login)", id: 0, Localized(fr: "rôle ou langue inconnus", en: "unknown role or language"))
        }
        let agreements = try String.fetchAll(d, cached: "SELECT agreement_id FROM person_agreement WHERE login = ? ORDER BY agreement_id",
                                             arguments: [login])
        return Person(login: r["login"], displayName: r["display_name"], language: language, role: role,
                      agreements: agreements, party: r["party"], active: r["active"])
    }

    func setAgreements(_ d: Database, _ login: String, _ agreements: [String]) throws {
        for id in agreements where try String.fetchOne(d, cached: "SELECT id FROM agreement WHERE id = ?", arguments: [id]) == nil {
            throw StoreError.unknownAgreement(id, known: try String.fetchAll(d, cached: "SELECT id FROM agreement ORDER BY id"))
        }
        try d.execute(sql: "DELETE FROM person_agreement WHERE login = ?", arguments: [login])
        for id in agreements {
            try d.execute(sql: "INSERT INTO person_agreement (login, agreement_id) VALUES (?, ?)", arguments: [login, id])
        }
    }

    /// That a password was set: the audit log says so, and nothing of it.
    func auditPassword(_ d: Database, _ login: String) throws {
        try audit(d, "set-password", "person", id: login, agreement: nil, beforeJSON: nil, afterJSON: nil)
    }

    static func tokenRow(_ r: Row) -> TokenInfo {
        TokenInfo(id: r["id"], login: r["login"], label: r["label"], createdAt: r["created_at"], revokedAt: r["revoked_at"])
    }
}
