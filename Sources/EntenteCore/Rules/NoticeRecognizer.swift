import Foundation

/// Finds a termination-notice period in French or English article text, the way people
/// write it: "préavis écrit d'au moins six (6) mois", "six mois (6)", "90 jours",
/// "d'un an", "at least six (6) months' written notice", "ninety days' notice in writing".
///
/// It looks for a notice word (préavis, avis, notice) and, near it, a quantity (digits or
/// words, with or without a parenthesised repeat) followed by a unit (days, months, years).
/// Text about anything else ("deux (2) ans après la signature") does not match.
public enum NoticeRecognizer {
    /// The notice period the text states, or nil when it states none.
    public static func recognize(_ text: String) -> RecognizedNotice? {
        // Cheap first look: no notice word, no clause (most provisions of a text).
        let lower = text.lowercased()
        guard lower.contains("avis") || lower.contains("notice") || lower.contains("notification") else { return nil }
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { return nil }
        // A notice word with a word about ending the agreement nearby (not a notice of meeting).
        let triggers = tokens.indices.filter { t in
            noticeWords.contains(tokens[t].folded)
                && tokens[max(0, t - 30)...min(tokens.count - 1, t + 30)].contains { isEndingWord($0.folded) }
        }
        guard !triggers.isEmpty else { return nil }
        var best: (distance: Int, found: Found)?
        for t in triggers {
            let lo = max(0, t - 14), hi = min(tokens.count - 1, t + 16)
            var i = lo
            while i <= hi {
                if let f = quantity(tokens, at: i) {
                    let distance = f.start > t ? f.start - t : t - f.end
                    if best == nil || distance < best!.distance { best = (distance, f) }
                    i = f.end + 1
                } else {
                    i += 1
                }
            }
        }
        guard let (_, f) = best else { return nil }
        // Written / minimum qualifiers anywhere in the clause around the notice word.
        let window = tokens[max(0, f.start - 14)...min(tokens.count - 1, f.end + 14)].map(\.folded)
        let joined = " " + window.joined(separator: " ") + " "
        let written = [" ecrit ", " ecrite ", " ecrits ", " written ", " writing ", " ecrite ", " par ecrit "].contains { joined.contains($0) }
        let minimum = [" au moins ", " at least ", " no less than ", " not less than ", " minimum "].contains { joined.contains($0) }
        let quote = String(text[tokens[f.start].range.lowerBound..<tokens[f.end].range.upperBound])
        return RecognizedNotice(period: f.period, written: written, minimum: minimum, quote: quote)
    }

    // MARK: - Tokens

    struct Token {
        var folded: String
        var range: Range<String.Index>
    }

    struct Found {
        var period: Period
        var start: Int
        var end: Int
    }

    static let noticeWords: Set<String> = ["preavis", "avis", "notice", "notification"]

    static func isEndingWord(_ w: String) -> Bool {
        w == "fin" || w == "end" || w == "ended" || w.hasPrefix("termin") || w.hasPrefix("resili") || w.hasPrefix("denonc")
            || w.hasPrefix("withdraw") || w.hasPrefix("retir") || w.hasPrefix("cancel") || w.hasPrefix("expir")
    }

    /// Words, numbers and parentheses; apostrophes and hyphens split words ("d'un",
    /// "quatre-vingt-dix", "months'"); accents and case are folded.
    static func tokenize(_ text: String) -> [Token] {
        var out: [Token] = []
        var start: String.Index?
        func flush(_ end: String.Index) {
            if let s = start {
                let word = String(text[s..<end]).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
                out.append(Token(folded: word, range: s..<end))
            }
            start = nil
        }
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c.isLetter || c.isNumber {
                if start == nil { start = i }
            } else {
                flush(i)
                if c == "(" || c == ")" {
                    out.append(Token(folded: String(c), range: i..<text.index(after: i)))
                }
            }
            i = text.index(after: i)
        }
        flush(text.endIndex)
        return out
    }

    // MARK: - Quantities

    static let unitWords: [String: PeriodUnit] = [
        "jour": .day, "jours": .day, "day": .day, "days": .day,
        "mois": .month, "month": .month, "months": .month,
        "an": .year, "ans": .year, "annee": .year, "annees": .year, "year": .year, "years": .year,
        "semaine": .day, "semaines": .day, "week": .day, "weeks": .day,
    ]
    static let weekWords: Set<String> = ["semaine", "semaines", "week", "weeks"]

    static let numberWords: [String: Int] = [
        "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
        "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
        "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
        "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    ]
    static let joiners: Set<String> = ["et", "and"]

    /// A quantity starting at token `i`: NUMBER [ "(" digits ")" ] UNIT [ "(" digits ")" ].
    static func quantity(_ t: [Token], at i: Int) -> Found? {
        guard let (value, afterNumber) = number(t, at: i) else { return nil }
        var j = afterNumber
        // "six (6) mois": skip the parenthesised repeat.
        if j + 2 < t.count, t[j].folded == "(", Int(t[j + 1].folded) != nil, t[j + 2].folded == ")" { j += 3 }
        // "months' notice", "year's notice": the apostrophe split off an "s".
        guard j < t.count, let unit = unitWords[t[j].folded] else { return nil }
        // "a"/"an" alone stand for one only right before a unit ("a year's notice").
        if t[i].folded == "a", afterNumber != i + 1 { return nil }
        var end = j
        if j + 1 < t.count, t[j + 1].folded == "s" { end = j + 1 }
        if end + 3 < t.count, t[end + 1].folded == "(", Int(t[end + 2].folded) != nil, t[end + 3].folded == ")" { end += 3 }
        let length = weekWords.contains(t[j].folded) ? value * 7 : value
        guard length > 0, length < 100_000 else { return nil }
        return Found(period: Period(length, unit), start: i, end: end)
    }

    /// Digits, or a run of number words (French compounds such as quatre-vingt-dix,
    /// cent quatre-vingts; English twenty-four, one hundred and eighty).
    static func number(_ t: [Token], at i: Int) -> (Int, Int)? {
        if let n = Int(t[i].folded) { return (n, i + 1) }
        guard numberWords[t[i].folded] != nil else { return nil }
        var current = 0
        var j = i
        var previous = ""
        while j < t.count {
            let w = t[j].folded
            if joiners.contains(w), j + 1 < t.count, numberWords[t[j + 1].folded] != nil, j > i {
                j += 1
                continue
            }
            guard let v = numberWords[w], !(w == "a" && j > i) else { break }
            if v == 100 {
                current = max(current, 1) * 100
            } else if v == 20, previous == "quatre" {
                current += 80 - 4 // quatre-vingt(s): four twenties
            } else {
                current += v
            }
            previous = w
            j += 1
        }
        return current > 0 ? (current, j) : nil
    }
}
