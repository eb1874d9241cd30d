import EntenteCore
import EntenteStorage
import GRDB

/// The one way closed minutes open again: the flag alone changes, and the audit log keeps who,
/// when and why (action `reopen`, the reason in the entry's "after"). The schema refuses any
/// other change to a closed meeting (`v8-pages-closed-minutes`).
extension Workspace: MinutesReopening {
    public func reopenClosedMinutes(id: Int64, reason: String, by: ActingUser,
                                    check: (Meeting, Agreement) throws -> Void) throws -> Meeting {
        let ws = acting(by)
        return try ws.write { d in
            guard let before = try Row.fetchOne(d, sql: "SELECT * FROM meeting WHERE id = ?", arguments: [id]).map(Rows.meeting) else {
                throw StoreError.notFound(entity: "meeting", id: id)
            }
            try check(before, try ws.requireAgreement(d, before.agreementID))
            guard before.minutesClosed else {
                throw StoreError.mismatch(Localized(fr: "le procès-verbal de la réunion #\(id) n'est pas clos; il n'y a rien à rouvrir.",
                                                    en: "the minutes of meeting #\(id) are not closed; there is nothing to reopen."))
            }
            var after = before
            after.minutesClosed = false
            try d.execute(sql: "UPDATE meeting SET minutes_closed = 0 WHERE id = ?", arguments: [id])
            try ws.audit(d, "reopen", "meeting", id: String(id), agreement: before.agreementID,
                                      beforeJSON: Self.auditJSON(before), afterJSON: Self.auditJSON(ReopenedMinutes(meeting: after, reason: reason)))
            return after
        }
    }
}

/// What the audit log keeps of a reopening: the meeting after, and why.
struct ReopenedMinutes: Encodable {
    var meeting: Meeting
    var reason: String
}
