import EntenteCore
import Foundation
import GRDB

/// The whole workspace in and out as a `StoreSnapshot` (`entente db copy`), numbers, texts and
/// audit entries kept as they are.
extension Workspace {
    public func exportAll() throws -> StoreSnapshot {
        try read { d in
            var s = StoreSnapshot()
            for r in try Row.fetchAll(d, sql: """
                SELECT v.agreement_id, v.version, v.xml, v.model_json,
                       CASE WHEN v.version = a.latest_version THEN COALESCE(a.summary_json, v.summary_json) ELSE v.summary_json END AS summary_json,
                       v.file, v.warnings_json, v.imported_at
                FROM agreement_version v JOIN agreement a ON a.id = v.agreement_id ORDER BY v.agreement_id, v.version
                """) {
                s.versions.append(StoredVersion(agreementID: r["agreement_id"], version: r["version"], xml: r["xml"], modelJSON: r["model_json"],
                                                summaryJSON: r["summary_json"], file: r["file"], warnings: Rows.strings(r["warnings_json"]),
                                                importedAt: r["imported_at"]))
            }
            for r in try Row.fetchAll(d, sql: "SELECT path, size, mtime, agreement_id FROM file_sync ORDER BY path") {
                s.fileStamps.append(StoredFileStamp(path: r["path"], stamp: FileStamp(size: r["size"], mtime: r["mtime"]), agreementID: r["agreement_id"]))
            }
            for r in try Row.fetchAll(d, sql: "SELECT * FROM audit ORDER BY id") {
                s.audit.append(AuditEntry(id: r["id"], timestamp: r["at"], user: r["user"], action: r["action"], entityType: r["entity_type"],
                                          entityID: r["entity_id"], agreementID: r["agreement_id"], before: r["before_json"], after: r["after_json"]))
            }
            for r in try Row.fetchAll(d, sql: "SELECT login, password_hash, created_at FROM person ORDER BY login") {
                guard let p = try Self.personRow(d, r["login"]) else { continue }
                s.people.append(StoredPerson(person: p, passwordHash: r["password_hash"], createdAt: r["created_at"]))
            }
            for r in try Row.fetchAll(d, sql: "SELECT id, login, label, created_at, revoked_at, secret_hash FROM api_token ORDER BY id") {
                s.tokens.append(StoredToken(Self.tokenRow(r), secretHash: r["secret_hash"]))
            }
            return s
        }.merging(histories: try allHistories(activities: true))
    }

    /// One IMMEDIATE transaction, foreign keys checked at its commit (the plan ↔ meeting
    /// references point both ways).
    public func importAll(_ s: StoreSnapshot) throws {
        try write { d in
            for t in ["agreement", "agreement_version", "file_sync", "action_plan", "plan_item", "activity", "meeting", "biennial_report",
                      "progress_request", "progress_report", "termination_notice", "amendment", "entry_into_force_event", "audit",
                      "person", "person_agreement", "api_token"] {
                if try Bool.fetchOne(d, sql: "SELECT EXISTS (SELECT 1 FROM \(t))") == true { throw StoreSnapshot.notEmptyError(self.path) }
            }
            try d.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let latest = Dictionary(s.versions.map { ($0.agreementID, $0) }, uniquingKeysWith: { $0.version >= $1.version ? $0 : $1 })
            for (id, v) in latest.sorted(by: { $0.key < $1.key }) {
                try d.execute(sql: "INSERT INTO agreement (id, latest_version, summary_json, file, warnings_json, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                              arguments: [id, v.version, v.summaryJSON, v.file, ListCodec.strings(v.warnings), v.importedAt])
            }
            for v in s.versions {
                let summary = latest[v.agreementID]?.version == v.version ? nil : v.summaryJSON
                try d.execute(sql: """
                    INSERT INTO agreement_version (agreement_id, version, xml, model_json, summary_json, file, warnings_json, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [v.agreementID, v.version, v.xml, v.modelJSON, summary, v.file, ListCodec.strings(v.warnings), v.importedAt])
            }
            for f in s.fileStamps {
                try d.execute(sql: "INSERT INTO file_sync (path, size, mtime, agreement_id) VALUES (?, ?, ?, ?)",
                              arguments: [f.path, f.stamp.size, f.stamp.mtime, f.agreementID])
            }
            for p in s.plans {
                try d.execute(sql: "INSERT INTO action_plan (id, agreement_id, period_start, period_end, status, approved_on, approved_meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              arguments: [p.id, p.agreementID, p.periodStart.iso, p.periodEnd.iso, p.status.rawValue, p.approvedOn?.iso, p.approvedAtMeeting])
                for i in p.items {
                    try d.execute(sql: "INSERT INTO plan_item (id, plan_id, title, domains_json, start, due, lead_party, progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                  arguments: [i.id, p.id, i.title, Rows.json(i.domains), i.start?.iso, i.due?.iso, i.leadParty, i.progress])
                }
            }
            for r in s.biennialReports {
                try d.execute(sql: "INSERT INTO biennial_report (id, agreement_id, period_start, period_end, approved_on, copy_sent_on) VALUES (?, ?, ?, ?, ?, ?)",
                              arguments: [r.id, r.agreementID, r.periodStart.iso, r.periodEnd.iso, r.approvedOn?.iso, r.copySentOn?.iso])
            }
            for m in s.meetings {
                try d.execute(sql: """
                    INSERT INTO meeting (id, agreement_id, body, date, agenda_json, attendees_json, decisions_json, approved_plan_id,
                    approved_report_id, minutes_closed, corrects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [m.id, m.agreementID, m.body, m.date.iso, Rows.json(m.agenda), Rows.json(m.attendees), Rows.json(m.decisions),
                                     m.approvedPlanID, m.approvedReportID, m.minutesClosed, m.corrects])
            }
            for a in s.activities {
                var args = Rows.activityArguments(a)
                args = [a.id] + args
                try d.execute(sql: "INSERT INTO activity (id, \(Rows.activityColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: args)
            }
            for r in s.progressRequests {
                try d.execute(sql: "INSERT INTO progress_request (id, agreement_id, body, requested_on, due, note) VALUES (?, ?, ?, ?, ?, ?)",
                              arguments: [r.id, r.agreementID, r.body, r.requestedOn.iso, r.due.iso, r.note])
            }
            for r in s.progressReports {
                try d.execute(sql: "INSERT INTO progress_report (id, agreement_id, body, submitted_on, meeting_id, request_id, title) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              arguments: [r.id, r.agreementID, r.body, r.submittedOn.iso, r.meetingID, r.requestID, r.title])
            }
            for n in s.notices {
                try d.execute(sql: """
                    INSERT INTO termination_notice (id, agreement_id, party, sent_on, received_on, requested_end, effective_end, withdrawn)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [n.id, n.agreementID, n.party, n.sentOn.iso, n.receivedOn?.iso, n.requestedEnd?.iso, n.effectiveEnd.iso, n.withdrawn])
            }
            for a in s.amendments {
                try d.execute(sql: "INSERT INTO amendment (id, agreement_id, signed_on, summary, text_version) VALUES (?, ?, ?, ?, ?)",
                              arguments: [a.id, a.agreementID, a.signedOn.iso, a.summary, a.textVersion])
            }
            for e in s.entryIntoForceEvents {
                try d.execute(sql: "INSERT INTO entry_into_force_event (id, agreement_id, \"on\", received_on, note) VALUES (?, ?, ?, ?, ?)",
                              arguments: [e.id, e.agreementID, e.on.iso, e.receivedOn?.iso, e.note])
            }
            for e in s.audit {
                try d.execute(sql: """
                    INSERT INTO audit (id, at, user, action, entity_type, entity_id, agreement_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [e.id, e.timestamp, e.user, e.action, e.entityType, e.entityID, e.agreementID, e.before, e.after])
            }
            for sp in s.people {
                let p = sp.person
                try d.execute(sql: """
                    INSERT INTO person (login, display_name, language, role, party, active, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [p.login, p.displayName, p.language.rawValue, p.role.rawValue, p.party, p.active, sp.passwordHash, sp.createdAt])
                for a in p.agreements {
                    try d.execute(sql: "INSERT INTO person_agreement (login, agreement_id) VALUES (?, ?)", arguments: [p.login, a])
                }
            }
            for t in s.tokens {
                try d.execute(sql: "INSERT INTO api_token (id, login, secret_hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                              arguments: [t.id, t.login, t.secretHash, t.label, t.createdAt, t.revokedAt])
            }
        }
    }
}

extension StoreSnapshot {
    /// The records of every agreement, in one list per kind, sorted by number.
    func merging(histories: [String: AgreementHistory]) -> StoreSnapshot {
        var s = self
        for h in histories.values {
            s.activities += h.activities
            s.plans += h.plans
            s.meetings += h.meetings
            s.biennialReports += h.biennialReports
            s.progressReports += h.progressReports
            s.progressRequests += h.progressRequests
            s.notices += h.notices
            s.amendments += h.amendments
            s.entryIntoForceEvents += h.entryIntoForceEvents
        }
        s.normalise()
        return s
    }
}
