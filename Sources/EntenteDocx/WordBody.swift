/// A report as Word sees it: paragraphs with styles, runs, tables. Built from the report's
/// HTML (`HTMLReader`), written as WordprocessingML (`WordParts`). The words and their order
/// come from the HTML template and its report model only; this type decides the look.
struct WordBody: Sendable, Equatable {
    /// The page's `<title>`: the core properties' title.
    var title: String
    /// Everything in `<body>` but the footer, in order.
    var blocks: [WordBlock]
    /// The page's `<footer>` text; it goes into the Word footer beside the page number. nil: no footer.
    var footer: [WordRun]?
    /// The page's `<header>` became a title page (a report, not a letter).
    var hasTitlePage: Bool
}

indirect enum WordBlock: Sendable, Equatable {
    case paragraph(WordParagraph)
    case table(WordTable)
}

struct WordParagraph: Sendable, Equatable {
    enum Alignment: String, Sendable { case left, center, right, both }

    /// A paragraph style id of `WordStyles` (nil: Normal).
    var style: String?
    var runs: [WordRun] = []
    /// A list item: its bullet list (1) or numbered list (2) and depth (0-based).
    var list: (numID: Int, level: Int)?
    var alignment: Alignment?
    /// Kept on the same page as the next block (a paragraph introducing a table).
    var keepNext = false
    /// The first paragraph after the title page.
    var pageBreakBefore = false
    /// Space before in twentieths of a point (the title page's first paragraph).
    var spaceBefore: Int?
    /// Space after in twentieths of a point (the last item of a list, before the text that follows).
    var spaceAfter: Int?

    static func == (a: Self, b: Self) -> Bool {
        a.style == b.style && a.runs == b.runs && a.list?.numID == b.list?.numID && a.list?.level == b.list?.level
            && a.alignment == b.alignment && a.keepNext == b.keepNext && a.pageBreakBefore == b.pageBreakBefore && a.spaceBefore == b.spaceBefore && a.spaceAfter == b.spaceAfter
    }

    /// Nothing to show: no visible character and no line break.
    var isBlank: Bool {
        runs.allSatisfy { r in
            switch r.content {
            case .text(let t): return t.allSatisfy { $0 == " " }
            case .lineBreak, .tab: return false
            }
        }
    }
}

struct WordRun: Sendable, Equatable {
    enum Content: Sendable, Equatable {
        case text(String)
        case lineBreak
        case tab
    }

    var content: Content
    var bold = false
    var italic = false
    /// A character style id of `WordStyles`.
    var style: String?

    var text: String? { if case .text(let t) = content { return t } else { return nil } }
}

struct WordTable: Sendable, Equatable {
    var rows: [WordRow]
    /// A narrow table (`class="narrow"`): 60 % of the text width instead of all of it.
    var narrow: Bool
}

struct WordRow: Sendable, Equatable {
    /// A header row, repeated at the top of each page the table runs onto (`w:tblHeader`).
    var header: Bool
    var cells: [WordCell]
}

struct WordCell: Sendable, Equatable {
    var blocks: [WordBlock]
    var header: Bool
    /// Columns this cell spans (`colspan`).
    var span: Int = 1

    /// All the cell's text, for measuring column widths.
    var plainText: String {
        blocks.map { b -> String in
            switch b {
            case .paragraph(let p): return p.runs.compactMap(\.text).joined()
            case .table: return ""
            }
        }.joined(separator: " ")
    }
}
