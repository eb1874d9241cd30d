/// The state of an agreement on a date.
public enum AgreementState: String, Sendable, Hashable, Codable {
    /// Signed, not yet in force (its date is ahead, or it waits for the event users record).
    case notYetInForce = "signed"
    case inForce = "in-force"
    /// A notice is given and its end date is ahead.
    case terminating
    case terminated
    /// A fixed term with no further renewal has ended by itself (B2).
    case expired
    /// Entry into force is not known (no clause, no date).
    case unknown
}
