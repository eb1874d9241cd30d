/// Who is making a change: the name the audit log records with it.
///
/// The command line acts for whoever holds the database (`local:USER` on a workspace); a web
/// request acts for the person signed in. Every write of the storage layer takes one, so that
/// a server can change it per request.
public struct ActingUser: Sendable, Hashable {
    /// The name written in the audit log's `user` column.
    public var auditName: String

    public init(_ auditName: String) { self.auditName = auditName }
}
