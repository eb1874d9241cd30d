import EntenteCore
import EntentePasswords
import EntenteService
import EntenteStorage
import Foundation
import Testing

/// The conformance suite's people cases (`PeopleStore`), on every backend: people and their
/// agreements, API tokens, browser sessions, failed sign-ins, the audit of every change, and
/// secrets never stored or audited in clear.
extension Conformance {
    static func peopleStore(_ s: any AgreementStore) throws -> any PeopleStore {
        try #require(s as? any PeopleStore, "this backend keeps no people")
    }

    /// A bcrypt-shaped hash that no test computes: the store keeps what it is given.
    static let fakeHash = "$2b$04$abcdefghijklmnopqrstuu0123456789ABCDEFGHIJKLMNOPQRSTU"

    static func people(_ s: any AgreementStore) async throws {
        let p = try peopleStore(s)
        try await seeded(s)
        let admin = ActingUser("root")
        let marie = Person(login: "marie", displayName: "Marie Côté", language: .fr, role: .coordinator, agreements: [poleEmploi, ontario],
                           party: "gouvernement-quebec")
        #expect(try await p.addPerson(marie, passwordHash: fakeHash, by: admin) == marie)
        _ = try await p.addPerson(Person(login: "ada", language: .en, role: .admin), passwordHash: nil, by: admin)
        #expect(try await p.person(login: "marie") == marie)
        #expect(try await p.person(login: "marie")?.agreements == [ontario, poleEmploi])
        #expect(try await p.person(login: "nobody") == nil)
        #expect(try await p.people().map(\.login) == ["ada", "marie"])
        #expect(try await p.passwordHash(login: "marie") == fakeHash)
        #expect(try await p.passwordHash(login: "ada") == nil)

        // Audited: the person as added, then that a password was set (and nothing of it).
        let added = try await lastAudit(s, 3)
        #expect(added.map(\.action) == ["add", "set-password", "add"])
        #expect(added.map(\.entityType) == ["person", "person", "person"])
        #expect(added[0].after == json(marie) && added[0].before == nil && added[0].user == "root")
        #expect(added[1].before == nil && added[1].after == nil && added[1].entityID == "marie")

        // Refusals leave everything as it was (people, agreements, audit).
        try await refused(s, StoreError.self) { _ = try await p.addPerson(Person(login: "marie", role: .staff), passwordHash: nil, by: admin) }
        try await refused(s, StoreError.self) {
            _ = try await p.addPerson(Person(login: "paul", role: .coordinator, agreements: ["nope"]), passwordHash: nil, by: admin)
        }
        try await refused(s, StoreError.self) { _ = try await p.updatePerson(login: "nobody", by: admin) { $0.role = .admin } }
        try await refused(s, StoreError.self) {
            _ = try await p.updatePerson(login: "marie", by: admin) { $0.agreements = [ontario, "nope"] }
        }
        struct No: UserFacingError { func message(_ l: Language) -> String { l == .fr ? "non" : "no" } }
        try await refused(s, No.self) { _ = try await p.updatePerson(login: "marie", by: admin) { $0.role = .staff; throw No() } }
        try await refused(s, StoreError.self) { try await p.setPasswordHash(login: "nobody", fakeHash, by: admin) }

        // Changes: the login stays, agreements are a sorted set, the action names what changed.
        let committee = try await p.updatePerson(login: "marie", by: admin) { $0.role = .committee; $0.agreements = [ontario, ontario]; $0.login = "x" }
        #expect(committee.login == "marie" && committee.agreements == [ontario] && committee.role == .committee)
        #expect(try await p.person(login: "marie") == committee)
        let disabled = try await p.updatePerson(login: "marie", by: admin) { $0.active = false }
        #expect(disabled.active == false)
        let renamed = try await p.updatePerson(login: "ada", by: ActingUser("ada")) { $0.displayName = "Ada L." }
        let unchanged = try await p.updatePerson(login: "ada", by: admin) { _ in }
        #expect(unchanged == renamed)
        try await p.setPasswordHash(login: "ada", fakeHash + "x", by: ActingUser("ada"))
        #expect(try await p.passwordHash(login: "ada") == fakeHash + "x")
        let log = try await lastAudit(s, 4)
        #expect(log.map(\.action) == ["set-role", "disable", "edit", "set-password"])
        #expect(log.map(\.user) == ["root", "root", "ada", "ada"])
        #expect(log[0].before == json(marie) && log[0].after == json(committee))
        #expect(log[1].before == json(committee) && log[1].after == json(disabled))
        #expect(try await s.auditLog(AuditQuery(entity: "person", entityID: nil, limit: 100)).count == 7)
        // Nobody is deleted: the disabled person is still there.
        #expect(try await p.people().map(\.login) == ["ada", "marie"])
    }

    static func tokens(_ s: any AgreementStore) async throws {
        let p = try peopleStore(s)
        try await seeded(s)
        let admin = ActingUser("root")
        _ = try await p.addPerson(Person(login: "marie", role: .staff), passwordHash: nil, by: admin)
        _ = try await p.addPerson(Person(login: "paul", role: .staff), passwordHash: nil, by: admin)
        let older = TokenInfo(id: "00000000000000aa", login: "marie", label: "calendrier « ICS »", createdAt: "2026-11-22T12:30:05.123Z", revokedAt: nil)
        let newer = TokenInfo(id: "00000000000000bb", login: "marie", label: nil, createdAt: "2026-11-23T08:00:00.000Z", revokedAt: nil)
        let pauls = TokenInfo(id: "00000000000000cc", login: "paul", label: "api", createdAt: "2026-11-22T09:00:00.000Z", revokedAt: nil)
        try await p.addToken(older, secretHash: fakeHash, by: ActingUser("marie"))
        try await p.addToken(newer, secretHash: fakeHash + "2", by: admin)
        try await p.addToken(pauls, secretHash: fakeHash + "3", by: admin)
        #expect(try await p.tokens(login: "marie") == [newer, older]) // newest first
        #expect(try await p.tokens(login: nil).map(\.id) == [newer.id, older.id, pauls.id])
        #expect(try await p.tokens(login: "nobody").isEmpty)
        let found = try #require(try await p.token(id: older.id))
        #expect(found.0 == older && found.secretHash == fakeHash)
        #expect(try await p.token(id: "ffffffffffffffff") == nil)
        let added = try #require(try await lastAudit(s, 3).first)
        #expect(added.action == "add" && added.entityType == "token" && added.entityID == older.id && added.user == "marie")
        #expect(added.after == #"{"createdAt":"2026-11-22T12:30:05.123Z","id":"00000000000000aa","label":"calendrier « ICS »","login":"marie"}"#)

        try await refused(s, StoreError.self) {
            try await p.addToken(TokenInfo(id: "00000000000000dd", login: "nobody", label: nil, createdAt: "2026-11-22T12:30:05.123Z", revokedAt: nil),
                                 secretHash: fakeHash, by: admin)
        }
        try await p.revokeToken(id: older.id, by: admin)
        let revoked = try #require(try await p.token(id: older.id)?.0)
        let at = try #require(revoked.revokedAt)
        #expect(at.count == 24 && at.hasSuffix("Z") && at >= older.createdAt)
        #expect(revoked.createdAt == older.createdAt && revoked.login == "marie")
        let log = try #require(try await lastAudit(s, 1).first)
        #expect(log.action == "revoke" && log.entityID == older.id)
        #expect(log.before == #"{"createdAt":"2026-11-22T12:30:05.123Z","id":"00000000000000aa","label":"calendrier « ICS »","login":"marie"}"#)
        #expect(log.after?.contains("\"revokedAt\":\"\(at)\"") == true)
        // Revoked stays revoked, and is still listed (never deleted).
        try await refused(s, StoreError.self) { try await p.revokeToken(id: older.id, by: admin) }
        try await refused(s, StoreError.self) { try await p.revokeToken(id: "ffffffffffffffff", by: admin) }
        #expect(try await p.tokens(login: "marie").count == 2)
    }

    static func sessions(_ s: any AgreementStore) async throws {
        let p = try peopleStore(s)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let a = StoredSession(id: "aaaaaaaaaaaaaaaa", secretHash: fakeHash, data: #"{"login":"marie"}"#, expires: now.addingTimeInterval(3600))
        let b = StoredSession(id: "bbbbbbbbbbbbbbbb", secretHash: fakeHash, data: "{}", expires: now.addingTimeInterval(-1))
        try await p.putSession(a)
        try await p.putSession(b)
        let read = try #require(try await p.session(id: a.id, now: now))
        #expect(read.id == a.id && read.secretHash == a.secretHash && read.data == a.data)
        #expect(abs(read.expires.timeIntervalSince(a.expires)) < 0.001)
        #expect(try await p.session(id: b.id, now: now) == nil) // expired
        #expect(try await p.session(id: a.id, now: a.expires) == nil) // expires is exclusive
        #expect(try await p.session(id: b.id, now: .distantPast) != nil)
        // The same id replaces.
        try await p.putSession(StoredSession(id: a.id, secretHash: fakeHash, data: "{\"v\":2}", expires: now.addingTimeInterval(7200)))
        #expect(try await p.session(id: a.id, now: now.addingTimeInterval(5000))?.data == "{\"v\":2}")
        #expect(try await p.removeExpiredSessions(now: now) == 1)
        #expect(try await p.session(id: b.id, now: .distantPast) == nil)
        try await p.removeSession(id: a.id)
        try await p.removeSession(id: "unknown") // nothing to do, no error
        #expect(try await p.session(id: a.id, now: now) == nil)
        #expect(try await p.removeExpiredSessions(now: now.addingTimeInterval(1e6)) == 0)
        // Bookkeeping of the web server: not audited.
        #expect(try await s.auditLog(AuditQuery(limit: 10)).isEmpty)
    }

    static func failedSignIns(_ s: any AgreementStore) async throws {
        let p = try peopleStore(s)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await p.failedSignIns(login: "marie") == SignInFailures(count: 0, last: nil))
        for i in 1...6 {
            let f = try await p.recordFailedSignIn(login: "marie", at: t0.addingTimeInterval(Double(i)), by: ActingUser("marie"))
            #expect(f.count == i)
        }
        _ = try await p.recordFailedSignIn(login: "?", at: t0, by: ActingUser("?"))
        let stored = try await p.failedSignIns(login: "marie")
        #expect(stored.count == 6)
        #expect(abs(try #require(stored.last).timeIntervalSince(t0.addingTimeInterval(6))) < 0.001)
        let log = try await lastAudit(s, 7)
        #expect(log.map(\.action) == ["sign-in-failed", "sign-in-failed", "sign-in-failed", "sign-in-failed", "sign-in-delayed", "sign-in-delayed", "sign-in-failed"])
        #expect(log.map(\.entityID) == ["marie", "marie", "marie", "marie", "marie", "marie", "?"])
        #expect(log[5].after == #"{"failures":6}"#)
        try await p.recordSignIn(login: "marie", by: ActingUser("marie"))
        #expect(try await p.failedSignIns(login: "marie").count == 0)
        #expect(try await p.failedSignIns(login: "?").count == 1)
        let signIn = try #require(try await lastAudit(s, 1).first)
        #expect(signIn.action == "sign-in" && signIn.entityID == "marie" && signIn.user == "marie")
    }

    /// Through the service with the real bcrypt hasher: a password, a token's secret and a
    /// session key appear nowhere in what the store holds (snapshot, audit log, session rows).
    static func secretsNeverInClear(_ s: any AgreementStore) async throws {
        let p = try peopleStore(s)
        var configuration = ServiceConfiguration()
        configuration.passwordCost = 4
        let service = EntenteService(store: s, people: p, passwords: BcryptHasher(), configuration: configuration)
        let root = Caller(user: .local("root"), lang: .fr, asOf: day("2026-11-29"))
        let password = "Cheval-Batterie-Agrafe-Correct"
        _ = try await service.people.add(Person(login: "marie", role: .admin), password: password, root)
        let token = try await service.people.newToken(for: "marie", label: "api", root)
        let sessionKey = "hbs.k2Vw9Rc0Qm3Zt7Yp1Lx5Nd8Hs4Gf6Bj0Aa1Bb2Cc3Dd4Ee5="
        try await service.people.putSession(key: sessionKey, data: "{}", expires: Date().addingTimeInterval(3600))
        #expect(try await service.people.session(key: sessionKey) == "{}")
        #expect(try await service.people.resolve(token: token.token)?.login == "marie")
        #expect(try await service.people.authenticate(login: "marie", password: password) == .signedIn(try #require(try await p.person(login: "marie"))))

        let secret = String(token.token.split(separator: "_")[2])
        let snapshot = try await s.exportAll()
        let everything = [json(snapshot.people), json(snapshot.tokens), json(snapshot.audit)].joined(separator: "\n")
        for clear in [password, secret, String(sessionKey.dropFirst(PeopleService.sessionLookupLength))] {
            #expect(!everything.contains(clear), "a secret is stored or audited in clear")
        }
        let stored = try #require(try await p.session(id: String(sessionKey.prefix(PeopleService.sessionLookupLength)), now: Date()))
        #expect(!stored.secretHash.contains(String(sessionKey.dropFirst(PeopleService.sessionLookupLength))) && stored.secretHash.hasPrefix("$2"))
        #expect(try await p.passwordHash(login: "marie")?.hasPrefix("$2") == true)
        #expect(snapshot.tokens.first?.secretHash.hasPrefix("$2") == true)
    }

    /// The register of agreements and the party names in French order, the same on every
    /// backend: agreements whose titles and parties carry É, é, œ and « », stored in an order
    /// that is neither their ids' nor their titles'.
    static func frenchOrder(_ s: any AgreementStore) async throws {
        let base = try parsed(poleEmploi)
        let titles = [("z-1", "Zoé : entente de services"), ("a-2", "« Île-du-Prince-Édouard » — échanges"), ("m-3", "Œuvres sociales"),
                      ("b-4", "été culturel"), ("c-5", "Ecole et formation"), ("y-6", "École de la fonction publique"), ("d-7", "oeuvres communes")]
        let parties = ["Île-du-Prince-Édouard", "Zoé Inc.", "École nationale", "Ecole libre", "Œuvre commune", "été 2025", "Ontario"]
        for (i, (id, title)) in titles.enumerated() {
            var a = base.agreement
            a.id = id
            a.shortTitle = nil
            a.language = .fr
            a.titles = [AgreementTitle(language: .fr, text: title)]
            a.parties = [Party(id: "p\(i)", name: parties[i]), Party(id: "p\((i + 1) % parties.count)", name: parties[(i + 1) % parties.count])]
            _ = try await s.importAgreement(s.prepare(a), xml: base.xml.replacingOccurrences(of: poleEmploi, with: id), file: "\(id).xml", warnings: [], by: marie)
        }
        let service = EntenteService(store: s)
        let caller = Caller(user: .local("marie"), lang: .fr, asOf: day("2026-11-29"))
        let register = try await service.agreements.register(leadTimes: [90], caller).map { $0.agreement.displayTitle(.fr) }
        // Letters first ("École de la…" before "Ecole et…": d < e), accents only between equals.
        #expect(register == ["École de la fonction publique", "Ecole et formation", "été culturel", "« Île-du-Prince-Édouard » — échanges",
                             "oeuvres communes", "Œuvres sociales", "Zoé : entente de services"])
        let names = try await service.agreements.parties(caller).map(\.name)
        #expect(names == ["Ecole libre", "École nationale", "été 2025", "Île-du-Prince-Édouard", "Œuvre commune", "Ontario", "Zoé Inc."])
    }
}
