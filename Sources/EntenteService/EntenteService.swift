import EntenteCore
import EntenteStorage

/// Who asks, in which language, and on which day: what every operation needs besides its own
/// input. A command-line run has one; a web server makes one per request.
public struct Caller: Sendable {
    /// The name the audit log records for every change made.
    public var user: ActingUser
    /// The language of messages and documents for people.
    public var lang: Language
    /// "Today" for every date-dependent answer (`--as-of`).
    public var asOf: CivilDate

    public init(user: ActingUser, lang: Language, asOf: CivilDate) {
        self.user = user
        self.lang = lang
        self.asOf = asOf
    }
}

/// Where a workspace keeps what is not in the database.
public struct ServiceConfiguration: Sendable {
    /// The folder of agreement texts brought in before each operation (nil: none, as on a
    /// shared database server).
    public var agreementsFolder: String?
    /// A workspace's own report templates, overriding the built-in ones file by file.
    public var templatesFolder: String?
    /// The official Akoma Ntoso XSD to validate texts against (nil: structural checks only).
    public var schemaPath: String?

    public init(agreementsFolder: String? = nil, templatesFolder: String? = nil, schemaPath: String? = nil) {
        self.agreementsFolder = agreementsFolder
        self.templatesFolder = templatesFolder
        self.schemaPath = schemaPath
    }
}

/// Every operation a person can do, once, below every face (command line, web).
///
/// One type per area; each operation takes typed input and a `Caller`, checks Core's rules
/// before it writes, writes through `AgreementStore` in one transaction under the caller's
/// name, and returns typed values or throws a `UserFacingError` (bilingual). It knows nothing
/// of argument parsing, HTTP or terminals, and nothing of which database is behind the store.
public struct EntenteService: Sendable {
    public let store: any AgreementStore
    public let configuration: ServiceConfiguration

    public init(store: any AgreementStore, configuration: ServiceConfiguration = .init()) {
        self.store = store
        self.configuration = configuration
    }

    public var agreements: AgreementService { AgreementService(store: store, configuration: configuration) }
    public var notices: NoticeService { NoticeService(store: store) }
    public var deadlines: DeadlineService { DeadlineService(store: store) }
    public var activities: ActivityService { ActivityService(store: store) }
    public var plans: PlanService { PlanService(store: store) }
    public var meetings: MeetingService { MeetingService(store: store) }
    public var progress: ProgressService { ProgressService(store: store) }
    public var biennial: BiennialService { BiennialService(store: store) }
    public var amendments: AmendmentService { AmendmentService(store: store, configuration: configuration) }
    public var reports: ReportService { ReportService(store: store, configuration: configuration) }
    public var history: HistoryService { HistoryService(store: store) }
    public var maintenance: MaintenanceService { MaintenanceService(store: store) }
    public var intake: IntakeService { IntakeService(store: store, configuration: configuration) }
}

extension AgreementStore {
    /// The latest version of an agreement, or an error listing the known ids.
    /// - Throws: `ServiceError.unknownAgreement`.
    func require(_ id: String) async throws -> StoredAgreement {
        if let a = try await agreement(id: id, version: nil) { return a }
        throw ServiceError.unknownAgreement(id, known: try await agreementIDs())
    }
}
