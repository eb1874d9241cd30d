import EntenteCore

/// What an operation refuses, with what to do about it.
public enum ServiceError: UserFacingError, Equatable {
    case unknownAgreement(String, known: [String])
    case unknownVersion(agreement: String, version: Int)
    case noNoticeClause(agreement: String)
    case unknownMeeting(agreement: String, meeting: Int64)
    case alreadyCancelled(activity: Int64)
    case missingFile(String)
    case unreadable(path: String, why: String)
    case period(from: CivilDate, to: CivilDate)
    case noAgreementTexts(folder: String)
    /// The converted text does not read back as valid Akoma Ntoso (the read-back's messages).
    case convertedTextInvalid(file: String, details: [String])
    case workspaceExists(String)
    case textOfAnotherAgreement(file: String, found: String, expected: String)
    /// The caller's rights do not allow this action (on this agreement): HTTP 403 for the web.
    case forbidden(Action, agreement: String?)
    /// The database behind the service does not keep people (yet).
    case noPeople
    /// A login or password a rule refuses (`LoginRule`, `PasswordRule`); never the password itself.
    case badLogin(String, Localized)
    case badPassword(Localized)
    /// Agreements given for a role that does not act per agreement (administrator, staff).
    case agreementsNotForRole(Role)
    /// A session key too short to be a secret (the web layer's mistake, not a person's).
    case weakSessionKey

    public func message(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .unknownAgreement(let id, let known):
            let list = known.isEmpty ? (fr ? "aucune" : "none") : known.joined(separator: ", ")
            return fr ? "Entente inconnue « \(id) ». Ententes connues : \(list). Importez-la avec « entente import FICHIER »."
                      : "Unknown agreement '\(id)'. Known agreements: \(list). Import it with 'entente import FILE'."
        case .unknownVersion(let id, let v):
            return fr ? "Version \(v) inconnue pour \(id)." : "No version \(v) of \(id)."
        case .noNoticeClause(let id):
            return fr ? "L'entente \(id) n'a pas de clause de préavis connue : aucun calcul possible."
                      : "Agreement \(id) has no known notice clause: nothing to compute."
        case .unknownMeeting(let id, let m):
            return fr ? "Réunion #\(m) inconnue pour \(id)." : "No meeting #\(m) for \(id)."
        case .alreadyCancelled(let id):
            return fr ? "L'activité #\(id) est déjà annulée; rien à faire (l'historique la garde)."
                      : "Activity #\(id) is already cancelled; nothing to do (the log keeps it)."
        case .missingFile(let p):
            return fr ? "\(p) : fichier ou dossier introuvable." : "\(p): no such file or folder."
        case .unreadable(let p, let why):
            return fr ? "\(p) : \(why)" : "\(p): \(why)"
        case .period(let from, let to):
            return fr ? "--from (\(from.iso)) doit précéder --to (\(to.iso))." : "--from (\(from.iso)) must not be after --to (\(to.iso))."
        case .convertedTextInvalid(let file, let details):
            let list = details.isEmpty ? "" : "\n" + details.joined(separator: "\n")
            return fr ? "\(file) : le texte converti n'est pas conforme au schéma Akoma Ntoso 3.0; rien n'a été écrit.\(list)"
                      : "\(file): the converted text does not conform to the Akoma Ntoso 3.0 schema; nothing was written.\(list)"
        case .noAgreementTexts(let folder):
            return fr ? "\(folder) : aucun fichier .xml d'entente; précisez --agreements DOSSIER." : "\(folder): no agreement .xml files; give --agreements FOLDER."
        case .workspaceExists(let dir):
            return fr ? "\(dir) contient déjà un espace de travail; choisissez un dossier neuf." : "\(dir) already holds a workspace; choose a new folder."
        case .textOfAnotherAgreement(let file, let found, let expected):
            return fr ? "Le texte \(file) porte l'identifiant « \(found) », pas « \(expected) »."
                      : "The text \(file) has id '\(found)', not '\(expected)'."
        case .forbidden(let action, let agreement):
            let on = agreement.map { fr ? " pour l'entente « \($0) »" : " for agreement '\($0)'" } ?? ""
            return fr ? "Refusé : votre rôle ne permet pas de \(action.name(.fr))\(on). Rien n'a été écrit; demandez à un administrateur s'il le faut."
                      : "Refused: your role does not allow you to \(action.name(.en))\(on). Nothing was written; ask an administrator if you need to."
        case .noPeople:
            return fr ? "Cette base de données ne tient pas encore de personnes (ni mots de passe ni jetons); utilisez un espace de travail SQLite."
                      : "This database does not hold people yet (nor passwords or tokens); use a SQLite workspace."
        case .badLogin(let login, let why):
            return fr ? "Identifiant « \(login) » refusé : \(why.fr)." : "Login '\(login)' refused: \(why.en)."
        case .badPassword(let why):
            return fr ? "Mot de passe refusé : \(why.fr). Rien n'a été écrit." : "Password refused: \(why.en). Nothing was written."
        case .agreementsNotForRole(let role):
            return fr ? "Le rôle « \(role.name(.fr)) » n'agit pas par entente : retirez les ententes (--agreement); seuls les coordonnateurs et les membres de comité en ont."
                      : "The role '\(role.name(.en))' does not act per agreement: leave out the agreements (--agreement); only coordinators and committee members have them."
        case .weakSessionKey:
            return fr ? "Clé de session trop courte (au moins \(PeopleService.sessionKeyMinLength) caractères aléatoires); rien n'a été écrit."
                      : "Session key too short (at least \(PeopleService.sessionKeyMinLength) random characters); nothing was written."
        }
    }
}
