import EntenteCore
import EntenteStorage
import EntenteXML

/// A plan item and what was done for it: the activities that name it (`Activity.planItemID`).
public struct PlanItemOutcome: Sendable {
    public var item: PlanItem
    /// The activities carrying out the item, by start date; cancelled ones included (marked).
    public var activities: [Activity]
    /// How many of them are done.
    public var done: Int { activities.filter { $0.status == .done }.count }
}

/// A plan with, per item, what was done (plan against what was done, plan contre réalisations).
public struct PlanOverview: Sendable {
    public var plan: ActionPlan
    public var items: [PlanItemOutcome]
    /// The meeting that approved it, when recorded.
    public var approvedAt: Meeting?
}

/// The progress reports of an agreement, the committees' requests with their answers, and
/// what is due (rapports d'étape: before each Coordination Committee meeting, or on request).
public struct ProgressOverview: Sendable {
    public var reports: [ProgressReport]
    /// Each request with the reports that answer it (`ProgressReport.requestID`).
    public var requests: [(request: ProgressReportRequest, answers: [ProgressReport])]
    /// The meetings a report can precede or be linked to, by date.
    public var meetings: [Meeting]
    /// The open progress-report deadlines (before the next meeting, requests not answered).
    public var due: [Deadline]
}

/// The biennial report records of an agreement, the meetings that may approve them, and the
/// open biennial deadlines (report, copy to the Commission).
public struct BiennialOverview: Sendable {
    public var records: [BiennialReportRecord]
    public var meetings: [Meeting]
    public var due: [Deadline]
}

extension PlanService {
    /// The plans of an agreement by period, each item with the activities that carry it out.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func overview(_ id: String, _ caller: Caller) async throws -> [PlanOverview] {
        try caller.require(.view, on: id)
        _ = try await store.require(id)
        let h = try await store.history(agreementID: id)
        return h.plans.sorted { ($0.periodStart, $0.id ?? 0) < ($1.periodStart, $1.id ?? 0) }.map { p in
            PlanOverview(plan: p, items: p.items.map { item in
                PlanItemOutcome(item: item, activities: h.activities.filter { $0.planItemID != nil && $0.planItemID == item.id }
                    .sorted { $0.start < $1.start })
            }, approvedAt: p.approvedAtMeeting.flatMap { m in h.meetings.first { $0.id == m } })
        }
    }
}

extension MeetingService {
    /// Reopens closed minutes, with the reason kept in the audit log. Administrators only
    /// (issue 13's matrix, `Action.reopenMinutes`); the store's one audited exception to
    /// "closed minutes are never edited".
    /// - Parameter reason: why (required: the audit log must say it).
    /// - Throws: `ServiceError.forbidden`, `ValidationError` (no reason), `StoreError.notFound`,
    ///   `.mismatch` (not closed, or a database without this path).
    public func reopen(_ id: Int64, reason: String, _ caller: Caller) async throws -> Meeting {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            throw ValidationError(field: "reason", problem: Localized(
                fr: "donnez la raison de la réouverture; le journal d'audit la garde.",
                en: "give the reason for reopening; the audit log keeps it."))
        }
        return try await store.reopenMinutes(id: id, reason: reason, by: caller.user) { _, agreement in
            try caller.require(.reopenMinutes, on: agreement.id)
        }
    }
}

extension ProgressService {
    /// Reports, requests with their answers, meetings, and the open progress-report deadlines.
    /// - Parameter leadTimes: days before a due date at which a deadline counts as due soon.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func overview(_ id: String, leadTimes: [Int], _ caller: Caller) async throws -> ProgressOverview {
        try caller.require(.view, on: id)
        let stored = try await store.require(id)
        let h = try await store.history(agreementID: id)
        let due = DeadlineEngine(leadTimes: leadTimes).deadlines(for: [(stored.agreement, h)], asOf: caller.asOf, from: nil, to: nil)
            .filter { [.progressReportBeforeMeeting, .progressReportOnRequest].contains($0.kind) && $0.status != .met }
        return ProgressOverview(
            reports: h.progressReports.sorted { $0.submittedOn < $1.submittedOn },
            requests: h.progressRequests.sorted { $0.requestedOn < $1.requestedOn }.map { r in
                (r, h.progressReports.filter { $0.requestID != nil && $0.requestID == r.id })
            },
            meetings: h.meetings.sorted { $0.date < $1.date }, due: due)
    }
}

extension BiennialService {
    /// The biennial report records by period, the meetings, and the open biennial deadlines.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`.
    public func overview(_ id: String, leadTimes: [Int], _ caller: Caller) async throws -> BiennialOverview {
        try caller.require(.view, on: id)
        let stored = try await store.require(id)
        let h = try await store.history(agreementID: id)
        let due = DeadlineEngine(leadTimes: leadTimes).deadlines(for: [(stored.agreement, h)], asOf: caller.asOf, from: nil, to: nil)
            .filter { [.biennialActionPlan, .biennialReport, .reportCopyToCommission].contains($0.kind) && $0.status != .met }
        return BiennialOverview(records: h.biennialReports.sorted { $0.periodStart < $1.periodStart },
                                meetings: h.meetings.sorted { $0.date < $1.date }, due: due)
    }
}

extension AgreementService {
    /// The full text of each article of the latest version (or `version`), read from the
    /// stored Akoma Ntoso text with the safe parser: what the agreement page shows with one
    /// anchor per article.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `.unknownVersion`, `XMLImportError`.
    ///
    /// A version's text is never changed once stored (the schema refuses it), so the articles
    /// of a numbered version are read once per process and kept (`ArticleTextCache`): parsing
    /// the text again was 5% of the CPU of an agreement page under load (perf).
    public func articleTexts(_ id: String, version: Int? = nil, _ caller: Caller) async throws -> [ArticleText] {
        if let version {
            try caller.require(.view, on: id)
            if let kept = await articles.texts(id: id, version: version) { return kept }
        }
        let xml = try await text(id, version: version, caller)
        let read = try ArticleText.read(XMLSource(bytes: Array(xml.utf8), fileName: "\(id).xml"))
        if let version { await articles.keep(read, id: id, version: version) }
        return read
    }
}

/// The articles of stored versions already read (`AgreementService.articleTexts`).
actor ArticleTextCache {
    private var kept: [String: [ArticleText]] = [:]
    /// Versions kept: a bound on memory (an agreement's articles are tens of kilobytes).
    static let capacity = 64

    func texts(id: String, version: Int) -> [ArticleText]? { kept["\(version)|\(id)"] }

    func keep(_ texts: [ArticleText], id: String, version: Int) {
        if kept.count >= Self.capacity { kept = [:] }
        kept["\(version)|\(id)"] = texts
    }
}
