import EntenteCore
import EntenteStorage
import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, read from a URL as libpq writes it:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]`.
/// The password comes from the URL or, when it has none, from `PGPASSWORD`; TLS is used when
/// `sslmode` asks for it (`require`, `verify-ca` and `verify-full` refuse a server without it).
///
/// Source: PostgreSQL 15 documentation, 34.1.1 "Connection Strings" and 34.15 "Environment
/// Variables".
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: String

    /// - Throws: `StoreError.mismatch` naming what is wrong with the URL and the form expected.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ fr: String, _ en: String) -> StoreError {
            StoreError.mismatch(Localized(
                fr: "adresse de base de données « \(Self.redacted(url)) » invalide : \(fr). Forme attendue : postgres://UTILISATEUR[:MOT_DE_PASSE]@HÔTE[:PORT]/BASE[?sslmode=require]",
                en: "invalid database URL '\(Self.redacted(url))': \(en). Expected: postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=require]"))
        }
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme) else {
            throw bad("le schéma doit être postgres:// ou postgresql://", "the scheme must be postgres:// or postgresql://")
        }
        guard let host = c.host, !host.isEmpty else { throw bad("hôte manquant", "no host") }
        let db = String(c.path.drop(while: { $0 == "/" }))
        guard !db.isEmpty else { throw bad("nom de base manquant après le /", "no database name after the /") }
        self.host = host
        self.port = c.port ?? 5432
        // URLComponents gives user, password and path already percent-decoded.
        self.user = c.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.password = c.password ?? environment["PGPASSWORD"]
        self.database = db
        let mode = c.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? environment["PGSSLMODE"] ?? "prefer"
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(mode) else {
            throw bad("sslmode « \(mode) » inconnu", "unknown sslmode '\(mode)'")
        }
        self.sslMode = mode
    }

    /// The URL without its password, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "****"
        return c.string ?? url
    }

    /// The same server, another database (tests create one database each).
    public func with(database: String, user: String? = nil) -> PostgresLocation {
        var l = self
        l.database = database
        if let user { l.user = user }
        return l
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// One connection's settings (the check made when a store opens).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "allow", "prefer", "require":
            var t = TLSConfiguration.makeClientConfiguration()
            t.certificateVerification = .none
            tls = sslMode == "require" ? .require(try NIOSSLContext(configuration: t)) : .prefer(try NIOSSLContext(configuration: t))
        default:
            tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var config = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        config.options.connectTimeout = .seconds(10)
        return config
    }

    var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "allow", "prefer":
            var t = TLSConfiguration.makeClientConfiguration()
            t.certificateVerification = .none
            tls = .prefer(t)
        case "require":
            // libpq's `require` encrypts without checking the certificate.
            var t = TLSConfiguration.makeClientConfiguration()
            t.certificateVerification = .none
            tls = .require(t)
        default:
            tls = .require(.makeClientConfiguration())
        }
        var config = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        config.options.maximumConnections = Self.poolSize
        config.options.connectTimeout = .seconds(10)
        return config
    }

    /// Connections one process keeps at most: `ENTENTE_POSTGRES_POOL`, else four per core of
    /// this machine (8 on 2 cores), between 4 and 40. A request holds one connection for its
    /// transaction only, and the work between queries is the process's own CPU: a few per core
    /// keep the cores busy without piling up idle sessions on the server (whose
    /// `max_connections`, 100 by default, all `entente serve` processes share).
    public static var poolSize: Int {
        if let s = ProcessInfo.processInfo.environment["ENTENTE_POSTGRES_POOL"], let n = Int(s), n > 0 { return n }
        return min(40, max(4, 4 * ProcessInfo.processInfo.activeProcessorCount))
    }
}
