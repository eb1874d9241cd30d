import EntenteService
import HummingbirdBcrypt

/// Bcrypt (Provos and Mazières, USENIX 1999) through hummingbird-auth's `HummingbirdBcrypt`,
/// whose only dependency is a small C target: the lean `entente` links no NIO for it.
/// Hashes read `$2b$COST$` + 22 characters of salt + 31 of hash; the salt is new each time.
public struct BcryptHasher: PasswordHasher {
    public init() {}

    /// - Parameter cost: 4 to 31 (clamped: `Bcrypt.hash` stops the process outside).
    public func hash(_ secret: String, cost: Int) -> String {
        Bcrypt.hash(secret, cost: UInt8(min(31, max(4, cost))))
    }

    public func verify(_ secret: String, hash: String) -> Bool {
        Bcrypt.verify(secret, hash: hash)
    }
}
