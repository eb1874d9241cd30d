import EntenteCore
import PostgresNIO

/// A calendar date as PostgreSQL's `date`: binary, whole days since 2000-01-01 (Int32), as the
/// server keeps it. Agreement dates have no time zone; Foundation's `Date` is an instant, and
/// bound into a `date` column it lands on the previous day whenever the session time zone is
/// west of UTC (measured: 2026-02-28 stored as 2026-02-27 under `America/Toronto`). This codec
/// never goes through an instant, so no session setting can move a date.
///
/// Source: PostgreSQL 15 documentation, 8.5 "Date/Time Types" and `date_recv`/`date_send`
/// (src/backend/utils/adt/date.c): a `date` is an int32 count of days from 2000-01-01.
extension CivilDate: PostgresNonThrowingEncodable, PostgresDecodable {
    /// `CivilDate(2000-01-01).dayNumber`: days from 1970-01-01 to PostgreSQL's epoch.
    static let postgresEpoch = 10_957

    public static var psqlType: PostgresDataType { .date }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(Int32(dayNumber - Self.postgresEpoch))
    }

    /// - Throws: `PostgresDecodingError.Code.typeMismatch` for a column that is not a `date`
    ///   (a `timestamp` is an instant, never silently cut to a day), `.failure` for a
    ///   malformed value or `infinity`.
    public init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                                                  context: PostgresDecodingContext<JSONDecoder>) throws {
        switch (format, type) {
        case (.binary, .date):
            guard buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self),
                  days != Int32.max, days != Int32.min else { // ±infinity
                throw PostgresDecodingError.Code.failure
            }
            self.init(dayNumber: Int(days) + Self.postgresEpoch)
        case (.text, .date):
            guard let s = buffer.readString(length: buffer.readableBytes), let d = CivilDate(iso: s) else {
                throw PostgresDecodingError.Code.failure
            }
            self = d
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
    }
}

/// `date[]`: lists of calendar dates in one binding (bulk reads and writes).
extension CivilDate: PostgresArrayEncodable, PostgresArrayDecodable {
    public static var psqlArrayType: PostgresDataType { .dateArray }
}
