/// A rejected input: which field, what is wrong, how to fix it.
public struct ValidationError: UserFacingError, Hashable {
    public var field: String
    public var problem: Localized

    public init(field: String, problem: Localized) {
        self.field = field
        self.problem = problem
    }

    public func message(_ lang: Language) -> String { "\(field): \(problem[lang])" }
}
