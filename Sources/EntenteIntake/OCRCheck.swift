import EntenteCore
import Foundation

/// French and English words, lowercase, for spotting scanning errors.
public struct WordList: Sendable {
    let words: Set<String>
    /// The same words with accents removed: unaccented capitals (SOLIDARITE) are normal typography.
    let folded: Set<String>
    /// Capitalised entries (proper nouns), accents removed.
    let properFolded: Set<String>

    public init(words: some Sequence<String>) {
        let original = Array(words)
        self.properFolded = Set(original.filter { $0.first?.isUppercase ?? false }.map(TextTools.fold))
        let w = Set(original.map { $0.lowercased() })
        self.words = w
        self.folded = Set(w.map(TextTools.fold))
    }

    /// Debian's lists (`wfrench`: /usr/share/dict/french, `wamerican`: /usr/share/dict/american-english);
    /// nil when neither is installed.
    public static func system(paths: [String] = ["/usr/share/dict/french", "/usr/share/dict/american-english"]) -> WordList? {
        var all: [String] = []
        for p in paths {
            guard let data = FileManager.default.contents(atPath: p) else { continue }
            let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
            all += text.split(separator: "\n").map(String.init)
        }
        return all.isEmpty ? nil : WordList(words: all)
    }

    public func contains(_ w: String) -> Bool { words.contains(w.lowercased()) }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ")

    /// A word of the list one edit (insert, delete, substitute) away, if any.
    func neighbour(of w: String) -> String? {
        let c = Array(w.lowercased())
        for i in 0..<c.count {
            for a in Self.alphabet where a != c[i] {
                var d = c
                d[i] = a
                if words.contains(String(d)) { return String(d) }
            }
        }
        for i in 0..<c.count {
            var d = c
            d.remove(at: i)
            if d.count > 1, words.contains(String(d)) { return String(d) }
        }
        for i in 0...c.count {
            for a in Self.alphabet {
                var d = c
                d.insert(a, at: i)
                if words.contains(String(d)) { return String(d) }
            }
        }
        return nil
    }
}

/// A word that looks like a scanning error: not in the word list, one letter away from a word that is.
public struct SuspectWord: Sendable, Hashable, Codable {
    /// As printed ("Pdle").
    public var word: String
    /// The nearest word of the list ("pôle"): a hint, never applied.
    public var candidate: String
}

/// Flags likely OCR errors (intake.md §2.1); the text is never changed.
public enum OCRCheck {
    public static func suspects(in draft: DraftAgreement, wordList: WordList) -> [SuspectWord] {
        var texts = [draft.title] + draft.parties.map(\.paragraph) + draft.prefaceExtra + draft.recitals + [draft.formula ?? ""]
        for a in draft.articles {
            texts += [a.heading, a.intro ?? "", a.content ?? ""] + a.units.flatMap(AKNWriter.allTexts)
        }
        texts += draft.conclusions
        return suspects(in: texts.joined(separator: "\n"), wordList: wordList)
    }

    public static func suspects(in text: String, wordList: WordList) -> [SuspectWord] {
        var seen: Set<String> = []
        var out: [SuspectWord] = []
        // Words with "€" inside count as words: OCR reads "é" as "€" ("€loignés").
        for raw in text.split(whereSeparator: { !($0.isLetter || $0 == "€") }) {
            let w = String(raw)
            guard w.count >= 3, w.contains(where: \.isLetter), !seen.contains(w) else { continue }
            seen.insert(w)
            let plain = w.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "OE")
            if wordList.contains(w) || wordList.contains(plain) { continue }
            // Plurals and feminines of listed words ("inspirantes", "québécoise").
            let lower = plain.lowercased()
            if ["s", "e", "es"].contains(where: { lower.hasSuffix($0) && wordList.contains(String(lower.dropLast($0.count))) }) { continue }
            // Proper nouns the lists spell without accents ("Québec" / Quebec): capitalised in the list too.
            if w.first!.isUppercase, w.dropFirst().allSatisfy({ $0.isLowercase }), wordList.properFolded.contains(TextTools.fold(w)) { continue }
            let isCapitals = w.allSatisfy { $0.isUppercase || !$0.isLetter }
            if isCapitals, wordList.folded.contains(TextTools.fold(w)) { continue }
            // Proper nouns capitalised in the middle of a sentence are often absent from lists:
            // only flag those with a near neighbour.
            if let n = wordList.neighbour(of: w) {
                out.append(SuspectWord(word: w, candidate: n))
            }
        }
        return out
    }
}
