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
    case database(String)

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
        case .database(let m):
            return fr ? "Erreur de la base de données : \(m)" : "Database error: \(m)"
        }
    }
}
