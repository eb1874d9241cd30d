/// A person's role (rôle): what kind of work they do in the record, hence what they may do
/// (`Permissions.may`). One role per person, as in Concord; rights follow from it and from
/// the agreements the person acts on (issue 13; shared/design/web-and-postgres.md §4).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Administrateur : everything, people included.
    case admin
    /// Coordonnateur : keeps the log of their agreements (activities, plan items, meetings,
    /// progress reports).
    case coordinator
    /// Membre d'un comité : what a coordinator does, and approves plans and biennial reports,
    /// records decisions and closes minutes, for their agreements.
    case committee
    /// Personnel (consultation) : sees everything, changes nothing.
    case staff

    /// The role's name for people.
    public func name(_ lang: Language) -> String {
        switch self {
        case .admin: return lang == .fr ? "administrateur" : "administrator"
        case .coordinator: return lang == .fr ? "coordonnateur" : "coordinator"
        case .committee: return lang == .fr ? "membre de comité" : "committee member"
        case .staff: return lang == .fr ? "personnel (consultation)" : "staff (read-only)"
        }
    }
}

/// A person who signs in (personne, utilisateur) through the web or the API.
///
/// The login is the person's key and the name the audit log records for what they change;
/// it never changes. Coordinators and committee members act on the agreements listed in
/// `agreements` only; for administrators and staff the list is ignored.
public struct Person: Sendable, Hashable, Codable {
    public var login: String
    /// The name shown to others (nom affiché); the login when none is given.
    public var displayName: String
    /// The language of pages and messages for this person (langue préférée).
    public var language: Language
    public var role: Role
    /// The ids of the agreements a coordinator or committee member acts on, sorted, no repeats.
    public var agreements: [String]
    /// The party the person belongs to (an agreement's party id, e.g. `quebec`), when known.
    public var party: String?
    /// A disabled person (désactivé) can neither sign in nor use a token; nothing is deleted,
    /// so that the audit log keeps naming them.
    public var active: Bool

    public init(login: String, displayName: String? = nil, language: Language = .fr, role: Role,
                agreements: [String] = [], party: String? = nil, active: Bool = true) {
        self.login = login
        self.displayName = displayName ?? login
        self.language = language
        self.role = role
        self.agreements = Array(Set(agreements)).sorted()
        self.party = party
        self.active = active
    }

    /// Whether the role's rights are limited to `agreements` (coordinators and committee members).
    public var isScoped: Bool { role == .coordinator || role == .committee }
}

/// What a login may look like: 1 to 64 characters among lowercase ASCII letters, digits,
/// `.`, `_`, `-`, beginning with a letter or a digit. No colon, so that a person's audit name
/// can never be taken for the command line's `local:USER` or `operator:USER`; lowercase only,
/// so that `Marie` and `marie` are not two people.
public enum LoginRule {
    public static let maxLength = 64

    /// Nil when the login is acceptable, else what is wrong with it.
    public static func problem(_ login: String) -> Localized? {
        let bytes = Array(login.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else {
            return Localized(fr: "un identifiant compte de 1 à \(maxLength) caractères", en: "a login has 1 to \(maxLength) characters")
        }
        func letterOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard letterOrDigit(bytes[0]), bytes.allSatisfy({ letterOrDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }) else {
            return Localized(fr: "lettres minuscules sans accent, chiffres, « . », « _ » et « - » seulement, en commençant par une lettre ou un chiffre (ex. marie.tremblay)",
                             en: "lowercase unaccented letters, digits, '.', '_' and '-' only, beginning with a letter or a digit (e.g. marie.tremblay)")
        }
        return nil
    }
}

/// What a password must be. Bcrypt reads at most 72 bytes and silently ignores the rest, so a
/// longer password is refused rather than cut without a word. The minimum length is NIST SP
/// 800-63B-4 §3.1.1.2 for a password used alone (15 characters); no composition rules and
/// no forced expiry (same section), and paste is allowed by the web forms (WCAG 2.2 3.3.8).
public enum PasswordRule {
    public static let minLength = 15
    public static let maxBytes = 72

    /// Nil when the password is acceptable, else what is wrong with it (never the password).
    public static func problem(_ password: String) -> Localized? {
        if password.count < minLength {
            return Localized(fr: "un mot de passe compte au moins \(minLength) caractères (une phrase de passe convient)",
                             en: "a password has at least \(minLength) characters (a passphrase will do)")
        }
        if password.utf8.count > maxBytes {
            return Localized(fr: "un mot de passe compte au plus \(maxBytes) octets (bcrypt ignorerait la suite)",
                             en: "a password has at most \(maxBytes) bytes (bcrypt would ignore the rest)")
        }
        return nil
    }
}

/// How long a person must wait before the next sign-in attempt after wrong passwords: nothing
/// for the first four, then 1 s, 2 s, 4 s, … doubling with each further failure, at most
/// 15 minutes. A growing delay rather than a lockout (issue 13 §4): a lockout would let anyone
/// who knows a login keep its owner out. NIST SP 800-63B-4 §3.2.2 (rate limiting) asks for
/// such a limit on consecutive failed attempts.
public enum SignInThrottle {
    /// Failures allowed before any delay.
    public static let freeAttempts = 5
    /// The longest delay, in seconds.
    public static let maxDelaySeconds = 900

    /// Seconds to wait after `failures` consecutive wrong passwords (0 below five).
    public static func delaySeconds(afterFailures failures: Int) -> Int {
        guard failures >= freeAttempts else { return 0 }
        let doublings = failures - freeAttempts
        return doublings >= 10 ? maxDelaySeconds : min(maxDelaySeconds, 1 << doublings)
    }
}
