import EntenteCore
import EntenteJSON
import Foundation
import GRDB

/// Transactions and the audit entry every change writes in the same transaction.
extension Workspace {

    /// Runs `body` in one IMMEDIATE transaction: all of it is written, or nothing.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try db.writeWithoutTransaction { d in
                var result: T?
                try d.inTransaction(.immediate) {
                    result = try body(d)
                    return .commit
                }
                return result!
            }
        } catch let e as UserFacingError {
            throw e
        } catch {
            throw StoreError.database(Self.failure(error, at: nil))
        }
    }

    /// SQLite's error as a failure of the kind callers act on, with the error as its cause.
    static func failure(_ error: any Error, at path: String?) -> DatabaseFailure {
        let prefix = path.map { "\($0): " } ?? ""
        guard let e = error as? DatabaseError else { return DatabaseFailure(.other, prefix + "\(error)", cause: error) }
        let kind: DatabaseFailure.Kind
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
        case .SQLITE_CONSTRAINT: kind = .constraint
        case .SQLITE_FULL: kind = .full
        default: kind = .other
        }
        return DatabaseFailure(kind, prefix + (e.message ?? "\(e)"), cause: e)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.read { try body($0) } } catch let e as UserFacingError { throw e } catch {
            throw StoreError.database(Self.failure(error, at: nil))
        }
    }

    /// UTC timestamp of a change, `2026-11-22T12:30:05.123Z` (the audit log records instants;
    /// agreement dates are calendar dates). Formatted by hand: a formatter per call cost 18 %
    /// of a bulk import (profiled).
    static func now() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(tmv.tm_year + 1900, 4))-\(pad(tmv.tm_mon + 1, 2))-\(pad(tmv.tm_mday, 2))T\(pad(tmv.tm_hour, 2)):\(pad(tmv.tm_min, 2)):\(pad(tmv.tm_sec, 2)).\(pad(Int32(tv.tv_usec / 1000), 3))Z"
    }

    static func auditJSON(_ value: any Encodable) -> String {
        if let a = value as? Activity { return ListCodec.activity(a) }
        return Rows.json(AnyEncodable(value))
    }

    func audit(_ d: Database, _ action: String, _ entity: String, id: String?, agreement: String?,
               before: (any Encodable)?, after: (any Encodable)?) throws {
        try audit(d, action, entity, id: id, agreement: agreement, beforeJSON: before.map(Self.auditJSON), afterJSON: after.map(Self.auditJSON))
    }

    /// The same, with the values already written as JSON.
    func audit(_ d: Database, _ action: String, _ entity: String, id: String?, agreement: String?,
               beforeJSON: String?, afterJSON: String?) throws {
        try d.cachedStatement(sql: """
            INSERT INTO audit (at, user, action, entity_type, entity_id, agreement_id, before_json, after_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [Self.now(), user, action, entity, id, agreement, beforeJSON, afterJSON])
    }
}

/// Lets the audit log encode any model value.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
