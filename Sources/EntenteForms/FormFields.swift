import EntenteCore
import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (WHATWG URL Standard §5.1,
/// "application/x-www-form-urlencoded parsing"), in order, repeated keys kept.
///
/// `+` is a space and `%XX` a byte of UTF-8; a name or value whose escapes are not valid
/// UTF-8 (or a `%` not followed by two hex digits) reads as "" — a browser never sends one,
/// since it escapes every `%` it is given.
public struct FormFields: Sendable {
    /// (name, value), in the order of the body.
    public var pairs: [(String, String)] = []

    /// - Parameter body: the request body as text (`String(buffer:)`: invalid UTF-8 becomes U+FFFD).
    public init(_ body: String) {
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            pairs.append((decode(kv[0]), kv.count > 1 ? decode(kv[1]) : ""))
        }
    }

    /// The first value of that name.
    public func first(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }
    /// Every value of that name, in order.
    public func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }
    /// The values of a list of checkboxes: `name[]` (what the pages send) then `name` (what a
    /// hand-written client may send), in order (`domains[]`).
    public func list(_ name: String) -> [String] { all(name + "[]") + all(name) }
}

/// A posted field's text as a domain value: what every form of the web interface does with
/// a date or a record number, kept outside the web face so that it is fuzzed with the decoders.
public enum FormValue {
    /// A date field: blanks around it ignored; empty is "no date" and valid; otherwise the
    /// date, or nil and `false` when it is not a YYYY-MM-DD date (`CivilDate(iso:)`, ISO 8601
    /// calendar date, extended format).
    public static func date(_ s: String?) -> (date: CivilDate?, valid: Bool) {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return (nil, true) }
        guard let d = CivilDate(iso: s) else { return (nil, false) }
        return (d, true)
    }

    /// A record number field (a meeting, a request): blanks ignored; empty is "none" and
    /// valid; otherwise the number, or nil and `false` when it is not a decimal `Int64`.
    public static func number(_ s: String?) -> (number: Int64?, valid: Bool) {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return (nil, true) }
        guard let n = Int64(s) else { return (nil, false) }
        return (n, true)
    }
}
