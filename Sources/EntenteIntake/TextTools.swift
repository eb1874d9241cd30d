import EntenteCore
import Foundation

/// Small text helpers shared by the converter and the extractor.
enum TextTools {
    /// Lowercased, accents removed, typographic apostrophes as "'": for matching only, never for output.
    static func fold(_ s: String) -> String {
        s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            .replacingOccurrences(of: "’", with: "'")
    }

    /// Collapses runs of white space to one space and trims.
    static func squash(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// A slug for eIds and ids: lowercase ASCII letters and digits joined by "-".
    static func slug(_ s: String, dropping: Set<String> = []) -> String {
        let folded = fold(s)
        var words: [String] = []
        var cur = ""
        for ch in folded {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { cur.append(ch) } else {
                if !cur.isEmpty { words.append(cur) }
                cur = ""
            }
        }
        if !cur.isEmpty { words.append(cur) }
        return words.filter { !dropping.contains($0) }.joined(separator: "-")
    }

    /// Function words left out of slugs ("LE GOUVERNEMENT DU QUÉBEC" → gouvernement-quebec).
    static let slugStopWords: Set<String> = ["le", "la", "les", "l", "du", "de", "des", "d", "the", "of", "et", "and", "a", "au", "aux", "en", "for", "pour", "son", "sa", "ses", "its"]

    /// Share of letters that are uppercase (0…1); 0 when there are no letters.
    static func upperRatio(_ s: String) -> Double {
        let letters = s.filter(\.isLetter)
        guard !letters.isEmpty else { return 0 }
        return Double(letters.filter(\.isUppercase).count) / Double(letters.count)
    }

    /// Short, no final sentence punctuation, starts with a capital: reads as a heading.
    static func isHeadingLike(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard let first = t.first, let last = t.last, t.count <= 90 else { return false }
        return first.isUppercase && !".;:,".contains(last)
    }

    /// Whether `s` starts with `prefix` once both are folded.
    static func startsFolded(_ s: String, _ prefixes: [String]) -> Bool {
        let f = fold(s)
        return prefixes.contains { f.hasPrefix($0) }
    }
}

/// Dates as agreements print them: "le 22 juin 2022", "1er juin 2008", "22 June 2022",
/// "June 22, 2022", "this 22nd day of June, 2022", "2022-06-22", "22/06/2022" (day first).
public enum DateWords {
    static let months: [String: Int] = [
        "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
        "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
    ]

    static let patterns: [NSRegularExpression] = [
        // 22 juin 2022, 1er juin 2008, 22nd day of June, 2022, 22 June 2022
        #"\b(\d{1,2})(?:er|re|st|nd|rd|th)?(?:\s+day\s+of)?\s+([A-Za-zÀ-ÿ]+),?\s+(\d{4})\b"#,
        // June 22, 2022
        #"\b([A-Za-zÀ-ÿ]+)\s+(\d{1,2})(?:st|nd|rd|th)?,\s*(\d{4})\b"#,
        #"\b(\d{4})-(\d{2})-(\d{2})\b"#,
        #"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"#,
    ].map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    /// Every date in `s`, with the range of its printed form, in order.
    public static func find(in s: String) -> [(date: CivilDate, range: Range<String.Index>)] {
        var out: [(CivilDate, Range<String.Index>)] = []
        let ns = s as NSString
        for (k, re) in patterns.enumerated() {
            for m in re.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
                let g = (1...3).map { ns.substring(with: m.range(at: $0)) }
                var d: CivilDate?
                switch k {
                case 0: if let mo = months[TextTools.fold(g[1])] { d = CivilDate(year: Int(g[2])!, month: mo, day: Int(g[0])!) }
                case 1: if let mo = months[TextTools.fold(g[0])] { d = CivilDate(year: Int(g[2])!, month: mo, day: Int(g[1])!) }
                case 2: d = CivilDate(year: Int(g[0])!, month: Int(g[1])!, day: Int(g[2])!)
                default: d = CivilDate(year: Int(g[2])!, month: Int(g[1])!, day: Int(g[0])!)
                }
                guard let d, let r = Range(m.range, in: s) else { continue }
                if out.contains(where: { $0.1.overlaps(r) }) { continue }
                out.append((d, r))
            }
        }
        return out.sorted { $0.1.lowerBound < $1.1.lowerBound }.map { (date: $0.0, range: $0.1) }
    }
}

extension String {
    /// The first match of a regular expression (case-insensitive) with its groups.
    func firstMatch(_ pattern: String) -> [String?]? {
        guard let re = CompiledPatterns.regex(pattern) else { return nil }
        let ns = self as NSString
        guard let m = re.firstMatch(in: self, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { i in
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
    }

    func matches(_ pattern: String) -> Bool { firstMatch(pattern) != nil }
}

/// Every pattern `firstMatch` is given, compiled once (case-insensitive), by its text.
///
/// Not only for speed: swift-corelibs-foundation (Swift 6.3 on Linux) leaks the UTF-16 copy of
/// a pattern longer than 256 characters each time an `NSRegularExpression` is created from it
/// (2 bytes a character; seen by fuzz-intake's leak check on the Extractor's
/// 259-character first-meeting pattern: 518 bytes a conversion, and reproduced alone). The cache is bounded:
/// every pattern given is a literal of this module.
enum CompiledPatterns {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var compiled: [String: NSRegularExpression] = [:]

    /// The compiled pattern, nil when it does not compile (a programming error, not input).
    static func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let re = compiled[pattern] { return re }
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        compiled[pattern] = re
        return re
    }
}
