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

    /// Whether the caller may do `action` on `agreement` (`Permissions.may`).
    public func may(_ action: Action, on agreement: String?) -> Bool {
        Permissions.may(user.access, action, agreement: agreement)
    }

    /// Refuses, before anything is written, what the caller's rights do not allow.
    /// - Throws: `ServiceError.forbidden` naming the first action refused.
    func require(_ actions: Action..., on agreement: String?) throws {
        try require(actions, on: agreement)
    }

    func require(_ actions: [Action], on agreement: String?) throws {
        for action in actions where !may(action, on: agreement) {
            throw ServiceError.forbidden(action, agreement: agreement)
        }
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
    /// Bcrypt cost (log2 of the rounds) of password hashes: 12 (about a quarter of a second
    /// per hash here), tests may use 4, the minimum.
    public var passwordCost: Int = 12

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
    /// Where people, tokens and sessions are kept; nil when the database holds none yet.
    public let peopleStore: (any PeopleStore)?
    /// How passwords and token secrets are hashed (bcrypt, from `EntentePasswords`).
    public let passwords: (any PasswordHasher)?
    /// Whole-database views kept while nothing is committed (`ViewCache`).
    let views = ViewCache()
    /// Session keys and token secrets already checked (`VerifiedSecrets`).
    let verifiedSecrets = VerifiedSecrets()
    /// Articles of stored versions already read (`ArticleTextCache`).
    let articles = ArticleTextCache()

    /// - Parameters:
    ///   - people: the store of people, usually the same object as `store` when it keeps
    ///     them (`store as? any PeopleStore`); nil: people operations say this database does
    ///     not hold people yet.
    ///   - passwords: the hasher of passwords and token secrets; needed with `people`.
    public init(store: any AgreementStore, people: (any PeopleStore)? = nil, passwords: (any PasswordHasher)? = nil,
                configuration: ServiceConfiguration = .init()) {
        self.store = store
        self.peopleStore = people
        self.passwords = passwords
        self.configuration = configuration
    }

    public var agreements: AgreementService { AgreementService(store: store, configuration: configuration, views: views, articles: articles) }
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
    public var people: PeopleService { PeopleService(store: store, people: peopleStore, passwords: passwords, configuration: configuration, verifiedSecrets: verifiedSecrets) }
}

extension AgreementStore {
    /// The latest version of an agreement, or an error listing the known ids.
    /// - Throws: `ServiceError.unknownAgreement`.
    func require(_ id: String) async throws -> StoredAgreement {
        if let a = try await agreement(id: id, version: nil) { return a }
        throw ServiceError.unknownAgreement(id, known: try await agreementIDs())
    }
}
