/// Who is making a change: the name the audit log records with it, and the rights it is
/// made with (`Access`, checked by `Permissions.may`).
///
/// The command line acts for whoever holds the database: `local:USER` on a workspace,
/// `operator:USER` on a shared database; a web request or an API call acts for the person
/// signed in, under their login (issue 13 §3). Every write of the storage layer takes one, so
/// that a server can change it per request.
public struct ActingUser: Sendable, Hashable {
    /// The name written in the audit log's `user` column.
    public var auditName: String
    /// The rights the change is made with.
    public var access: Access
    /// The name for documents and pages (a Word report's author): the system user on the
    /// command line, the person's display name on the web.
    public var displayName: String

    /// A name for the audit log, with the rights of a local administrator (the command line
    /// on a workspace, tests). Kept for the callers that predate people.
    public init(_ auditName: String) {
        self.auditName = auditName
        self.access = .localAdministrator
        self.displayName = auditName
    }

    public init(auditName: String, access: Access, displayName: String? = nil) {
        self.auditName = auditName
        self.access = access
        self.displayName = displayName ?? auditName
    }

    /// The command line on a workspace, run by the system user `user`: audited `local:USER`.
    public static func local(_ user: String) -> ActingUser {
        ActingUser(auditName: "local:\(user)", access: .localAdministrator, displayName: user)
    }

    /// The command line on a shared database, run by `user`: audited `operator:USER`.
    public static func `operator`(_ user: String) -> ActingUser {
        ActingUser(auditName: "operator:\(user)", access: .operator, displayName: user)
    }

    /// A signed-in person, audited under their login.
    public static func person(_ person: Person) -> ActingUser {
        ActingUser(auditName: person.login, access: .person(person), displayName: person.displayName)
    }

    /// The person acting, when it is one.
    public var person: Person? {
        if case .person(let p) = access { return p }
        return nil
    }
}
