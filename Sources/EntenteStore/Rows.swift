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
                        start: date(r[4])!, end: date(r[5]), domains: strings(r[9]),
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

    static func planItem(_ r: Row) -> PlanItem {
        PlanItem(id: r["id"], title: r["title"], domains: strings(r["domains_json"]), start: date(r["start"]), due: date(r["due"]),
                 leadParty: r["lead_party"], progress: r["progress"])
    }

    static func plan(_ r: Row, items: [PlanItem]) throws -> ActionPlan {
        guard let status = PlanStatus(rawValue: r["status"]) else {
            throw StoreError.unreadable(entity: "plan", id: r["id"], Localized(fr: "statut inconnu « \(r["status"] as String) »", en: "unknown status '\(r["status"] as String)'"))
        }
        return ActionPlan(id: r["id"], agreementID: r["agreement_id"], periodStart: date(r["period_start"])!, periodEnd: date(r["period_end"])!,
                   status: status, approvedOn: date(r["approved_on"]),
                   approvedAtMeeting: r["approved_meeting_id"], items: items)
    }

    static func meeting(_ r: Row) -> Meeting {
        Meeting(id: r["id"], agreementID: r["agreement_id"], body: r["body"], date: date(r["date"])!,
                agenda: strings(r["agenda_json"]), attendees: decode([Participant].self, r["attendees_json"]) ?? [],
                decisions: decode([Decision].self, r["decisions_json"]) ?? [], approvedPlanID: r["approved_plan_id"],
                approvedReportID: r["approved_report_id"], minutesClosed: r["minutes_closed"], corrects: r["corrects"])
    }

    static func biennial(_ r: Row) -> BiennialReportRecord {
        BiennialReportRecord(id: r["id"], agreementID: r["agreement_id"], periodStart: date(r["period_start"])!,
                             periodEnd: date(r["period_end"])!, approvedOn: date(r["approved_on"]), copySentOn: date(r["copy_sent_on"]))
    }

    static func progressReport(_ r: Row) -> ProgressReport {
        ProgressReport(id: r["id"], agreementID: r["agreement_id"], body: r["body"], submittedOn: date(r["submitted_on"])!,
                       meetingID: r["meeting_id"], requestID: r["request_id"], title: r["title"])
    }

    static func progressRequest(_ r: Row) -> ProgressReportRequest {
        ProgressReportRequest(id: r["id"], agreementID: r["agreement_id"], body: r["body"], requestedOn: date(r["requested_on"])!,
                              due: date(r["due"])!, note: r["note"])
    }

    static func notice(_ r: Row) -> TerminationNotice {
        TerminationNotice(id: r["id"], agreementID: r["agreement_id"], party: r["party"], sentOn: date(r["sent_on"])!,
                          receivedOn: date(r["received_on"]), requestedEnd: date(r["requested_end"]),
                          effectiveEnd: date(r["effective_end"])!, withdrawn: r["withdrawn"])
    }

    static func entryIntoForceEvent(_ r: Row) -> EntryIntoForceEvent {
        EntryIntoForceEvent(id: r["id"], agreementID: r["agreement_id"], on: date(r["on"])!, receivedOn: date(r["received_on"]), note: r["note"])
    }

    static func amendment(_ r: Row) -> Amendment {
        Amendment(id: r["id"], agreementID: r["agreement_id"], signedOn: date(r["signed_on"])!, summary: r["summary"],
                  textVersion: r["text_version"])
    }
}
