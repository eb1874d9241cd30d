import EntenteCore
import EntenteReports
import EntenteStorage
import EntenteXML
import Foundation

/// Signed amendments (modifications): the record and the agreement's new text.
public struct AmendmentService: Sendable {
    let store: any AgreementStore
    let configuration: ServiceConfiguration

    /// Records an amendment signed on `signedOn`, with the amended text read from `textFile`
    /// (Akoma Ntoso); the old text stays readable as the previous version.
    /// - Throws: `ServiceError.unknownAgreement`, `.textOfAnotherAgreement`, `XMLImportError`,
    ///   `StoreError.mismatch` (the text is unchanged).
    public func record(_ id: String, signedOn: CivilDate, summary: String, textFile: String, _ caller: Caller) async throws -> Amendment {
        try caller.require(.recordAmendment, on: id)
        _ = try await store.require(id)
        let options = try AgreementService(store: store, configuration: configuration).importOptions(strict: false)
        let r = try AKNImporter.importFile(path: textFile, options: options)
        guard r.agreement.id == id else {
            throw ServiceError.textOfAnotherAgreement(file: textFile, found: r.agreement.id, expected: id)
        }
        return try await store.addAmendment(Amendment(agreementID: id, signedOn: signedOn, summary: summary),
                                            text: store.prepare(r.agreement), xml: r.xml, file: textFile,
                                            warnings: r.warnings.map { $0.formatted(file: textFile, caller.lang) }, by: caller.user)
    }
}

/// What a document needs besides its kind and agreement.
public struct ReportRequest: Sendable {
    public var kind: ReportKind
    public var agreementID: String
    /// The period covered; by default the two years up to `to`, which defaults to the caller's day.
    public var from: CivilDate?
    public var to: CivilDate?
    public var format: ReportFormat
    /// A progress report: the Coordination Committee meeting it is for.
    public var meetingID: Int64?
    /// A notice letter: the party giving notice (default: the first party) and the day (default: today).
    public var party: String?
    public var givenOn: CivilDate?
    public var leadTimes: [Int]

    public init(kind: ReportKind, agreementID: String, from: CivilDate? = nil, to: CivilDate? = nil, format: ReportFormat,
                meetingID: Int64? = nil, party: String? = nil, givenOn: CivilDate? = nil, leadTimes: [Int] = [90, 30, 7]) {
        self.kind = kind
        self.agreementID = agreementID
        self.from = from
        self.to = to
        self.format = format
        self.meetingID = meetingID
        self.party = party
        self.givenOn = givenOn
        self.leadTimes = leadTimes
    }
}

/// Documents from templates: biennial report, action plan, progress report, notice letter.
public struct ReportService: Sendable {
    let store: any AgreementStore
    let configuration: ServiceConfiguration

    /// The report's input: the agreement, what was recorded, the deadlines and the period.
    /// A notice letter uses the notice recorded, or one given on `givenOn` by `party`.
    /// - Throws: `ServiceError.unknownAgreement`, `.period`, `.unknownMeeting`,
    ///   `.noNoticeClause`, `ValidationError` (an unknown party).
    public func input(_ r: ReportRequest, _ caller: Caller) async throws -> ReportInput {
        try caller.require(.view, on: r.agreementID)
        let a = try await store.require(r.agreementID).agreement
        let history = try await store.history(agreementID: r.agreementID)
        let deadlines = DeadlineEngine(leadTimes: r.leadTimes).deadlines(for: a, history: history, asOf: caller.asOf)
        let to = r.to ?? caller.asOf
        let from = r.from ?? to.adding(years: -2).adding(days: 1)
        guard from <= to else { throw ServiceError.period(from: from, to: to) }
        var input = ReportInput(agreement: a, history: history, deadlines: deadlines, from: from, to: to, asOf: caller.asOf, language: caller.lang)
        if r.kind == .progress, let meeting = r.meetingID {
            guard let m = history.meetings.first(where: { $0.id == meeting }) else {
                throw ServiceError.unknownMeeting(agreement: r.agreementID, meeting: meeting)
            }
            input.meeting = m
        }
        if r.kind == .noticeLetter {
            guard let clause = a.notice else { throw ServiceError.noNoticeClause(agreement: r.agreementID) }
            let given = r.givenOn ?? caller.asOf
            let giver = r.party ?? a.parties.first?.id ?? ""
            try RecordValidator.checkParty(giver, a, field: "party")
            let end = LifeRules.termination(a, sent: given, events: history.entryIntoForceEvents).end
            input.notice = history.notices.first { !$0.withdrawn } ?? TerminationNotice(
                agreementID: r.agreementID, party: giver, sentOn: given,
                effectiveEnd: end ?? TerminationRules.earliestTermination(noticeGivenOn: given, period: clause.period))
        }
        return input
    }

    /// The document as text (Markdown or HTML), from the workspace's templates when it has
    /// its own, else the built-in ones.
    /// - Throws: as `input`, and `ReportError` for a broken template.
    public func render(_ r: ReportRequest, _ caller: Caller) async throws -> String {
        let input = try await input(r, caller)
        let renderer = try await ReportRenderer(workspaceTemplatesDirectory: configuration.templatesFolder)
        return try renderer.render(r.kind, format: r.format, input: input)
    }
}

/// The audit log: who changed what, when, before and after.
public struct HistoryService: Sendable {
    let store: any AgreementStore

    /// Entries newest first: of one agreement, or of one record (an activity, a meeting…), for
    /// anyone who views it; across agreements, and of people and tokens, for administrators.
    /// - Throws: `ServiceError.forbidden`.
    public func entries(_ query: AuditQuery, _ caller: Caller) async throws -> [AuditEntry] {
        let ofPeople = ["person", "token"].contains(query.entity ?? "")
        if !ofPeople, let id = query.agreementID {
            try caller.require(.view, on: id)
        } else if !ofPeople, query.entity != nil, query.entityID != nil {
            try caller.require(.view, on: nil)
        } else {
            try caller.require(.viewAuditLog, on: nil)
        }
        return try await store.auditLog(query)
    }
}

/// Backups, checks and the sample log of `entente demo`.
public struct MaintenanceService: Sendable {
    let store: any AgreementStore

    /// A consistent copy of the database in a new file; never overwrites.
    /// - Throws: `ServiceError.forbidden`, `StoreError.fileExists`, `.database`.
    public func backup(to path: String, _ caller: Caller) async throws {
        try caller.require(.maintain, on: nil)
        try await store.backup(to: path)
    }

    /// Integrity, foreign keys, schema version and row counts.
    /// - Throws: `ServiceError.forbidden`.
    public func check(_ caller: Caller) async throws -> CheckReport {
        try caller.require(.maintain, on: nil)
        return try await store.check()
    }

    /// Stores the sample log of both seed agreements (those present), each record through the
    /// same operation a person would use, references resolved in order.
    /// - Returns: the number of records stored.
    /// - Throws: `ServiceError.forbidden` (it imports: administrators only), whatever an operation throws.
    public func loadSample(_ caller: Caller) async throws -> Int {
        try caller.require(.importText, on: nil)
        let service = EntenteService(store: store)
        var count = 0
        for (id, entries) in [(SampleLog.quebecOntarioID, SampleLog.quebecOntario()), (SampleLog.quebecPoleEmploiID, SampleLog.quebecPoleEmploi())] {
            guard try await store.agreement(id: id, version: nil) != nil else { continue }
            var plans: [Int: ActionPlan] = [:]
            var meetings: [Int: Int64] = [:]
            for (i, e) in entries.enumerated() {
                switch e {
                case .activity(let a):
                    _ = try await service.activities.add(a, caller)
                case .plan(let p):
                    plans[i] = try await service.plans.create(p, caller)
                case .activityForPlanItem(var a, let planEntry, let item):
                    a.planItemID = plans[planEntry]?.items[item].id
                    _ = try await service.activities.add(a, caller)
                case .meeting(var m, let approves):
                    m.approvedPlanID = approves.flatMap { plans[$0]?.id }
                    meetings[i] = try await service.meetings.add(m, caller).id
                case .biennialReport(let r):
                    _ = try await service.biennial.record(r, caller)
                case .progressRequest(let r):
                    _ = try await service.progress.request(r, caller)
                case .progressReport(var r, let meetingEntry):
                    r.meetingID = meetingEntry.flatMap { meetings[$0] }
                    _ = try await service.progress.submit(r, caller)
                }
                count += 1
            }
        }
        return count
    }
}

/// A new workspace folder for `entente demo`: the agreement texts copied in, ready to be opened.
public enum SampleWorkspace {
    /// Copies the `.xml` texts of `source` into `dir/agreements` (created).
    /// - Throws: `ServiceError.noAgreementTexts`, `.workspaceExists`, `.unreadable` (cannot write).
    public static func prepareFolder(_ dir: String, copyingAgreementsFrom source: String) throws {
        let fm = FileManager.default
        let files = AgreementFiles.list(in: source)
        guard !files.isEmpty else {
            throw ServiceError.noAgreementTexts(folder: source)
        }
        if fm.fileExists(atPath: (dir as NSString).appendingPathComponent(".entente/entente.sqlite")) {
            throw ServiceError.workspaceExists(dir)
        }
        let target = (dir as NSString).appendingPathComponent("agreements")
        do {
            try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
            for f in files {
                let dest = (target as NSString).appendingPathComponent((f as NSString).lastPathComponent)
                if !fm.fileExists(atPath: dest) { try fm.copyItem(atPath: f, toPath: dest) }
            }
        } catch {
            throw ServiceError.unreadable(path: dir, why: error.localizedDescription)
        }
    }
}
