/// An error a person can act on: says what is wrong, where, and how to fix it, in both languages.
public protocol UserFacingError: Error, Sendable {
    func message(_ lang: Language) -> String
}
