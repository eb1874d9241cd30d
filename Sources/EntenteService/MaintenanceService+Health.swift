import EntenteCore
import EntenteReports
import EntenteStorage

/// Whether the service can do its work now: what a load balancer or a monitor asks
/// (`GET /healthz`).
public struct HealthReport: Sendable, Equatable {
    /// True when the database answered.
    public var databaseAnswers: Bool
    /// Why it did not, for people (no driver detail, no SQL); nil when it answered.
    public var problem: Localized?

    public init(databaseAnswers: Bool, problem: Localized?) {
        self.databaseAnswers = databaseAnswers
        self.problem = problem
    }

    /// `{"status":"ok","database":"ok"}`, or `{"status":"unavailable","database":"unavailable","message":{"fr":…,"en":…}}`:
    /// stable keys, in this order, for monitors.
    public var json: String {
        guard let problem, !databaseAnswers else {
            return JSONValue.object([("status", .string("ok")), ("database", .string("ok"))]).serialized(pretty: false)
        }
        return JSONValue.object([("status", .string("unavailable")), ("database", .string("unavailable")),
                                 ("message", .object([("fr", .string(problem.fr)), ("en", .string(problem.en))]))]).serialized(pretty: false)
    }
}

extension MaintenanceService {
    /// Asks the database for a trivial answer (`AgreementStore.ping`). No rights are checked:
    /// it tells nothing about the records, and monitors call it without signing in.
    /// Never throws: a database that does not answer is the report's content.
    public func health() async -> HealthReport {
        do {
            try await store.ping()
            return HealthReport(databaseAnswers: true, problem: nil)
        } catch {
            return HealthReport(databaseAnswers: false, problem: Self.unavailable)
        }
    }

    /// What a health check says when the database does not answer: the same words as a page
    /// that failed for that reason, without the driver's detail (which names hosts and roles).
    static let unavailable = Localized(
        fr: "La base de données ne répond pas; le service reprendra seul dès qu'elle répondra de nouveau.",
        en: "The database is not answering; the service will resume by itself as soon as it answers again.")
}
