/// A notice period recognised in an article's text.
public struct RecognizedNotice: Sendable, Hashable {
    public var period: Period
    public var written: Bool
    /// "au moins" / "at least".
    public var minimum: Bool
    /// The words the period was read from.
    public var quote: String

    public init(period: Period, written: Bool, minimum: Bool, quote: String) {
        self.period = period
        self.written = written
        self.minimum = minimum
        self.quote = quote
    }
}
