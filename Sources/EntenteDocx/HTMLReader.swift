import CLibXML2
import Foundation

/// Reads a report's HTML page (as the HTML templates write it) into a `WordBody`, through
/// libxml2's HTML parser, which also takes a workspace template that is not well-formed XML.
///
/// Mapping (the same one for every report kind; the words are the template's):
/// - `<title>` → the document title; `<header>` of a report → the title page; `<footer>` →
///   the Word footer, beside the page number; a letter (`<body class="letter">`) has no
///   title page.
/// - `h1`–`h3` → Heading1–Heading3 (`h4`–`h6` → Heading3), so Word's navigation pane and a
///   table of contents find them.
/// - `p` → a paragraph, styled by its class (`kicker`, `official`, `summary`, `empty`, the
///   letter's `sender`, `date`, `recipient`, `subject`, `signature`; a letter's other
///   paragraphs are justified Body Text); `dl` → one paragraph
///   per term, the term in bold, a tab, the description.
/// - `ul`/`ol` → bullet or numbered paragraphs, nesting as list levels; `ul.details` in
///   the smaller, muted Details style.
/// - `table` → a Word table; rows of `thead` are header rows repeated on each page; `.num`
///   cells right-aligned.
/// - `strong`/`b` → bold, `em`/`i` → italic, `span.muted` and `.status-*` → character
///   styles, `br` → a line break. White space collapses as a browser collapses it.
enum HTMLReader {
    static let paragraphStyles: [String: String] = [
        "kicker": "Kicker", "official": "OfficialTitle", "summary": "Summary", "empty": "EmptyNote",
        "sender": "Sender", "date": "LetterDate", "recipient": "Recipient", "subject": "Subject", "signature": "Signature",
    ]
    static let characterStyles: [String: String] = [
        "muted": "Muted", "status-met": "StatusMet", "status-late": "StatusLate", "status-missed": "StatusMissed",
    ]
    static let skipped: Set<String> = ["head", "title", "style", "script", "meta", "link", "template", "noscript", "hr"]
    static let inline: Set<String> = [
        "a", "abbr", "b", "cite", "code", "dfn", "em", "font", "i", "kbd", "label", "mark", "q", "s", "samp", "small",
        "span", "strong", "sub", "sup", "time", "u", "var", "bdi", "bdo", "data", "del", "ins",
    ]
    static let transparentBlocks: Set<String> = [
        "html", "body", "header", "main", "section", "article", "nav", "aside", "div", "figure", "center", "footer",
        "form", "fieldset", "details", "summary",
    ]

    /// Space before the title page's first paragraph, in twentieths of a point (6 cm).
    static let titlePageTop = 3400

    /// - Throws: `DocxError.htmlUnreadable` when libxml2 returns no document at all.
    static func read(html: String) throws -> WordBody {
        try withDocument(html) { doc in
            guard let root = xmlDocGetRootElement(doc) else { throw DocxError.htmlUnreadable }
            let title = collapse(first("title", under: root).map(textContent) ?? "")
            guard let body = first("body", under: root) else {
                return WordBody(title: title, blocks: [], footer: nil, hasTitlePage: false)
            }
            let isLetter = classes(body).contains("letter")
            var reader = Reader()
            var blocks: [WordBlock] = []
            var footer: [WordRun]?
            var titlePageEnd: Int?
            let top = Flow(template: WordParagraph())
            for child in children(body) {
                guard child.pointee.type == XML_ELEMENT_NODE else { reader.collectChild(child, into: top, Inline(), Context()); continue }
                switch name(child) {
                case "footer":
                    top.flush()
                    let flow = Flow(template: WordParagraph(style: "Footer"))
                    reader.collect(child, into: flow, Inline(), Context())
                    let paragraphs = flow.finish().compactMap { b -> WordParagraph? in if case .paragraph(let p) = b { return p } else { return nil } }
                    var runs: [WordRun] = []
                    for (i, p) in paragraphs.enumerated() {
                        if i > 0 { runs.append(WordRun(content: .text(" "))) }
                        runs += p.runs
                    }
                    footer = runs
                case "main" where isLetter:
                    // A letter's paragraphs are justified body text, as its print CSS sets them.
                    top.append(reader.block(child, Inline(), Context(style: "BodyText")))
                case "header" where !isLetter && titlePageEnd == nil && blocks.isEmpty && top.isEmpty:
                    blocks += reader.block(child, Inline(), Context())
                    titlePageEnd = blocks.count
                default:
                    reader.collectChild(child, into: top, Inline(), Context())
                }
                blocks += top.take()
            }
            blocks += top.finish()
            // A paragraph that introduces a table stays with its first rows.
            for i in blocks.indices.dropLast() {
                if case .paragraph(var p) = blocks[i], case .table = blocks[i + 1] { p.keepNext = true; blocks[i] = .paragraph(p) }
            }
            if let end = titlePageEnd, end > 0 {
                if case .paragraph(var p) = blocks[0] { p.spaceBefore = titlePageTop; blocks[0] = .paragraph(p) }
                if end < blocks.count, case .paragraph(var p) = blocks[end] {
                    p.pageBreakBefore = true
                    blocks[end] = .paragraph(p)
                } else {
                    blocks.insert(.paragraph(WordParagraph(pageBreakBefore: true)), at: end)
                }
            }
            return WordBody(title: title, blocks: blocks, footer: footer, hasTitlePage: titlePageEnd ?? 0 > 0)
        }
    }

    /// The page's `<title>`, white space collapsed ("" when it has none).
    static func title(html: String) throws -> String {
        try withDocument(html) { doc in
            guard let root = xmlDocGetRootElement(doc) else { return "" }
            return collapse(first("title", under: root).map(textContent) ?? "")
        }
    }

    static func withDocument<T>(_ html: String, _ body: (xmlDocPtr) throws -> T) throws -> T {
        _ = LibXML.ready
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NODEFDTD.rawValue)
        var bytes = Array(html.utf8)
        if bytes.isEmpty { bytes = Array("<html></html>".utf8) }
        let parsed = bytes.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                htmlReadMemory($0, Int32(b.count), "report.html", "UTF-8", options)
            }
        }
        guard let doc = parsed else { throw DocxError.htmlUnreadable }
        defer { xmlFreeDoc(doc) }
        return try body(doc)
    }

    // MARK: - Tree helpers

    static func name(_ n: xmlNodePtr) -> String { n.pointee.name.map { String(cString: $0) }?.lowercased() ?? "" }

    static func children(_ n: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var c = n.pointee.children
        while let x = c { out.append(x); c = x.pointee.next }
        return out
    }

    static func attribute(_ n: xmlNodePtr, _ a: String) -> String? {
        guard let v = withXMLChars(a, { xmlGetProp(n, $0) }) else { return nil }
        defer { cxml_free(v) }
        return String(cString: v)
    }

    static func classes(_ n: xmlNodePtr) -> [String] {
        (attribute(n, "class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    static func first(_ wanted: String, under n: xmlNodePtr) -> xmlNodePtr? {
        for c in children(n) where c.pointee.type == XML_ELEMENT_NODE {
            if name(c) == wanted { return c }
            if let found = first(wanted, under: c) { return found }
        }
        return nil
    }

    static func textContent(_ n: xmlNodePtr) -> String {
        guard let v = xmlNodeGetContent(n) else { return "" }
        defer { cxml_free(v) }
        return String(cString: v)
    }

    static func isHTMLSpace(_ c: Character) -> Bool {
        c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\r\n" || c == "\u{0C}"
    }

    /// HTML white space (not no-break spaces) collapsed to single spaces, trimmed.
    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: isHTMLSpace).joined(separator: " ")
    }

    // MARK: - Walking

    /// Formatting inherited by text.
    struct Inline {
        var bold = false
        var italic = false
        var style: String?
    }

    /// Where a block sits.
    struct Context {
        var style: String?
        var alignment: WordParagraph.Alignment?
        var listDepth = 0
        var inCell = false
    }

    /// Paragraphs being gathered from mixed content: text and inline elements go into the open
    /// paragraph; a block element closes it and adds its own blocks.
    final class Flow {
        let template: WordParagraph
        private(set) var blocks: [WordBlock] = []
        private(set) var open: WordParagraph?
        private var emitted = false

        init(template: WordParagraph) { self.template = template }

        var isEmpty: Bool { blocks.isEmpty && (open?.isBlank ?? true) }
        var hasOpenParagraph: Bool { open != nil }

        private func opened() -> WordParagraph {
            if let open { return open }
            var p = template
            // The rest of a list item after a nested block: no second bullet.
            if emitted { p.list = nil }
            return p
        }

        func add(_ run: WordRun) {
            var p = opened()
            if case .text(let t) = run.content, let last = p.runs.last, case .text(let previous) = last.content,
               last.bold == run.bold, last.italic == run.italic, last.style == run.style {
                p.runs[p.runs.count - 1].content = .text(previous + t)
            } else {
                p.runs.append(run)
            }
            open = p
        }

        /// Text with HTML white space collapsed, none at the start of a paragraph or line.
        func addText(_ s: String, _ inline: Inline) {
            var atSpace: Bool
            switch open?.runs.last?.content {
            case .none, .lineBreak, .tab: atSpace = true
            case .text(let t): atSpace = t.last == " "
            }
            var out = ""
            for c in s {
                if HTMLReader.isHTMLSpace(c) {
                    if !atSpace { out.append(" "); atSpace = true }
                } else {
                    out.append(c)
                    atSpace = false
                }
            }
            guard !out.isEmpty else { return }
            add(WordRun(content: .text(out), bold: inline.bold, italic: inline.italic, style: inline.style))
        }

        func flush() {
            guard var p = open else { return }
            open = nil
            // No trailing space, and none before a line break.
            for i in p.runs.indices.reversed() {
                guard case .text(var t) = p.runs[i].content else { continue }
                while t.last == " " { t.removeLast() }
                p.runs[i].content = .text(t)
                if !t.isEmpty { break }
            }
            for i in p.runs.indices.dropLast() where p.runs[i + 1].content == .lineBreak {
                if case .text(var t) = p.runs[i].content { while t.last == " " { t.removeLast() }; p.runs[i].content = .text(t) }
            }
            p.runs.removeAll { $0.text == "" }
            guard !p.isBlank else { return }
            blocks.append(.paragraph(p))
            emitted = true
        }

        func append(_ more: [WordBlock]) {
            flush()
            blocks += more
            if !more.isEmpty { emitted = true }
        }

        /// The blocks gathered so far, handed over.
        func take() -> [WordBlock] {
            let out = blocks
            blocks = []
            return out
        }

        func finish() -> [WordBlock] {
            flush()
            return take()
        }
    }

    struct Reader {
        var orderedLists = 0

        /// The children of `node`, as content of `flow`.
        mutating func collect(_ node: xmlNodePtr, into flow: Flow, _ inline: Inline, _ ctx: Context) {
            for child in HTMLReader.children(node) { collectChild(child, into: flow, inline, ctx) }
        }

        /// One node as content of `flow`: text and inline elements into its open paragraph,
        /// a block element as blocks of its own.
        mutating func collectChild(_ child: xmlNodePtr, into flow: Flow, _ inline: Inline, _ ctx: Context) {
            switch child.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let c = child.pointee.content { flow.addText(String(cString: c), inline) }
            case XML_ELEMENT_NODE:
                let n = HTMLReader.name(child)
                if HTMLReader.skipped.contains(n) { return }
                if n == "br" {
                    flow.add(WordRun(content: .lineBreak, bold: inline.bold, italic: inline.italic, style: inline.style))
                } else if HTMLReader.inline.contains(n) || !isBlock(n) {
                    var inner = inline
                    if n == "strong" || n == "b" { inner.bold = true }
                    if n == "em" || n == "i" || n == "cite" || n == "dfn" || n == "var" { inner.italic = true }
                    if let style = HTMLReader.classes(child).lazy.compactMap({ HTMLReader.characterStyles[$0] }).first {
                        inner.style = style
                    }
                    collect(child, into: flow, inner, ctx)
                } else {
                    flow.append(block(child, inline, ctx))
                }
            default:
                return
            }
        }

        func isBlock(_ n: String) -> Bool {
            HTMLReader.transparentBlocks.contains(n)
                || ["p", "address", "blockquote", "figcaption", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
                    "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"].contains(n)
        }

        /// One block element as Word blocks.
        mutating func block(_ el: xmlNodePtr, _ inline: Inline, _ ctx: Context) -> [WordBlock] {
            let n = HTMLReader.name(el)
            let classes = HTMLReader.classes(el)
            var inner = inline
            if let style = classes.lazy.compactMap({ HTMLReader.characterStyles[$0] }).first { inner.style = style }
            switch n {
            case "h1", "h2", "h3", "h4", "h5", "h6":
                let level = min(3, Int(String(n.dropFirst())) ?? 3)
                return paragraphs(el, WordParagraph(style: "Heading\(level)", alignment: ctx.alignment), inner, ctx)
            case "p", "address", "blockquote", "figcaption", "pre", "dt", "dd", "caption":
                let style = classes.lazy.compactMap { HTMLReader.paragraphStyles[$0] }.first ?? ctx.style
                return paragraphs(el, WordParagraph(style: style, alignment: ctx.alignment), inner, ctx)
            case "ul", "ol":
                return list(el, ordered: n == "ol", details: classes.contains("details"), inner, ctx)
            case "li":
                return paragraphs(el, WordParagraph(style: ctx.inCell ? "TableList" : "ListBullet", list: (1, ctx.listDepth)), inner,
                                  Context(style: ctx.style, alignment: ctx.alignment, listDepth: ctx.listDepth + 1, inCell: ctx.inCell))
            case "dl":
                return definitions(el, inner, ctx)
            case "table":
                return table(el, inner, ctx)
            case "thead", "tbody", "tfoot", "tr", "td", "th":
                // Table parts outside a table: their text, as paragraphs.
                return paragraphs(el, WordParagraph(style: ctx.style, alignment: ctx.alignment), inner, ctx)
            default:
                let style = classes.lazy.compactMap { HTMLReader.paragraphStyles[$0] }.first ?? ctx.style
                return paragraphs(el, WordParagraph(style: style, alignment: ctx.alignment), inner,
                                  Context(style: style, alignment: ctx.alignment, listDepth: ctx.listDepth, inCell: ctx.inCell))
            }
        }

        mutating func paragraphs(_ el: xmlNodePtr, _ template: WordParagraph, _ inline: Inline, _ ctx: Context) -> [WordBlock] {
            let flow = Flow(template: template)
            collect(el, into: flow, inline, ctx)
            return flow.finish()
        }

        mutating func list(_ el: xmlNodePtr, ordered: Bool, details: Bool, _ inline: Inline, _ ctx: Context) -> [WordBlock] {
            var numID = 1
            if ordered { orderedLists += 1; numID = 1 + orderedLists }
            let style = details ? "Details" : ctx.inCell ? "TableList" : "ListBullet"
            let level = min(ctx.listDepth, 8)
            var out: [WordBlock] = []
            for item in HTMLReader.children(el) where item.pointee.type == XML_ELEMENT_NODE {
                let n = HTMLReader.name(item)
                if HTMLReader.skipped.contains(n) { continue }
                guard n == "li" else { out += block(item, inline, ctx); continue }
                out += paragraphs(item, WordParagraph(style: style, list: (numID, level)), inline,
                                  Context(style: style, alignment: nil, listDepth: ctx.listDepth + 1, inCell: ctx.inCell))
            }
            // A list in the running text ends with the space of a paragraph (as the HTML's margin).
            if ctx.listDepth == 0, !ctx.inCell, case .paragraph(var last) = out.last {
                last.spaceAfter = 160
                out[out.count - 1] = .paragraph(last)
            }
            return out
        }

        /// `<dl>`: a paragraph per term, "term⇥description", in the Facts style.
        mutating func definitions(_ el: xmlNodePtr, _ inline: Inline, _ ctx: Context) -> [WordBlock] {
            let flow = Flow(template: WordParagraph(style: "Facts"))
            var descriptions = 0
            for child in HTMLReader.children(el) {
                guard child.pointee.type == XML_ELEMENT_NODE else { continue }
                switch HTMLReader.name(child) {
                case "dt":
                    flow.flush()
                    descriptions = 0
                    var bold = inline
                    bold.bold = true
                    collect(child, into: flow, bold, ctx)
                case "dd":
                    if descriptions > 0 { flow.flush() }
                    flow.add(WordRun(content: .tab))
                    descriptions += 1
                    collect(child, into: flow, inline, ctx)
                case let n where HTMLReader.skipped.contains(n):
                    continue
                default:
                    flow.append(block(child, inline, ctx))
                }
            }
            return flow.finish()
        }

        mutating func table(_ el: xmlNodePtr, _ inline: Inline, _ ctx: Context) -> [WordBlock] {
            var before: [WordBlock] = []
            var rows: [WordRow] = []
            for part in HTMLReader.children(el) where part.pointee.type == XML_ELEMENT_NODE {
                switch HTMLReader.name(part) {
                case "caption":
                    before += paragraphs(part, WordParagraph(style: "Caption"), inline, ctx)
                case "thead", "tbody", "tfoot":
                    let header = HTMLReader.name(part) == "thead"
                    for tr in HTMLReader.children(part) where tr.pointee.type == XML_ELEMENT_NODE && HTMLReader.name(tr) == "tr" {
                        rows.append(row(tr, header: header, inline))
                    }
                case "tr":
                    rows.append(row(part, header: false, inline))
                default:
                    continue
                }
            }
            // Without a <thead>, leading rows of <th> only are the header.
            if !rows.contains(where: \.header) {
                for i in rows.indices {
                    guard !rows[i].cells.isEmpty, rows[i].cells.allSatisfy(\.header) else { break }
                    rows[i].header = true
                }
            }
            rows.removeAll { $0.cells.isEmpty }
            guard !rows.isEmpty else { return before }
            return before + [.table(WordTable(rows: rows, narrow: HTMLReader.classes(el).contains("narrow")))]
        }

        mutating func row(_ tr: xmlNodePtr, header: Bool, _ inline: Inline) -> WordRow {
            var cells: [WordCell] = []
            for c in HTMLReader.children(tr) where c.pointee.type == XML_ELEMENT_NODE {
                let n = HTMLReader.name(c)
                guard n == "td" || n == "th" else { continue }
                let classes = HTMLReader.classes(c)
                let isHeader = n == "th" || header
                let ctx = Context(style: isHeader ? "TableHeading" : "TableText", alignment: classes.contains("num") ? .right : nil,
                                  listDepth: 0, inCell: true)
                var inner = inline
                if let style = classes.lazy.compactMap({ HTMLReader.characterStyles[$0] }).first { inner.style = style }
                var blocks = paragraphs(c, WordParagraph(style: ctx.style, alignment: ctx.alignment), inner, ctx)
                // A cell holds at least one paragraph, and ends with one.
                if case .table = blocks.last { blocks.append(.paragraph(WordParagraph(style: ctx.style))) }
                if blocks.isEmpty { blocks = [.paragraph(WordParagraph(style: ctx.style, alignment: ctx.alignment))] }
                let span = max(1, min(63, Int(HTMLReader.attribute(c, "colspan") ?? "") ?? 1))
                cells.append(WordCell(blocks: blocks, header: isHeader, span: span))
            }
            return WordRow(header: header, cells: cells)
        }
    }
}
