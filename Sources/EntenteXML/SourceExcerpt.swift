/// The line an error points at and a caret under its column, as compilers print them, so
/// that a person sees the offending markup without opening the file.
public struct SourceExcerpt: Sendable, Hashable {
    /// The line's text (invalid UTF-8 shown as U+FFFD), cut to a window around the column
    /// when long; "…" marks a cut.
    public var line: String
    /// Spaces (tabs kept, so that it lines up under tabs) then `^`.
    public var caret: String

    /// Longest stretch shown on each side of the column, in characters.
    public static let window = 60

    /// - Parameters:
    ///   - bytes: the file's bytes as sent.
    ///   - line: 1-based line (as `XMLImportError.Location`).
    ///   - column: 1-based column; libxml2 counts bytes, so it is mapped to characters here.
    /// - Returns: nil when the file has no such line (an error about the whole file).
    public init?(bytes: [UInt8], line: Int, column: Int) {
        guard line >= 1 else { return nil }
        var start = 0, current = 1
        while current < line {
            guard let nl = bytes[start...].firstIndex(of: 0x0A) else { return nil }
            start = nl + 1
            current += 1
        }
        guard start <= bytes.count else { return nil }
        var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        let raw = Array(bytes[start..<end])
        let byteColumn = min(max(column - 1, 0), raw.count)
        let before = Array(String(decoding: raw[..<byteColumn], as: UTF8.self))
        let after = Array(String(decoding: raw[byteColumn...], as: UTF8.self))
        let shownBefore = before.count > Self.window ? Array("…") + before.suffix(Self.window) : before
        let shownAfter = after.count > Self.window ? after.prefix(Self.window) + Array("…") : after[...]
        self.line = String(shownBefore) + String(shownAfter)
        self.caret = String(shownBefore.map { $0 == "\t" ? "\t" : " " }) + "^"
    }
}
