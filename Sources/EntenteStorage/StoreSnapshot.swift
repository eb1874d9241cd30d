import EntenteCore

/// One stored text of an agreement, as kept: the exact XML, the model read from it (JSON), who
/// brought it in from where and when.
public struct StoredVersion: Sendable, Hashable, Codable {
    public var agreementID: String
    public var version: Int
    public var xml: String
    public var modelJSON: String
    /// The model without its long lists, when the store kept one for this version.
    public var summaryJSON: String?
    public var file: String
    public var warnings: [String]
    /// UTC instant, `2026-11-22T12:30:05.123Z`.
    public var importedAt: String

    public init(agreementID: String, version: Int, xml: String, modelJSON: String, summaryJSON: String?, file: String,
                warnings: [String], importedAt: String) {
        self.agreementID = agreementID
        self.version = version
        self.xml = xml
        self.modelJSON = modelJSON
        self.summaryJSON = summaryJSON
        self.file = file
        self.warnings = warnings
        self.importedAt = importedAt
    }
}

/// A file of a workspace's `agreements/` folder as last brought in.
public struct StoredFileStamp: Sendable, Hashable, Codable {
    public var path: String
    public var stamp: FileStamp
    public var agreementID: String?

    public init(path: String, stamp: FileStamp, agreementID: String?) {
        self.path = path
        self.stamp = stamp
        self.agreementID = agreementID
    }
}

/// A person as a copy moves them: the person, their password's hash (a copy must let them sign
/// in on the other side) and when they were added.
public struct StoredPerson: Sendable, Hashable, Codable {
    public var person: Person
    /// Bcrypt hash (`$2b$…`), nil when no password was ever set.
    public var passwordHash: String?
    /// UTC instant, `2026-11-22T12:30:05.123Z`.
    public var createdAt: String

    public init(person: Person, passwordHash: String?, createdAt: String) {
        self.person = person
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// An API token as a copy moves it: its public part and the hash of its secret (the secret
/// itself is never stored anywhere), revoked ones included.
public struct StoredToken: Sendable, Hashable, Codable {
    public var id: String
    public var login: String
    public var label: String?
    public var createdAt: String
    public var revokedAt: String?
    public var secretHash: String

    public init(_ info: TokenInfo, secretHash: String) {
        id = info.id
        login = info.login
        label = info.label
        createdAt = info.createdAt
        revokedAt = info.revokedAt
        self.secretHash = secretHash
    }

    public var info: TokenInfo { TokenInfo(id: id, login: login, label: label, createdAt: createdAt, revokedAt: revokedAt) }
}

/// Everything a store holds, in domain terms, numbers included: what `entente db copy` moves
/// from one backend to another. Each list is sorted by its key (agreement and version, path,
/// id), so that two stores holding the same things give equal snapshots.
public struct StoreSnapshot: Sendable, Hashable {
    public var versions: [StoredVersion] = []
    public var fileStamps: [StoredFileStamp] = []
    /// With their items (numbered).
    public var plans: [ActionPlan] = []
    public var biennialReports: [BiennialReportRecord] = []
    public var meetings: [Meeting] = []
    public var activities: [Activity] = []
    public var progressRequests: [ProgressReportRequest] = []
    public var progressReports: [ProgressReport] = []
    public var notices: [TerminationNotice] = []
    public var amendments: [Amendment] = []
    public var entryIntoForceEvents: [EntryIntoForceEvent] = []
    public var audit: [AuditEntry] = []
    /// People with their agreements and password hashes, by login. Browser sessions and
    /// failed sign-in counters are not part of a snapshot: they are a server's short-lived
    /// bookkeeping (a session is bound to the server that issued its cookie, a counter to the
    /// attempts against one database), and copying them would let a copy of a database, a
    /// backup, open sessions.
    public var people: [StoredPerson] = []
    /// API tokens (hashes only), by id.
    public var tokens: [StoredToken] = []

    public init() {}

    /// Nothing stored at all (the only target a copy writes into).
    public var isEmpty: Bool {
        versions.isEmpty && fileStamps.isEmpty && plans.isEmpty && biennialReports.isEmpty && meetings.isEmpty
            && activities.isEmpty && progressRequests.isEmpty && progressReports.isEmpty && notices.isEmpty
            && amendments.isEmpty && audit.isEmpty && people.isEmpty && tokens.isEmpty
    }

    /// Sorts every list by its key (stores read in their own order).
    public mutating func normalise() {
        versions.sort { ($0.agreementID, $0.version) < ($1.agreementID, $1.version) }
        fileStamps.sort { $0.path < $1.path }
        plans.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        for i in plans.indices { plans[i].items.sort { ($0.id ?? 0) < ($1.id ?? 0) } }
        biennialReports.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        meetings.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        activities.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        progressRequests.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        progressReports.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        notices.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        amendments.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        entryIntoForceEvents.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        audit.sort { $0.id < $1.id }
        people.sort { Array($0.person.login.utf8).lexicographicallyPrecedes(Array($1.person.login.utf8)) }
        tokens.sort { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
    }

    /// The message a store gives when asked to take a snapshot while not empty.
    public static func notEmptyError(_ target: String) -> StoreError {
        StoreError.mismatch(Localized(
            fr: "la base cible \(target) n'est pas vide; une copie n'écrit que dans une base vide (créez-en une nouvelle, ou choisissez un nouveau fichier). Rien n'a été écrit.",
            en: "the target database \(target) is not empty; a copy only writes into an empty database (create a new one, or choose a new file). Nothing was written."))
    }
}
