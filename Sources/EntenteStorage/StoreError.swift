import EntenteCore

/// What the store refuses, with what to do about it.
public enum StoreError: UserFacingError {
    case unknownAgreement(String, known: [String])
    case notFound(entity: String, id: Int64)
    case row(Int, String, Localized)
    case minutesClosed(Int64)
    case alreadyApproved(Int64)
    /// A record refers to another agreement's record (entity, id, its agreement, the expected one).
    case otherAgreement(entity: String, id: Int64, belongsTo: String, expected: String)
    case fileExists(String)
    case mismatch(Localized)
    /// The database failed: what kind of failure, and the driver's error as the cause.
    case database(DatabaseFailure)
    /// A stored row the model cannot read (entity, id, what is wrong): never guessed.
    case unreadable(entity: String, id: Int64, Localized)

    public func message(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .unknownAgreement(let id, let known):
            let list = known.isEmpty ? (fr ? "aucune" : "none") : known.joined(separator: ", ")
            return fr ? "Entente inconnue « \(id) ». Ententes connues : \(list)."
                      : "Unknown agreement '\(id)'. Known agreements: \(list)."
        case .notFound(let entity, let id):
            return fr ? "\(entity) #\(id) introuvable; vérifiez le numéro (les listes l'affichent)."
                      : "\(entity) #\(id) not found; check the number (listings show it)."
        case .row(let n, let field, let problem):
            return fr ? "Ligne \(n) : \(field) : \(problem.fr) Rien n'a été importé."
                      : "Row \(n): \(field): \(problem.en) Nothing was imported."
        case .minutesClosed(let id):
            return fr ? "Le procès-verbal de la réunion #\(id) est clos : il ne peut plus être modifié. Corrigez-le par une nouvelle entrée : entente meeting add … --corrects \(id)."
                      : "The minutes of meeting #\(id) are closed and cannot be edited. Correct them with a new entry: entente meeting add … --corrects \(id)."
        case .alreadyApproved(let id):
            return fr ? "Le plan #\(id) est déjà approuvé; une approbation ne se répète pas (consultez `entente history`)."
                      : "Plan #\(id) is already approved; an approval is not repeated (see `entente history`)."
        case .otherAgreement(let entity, let id, let owner, let expected):
            return fr ? "\(entity) #\(id) relève de l'entente « \(owner) », pas de « \(expected) »; choisissez un enregistrement de la même entente."
                      : "\(entity) #\(id) belongs to agreement '\(owner)', not '\(expected)'; choose a record of the same agreement."
        case .fileExists(let path):
            return fr ? "\(path) existe déjà; choisissez un autre fichier (une sauvegarde n'écrase rien)."
                      : "\(path) already exists; choose another file (a backup never overwrites)."
        case .mismatch(let m): return m[lang]
        case .unreadable(let entity, let id, let why):
            return fr ? "\(entity) #\(id) illisible dans la base : \(why.fr). Lancez « entente check » et restaurez une sauvegarde si besoin."
                      : "\(entity) #\(id) cannot be read from the database: \(why.en). Run 'entente check' and restore a backup if needed."
        case .database(let f):
            switch f.kind {
            case .busy:
                return fr ? "La base de données est occupée par un autre programme depuis trop longtemps (\(f.detail)); rien n'a été écrit. Réessayez dans un instant."
                          : "The database has been busy with another program for too long (\(f.detail)); nothing was written. Try again in a moment."
            case .full:
                return fr ? "Le disque est plein (\(f.detail)); rien n'a été écrit. Libérez de l'espace puis réessayez."
                          : "The disk is full (\(f.detail)); nothing was written. Free some space and try again."
            case .constraint:
                return fr ? "La base de données refuse ce changement (\(f.detail)); rien n'a été écrit."
                          : "The database refuses this change (\(f.detail)); nothing was written."
            case .unavailable:
                // For people, including those of a web page: no driver detail, no SQL.
                return fr ? "La base de données ne répond pas pour le moment; rien n'a été enregistré. Réessayez dans quelques instants; si cela dure, prévenez l'administrateur."
                          : "The database is not answering at the moment; nothing was saved. Try again in a few moments; if it lasts, tell the administrator."
            case .other:
                return fr ? "Erreur de la base de données : \(f.detail)" : "Database error: \(f.detail)"
            }
        }
    }
}

/// A failure of the database itself, kept with its cause so that callers can tell a busy
/// database (try again) from a refused change (a guarantee of the schema) or a full disk.
public struct DatabaseFailure: Sendable, CustomStringConvertible {
    /// `unavailable`: the database server cannot be reached or went away (a web server answers
    /// 503 and recovers when it is back).
    public enum Kind: String, Sendable { case busy, constraint, full, unavailable, other }
    public var kind: Kind
    /// Where and what, as the driver said it (for people and logs).
    public var detail: String
    /// The driver's error (GRDB's `DatabaseError`, PostgresNIO's `PSQLError`, …).
    public var cause: (any Error)?

    public init(_ kind: Kind, _ detail: String, cause: (any Error)? = nil) {
        self.kind = kind
        self.detail = detail
        self.cause = cause
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}
