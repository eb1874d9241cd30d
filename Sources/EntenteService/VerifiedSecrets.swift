/// Session keys and API token secrets already checked against their stored bcrypt hash, so
/// that the next request with the same key does not run bcrypt again.
///
/// What is remembered is only that `verify(secret, hash)` held, a pure function of the two
/// (the hash carries its salt). Each request still reads the session or token row from the
/// database, so a session ended or a token revoked, on this server or another, opens nothing
/// on its next request. Why: at cost 4, bcrypt was 18% of the CPU of a signed-in page under
/// load (perf, 10,000-agreement corpus); these secrets have at least 190 random bits, which
/// bcrypt's slowness does not protect further. Passwords (chosen by people, guessable) are
/// never remembered here: they are always checked in full.
actor VerifiedSecrets {
    private var verified: [String: String] = [:]
    /// Most pairs kept: a bound on memory (a few hundred bytes each), emptied when reached.
    static let capacity = 4096

    /// Whether `secret` matches `hash`: from memory when this pair matched before, else by
    /// `hasher` off the caller's thread (then remembered when it matches).
    func matches(_ secret: String, hash: String, hasher: any PasswordHasher) async -> Bool {
        if let known = verified[hash], known == secret { return true }
        guard await hasher.verifyOffThread(secret, hash: hash) else { return false }
        if verified.count >= Self.capacity { verified = [:] }
        verified[hash] = secret
        return true
    }
}
