import EntenteCore

/// An agreement text as stored, with the model read from it.
public struct StoredAgreement: Sendable {
    public var agreement: Agreement
    public var version: Int
    public var file: String
    public var warnings: [String]
    public var importedAt: String

    public init(agreement: Agreement, version: Int, file: String, warnings: [String], importedAt: String) {
        self.agreement = agreement
        self.version = version
        self.file = file
        self.warnings = warnings
        self.importedAt = importedAt
    }
}

/// An agreement with the forms a backend stores it in, encoded once and on any thread (a pure
/// step: bulk imports encode on the parsing threads while one thread writes). Made by the
/// backend's `prepare(_:)`; it keeps the id and the encoded forms, not the model, so that the
/// writer has no large model to free either (profiled).
public struct PreparedAgreement: Sendable {
    public let id: String
    /// The whole model, as the backend stores it (JSON).
    public let modelJSON: String
    /// The model without its long lists (`Agreement.summary`), for dashboards and deadlines.
    public let summaryJSON: String

    public init(id: String, modelJSON: String, summaryJSON: String) {
        self.id = id
        self.modelJSON = modelJSON
        self.summaryJSON = summaryJSON
    }
}

/// What importing a text did.
public enum ImportResult: Sendable, Equatable {
    case created
    case unchanged
    case newVersion(Int)

    public var code: String {
        switch self {
        case .created: return "created"
        case .unchanged: return "unchanged"
        case .newVersion: return "new-version"
        }
    }

    public func describe(_ lang: Language) -> String {
        switch self {
        case .created: return lang == .fr ? "importée" : "imported"
        case .unchanged: return lang == .fr ? "inchangée" : "unchanged"
        case .newVersion(let n): return lang == .fr ? "nouvelle version \(n) du texte" : "new text version \(n)"
        }
    }
}

/// Which activities to list.
public struct ActivityFilter: Sendable, Hashable {
    public var agreementID: String?
    /// "2.1" matches activities in 2.1 or below it (2.1.3).
    public var domain: String?
    public var party: String?
    public var status: ActivityStatus?
    /// The period [from, to] the activity must overlap.
    public var from: CivilDate?
    public var to: CivilDate?

    public init(agreementID: String? = nil) { self.agreementID = agreementID }
}

/// Which audit entries to read, newest first.
public struct AuditQuery: Sendable, Hashable {
    public var entity: String?
    public var entityID: Int64?
    public var agreementID: String?
    /// At most this many entries (at least 1).
    public var limit: Int

    public init(entity: String? = nil, entityID: Int64? = nil, agreementID: String? = nil, limit: Int = 50) {
        self.entity = entity
        self.entityID = entityID
        self.agreementID = agreementID
        self.limit = limit
    }
}

/// One line of the audit log.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    /// UTC instant of the change, `2026-11-22T12:30:05.123Z`.
    public var timestamp: String
    public var user: String
    public var action: String
    public var entityType: String
    public var entityID: String?
    public var agreementID: String?
    public var before: String?
    public var after: String?

    public init(id: Int64, timestamp: String, user: String, action: String, entityType: String, entityID: String?,
                agreementID: String?, before: String?, after: String?) {
        self.id = id
        self.timestamp = timestamp
        self.user = user
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.agreementID = agreementID
        self.before = before
        self.after = after
    }
}

/// Size and modification time of a file of `agreements/` when it was last brought in.
public struct FileStamp: Sendable, Hashable, Codable {
    public var size: Int64
    /// Seconds since 1970.
    public var mtime: Double

    public init(size: Int64, mtime: Double) {
        self.size = size
        self.mtime = mtime
    }
}

/// The result of `entente check`.
public struct CheckReport: Sendable {
    public var integrity: [String]
    public var foreignKeyProblems: [String]
    public var migrations: [String]
    public var counts: [(table: String, rows: Int)]

    public init(integrity: [String], foreignKeyProblems: [String], migrations: [String], counts: [(table: String, rows: Int)]) {
        self.integrity = integrity
        self.foreignKeyProblems = foreignKeyProblems
        self.migrations = migrations
        self.counts = counts
    }

    public var ok: Bool { integrity == ["ok"] && foreignKeyProblems.isEmpty }

    public func describe(_ lang: Language) -> String {
        let fr = lang == .fr
        var out = [
            fr ? "Intégrité : \(integrity.joined(separator: "; "))" : "Integrity: \(integrity.joined(separator: "; "))",
            fr ? "Clés étrangères : \(foreignKeyProblems.isEmpty ? "ok" : foreignKeyProblems.joined(separator: "; "))"
               : "Foreign keys: \(foreignKeyProblems.isEmpty ? "ok" : foreignKeyProblems.joined(separator: "; "))",
            fr ? "Version du schéma : \(migrations.last ?? "aucune") (\(migrations.joined(separator: ", ")))"
               : "Schema version: \(migrations.last ?? "none") (\(migrations.joined(separator: ", ")))",
        ]
        out.append(fr ? "Enregistrements :" : "Records:")
        for c in counts { out.append("  \(c.table): \(c.rows)") }
        out.append(ok ? (fr ? "Base de données saine." : "Database is sound.") : (fr ? "PROBLÈME détecté." : "PROBLEM found."))
        return out.joined(separator: "\n")
    }
}
