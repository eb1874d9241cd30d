import EntenteService
import Foundation

/// Converted texts waiting for their review to be confirmed, kept in the server's memory
/// under a random id, for one person, for a limited time.
///
/// Why here and not in the page: the converted text (tens to hundreds of KiB of XML) would
/// otherwise travel to the browser and back, and nothing the browser sends back can be
/// trusted; checking it would need a signing key and a second conversion. Kept here, the
/// browser only names the review (128 random bits) and the facts it accepts (indexes, checked
/// against the list). The cost: a review is lost when the server restarts or after
/// `lifetime` (the person uploads again and is told so), and a server behind a load balancer
/// needs the same instance for both steps.
public actor IntakeDrafts {
    struct Entry {
        var review: IntakeReview
        /// The audit name of who uploaded it: nobody else can see or confirm it.
        var owner: String
        var expires: Date
    }

    let lifetime: TimeInterval
    let capacity: Int
    var entries: [String: Entry] = [:]

    /// - Parameters:
    ///   - lifetime: seconds a review stays confirmable (30 minutes: reading a long agreement).
    ///   - capacity: most reviews kept at once (each holds a converted text); the oldest goes first.
    public init(lifetime: TimeInterval = 30 * 60, capacity: Int = 64) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Keeps a review and returns its id (32 hex digits).
    public func keep(_ review: IntakeReview, owner: String, now: Date = Date()) -> String {
        entries = entries.filter { $0.value.expires > now }
        while entries.count >= capacity, let oldest = entries.min(by: { $0.value.expires < $1.value.expires })?.key {
            entries[oldest] = nil
        }
        var g = SystemRandomNumberGenerator()
        let token = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
        entries[token] = Entry(review: review, owner: owner, expires: now.addingTimeInterval(lifetime))
        return token
    }

    /// The review under `token` if it is still there and `owner` uploaded it.
    public func review(_ token: String, owner: String, now: Date = Date()) -> IntakeReview? {
        guard let e = entries[token], e.owner == owner, e.expires > now else { return nil }
        return e.review
    }

    /// Forgets a review (once stored).
    public func remove(_ token: String) {
        entries[token] = nil
    }
}
