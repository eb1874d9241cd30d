import Foundation

/// French alphabetical order (ordre alphabétique français) for lists people read: the register
/// of agreements, party names. One rule in Swift, applied after reading, so that the embedded
/// SQLite workspace (which has no ICU collation) and a PostgreSQL server (whose ICU `fr-CA`
/// order depends on the server's ICU version and locale setup) list the same names in the same
/// order.
///
/// The rule is the multi-level comparison of the Unicode Collation Algorithm (UTS #10) as the
/// Canadian French tailoring uses it (CLDR `fr_CA`, Canadian standard CAN/CSA Z243.4.1):
/// 1. letters and digits without accents or case (`é` = `e`, `œ` = `oe`, `æ` = `ae`,
///    `ß` = `ss`); spaces, punctuation and quotation marks (`« »`, `’`, `-`) are ignored, so
///    that « Île » sorts under I;
/// 2. accents, compared **from the end of the word** (French "backwards" accents: `cote` <
///    `côte` < `coté` < `côté`);
/// 3. case, lowercase first (`été` < `Été`), then a ligature after its letters (`oeuvre` < `œuvre`);
/// 4. the text itself, so that the order is total and never depends on the input's order.
public enum FrenchCollation {
    /// A string's sort key: compare keys instead of strings when sorting many items.
    public struct Key: Comparable, Sendable, Hashable {
        let primary: [UInt32]
        let secondary: [UInt32]
        let tertiary: [UInt8]
        let text: [UInt32]

        public static func < (a: Key, b: Key) -> Bool {
            if a.primary != b.primary { return a.primary.lexicographicallyPrecedes(b.primary) }
            if a.secondary != b.secondary { return a.secondary.lexicographicallyPrecedes(b.secondary) }
            if a.tertiary != b.tertiary { return a.tertiary.lexicographicallyPrecedes(b.tertiary) }
            return a.text.lexicographicallyPrecedes(b.text)
        }
    }

    public static func key(_ s: String) -> Key {
        var primary: [UInt32] = [], accents: [UInt32] = [], tertiary: [UInt8] = []
        for ch in s {
            let scalars = Array(String(ch).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard let base = scalars.first else { continue }
            let marks = scalars.dropFirst().filter { $0.properties.generalCategory == .nonspacingMark }
            let accent = marks.reduce(UInt32(0)) { $0 &* 0x1_0000 &+ $1.value }
            let upper = base.properties.isUppercase
            if let expansion = expansions[base] {
                for (i, letter) in expansion.unicodeScalars.enumerated() {
                    primary.append(letter.value)
                    accents.append(i == 0 ? accent : 0)
                    tertiary.append((upper ? 1 : 0) * 2 + 1)
                }
                continue
            }
            guard base.properties.isAlphabetic || base.properties.numericType != nil else { continue }
            let lower = base.properties.lowercaseMapping.unicodeScalars.first ?? base
            primary.append(lower.value)
            accents.append(accent)
            tertiary.append(upper ? 2 : 0)
        }
        return Key(primary: primary, secondary: accents.reversed(), tertiary: tertiary, text: s.unicodeScalars.map(\.value))
    }

    /// Whether `a` comes before `b` in French order.
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool { key(a) < key(b) }

    /// `items` in French order of `name(item)` (keys computed once per item).
    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        items.map { (key(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Letters French writes as one character and sorts as two (lowercased; case is kept apart).
    static let expansions: [Unicode.Scalar: String] = [
        "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
    ]
}
