import Foundation

/// Finds a termination-notice period in French or English article text, the way people
/// write it: "préavis écrit d'au moins six (6) mois", "six mois (6)", "90 jours",
/// "d'un an", "at least six (6) months' written notice", "ninety days' notice in writing".
///
/// It looks for a notice word (préavis, avis, notice, notification) and, in the same
/// sentence, a quantity (digits or words, with or without a parenthesised repeat) followed
/// by a unit (days, weeks, months, years). "Préavis" is a termination word by itself
/// unless its sentence is about meetings (convocation, réunion); "avis" and "notice" need a
/// word about ending the agreement nearby (fin, résilier, terminate, withdraw…), so
/// "notice of each meeting shall be given ten days before" and "deux (2) ans après la
/// signature" do not match.
public enum NoticeRecognizer {
    /// The notice period the text states, or nil when it states none.
    public static func recognize(_ text: String) -> RecognizedNotice? {
        // Cheap first look: no notice word, no clause (most provisions of a text).
        guard text.containsASCIIIgnoringCase("avis") || text.containsASCIIIgnoringCase("notice")
            || text.containsASCIIIgnoringCase("notification") else { return nil }
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { return nil }
        let sentences = sentenceBounds(tokens)
        let triggers = tokens.indices.filter { isTrigger(tokens, at: $0, sentence: sentences[$0]) }
        guard !triggers.isEmpty else { return nil }
        var best: (distance: Int, found: Found)?
        for t in triggers {
            let s = sentences[t]
            let lo = max(s.lowerBound, t - 16), hi = min(s.upperBound - 1, t + 18)
            guard lo <= hi else { continue }
            var i = lo
            while i <= hi {
                if let f = quantity(tokens, at: i, limit: s.upperBound) {
                    let distance = f.start > t ? f.start - t : t - f.end
                    if best == nil || distance < best!.distance { best = (distance, f) }
                    i = f.end + 1
                } else {
                    i += 1
                }
            }
        }
        guard let (_, f) = best else { return nil }
        // Written / minimum qualifiers anywhere in the clause around the quantity.
        let s = sentences[f.start]
        let window = tokens[max(s.lowerBound, f.start - 16)..<min(s.upperBound, f.end + 16)].map(\.folded)
        let joined = " " + window.joined(separator: " ") + " "
        // "un préavis écrit. Ce préavis doit être d'au moins six mois": the form may sit by
        // another mention of the notice than the one the period is in.
        let writtenWords: Set<String> = ["ecrit", "ecrite", "ecrits", "ecrites", "written", "writing"]
        let written = window.contains(where: writtenWords.contains) || triggers.contains { t in
            tokens[max(sentences[t].lowerBound, t - 4)..<min(sentences[t].upperBound, t + 5)].contains { writtenWords.contains($0.folded) }
        }
        let minimum = [" au moins ", " at least ", " no less than ", " not less than ", " no fewer than ", " not fewer than ",
                       " minimum ", " minimal ", " minimale ", " minimaux "].contains { joined.contains($0) }
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
    /// Sentence-ending marks, kept as tokens of their own.
    static let boundary = "."
    static let meetingWords: Set<String> = ["reunion", "reunions", "convocation", "convocations", "seance", "seances",
                                            "rencontre", "rencontres", "meeting", "meetings"]

    /// A word about ending the agreement at token `k`. "Fin" and "end" count as verbs
    /// ("mettre fin à", "end this Agreement"), not in "la fin de l'exercice", "the end of the year".
    static func isEndingWord(_ t: [Token], at k: Int) -> Bool {
        let w = t[k].folded
        if w == "fin" || w == "end" {
            guard k + 1 < t.count else { return true }
            return !["de", "d", "du", "des", "of"].contains(t[k + 1].folded)
        }
        return w == "ended" || w.hasPrefix("termin") || w.hasPrefix("resili") || w.hasPrefix("denonc")
            || w.hasPrefix("withdraw") || w.hasPrefix("retir") || w.hasPrefix("cancel") || w.hasPrefix("expir")
    }

    /// A notice word that speaks of ending the agreement.
    static func isTrigger(_ t: [Token], at i: Int, sentence: Range<Int>) -> Bool {
        let w = t[i].folded
        guard noticeWords.contains(w) else { return false }
        if (max(0, i - 30)...min(t.count - 1, i + 30)).contains(where: { isEndingWord(t, at: $0) }) { return true }
        // "Préavis" on its own means a notice to end, unless the sentence is about meetings.
        return w == "preavis" && !t[sentence].contains { meetingWords.contains($0.folded) }
    }

    /// For each token, the token range of its sentence.
    static func sentenceBounds(_ t: [Token]) -> [Range<Int>] {
        var out = [Range<Int>](repeating: 0..<0, count: t.count)
        var start = 0
        for i in t.indices where t[i].folded == boundary || i == t.count - 1 {
            for k in start...i { out[k] = start..<(i + 1) }
            start = i + 1
        }
        return out
    }

    /// Words, numbers, parentheses and sentence ends; apostrophes and hyphens split words
    /// ("d'un", "quatre-vingt-dix", "months'"); accents and case are folded.
    static func tokenize(_ text: String) -> [Token] {
        var out: [Token] = []
        var start: String.Index?
        func flush(_ end: String.Index) {
            if let s = start {
                let raw = text[s..<end]
                // ASCII words (most) only need lowercasing; Foundation's folding was a tenth of
                // the recogniser (profiled).
                let word = raw.utf8.allSatisfy({ $0 < 0x80 }) ? raw.lowercased()
                    : String(raw).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
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
                let next = text.index(after: i)
                if c == "(" || c == ")" {
                    out.append(Token(folded: String(c), range: i..<next))
                } else if c == "." || c == ";" || c == "!" || c == "?" {
                    // A sentence ends at a mark followed by a space or the end ("4.2" does not end one).
                    if next == text.endIndex || text[next].isWhitespace {
                        out.append(Token(folded: boundary, range: i..<next))
                    }
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
    /// Words between a number and its unit that do not change the length ("sixty calendar days").
    static let unitFillers: Set<String> = ["calendar", "clear", "full", "consecutive", "complete", "entire", "entiers", "entieres", "pleins"]

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

    /// A quantity starting at token `i` and ending before `limit`:
    /// NUMBER [ "(" NUMBER ")" ] [filler] UNIT [ "(" NUMBER ")" ].
    static func quantity(_ t: [Token], at i: Int, limit: Int) -> Found? {
        guard let (value, afterNumber) = number(t, at: i, limit: limit) else { return nil }
        var j = afterNumber
        // "six (6) mois", "90 (ninety) days": skip the parenthesised repeat.
        if let after = parenthesisedNumber(t, at: j, limit: limit) { j = after }
        if j < limit, unitFillers.contains(t[j].folded) { j += 1 }
        guard j < limit, let unit = unitWords[t[j].folded] else { return nil }
        // "a"/"an" alone stand for one only right before a unit ("a year's notice").
        if t[i].folded == "a", afterNumber != i + 1 { return nil }
        var end = j
        // "months' notice", "year's notice": the apostrophe split off an "s".
        if j + 1 < limit, t[j + 1].folded == "s" { end = j + 1 }
        // "six mois (6)".
        if let after = parenthesisedNumber(t, at: end + 1, limit: limit) { end = after - 1 }
        // Bounded before the weeks are counted in days: "9223372036854775807 weeks" overflowed (fuzzing).
        guard value <= Period.maximumLength else { return nil }
        let length = weekWords.contains(t[j].folded) ? value * 7 : value
        guard length > 0, length <= Period.maximumLength else { return nil }
        return Found(period: Period(length, unit), start: i, end: end)
    }

    /// "(6)" or "(six)" at `i`: the index after the closing parenthesis.
    static func parenthesisedNumber(_ t: [Token], at i: Int, limit: Int) -> Int? {
        guard i + 2 < limit, t[i].folded == "(", let (_, after) = number(t, at: i + 1, limit: limit),
              after < limit, t[after].folded == ")" else { return nil }
        return after + 1
    }

    /// Digits, or a run of number words (French compounds such as quatre-vingt-dix,
    /// cent quatre-vingts; English twenty-four, one hundred and eighty).
    static func number(_ t: [Token], at i: Int, limit: Int) -> (Int, Int)? {
        guard i < limit else { return nil }
        if let n = Int(t[i].folded) { return (n, i + 1) }
        guard numberWords[t[i].folded] != nil else { return nil }
        var current = 0
        var j = i
        var previous = ""
        while j < limit {
            let w = t[j].folded
            if joiners.contains(w), j + 1 < limit, numberWords[t[j + 1].folded] != nil, j > i {
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
            // "cent cent cent …" multiplies without end (an overflow found by fuzzing): no
            // period is that long.
            guard current <= Period.maximumLength else { return nil }
            previous = w
            j += 1
        }
        return current > 0 ? (current, j) : nil
    }
}
