/// What has happened under an agreement: the records coordinators and committee members keep.
/// Plain values; storage assigns the ids (`nil` before a record is saved).

/// A party's participant in an activity or meeting, with their home party.
public struct Participant: Sendable, Hashable, Codable {
    public var name: String
    /// The party's id (`pole-emploi`), validated against the agreement.
    public var party: String
    public var role: String?

    public init(name: String, party: String, role: String? = nil) {
        self.name = name
        self.party = party
        self.role = role
    }
}

/// A cost, in minor units (cents) to stay exact, and the party that bears it.
public struct Cost: Sendable, Hashable, Codable {
    public var amountMinor: Int64
    /// ISO 4217 (`CAD`, `EUR`).
    public var currency: String
    /// Who bears it (Québec–Pôle emploi art. 6: the participants' own party).
    public var party: String
    public var label: String?

    public init(amountMinor: Int64, currency: String, party: String, label: String? = nil) {
        self.amountMinor = amountMinor
        self.currency = currency
        self.party = party
        self.label = label
    }

    /// "1234.50" style text (no grouping, dot decimal), for CSV and JSON.
    public var amountText: String {
        let sign = amountMinor < 0 ? "-" : ""
        let a = amountMinor.magnitude
        let cents = a % 100
        return "\(sign)\(a / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Parses "1234", "1234.5", "1234.50", "1 234,50"; nil when not a number, or when it
    /// does not fit in minor units (an amount of 10^17 or more overflowed: fuzzing).
    public static func parseAmount(_ text: String) -> Int64? {
        var t = text.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        t = String(t.map { $0 == "," ? "." : $0 })
        var negative = false
        if t.hasPrefix("-") { negative = true; t.removeFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII),
              let w = Int64(whole) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...2).contains(f.count), let c = Int64(f) else { return nil }
            cents = f.count == 1 ? c * 10 : c
        }
        let (hundreds, overflow) = w.multipliedReportingOverflow(by: 100)
        guard !overflow, hundreds <= Int64.max - cents else { return nil }
        let v = hundreds + cents
        return negative ? -v : v
    }
}

public enum ActivityStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case planned, underWay = "under-way", done, cancelled
}

/// Something done under the agreement (activité): an exchange, a mission, a videoconference…
public struct Activity: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    public var title: String
    public var description: String?
    public var start: CivilDate
    public var end: CivilDate?
    /// Full domain numbers (`2.1.1`), validated against the agreement.
    public var domains: [String]
    public var meansOfAction: [String]
    public var parties: [String]
    public var participants: [Participant]
    public var costs: [Cost]
    public var status: ActivityStatus
    public var outcomes: String?
    /// The action-plan item this activity carries out.
    public var planItemID: Int64?

    public init(id: Int64? = nil, agreementID: String, title: String, description: String? = nil,
                start: CivilDate, end: CivilDate? = nil, domains: [String] = [], meansOfAction: [String] = [],
                parties: [String] = [], participants: [Participant] = [], costs: [Cost] = [],
                status: ActivityStatus = .planned, outcomes: String? = nil, planItemID: Int64? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.title = title
        self.description = description
        self.start = start
        self.end = end
        self.domains = domains
        self.meansOfAction = meansOfAction
        self.parties = parties
        self.participants = participants
        self.costs = costs
        self.status = status
        self.outcomes = outcomes
        self.planItemID = planItemID
    }
}

public enum PlanStatus: String, Sendable, Hashable, Codable {
    case draft, approved
}

/// A planned item of a biennial action plan, with its timeline (échéancier).
public struct PlanItem: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var title: String
    public var domains: [String]
    public var start: CivilDate?
    public var due: CivilDate?
    public var leadParty: String?
    /// 0–100.
    public var progress: Int

    public init(id: Int64? = nil, title: String, domains: [String] = [], start: CivilDate? = nil,
                due: CivilDate? = nil, leadParty: String? = nil, progress: Int = 0) {
        self.id = id
        self.title = title
        self.domains = domains
        self.start = start
        self.due = due
        self.leadParty = leadParty
        self.progress = progress
    }
}

/// A biennial action plan (plan d'action biennal): draft, then approved at a meeting.
public struct ActionPlan: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var status: PlanStatus
    public var approvedOn: CivilDate?
    public var approvedAtMeeting: Int64?
    public var items: [PlanItem]

    public init(id: Int64? = nil, agreementID: String, periodStart: CivilDate, periodEnd: CivilDate,
                status: PlanStatus = .draft, approvedOn: CivilDate? = nil, approvedAtMeeting: Int64? = nil,
                items: [PlanItem] = []) {
        self.id = id
        self.agreementID = agreementID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.status = status
        self.approvedOn = approvedOn
        self.approvedAtMeeting = approvedAtMeeting
        self.items = items
    }
}

/// A decision taken at a meeting, optionally about activities.
public struct Decision: Sendable, Hashable, Codable {
    public var text: String
    public var activityIDs: [Int64]

    public init(text: String, activityIDs: [Int64] = []) {
        self.text = text
        self.activityIDs = activityIDs
    }
}

/// A meeting (réunion) of a committee or working group.
public struct Meeting: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    /// The body's id (`comite-mixte`, `groupes-travail`, `comite-coordination`).
    public var body: String
    public var date: CivilDate
    public var agenda: [String]
    public var attendees: [Participant]
    public var decisions: [Decision]
    public var approvedPlanID: Int64?
    public var approvedReportID: Int64?
    /// Closed minutes cannot be edited, only corrected by a new entry.
    public var minutesClosed: Bool
    /// The meeting record this one corrects.
    public var corrects: Int64?

    public init(id: Int64? = nil, agreementID: String, body: String, date: CivilDate, agenda: [String] = [],
                attendees: [Participant] = [], decisions: [Decision] = [], approvedPlanID: Int64? = nil,
                approvedReportID: Int64? = nil, minutesClosed: Bool = false, corrects: Int64? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.body = body
        self.date = date
        self.agenda = agenda
        self.attendees = attendees
        self.decisions = decisions
        self.approvedPlanID = approvedPlanID
        self.approvedReportID = approvedReportID
        self.minutesClosed = minutesClosed
        self.corrects = corrects
    }
}

/// A biennial report of past activities, its approval and the copy sent to the Commission.
public struct BiennialReportRecord: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var approvedOn: CivilDate?
    /// When the copy went to the Commission permanente de coopération franco-québécoise.
    public var copySentOn: CivilDate?

    public init(id: Int64? = nil, agreementID: String, periodStart: CivilDate, periodEnd: CivilDate,
                approvedOn: CivilDate? = nil, copySentOn: CivilDate? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.approvedOn = approvedOn
        self.copySentOn = copySentOn
    }
}

/// A request by a committee for a progress report, with its due date.
public struct ProgressReportRequest: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    public var body: String
    public var requestedOn: CivilDate
    public var due: CivilDate
    public var note: String?

    public init(id: Int64? = nil, agreementID: String, body: String, requestedOn: CivilDate, due: CivilDate, note: String? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.body = body
        self.requestedOn = requestedOn
        self.due = due
        self.note = note
    }
}

/// A progress report (rapport d'étape) sent to a committee.
public struct ProgressReport: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    public var body: String
    public var submittedOn: CivilDate
    /// The meeting it was sent ahead of, or the request it answers.
    public var meetingID: Int64?
    public var requestID: Int64?
    public var title: String?

    public init(id: Int64? = nil, agreementID: String, body: String, submittedOn: CivilDate,
                meetingID: Int64? = nil, requestID: Int64? = nil, title: String? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.body = body
        self.submittedOn = submittedOn
        self.meetingID = meetingID
        self.requestID = requestID
        self.title = title
    }
}

/// A written termination notice actually given (préavis écrit de résiliation).
public struct TerminationNotice: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    /// The party giving notice.
    public var party: String
    public var sentOn: CivilDate
    public var receivedOn: CivilDate?
    /// The end date the notice asks for, if any (never earlier than the period allows).
    public var requestedEnd: CivilDate?
    /// The date the agreement ends.
    public var effectiveEnd: CivilDate
    /// True when the notice was withdrawn by agreement of the parties.
    public var withdrawn: Bool

    public init(id: Int64? = nil, agreementID: String, party: String, sentOn: CivilDate, receivedOn: CivilDate? = nil,
                requestedEnd: CivilDate? = nil, effectiveEnd: CivilDate, withdrawn: Bool = false) {
        self.id = id
        self.agreementID = agreementID
        self.party = party
        self.sentOn = sentOn
        self.receivedOn = receivedOn
        self.requestedEnd = requestedEnd
        self.effectiveEnd = effectiveEnd
        self.withdrawn = withdrawn
    }
}

/// A written amendment: links to the new version of the text; the old one stays readable.
public struct Amendment: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    public var signedOn: CivilDate
    public var summary: String
    /// The text version (1, 2, …) it produced.
    public var textVersion: Int?

    public init(id: Int64? = nil, agreementID: String, signedOn: CivilDate, summary: String, textVersion: Int? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.signedOn = signedOn
        self.summary = summary
        self.textVersion = textVersion
    }
}

/// Everything recorded under one agreement: the input of the deadline engine and the reports.
public struct AgreementHistory: Sendable, Hashable, Codable {
    public var activities: [Activity]
    public var plans: [ActionPlan]
    public var meetings: [Meeting]
    public var biennialReports: [BiennialReportRecord]
    public var progressReports: [ProgressReport]
    public var progressRequests: [ProgressReportRequest]
    public var notices: [TerminationNotice]
    public var amendments: [Amendment]

    public init(activities: [Activity] = [], plans: [ActionPlan] = [], meetings: [Meeting] = [],
                biennialReports: [BiennialReportRecord] = [], progressReports: [ProgressReport] = [],
                progressRequests: [ProgressReportRequest] = [], notices: [TerminationNotice] = [],
                amendments: [Amendment] = []) {
        self.activities = activities
        self.plans = plans
        self.meetings = meetings
        self.biennialReports = biennialReports
        self.progressReports = progressReports
        self.progressRequests = progressRequests
        self.notices = notices
        self.amendments = amendments
    }
}
