import GRDB

// Reads through statements compiled once per connection (`Database.cachedStatement`).
//
// Why: compiling a statement runs GRDB's authorizer over it (it records which tables a
// statement reads, for observation this project does not use): 10% of the CPU of an
// agreement page under load, in the compiler and authorizer of the same dozen queries each
// request (perf, 10,000-agreement corpus). Same SQL, same arguments, same rows; only
// single-statement SQL goes here.

extension Row {
    static func fetchAll(_ d: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try fetchAll(d.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ d: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try fetchOne(d.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchCursor(_ d: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> RowCursor {
        try fetchCursor(d.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    static func fetchAll(_ d: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(d.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ d: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(d.cachedStatement(sql: sql), arguments: arguments)
    }
}
