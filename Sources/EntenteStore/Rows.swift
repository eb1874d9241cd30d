import EntenteCore
import Foundation
import GRDB

/// Row ↔ model mapping. Lists are JSON text columns; dates are ISO text (no time zones).
enum Rows {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
    static let decoder = JSONDecoder()

    static func json<T: Encodable>(_ v: T) -> String { String(decoding: try! encoder.encode(v), as: UTF8.self) }
    static func decode<T: Decodable>(_ type: T.Type, _ s: String?) -> T? {
        guard let s else { return nil }
        return try? decoder.decode(type, from: Data(s.utf8))
    }

    /// A list of strings, parsed without Codable overhead (activities are loaded by the 100,000).
    static func strings(_ s: String?) -> [String] {
        guard let s else { return [] }
        return ListCodec.readStrings(s) ?? decode([String].self, s) ?? []
    }

    static func date(_ s: String?) -> CivilDate? { s.flatMap(CivilDate.init(iso:)) }

    /// A stored date: nil only when the column is empty and may be.
    /// - Throws: `StoreError.unreadable` for a value that is not a `YYYY-MM-DD` date, or an
    ///   empty column that must hold one: never guessed, never read as no date, never a crash
    ///   (a notice ending in the year 10000 was once stored, and every read of it trapped).
    static func day(_ s: String?, _ column: String, _ entity: String, _ id: Int64?, required: Bool) throws -> CivilDate? {
        if let s {
            if let d = CivilDate(iso: s) { return d }
            throw StoreError.unreadable(entity: entity, id: id ?? 0, Localized(fr: "la colonne \(column) ne contient pas une date AAAA-MM-JJ : « \(s) »",
                                                                             en: "column \(column) does not hold a YYYY-MM-DD date: '\(s)'"))
        }
        guard !required else {
            throw StoreError.unreadable(entity: entity, id: id ?? 0, Localized(fr: "la colonne \(column) est vide", en: "column \(column) is empty"))
        }
        return nil
    }

    static func day(_ r: Row, _ column: String, _ entity: String) throws -> CivilDate {
        try day(r[column], column, entity, r["id"], required: true)!
    }

    static func optionalDay(_ r: Row, _ column: String, _ entity: String) throws -> CivilDate? {
        try day(r[column], column, entity, r["id"], required: false)
    }

    /// The columns `activity(_:)` reads, by position: looking columns up by name was a
    /// third of loading 100,000 activities once the JSON was read by hand (measured).
    static let activitySelect = "id, agreement_id, title, description, start, \"end\", status, outcomes, plan_item_id, domains_json, means_json, parties_json, participants_json, costs_json"

    /// An activity from a row selected with `activitySelect`.
    /// - Throws: `StoreError.unreadable` for a status the model does not know (never read as
    ///   another one).
    static func activity(_ r: Row) throws -> Activity {
        let participants: String = r[12], costs: String = r[13]
        guard let status = ActivityStatus(rawValue: r[6]) else {
            throw StoreError.unreadable(entity: "activity", id: r[0], Localized(fr: "statut inconnu « \(r[6] as String) »", en: "unknown status '\(r[6] as String)'"))
        }
        return Activity(id: r[0], agreementID: r[1], title: r[2], description: r[3],
                        start: try day(r[4], "start", "activity", r[0], required: true)!,
                        end: try day(r[5], "end", "activity", r[0], required: false), domains: strings(r[9]),
                        meansOfAction: strings(r[10]), parties: strings(r[11]),
                        participants: ListCodec.readParticipants(participants) ?? decode([Participant].self, participants) ?? [],
                        costs: ListCodec.readCosts(costs) ?? decode([Cost].self, costs) ?? [],
                        status: status, outcomes: r[7], planItemID: r[8])
    }

    static func activityArguments(_ a: Activity) -> StatementArguments {
        [a.agreementID, a.title, a.description, a.start.iso, a.end?.iso, a.status.rawValue, a.outcomes, a.planItemID,
         ListCodec.strings(a.domains), ListCodec.strings(a.meansOfAction), ListCodec.strings(a.parties),
         ListCodec.participants(a.participants), ListCodec.costs(a.costs)]
    }

    static let activityColumns = "agreement_id, title, description, start, \"end\", status, outcomes, plan_item_id, domains_json, means_json, parties_json, participants_json, costs_json"

    static func planItem(_ r: Row) throws -> PlanItem {
        PlanItem(id: r["id"], title: r["title"], domains: strings(r["domains_json"]), start: try optionalDay(r, "start", "plan item"), due: try optionalDay(r, "due", "plan item"),
                 leadParty: r["lead_party"], progress: r["progress"])
    }

    static func plan(_ r: Row, items: [PlanItem]) throws -> ActionPlan {
        guard let status = PlanStatus(rawValue: r["status"]) else {
            throw StoreError.unreadable(entity: "plan", id: r["id"], Localized(fr: "statut inconnu « \(r["status"] as String) »", en: "unknown status '\(r["status"] as String)'"))
        }
        return ActionPlan(id: r["id"], agreementID: r["agreement_id"], periodStart: try day(r, "period_start", "plan"), periodEnd: try day(r, "period_end", "plan"),
                   status: status, approvedOn: try optionalDay(r, "approved_on", "plan"),
                   approvedAtMeeting: r["approved_meeting_id"], items: items)
    }

    static func meeting(_ r: Row) throws -> Meeting {
        Meeting(id: r["id"], agreementID: r["agreement_id"], body: r["body"], date: try day(r, "date", "meeting"),
                agenda: strings(r["agenda_json"]), attendees: decode([Participant].self, r["attendees_json"]) ?? [],
                decisions: decode([Decision].self, r["decisions_json"]) ?? [], approvedPlanID: r["approved_plan_id"],
                approvedReportID: r["approved_report_id"], minutesClosed: r["minutes_closed"], corrects: r["corrects"])
    }

    static func biennial(_ r: Row) throws -> BiennialReportRecord {
        BiennialReportRecord(id: r["id"], agreementID: r["agreement_id"], periodStart: try day(r, "period_start", "biennial report"),
                             periodEnd: try day(r, "period_end", "biennial report"), approvedOn: try optionalDay(r, "approved_on", "biennial report"), copySentOn: try optionalDay(r, "copy_sent_on", "biennial report"))
    }

    static func progressReport(_ r: Row) throws -> ProgressReport {
        ProgressReport(id: r["id"], agreementID: r["agreement_id"], body: r["body"], submittedOn: try day(r, "submitted_on", "progress report"),
                       meetingID: r["meeting_id"], requestID: r["request_id"], title: r["title"])
    }

    static func progressRequest(_ r: Row) throws -> ProgressReportRequest {
        ProgressReportRequest(id: r["id"], agreementID: r["agreement_id"], body: r["body"], requestedOn: try day(r, "requested_on", "progress report request"),
                              due: try day(r, "due", "progress report request"), note: r["note"])
    }

    static func notice(_ r: Row) throws -> TerminationNotice {
        TerminationNotice(id: r["id"], agreementID: r["agreement_id"], party: r["party"], sentOn: try day(r, "sent_on", "notice"),
                          receivedOn: try optionalDay(r, "received_on", "notice"), requestedEnd: try optionalDay(r, "requested_end", "notice"),
                          effectiveEnd: try day(r, "effective_end", "notice"), withdrawn: r["withdrawn"])
    }

    static func entryIntoForceEvent(_ r: Row) throws -> EntryIntoForceEvent {
        EntryIntoForceEvent(id: r["id"], agreementID: r["agreement_id"], on: try day(r, "on", "entry-into-force event"), receivedOn: try optionalDay(r, "received_on", "entry-into-force event"), note: r["note"])
    }

    static func amendment(_ r: Row) throws -> Amendment {
        Amendment(id: r["id"], agreementID: r["agreement_id"], signedOn: try day(r, "signed_on", "amendment"), summary: r["summary"],
                  textVersion: r["text_version"])
    }
}
