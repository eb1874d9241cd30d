import EntenteCore
import Foundation

/// One line of the input: its text without surrounding spaces and how far it was indented.
public struct SourceLine: Sendable, Hashable {
    public var text: String
    /// Leading spaces (a tab counts 4): nesting of lists pasted from a PDF or a web page.
    public var indent: Int
    public var isBlank: Bool { text.isEmpty }

    public init(text: String, indent: Int) {
        self.text = text
        self.indent = indent
    }
}

/// Reads a pasted agreement (PDF text, web page, OCR scan, Word paragraphs) into a
/// `DraftAgreement` with ordered rules, not a grammar (intake.md §1): lines are cut into blocks
/// at blank lines, blocks into pieces at list markers, each piece classified (title, party,
/// recital, formula, article header, numbered unit, list item, final clause, signature) and
/// nested with a stack of list formats and indents. Nothing is dropped without a warning.
///
/// Layouts recognised: "ARTICLE 2", "ARTICLE2" (OCR), "Article premier", "Art. 3. – Durée",
/// "Article 3 : Durée", "Section 3", "ARTICLE IV", "2. DOMAINES DE COOPÉRATION"; units "2.1",
/// "2.1.1"; items "1.", "1)", "(1)", "a)", "(a)", "a.", "i.", "(ii)", "A.", bullets "•", "-",
/// "–", "*", "▪", U+F0B7, "o" and OCR's "e" (when several lines start with it).
public enum TextStructurer {
    /// Text → lines (CRLF, form feeds, NFC, soft hyphens dropped, U+2011 as "-").
    public static func lines(of text: String) -> [SourceLine] {
        var t = text.precomposedStringWithCanonicalMapping
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\u{0C}", with: "\n\n").replacingOccurrences(of: "\u{AD}", with: "")
            .replacingOccurrences(of: "\u{2011}", with: "-")
        return t.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            var indent = 0
            var rest = Substring(raw)
            while let c = rest.first, c == " " || c == "\t" || c == "\u{A0}" {
                indent += c == "\t" ? 4 : 1
                rest = rest.dropFirst()
            }
            while let c = rest.last, c == " " || c == "\t" || c == "\u{A0}" { rest = rest.dropLast() }
            return SourceLine(text: String(rest), indent: indent)
        }
    }

    /// Structures a text. `language`: nil guesses from the text (French unless English words dominate).
    ///
    /// - Throws: `IntakeError.empty` (no visible character), `.noArticle` (no article header found).
    public static func structure(text: String, fileName: String, language: Language? = nil) throws(IntakeError) -> DraftAgreement {
        try structure(lines: lines(of: text), fileName: fileName, language: language)
    }

    public static func structure(lines: [SourceLine], fileName: String, language: Language? = nil) throws(IntakeError) -> DraftAgreement {
        var s = State(lines: lines)
        guard lines.contains(where: { !$0.isBlank }) else {
            throw .empty(file: fileName, bytes: lines.reduce(0) { $0 + $1.text.utf8.count + $1.indent })
        }
        s.draft.language = language ?? guessLanguage(lines)
        s.run()
        guard !s.draft.articles.isEmpty else {
            let nonBlank = lines.filter { !$0.isBlank }
            throw .noArticle(file: fileName, lines: nonBlank.count, firstLine: String(nonBlank.first?.text.prefix(60) ?? ""))
        }
        return s.draft
    }

    static func guessLanguage(_ lines: [SourceLine]) -> Language {
        let words = lines.flatMap { $0.text.lowercased().split(separator: " ") }
        let en = words.filter { ["the", "and", "of", "shall", "party", "parties", "agreement"].contains($0) }.count
        let fr = words.filter { ["le", "la", "les", "et", "des", "du", "entente", "parties"].contains($0) }.count
        return en > fr ? .en : .fr
    }

    // MARK: - Rules

    static let recitalOpeners = ["attendu que", "attendu qu", "considerant que", "considerant qu", "considerant", "desireux",
                                 "desireuses", "convaincus", "convaincues", "reconnaissant", "soucieux", "soucieuses", "vu ",
                                 "prenant acte", "whereas", "recognizing", "recognising", "having regard", "considering",
                                 "desiring", "desirous", "convinced", "noting", "bearing in mind", "acknowledging", "affirming"]
    static let formulaCues = ["conviennent de ce qui suit", "conviennent des dispositions suivantes", "sont convenus de ce qui suit",
                              "conviennent des modalites suivantes", "conviennent comme suit", "agree as follows", "agreed as follows",
                              "agree to the following", "have agreed on the following", "conviennent de ce qui suit"]
    static let partyCues = ["represente par", "representee par", "represented by", "ci-apres", "ci apres", "ci-dessous",
                            "hereinafter", "referred to as", "(ci"]
    static let collectiveCues = ["collectivement", "collectively", "ensemble designes", "together referred", "sont ci-apres appeles",
                                 "are hereinafter", "together the", "ci-dessous designes"]
    static let conclusionCues = ["fait en ", "fait a ", "fait le ", "done at ", "done in ", "en foi de quoi", "in witness whereof",
                                 "signe a ", "signed at ", "signed in ", "en temoignage de quoi"]
    static let agreementWords = ["entente", "accord", "agreement", "convention", "protocole", "protocol", "memorandum",
                                 "arrangement", "memoire", "declaration"]

    static let numberWords: [String: Int] = [
        "premier": 1, "premiere": 1, "1er": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    ]

    static func roman(_ s: String) -> Int? {
        let values: [Character: Int] = ["i": 1, "v": 5, "x": 10, "l": 50, "c": 100]
        let chars = Array(s.lowercased())
        guard !chars.isEmpty, chars.allSatisfy({ values[$0] != nil }) else { return nil }
        var total = 0
        for (k, c) in chars.enumerated() {
            let v = values[c]!
            if k + 1 < chars.count, values[chars[k + 1]]! > v { total -= v } else { total += v }
        }
        return total
    }

    struct Header {
        var number: Int
        var num: String
        var rest: String
        var keyword: Bool
    }

    /// An article header on this line, if it is one and carries the expected number.
    static func articleHeader(_ line: SourceLine, expected: Int, style: Bool?) -> Header? {
        let t = line.text
        if style != false, let m = t.firstMatch(#"^(article|art\.|section)(?:\s+|(?=\d))(premier|première|premiere|1er|\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?![\p{L}\d])(?!\.\d)\.?\s*(?:[-–—:.]\s*)?(.*)$"#) {
            let keyword = m[1]!, token = m[2]!
            let folded = TextTools.fold(token)
            guard let n = Int(token) ?? numberWords[folded] ?? roman(token) else { return nil }
            guard n == expected || (expected == 1 && n <= 2) else { return nil }
            let kw = keyword.lowercased() == "art." ? "Art." : keyword.prefix(1).uppercased() + keyword.dropFirst().lowercased()
            let printed = folded.hasPrefix("premi") || folded == "1er" ? "premier" : token
            return Header(number: n, num: "\(kw) \(printed)", rest: m[3] ?? "", keyword: true)
        }
        if style != true, line.indent <= 1, let m = t.firstMatch(#"^(\d{1,2})\.\s+(.+)$"#), let n = Int(m[1]!), n == expected {
            let rest = m[2]!
            let words = rest.split(separator: " ").count
            guard TextTools.isHeadingLike(rest), TextTools.upperRatio(rest) > 0.7 || words <= 6 else { return nil }
            return Header(number: n, num: "\(n).", rest: rest, keyword: false)
        }
        return nil
    }

    struct Marker {
        var format: ListFormat
        var printed: String
        var label: String
        var rest: String
    }

    /// A list or unit marker at the start of a line.
    static func marker(_ t: String, eBullets: Bool) -> Marker? {
        if let m = t.firstMatch(#"^(\d+(?:\.\d+)+)\.?\s+(\S.*)$"#) {
            let printed = m[1]!
            return Marker(format: .decimal, printed: printed, label: String(printed.split(separator: ".").last!), rest: m[2]!)
        }
        if let m = t.firstMatch(#"^(\d{1,3})([.)°])\s+(\S.*)$"#) {
            return Marker(format: .arabic, printed: m[1]! + m[2]!, label: m[1]!, rest: m[3]!)
        }
        if let m = t.firstMatch(#"^\((\d{1,3})\)\s+(\S.*)$"#) {
            return Marker(format: .arabic, printed: "(\(m[1]!))", label: m[1]!, rest: m[2]!)
        }
        if let m = t.firstMatch(#"^\(?([ivx]{1,5})[.)]\s+(\S.*)$"#), !t.hasPrefix("i. e"), t.first == "(" ? t.contains(")") : true {
            let open = t.hasPrefix("(") ? "(" : ""
            let close = t.dropFirst(open.count + m[1]!.count).first.map(String.init) ?? ""
            return Marker(format: .roman, printed: open + m[1]! + close, label: m[1]!, rest: m[2]!)
        }
        if let m = t.firstMatch(#"^\(([a-z]{1,2})\)\s+(\S.*)$"#), m[1]! == m[1]!.lowercased() {
            return Marker(format: .letter, printed: "(\(m[1]!))", label: m[1]!, rest: m[2]!)
        }
        if let m = t.firstMatch(#"^([a-z])([.)])\s+(\S.*)$"#), t.first!.isLowercase {
            return Marker(format: .letter, printed: m[1]! + m[2]!, label: m[1]!, rest: m[3]!)
        }
        if let m = t.firstMatch(#"^([A-Z])([.)])\s+(\S.*)$"#), t.first!.isUppercase {
            return Marker(format: .upperLetter, printed: m[1]! + m[2]!, label: m[1]!, rest: m[3]!)
        }
        if let m = t.firstMatch(#"^[•▪◦‣∙·\x{F0B7}\-–—*]\s*(\S.*)$"#) {
            return Marker(format: .bullet, printed: "", label: "", rest: m[1]!)
        }
        if eBullets, let m = t.firstMatch(#"^[eo]\s+(\S.*)$"#), t.first == "e" || t.first == "o" {
            return Marker(format: .bullet, printed: "", label: "", rest: m[1]!)
        }
        return nil
    }

    // MARK: - State

    struct Piece {
        var marker: Marker?
        var text: String
        var indent: Int
    }

    struct State {
        var draft = DraftAgreement()
        var blocks: [[SourceLine]] = []
        var docWords: Set<String> = []
        var eBullets = false

        init(lines all: [SourceLine]) {
            // Folios and page counters from a PDF ("- 3 -", "Page 3 de 12", "3/12", a bare
            // number on its own line): left out, and said.
            var folios: [String] = []
            let lines = all.filter { l in
                let isFolio = l.text.matches(#"^(?:[-–—]\s*\d{1,3}\s*[-–—]|(?:page|p\.)\s*\d{1,3}(?:\s*(?:de|of|sur|/)\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$"#)
                if isFolio { folios.append(l.text) }
                return !isFolio
            }
            if !folios.isEmpty {
                let list = folios.joined(separator: " | ")
                draft.warnings.append(Localized(fr: "numéros de page laissés de côté : \(list)", en: "page numbers left out: \(list)"))
            }
            var cur: [SourceLine] = []
            for l in lines {
                if l.isBlank {
                    if !cur.isEmpty { blocks.append(cur); cur = [] }
                } else {
                    cur.append(l)
                }
            }
            if !cur.isEmpty { blocks.append(cur) }
            for l in lines {
                for w in l.text.split(whereSeparator: { !$0.isLetter }) where w.count > 3 { docWords.insert(w.lowercased()) }
            }
            eBullets = lines.filter { $0.text.hasPrefix("e ") }.count >= 2
        }

        func warn(_ fr: String, _ en: String) -> Localized { Localized(fr: fr, en: en) }

        /// Joins wrapped lines: a hyphen at a line end is kept unless the joined word occurs in the text.
        func join(_ a: String, _ b: String) -> String {
            guard !a.isEmpty else { return b }
            if a.hasSuffix("-"), let prev = a.dropLast().last, prev.isLetter, let first = b.first, first.isLowercase {
                let left = a.dropLast().split(whereSeparator: { !$0.isLetter }).last.map(String.init) ?? ""
                let right = b.split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
                if docWords.contains((left + right).lowercased()) { return String(a.dropLast()) + b }
                return a + b
            }
            return a + " " + b
        }

        /// `article`: the number of the article the lines belong to. A line starting with "2.3"
        /// inside article 4 is a wrapped line ("… énumérés aux articles 2.2 et / 2.3 ainsi qu'à …"),
        /// not a unit.
        func pieces(_ lines: ArraySlice<SourceLine>, article: Int? = nil) -> [Piece] {
            var out: [Piece] = []
            for l in lines {
                var mk = marker(l.text, eBullets: eBullets)
                if let m = mk, m.format == .decimal, let article, let first = m.printed.split(separator: ".").first,
                   Int(first) != article, !out.isEmpty {
                    mk = nil
                }
                // "… désignés à l'article / 3.1 de la présente entente": a number that starts a
                // wrapped line, mid-sentence, followed by lowercase text continues the sentence.
                if let m = mk, m.format == .decimal || m.format == .arabic, let prev = out.last?.text.last,
                   !".;:".contains(prev), m.rest.first?.isLowercase == true {
                    mk = nil
                }
                if let m = mk {
                    out.append(Piece(marker: m, text: m.rest, indent: l.indent))
                } else if out.isEmpty {
                    out.append(Piece(marker: nil, text: l.text, indent: l.indent))
                } else {
                    out[out.count - 1].text = join(out[out.count - 1].text, l.text)
                }
            }
            return out
        }

        func joined(_ lines: [SourceLine]) -> String {
            lines.reduce("") { join($0, $1.text) }
        }

        mutating func run() {
            // Where the articles start.
            var first: Int?
            var style: Bool?
            for (k, b) in blocks.enumerated() {
                if let h = articleHeader(b[0], expected: 1, style: nil), h.number == 1 || h.keyword {
                    first = k
                    style = h.keyword
                    break
                }
            }
            guard let first, let style else { return }
            readFront(Array(blocks[..<first]))
            var k = first
            var expected = 1
            var bodyEnd = blocks.count
            while k < blocks.count {
                let b = blocks[k]
                if !draft.articles.isEmpty, isConclusionStart(b) || isAnnexStart(b) { bodyEnd = k; break }
                if let h = articleHeader(b[0], expected: draft.articles.isEmpty ? 1 : expected, style: style) {
                    if !draft.articles.isEmpty || h.number >= 1 {
                        startArticle(h, block: b, next: k + 1 < blocks.count ? blocks[k + 1] : nil, consumedNext: &k)
                        expected = h.number + 1
                        k += 1
                        continue
                    }
                }
                bodyPieces += pieces(b[...], article: draft.articles.last?.number).map { ($0, draft.articles.count - 1) }
                k += 1
            }
            finishArticles()
            if bodyEnd < blocks.count { readConclusions(Array(blocks[bodyEnd...])) }
        }

        var bodyPieces: [(Piece, Int)] = []

        func isConclusionStart(_ b: [SourceLine]) -> Bool {
            let t = b[0].text
            if TextTools.startsFolded(t, conclusionCues) { return true }
            let f = TextTools.fold(t)
            return (f.hasPrefix("pour le ") || f.hasPrefix("pour la ") || f.hasPrefix("pour l'") || f.hasPrefix("for the "))
                && TextTools.upperRatio(t) > 0.7
        }

        mutating func startArticle(_ h: Header, block: [SourceLine], next: [SourceLine]?, consumedNext k: inout Int) {
            var heading = h.rest.trimmingCharacters(in: .whitespaces)
            var restStart = 1
            if heading.count == 1 {
                draft.warnings.append(warn("\(h.num) : caractère isolé « \(heading) » après le numéro ignoré (bruit de numérisation)",
                                           "\(h.num): stray character \"\(heading)\" after the number left out (scanning noise)"))
                heading = ""
            }
            if heading.isEmpty {
                var lines: [SourceLine] = []
                var i = 1
                while i < block.count, marker(block[i].text, eBullets: eBullets) == nil,
                      TextTools.upperRatio(block[i].text) > 0.6 || (lines.isEmpty && TextTools.isHeadingLike(block[i].text) && block.count == 2) {
                    lines.append(block[i])
                    i += 1
                }
                restStart = i
                heading = joined(lines)
                if heading.isEmpty, block.count == 1, let next, next.count == 1, marker(next[0].text, eBullets: eBullets) == nil,
                   TextTools.isHeadingLike(next[0].text), next[0].text.split(separator: " ").count <= 10 {
                    heading = next[0].text
                    k += 1
                }
                if heading.isEmpty {
                    draft.warnings.append(warn("\(h.num) : aucun intitulé trouvé ; l'article est écrit avec un intitulé vide",
                                               "\(h.num): no heading found; the article is written with an empty heading"))
                }
            }
            // Printed as a roman number or a word, the article keeps its printed num; its eId
            // takes the arabic number (profile: art_N).
            draft.articles.append(DraftArticle(number: h.number, num: h.num, heading: heading))
            if restStart < block.count {
                bodyPieces += pieces(block[restStart...], article: h.number).map { ($0, draft.articles.count - 1) }
            }
        }

        mutating func finishArticles() {
            // Page chrome after the last article ("Partager", "Sujets …"): short lines without punctuation.
            var last = bodyPieces
            var dropped: [String] = []
            while let (p, a) = last.last, a == draft.articles.count - 1, p.marker == nil,
                  p.text.split(separator: " ").count <= 6, let c = p.text.last, !".;:,»)".contains(c) {
                dropped.insert(p.text, at: 0)
                last.removeLast()
            }
            if !dropped.isEmpty {
                let list = dropped.joined(separator: " | ")
                draft.warnings.append(warn("lignes laissées de côté après le dernier article (habillage de page) : \(list)",
                                           "lines left out after the last article (page chrome): \(list)"))
            }
            let decimalStyle = draft.articles.first.map { !$0.num.contains(" ") } ?? false
            for a in draft.articles.indices {
                let ps = last.filter { $0.1 == a }.map(\.0)
                build(article: a, pieces: ps, decimalStyle: decimalStyle)
            }
            checkSequence()
        }

        mutating func checkSequence() {
            var prev = 0
            for a in draft.articles {
                if a.number != prev + 1 {
                    draft.warnings.append(warn("numérotation des articles : \(a.num) suit l'article \(prev)",
                                               "article numbering: \(a.num) follows article \(prev)"))
                }
                prev = a.number
            }
        }

        // MARK: Units and lists

        /// Path of indices from an article's units to the item being filled.
        struct Level {
            var format: ListFormat
            var indent: Int
            var path: [Int]
        }

        mutating func build(article a: Int, pieces ps: [Piece], decimalStyle: Bool) {
            var units: [DraftUnit] = []
            var intro: String?
            var stack: [Level] = []
            let hasDecimal = ps.contains { $0.marker?.format == .decimal }

            func unit(at path: [Int]) -> DraftUnit {
                var u = units[path[0]]
                for i in path.dropFirst() { u = u.items[i] }
                return u
            }
            func modify(_ path: [Int], _ f: (inout DraftUnit) -> Void) {
                func go(_ u: inout DraftUnit, _ rest: ArraySlice<Int>) {
                    if let i = rest.first { go(&u.items[i], rest.dropFirst()) } else { f(&u) }
                }
                go(&units[path[0]], path.dropFirst())
            }
            func add(_ u: DraftUnit, under parent: [Int]?) -> [Int] {
                if let parent {
                    var idx = 0
                    modify(parent) { p in p.items.append(u); idx = p.items.count - 1 }
                    return parent + [idx]
                }
                units.append(u)
                return [units.count - 1]
            }

            for p in ps {
                guard var m = p.marker else {
                    // Plain text: before any unit in a decimal article, the article's intro.
                    if units.isEmpty, hasDecimal, intro == nil { intro = p.text; continue }
                    if units.isEmpty, decimalStyle, !hasDecimal, intro == nil { intro = p.text; continue }
                    // A paragraph whose text ends with ":" followed by more text continues (wrapped paragraph cut by a blank line).
                    if let lastUnit = units.last, stack.isEmpty, lastUnit.items.isEmpty, lastUnit.element == .paragraph,
                       let c = lastUnit.text.last, c.isLetter || c == ",", let f = p.text.first, f.isLowercase {
                        modify([units.count - 1]) { $0.text = join($0.text, p.text) }
                        continue
                    }
                    stack.removeAll()
                    units.append(DraftUnit(element: .paragraph, num: nil, eIdNumber: nil, heading: nil, text: p.text, indent: p.indent))
                    continue
                }
                if m.format == .decimal {
                    stack.removeAll()
                    let depth = m.printed.split(separator: ".").count
                    // The whole piece (wrapped lines joined), not only its first line.
                    let headingLike = TextTools.isHeadingLike(p.text) && p.text.split(separator: " ").count <= 10
                    let u = DraftUnit(element: headingLike ? .point : .paragraph, num: m.printed, eIdNumber: m.label,
                                      heading: headingLike ? p.text : nil, text: headingLike ? "" : p.text, indent: p.indent, format: .decimal)
                    if depth > 2, let lastTop = units.indices.last {
                        let path = add(u, under: [lastTop])
                        stack = [Level(format: .decimal, indent: p.indent, path: path)]
                    } else {
                        _ = add(u, under: nil)
                    }
                    continue
                }
                // Roman or letter: "i." after "h." is a letter.
                if m.format == .roman, let letterLevel = stack.last(where: { $0.format == .letter }) {
                    let prev = unit(at: letterLevel.path).eIdNumber ?? ""
                    if let c = prev.unicodeScalars.first, let n = Unicode.Scalar(c.value + 1), String(n) == m.label {
                        m.format = .letter
                    }
                }
                // Close back to a level of the same format and indent.
                if let idx = stack.lastIndex(where: { $0.format == m.format && abs($0.indent - p.indent) <= 1 }) {
                    let prevItem = unit(at: stack[idx].path)
                    let deeperByColon = prevItem.text.hasSuffix(":") && idx == stack.count - 1 && p.indent > stack[idx].indent
                    if !deeperByColon {
                        stack.removeSubrange((idx + 1)...)
                        let parent = Array(stack[idx].path.dropLast())
                        var sibling = item(m, p)
                        // A sibling of a numbered alinéa of the article is an alinéa too.
                        if parent.isEmpty { sibling.element = .paragraph }
                        let path = add(sibling, under: parent.isEmpty ? nil : parent)
                        stack[idx].path = path
                        continue
                    }
                }
                // A new format: a sub-list under the item being filled, or the first list of a unit.
                let u = item(m, p)
                if let top = stack.last {
                    let path = add(u, under: top.path)
                    stack.append(Level(format: m.format, indent: p.indent, path: path))
                    continue
                }
                if let lastIdx = units.indices.last {
                    let lastUnit = units[lastIdx]
                    let opensList = lastUnit.text.hasSuffix(":") || lastUnit.heading != nil || lastUnit.format == .decimal
                        || m.format == .bullet || m.format == .letter || m.format == .roman
                    if opensList {
                        let path = add(u, under: [lastIdx])
                        stack = [Level(format: m.format, indent: p.indent, path: path)]
                        continue
                    }
                }
                if units.isEmpty, let text = intro, text.hasSuffix(":"), m.format != .arabic || hasDecimal {
                    // "… ce qui suit :" then items: a paragraph with an intro.
                    intro = nil
                    units.append(DraftUnit(element: .paragraph, num: nil, eIdNumber: nil, heading: nil, text: text, indent: 0))
                    let path = add(u, under: [0])
                    stack = [Level(format: m.format, indent: p.indent, path: path)]
                    continue
                }
                // Numbered alinéas of the article itself ("1. Each Party shall …").
                var para = u
                para.element = .paragraph
                let path = add(para, under: nil)
                stack = [Level(format: m.format, indent: p.indent, path: path)]
            }
            // An article with a single unnumbered paragraph in a decimal-numbered text: its content.
            if decimalStyle, units.isEmpty, let i = intro {
                draft.articles[a].content = i
            } else if let i = intro, units.isEmpty {
                units.append(DraftUnit(element: .paragraph, num: nil, eIdNumber: nil, heading: nil, text: i))
            } else {
                draft.articles[a].intro = intro
            }
            draft.articles[a].units = units
        }

        func item(_ m: Marker, _ p: Piece) -> DraftUnit {
            DraftUnit(element: .point, num: m.printed.isEmpty ? nil : m.printed, eIdNumber: m.label.isEmpty ? nil : m.label,
                      heading: nil, text: p.text, indent: p.indent, format: m.format)
        }

        // MARK: Front matter

        mutating func readFront(_ front: [[SourceLine]]) {
            var candidates: [String] = []
            var pendingET = false
            var recital: String?
            func flushRecital(_ d: inout DraftAgreement) {
                if let r = recital { d.recitals.append(r) }
                recital = nil
            }
            for b in front {
                let text = joined(b)
                let f = TextTools.fold(text)
                if formulaCues.contains(where: { f.contains($0) }) {
                    flushRecital(&draft)
                    draft.formula = text
                    continue
                }
                if recitalOpeners.contains(where: { f.hasPrefix($0) }) {
                    flushRecital(&draft)
                    recital = text
                    continue
                }
                if recital != nil, let c = text.first, c.isLowercase {
                    recital = join(recital!, text)
                    continue
                }
                if ["et", "and", "- et -", "- and -"].contains(f) {
                    if !draft.parties.isEmpty { pendingET = true } else { candidates.append(text) }
                    continue
                }
                if collectiveCues.contains(where: { f.contains($0) }) {
                    flushRecital(&draft)
                    draft.prefaceExtra.append(text)
                    draft.definedTerms += definedTerms(in: text)
                    continue
                }
                if let c = text.first, c.isLowercase || c == "(", !draft.parties.isEmpty, draft.recitals.isEmpty, recital == nil {
                    // "ci-après désigné le « Ministre »," after the party it names.
                    draft.parties[draft.parties.count - 1].paragraph = join(draft.parties[draft.parties.count - 1].paragraph, text)
                    draft.definedTerms += definedTerms(in: text)
                    continue
                }
                if partyCues.contains(where: { f.contains($0) }) || (pendingET && TextTools.upperRatio(text) > 0.6) {
                    flushRecital(&draft)
                    addParty(text, afterET: pendingET)
                    pendingET = false
                    continue
                }
                if recital != nil {
                    recital = join(recital!, text)
                    continue
                }
                if draft.parties.isEmpty { candidates.append(text) } else {
                    draft.prefaceExtra.append(text)
                }
            }
            flushRecital(&draft)
            chooseTitle(candidates)
        }

        mutating func chooseTitle(_ candidates: [String]) {
            func startsWithAgreementWord(_ s: String) -> Bool {
                let first = TextTools.fold(s).split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
                return agreementWords.contains(first)
            }
            var title: String?
            var used: Set<Int> = []
            if let k = candidates.firstIndex(where: { startsWithAgreementWord($0) && $0.split(separator: " ").count >= 3 }) {
                title = candidates[k]
                used = [k]
                // The same title repeated (web pages print it twice).
                for (j, c) in candidates.enumerated() where c == candidates[k] { used.insert(j) }
            } else if let k = candidates.firstIndex(where: startsWithAgreementWord) {
                title = candidates[k...].joined(separator: " ")
                used = Set(k..<candidates.count)
            } else if !candidates.isEmpty {
                title = candidates.joined(separator: " ")
                used = Set(candidates.indices)
            }
            draft.title = title ?? (draft.language == .fr ? "Entente" : "Agreement")
            if title == nil {
                draft.warnings.append(warn("aucun titre trouvé avant les parties : titre « \(draft.title) » par défaut",
                                           "no title found before the parties: default title \"\(draft.title)\""))
            }
            // "ENTRE" / "BETWEEN" between the title and the parties link them: not page chrome.
            let connectors: Set<String> = ["entre", "between", "et", "and", "by and between"]
            let left = candidates.enumerated().filter { !used.contains($0.offset) && !connectors.contains(TextTools.fold($0.element)) }.map(\.element)
            if !left.isEmpty {
                let list = left.joined(separator: " | ")
                draft.warnings.append(warn("lignes laissées de côté avant les parties (habillage de page) : \(list)",
                                           "lines left out before the parties (page chrome): \(list)"))
            }
        }

        func definedTerms(in text: String) -> [String] {
            guard let re = try? NSRegularExpression(pattern: #"[«“"]\s*([^»”"]{1,60}?)\s*[»”"]"#) else { return [] }
            let ns = text as NSString
            let f = TextTools.fold(text)
            guard ["ci-apres", "ci apres", "ci-dessous", "hereinafter", "referred to", "designe", "appele", "collectively"].contains(where: f.contains) else { return [] }
            return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        }

        mutating func addParty(_ text: String, afterET: Bool) {
            let cuts = [" (ci", "(ci", ", pour et au nom", " pour et au nom", ", représenté", ", représentée", " est représenté",
                        " est représentée", ", represented", " is represented", " represented by", " (hereinafter", ", hereinafter",
                        ", ci-après", " ci-après", ", acting", " agissant"]
            var name = text
            for c in cuts {
                if let r = text.range(of: c, options: [.caseInsensitive]), text[..<r.lowerBound].count < name.count {
                    name = String(text[..<r.lowerBound])
                }
            }
            name = name.trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            var id: String
            if let m = text.firstMatch(#"(?:au nom du|au nom de la|au nom de l['’]|on behalf of the)\s+(gouvernement\s+(?:du|de la|de l['’]|de)\s*[\p{L}-]+|government of\s+[\p{L}-]+)"#) {
                id = TextTools.slug(m[1]!, dropping: TextTools.slugStopWords)
            } else {
                id = TextTools.slug(name, dropping: TextTools.slugStopWords)
            }
            id = String(id.split(separator: "-").prefix(5).joined(separator: "-"))
            if id.isEmpty { id = "partie-\(draft.parties.count + 1)" }
            while draft.parties.contains(where: { $0.id == id }) { id += "-\(draft.parties.count + 1)" }
            var roles: [String] = []
            var people: [String] = []
            if let m = text.firstMatch(#"(?:représentée?|represented)\s+(?:par|by)\s+(.+)$"#) {
                var rest = m[1]!
                for cut in [" (ci", ", ci-après", " ci-après", " (hereinafter", ", hereinafter"] {
                    if let r = rest.range(of: cut, options: .caseInsensitive) { rest = String(rest[..<r.lowerBound]) }
                }
                if let pm = rest.firstMatch(#",?\s*(?:madame|monsieur|mme|m\.|mr\.?|mrs\.?|ms\.?|dr\.?|l['’]honorable|the honourable)\s+([\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,3})"#) {
                    people.append(pm[1]!)
                    if let r = rest.range(of: pm[0]!) { rest = String(rest[..<r.lowerBound]) + String(rest[r.upperBound...]) }
                }
                rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,."))
                let parts = rest.replacingOccurrences(of: #",\s+(?=(?:le|la|l['’]|les|the)\s)|\s+et\s+(?=(?:le|la|l['’])\s?)|\s+and\s+(?=the\s)"#,
                                                      with: "\u{1}", options: [.regularExpression, .caseInsensitive])
                roles = parts.split(separator: "\u{1}").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            draft.parties.append(DraftParty(id: id, name: name, paragraph: (afterET ? (draft.language == .fr ? "ET " : "AND ") : "") + text,
                                            roles: roles, people: people))
            draft.definedTerms += definedTerms(in: text)
        }

        // MARK: Conclusions and signatures

        /// "ANNEXE A", "ANNEXE 1 – PLAN D’ACTION", "Annex", "APPENDIX B", "SCHEDULE": an annex starts.
        func isAnnexStart(_ b: [SourceLine]) -> Bool {
            let t = b[0].text
            return t.matches(#"^(annexe|annex|appendix|appendice|schedule)(\s+([a-z]|\d{1,2}|[ivx]{1,4})\b|\s*$)"#)
                && t.split(separator: " ").count <= 12 && (TextTools.upperRatio(t) > 0.6 || b.count == 1)
        }

        /// Annexes after the text: each header starts one; its blocks are its paragraphs.
        mutating func readAnnexes(_ bs: ArraySlice<[SourceLine]>) {
            for b in bs {
                if isAnnexStart(b) {
                    var title = b[0].text
                    var rest = Array(b.dropFirst())
                    // A heading on the next line(s) in capitals belongs to the title.
                    while let l = rest.first, TextTools.upperRatio(l.text) > 0.7 {
                        title += " – " + l.text
                        rest.removeFirst()
                    }
                    draft.annexes.append(DraftAnnex(title: title, paragraphs: rest.isEmpty ? [] : [joined(rest)]))
                } else if !draft.annexes.isEmpty {
                    draft.annexes[draft.annexes.count - 1].paragraphs.append(joined(b))
                }
            }
        }

        mutating func readConclusions(_ bs: [[SourceLine]]) {
            var sigLines: [SourceLine] = []
            var inSignatures = false
            if let annex = bs.firstIndex(where: isAnnexStart) {
                readAnnexes(bs[annex...])
                if annex < bs.count && annex > 0 { return readConclusions(Array(bs[..<annex])) }
                if annex == 0 { return }
            }
            for b in bs {
                let f = TextTools.fold(b[0].text)
                let startsSig = (f.hasPrefix("pour ") || f.hasPrefix("for ")) && TextTools.upperRatio(b[0].text) > 0.6
                if startsSig { inSignatures = true }
                if inSignatures { sigLines += b; continue }
                let text = joined(b)
                if !draft.conclusions.isEmpty, let c = text.first, c.isLowercase {
                    draft.conclusions[draft.conclusions.count - 1] = join(draft.conclusions.last!, text)
                } else {
                    draft.conclusions.append(text)
                }
            }
            readSignatures(sigLines)
        }

        /// Splits one printed line into `n` columns, or returns nil when it holds one.
        func columns(_ l: SourceLine, _ n: Int, known: [String]) -> [String]? {
            guard n >= 2 else { return nil }
            let t = l.text
            let bySpaces = t.replacingOccurrences(of: #"\s{2,}|\t"#, with: "\u{1}", options: .regularExpression)
                .split(separator: "\u{1}").map { String($0).trimmingCharacters(in: .whitespaces) }
            if bySpaces.count == n { return bySpaces }
            func cut(at idx: [String.Index]) -> [String] {
                var parts: [String] = []
                var start = t.startIndex
                for i in idx.dropFirst() + [t.endIndex] {
                    parts.append(String(t[start..<i]).trimmingCharacters(in: .whitespaces))
                    start = i
                }
                return parts
            }
            for anchor in [#"\b(?:POUR|FOR)\s"#, #"(?:^|\s)\("#] {
                let re = try! NSRegularExpression(pattern: anchor)
                let ms = re.matches(in: t, range: NSRange(t.startIndex..., in: t))
                if ms.count == n {
                    let idx = ms.map { m -> String.Index in
                        var i = Range(m.range, in: t)!.lowerBound
                        while t[i] == " " { i = t.index(after: i) }
                        return i
                    }
                    if idx[0] == t.startIndex { return cut(at: idx) }
                }
            }
            let dates = DateWords.find(in: t)
            if dates.count == n {
                var idx = [t.startIndex]
                for d in dates.dropLast() { idx.append(d.range.upperBound) }
                return cut(at: idx)
            }
            // Names and offices: cut before a capitalised word, preferring a known name, else the middle.
            let words = t.split(separator: " ")
            guard n == 2, words.count >= 2, TextTools.upperRatio(t) < 0.7, words.allSatisfy({ $0.first?.isLetter ?? false }) else { return nil }
            var best: (score: Int, k: Int)?
            for k in 1..<words.count where words[k].first!.isUppercase {
                let left = words[..<k].joined(separator: " "), right = words[k...].joined(separator: " ")
                let lf = TextTools.fold(left), rf = TextTools.fold(right)
                var score = -abs(words.count / 2 - k)
                if known.contains(where: { TextTools.fold($0).hasSuffix(lf) || TextTools.fold($0) == lf }) { score += 100 }
                if known.contains(where: { TextTools.fold($0).hasSuffix(rf) || TextTools.fold($0) == rf }) { score += 100 }
                if best == nil || score > best!.score { best = (score, k) }
            }
            guard let best else { return nil }
            return [words[..<best.k].joined(separator: " "), words[best.k...].joined(separator: " ")]
        }

        mutating func readSignatures(_ lines: [SourceLine]) {
            guard !lines.isEmpty else { return }
            let n = max(draft.parties.count, 1)
            let known = draft.parties.flatMap { $0.people + $0.roles.map { String($0.split(separator: " ").dropFirst().joined(separator: " ")) } + $0.roles }
            var segments: [[String]] = Array(repeating: [], count: n)
            let forLines = lines.filter { l in
                let f = TextTools.fold(l.text)
                return (f.hasPrefix("pour ") || f.hasPrefix("for ")) && TextTools.upperRatio(l.text) > 0.6
            }
            let split = lines.map { columns($0, n, known: known) }
            let sideBySide = lines.contains { l in
                l.text.matches(#"\S\s{2,}\S|\t"#)
                    || ((try? NSRegularExpression(pattern: #"\b(?:POUR|FOR)\s"#))?.numberOfMatches(in: l.text, range: NSRange(l.text.startIndex..., in: l.text)) ?? 0) >= 2
            }
            if n >= 2, forLines.count == n, !sideBySide {
                // Stacked blocks, one party after the other.
                var cur = -1
                for l in lines {
                    let f = TextTools.fold(l.text)
                    if (f.hasPrefix("pour ") || f.hasPrefix("for ")) && TextTools.upperRatio(l.text) > 0.6 { cur += 1 }
                    segments[max(cur, 0)].append(l.text)
                }
            } else {
                var seenDate = false
                for (l, cols) in zip(lines, split) {
                    if let cols {
                        for (i, c) in cols.enumerated() where !c.isEmpty { segments[i].append(c) }
                        if !DateWords.find(in: l.text).isEmpty { seenDate = true }
                    } else if n == 1 {
                        segments[0].append(l.text)
                    } else if !seenDate, TextTools.upperRatio(l.text) > 0.6 {
                        // "DE L’EMPLOI ET DE LA": continues the organisation left unfinished.
                        let target = segments.firstIndex { s in
                            guard let last = s.last else { return false }
                            let f = TextTools.fold(last)
                            return last.hasSuffix(",") || [" de", " de la", " du", " et", " des", " of", " and", " the"].contains { f.hasSuffix($0) }
                        } ?? 0
                        if segments[target].isEmpty { segments[target].append(l.text) } else {
                            segments[target][segments[target].count - 1] += " " + l.text
                        }
                    } else {
                        draft.warnings.append(warn("bloc de signatures : ligne « \(l.text) » non répartie entre les colonnes, gardée avec la première",
                                                   "signature block: line \"\(l.text)\" not split between the columns, kept with the first"))
                        segments[0].append(l.text)
                    }
                }
            }
            for (i, seg) in segments.enumerated() where !seg.isEmpty {
                var sig = interpret(seg)
                sig.party = matchParty(sig.organization) ?? (i < draft.parties.count ? draft.parties[i].id : nil)
                draft.signatures.append(sig)
            }
            // "Fait à Québec, le 2 juin 2008": one place and date for every signature that lacks its own.
            if let shared = draft.conclusions.lazy.compactMap({ c -> (String?, CivilDate, String)? in
                guard let d = DateWords.find(in: c).first else { return nil }
                let place = c.firstMatch(#"(?:fait|done|signed|signé)\s+(?:à|a|at|in)\s+([\p{Lu}][\p{L}' -]+?)(?:,|\s+le\s|\s+on\s|\s+this\s)"#)?[1]
                return (place ?? nil, d.date, String(c[d.range]))
            }).first {
                for k in draft.signatures.indices where draft.signatures[k].date == nil {
                    draft.signatures[k].date = shared.1
                    draft.signatures[k].dateText = shared.2
                    if draft.signatures[k].place == nil { draft.signatures[k].place = shared.0 }
                }
            }
        }

        func matchParty(_ org: String) -> String? {
            let words = Set(TextTools.slug(org, dropping: TextTools.slugStopWords).split(separator: "-"))
            var best: (Int, String)?
            for p in draft.parties {
                let pw = Set(TextTools.slug(p.name, dropping: TextTools.slugStopWords).split(separator: "-"))
                    .union(p.id.split(separator: "-"))
                let score = words.intersection(pw).count
                if score > 0, best == nil || score > best!.0 { best = (score, p.id) }
            }
            return best?.1
        }

        func interpret(_ seg: [String]) -> DraftSignature {
            var sig = DraftSignature(party: nil, organization: "")
            var rest: [String] = []
            var orgOpen = false
            for l in seg {
                let f = TextTools.fold(l)
                if f.hasPrefix("pour ") || f.hasPrefix("for ") {
                    sig.organization = String(l.split(separator: " ", maxSplits: 1).last ?? "")
                    orgOpen = true
                    continue
                }
                if orgOpen, TextTools.upperRatio(l) > 0.7, DateWords.find(in: l).isEmpty {
                    sig.organization += " " + l
                    continue
                }
                orgOpen = false
                if let d = DateWords.find(in: l).first {
                    sig.date = d.date
                    sig.dateText = String(l[d.range])
                    if let m = l.firstMatch(#"^(?:fait\s+|done\s+|signed\s+|signé\s+)?(?:à|a|at|in)\s+([\p{Lu}][\p{L}' -]+?)\s*(?:,|\s+le\s|\s+on\s|\s+this\s)"#) {
                        sig.place = m[1]
                    } else if let m = l.firstMatch(#"^([\p{Lu}][\p{L}' -]+?),\s"#), l.distance(from: l.startIndex, to: l.range(of: ",")!.lowerBound) < 40 {
                        // "Ottawa, June 3, 2015".
                        sig.place = m[1]
                    }
                    continue
                }
                if l.hasPrefix("(") { sig.other.append(l); continue }
                rest.append(l)
            }
            if let first = rest.first { sig.person = first }
            if rest.count > 1 { sig.role = rest[1...].joined(separator: " ") }
            return sig
        }
    }
}
