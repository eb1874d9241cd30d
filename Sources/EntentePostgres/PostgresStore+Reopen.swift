import EntenteCore
import EntenteStorage
import PostgresNIO

/// The one way closed minutes open again on PostgreSQL, as on SQLite: the flag alone changes
/// (the `minutes_closed_no_update` trigger of `pg-v4-reopen-minutes` refuses anything else),
/// under a lock of the meeting's row, and the audit log keeps who, when and why (action
/// `reopen`, the reason in the entry's "after").
extension PostgresStore: MinutesReopening {
    /// What the audit log keeps of a reopening: the meeting after, and why.
    struct ReopenedMinutes: Encodable {
        var meeting: Meeting
        var reason: String
    }

    public func reopenClosedMinutes(id: Int64, reason: String, by: ActingUser,
                                    check: (Meeting, Agreement) throws -> Void) async throws -> Meeting {
        try await write { conn in
            guard let before = try await self.fetchMeetings(conn, "SELECT \(unescaped: Self.meetingSelect) FROM meeting WHERE id = \(id) FOR UPDATE").first else {
                throw StoreError.notFound(entity: "meeting", id: id)
            }
            try check(before, try await self.requireAgreement(conn, before.agreementID))
            guard before.minutesClosed else {
                throw StoreError.mismatch(Localized(fr: "le procès-verbal de la réunion #\(id) n'est pas clos; il n'y a rien à rouvrir.",
                                                    en: "the minutes of meeting #\(id) are not closed; there is nothing to reopen."))
            }
            var after = before
            after.minutesClosed = false
            try await conn.query("UPDATE meeting SET minutes_closed = false WHERE id = \(id)", logger: self.logger)
            try await self.audit(conn, by: by, "reopen", "meeting", id: String(id), agreement: before.agreementID,
                                 before: Self.json(before), after: Self.json(ReopenedMinutes(meeting: after, reason: reason)))
            return after
        }
    }
}
