import EntenteCore
import EntenteReports
import EntenteStorage

/// Whole-database views (the dashboard and the register: every agreement with its state and
/// deadlines) kept between the requests of a long-running face, for as long as nothing has
/// been committed (`AgreementStore.changeMark()`), by this process or any other on the same
/// database.
///
/// Why: computing them reads and decodes every agreement's summary and runs the deadline
/// engine on each: 0.3 s for 10,000 agreements in a release build, measured (`entente-bench`),
/// far above the web's 100 ms target when 32 people ask at once. Reading the mark is one
/// indexed query. Concurrent first requests wait for one computation rather than each
/// starting their own.
///
/// A command-line process computes once and exits: the cache then costs that one query.
actor ViewCache {
    private var mark: ChangeMark?
    private var entries: [String: Task<any Sendable, any Error>] = [:]
    /// Views kept for one mark (languages × orders × as-of days): a bound, not a tuning knob.
    static let maxEntries = 16

    /// The rows stored under `key` for this mark, or those `compute` returns (then kept).
    /// - Throws: what `compute` throws; nothing is kept then.
    func rows(mark: ChangeMark, key: String, compute: @escaping @Sendable () async throws -> [DashboardRow]) async throws -> [DashboardRow] {
        try await value(mark: mark, key: "rows|" + key, compute: compute)
    }

    /// Any view kept under `key` for this mark, or what `compute` returns (then kept). Keys
    /// name the view's type: a key always holds values of one type.
    /// - Throws: what `compute` throws; nothing is kept then.
    func value<T: Sendable>(mark: ChangeMark, key: String, compute: @escaping @Sendable () async throws -> T) async throws -> T {
        if mark != self.mark || entries.count >= Self.maxEntries {
            self.mark = mark
            entries = [:]
        }
        if let task = entries[key], let kept = try await task.value as? T { return kept }
        let task = Task<any Sendable, any Error> { try await compute() }
        entries[key] = task
        do {
            return try await task.value as! T
        } catch {
            if self.mark == mark { entries[key] = nil }
            throw error
        }
    }
}
