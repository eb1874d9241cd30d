import Foundation

/// The XML parts of a Word package written from a `WordBody` (ECMA-376 Part 1 and the Open
/// Packaging Conventions of Part 2), each as an element tree for `XMLWriter`.
struct WordParts {
    typealias X = XMLElementValue
    let body: WordBody
    /// `fr-CA` or `en-CA`.
    let languageTag: String
    let created: Date
    let creator: String?
    /// Built-in style id → the id the styles part uses (a reference document may name Heading1 "Titre1").
    var styleID: (String) -> String = { $0 }
    /// The reference document's theme goes in the package.
    var hasTheme = false

    static let footerRelID = "rIdFooter1"

    // MARK: - document.xml

    func document() -> X {
        var section: [X] = []
        if body.footer != nil { section.append(OOXML.w("footerReference", [("type", "default"), ("r:id", Self.footerRelID)])) }
        section += [
            OOXML.w("pgSz", [("w", "11906"), ("h", "16838")]),
            OOXML.w("pgMar", [("top", "1021"), ("right", "907"), ("bottom", "1134"), ("left", "907"),
                              ("header", "567"), ("footer", "567"), ("gutter", "0")]),
        ]
        // The title page carries no footer.
        if body.hasTitlePage { section.append(OOXML.w("titlePg")) }
        let content = body.blocks.flatMap { block($0, width: WordStyles.textWidth) }
        return X("w:document", [("xmlns:w", OOXML.wordNS), ("xmlns:r", OOXML.relNS)], [
            OOXML.w("body", [], content + [OOXML.w("sectPr", [], section)]),
        ])
    }

    func block(_ b: WordBlock, width: Int) -> [X] {
        switch b {
        case .paragraph(let p): return [paragraph(p)]
        case .table(let t): return [table(t, width: width)]
        }
    }

    func paragraph(_ p: WordParagraph) -> X {
        var pPr: [X] = []
        if let s = p.style { pPr.append(OOXML.val("pStyle", styleID(s))) }
        if p.keepNext { pPr.append(OOXML.w("keepNext")) }
        if p.pageBreakBefore { pPr.append(OOXML.w("pageBreakBefore")) }
        if let list = p.list {
            pPr.append(OOXML.w("numPr", [], [OOXML.val("ilvl", "\(list.level)"), OOXML.val("numId", "\(list.numID)")]))
        }
        switch (p.spaceBefore, p.spaceAfter) {
        case (nil, nil): break
        case (let before?, nil): pPr.append(OOXML.w("spacing", [("before", "\(before)")]))
        case (nil, let after?): pPr.append(OOXML.w("spacing", [("after", "\(after)")]))
        case (let before?, let after?): pPr.append(OOXML.w("spacing", [("before", "\(before)"), ("after", "\(after)")]))
        }
        if let a = p.alignment { pPr.append(OOXML.val("jc", a.rawValue)) }
        var children: [X] = pPr.isEmpty ? [] : [OOXML.w("pPr", [], pPr)]
        children += p.runs.map(run)
        return OOXML.w("p", [], children)
    }

    func run(_ r: WordRun) -> X {
        var rPr: [X] = []
        if let s = r.style { rPr.append(OOXML.val("rStyle", styleID(s))) }
        if r.bold { rPr += [OOXML.w("b"), OOXML.w("bCs")] }
        if r.italic { rPr += [OOXML.w("i"), OOXML.w("iCs")] }
        var children: [X] = rPr.isEmpty ? [] : [OOXML.w("rPr", [], rPr)]
        switch r.content {
        case .text(let t): children.append(X("w:t", [("xml:space", "preserve")], text: t))
        case .lineBreak: children.append(OOXML.w("br"))
        case .tab: children.append(OOXML.w("tab"))
        }
        return OOXML.w("r", [], children)
    }

    /// Column widths in twips. Each column first gets room for its longest word (a word is
    /// never broken: "réalisée", "Gouvernement"), then the rest of the width is shared in
    /// proportion to the square root of each column's longest cell text, so that long text
    /// columns get most of it without starving short ones.
    static func columnWidths(_ t: WordTable, width: Int) -> [Int] {
        let columns = t.rows.map { $0.cells.reduce(0) { $0 + $1.span } }.max() ?? 0
        guard columns > 0 else { return [] }
        var longest = [Int](repeating: 1, count: columns), word = [Int](repeating: 1, count: columns)
        for row in t.rows {
            var c = 0
            for cell in row.cells {
                defer { c += cell.span }
                guard cell.span == 1, c < columns else { continue }
                let text = cell.plainText
                longest[c] = max(longest[c], text.count)
                // Split at plain spaces only: "4 200,00 EUR" holds no-break spaces and never
                // breaks. Header words are set in bold sans: count them wider.
                let words = text.split(separator: " ").map(\.count)
                word[c] = max(word[c], (words.max() ?? 0) * (cell.header ? 6 : 5) / 5)
            }
        }
        // About 110 twips a character at the tables' 9.5 pt, plus the cell's margins.
        var widths = word.map { $0 * 110 + 2 * 85 + 60 }
        let minimum = widths.reduce(0, +)
        if minimum >= width {
            widths = widths.map { $0 * width / minimum }
        } else {
            let weights = longest.map { pow(Double($0), 0.75) }
            let total = weights.reduce(0, +)
            let rest = Double(width - minimum)
            for c in 0..<columns { widths[c] += Int(rest * weights[c] / total) }
        }
        widths[columns - 1] += width - widths.reduce(0, +)
        return widths
    }

    func table(_ t: WordTable, width available: Int) -> X {
        let width = t.narrow ? available * 3 / 5 : available
        let widths = Self.columnWidths(t, width: width)
        var rows: [X] = []
        for row in t.rows {
            var trPr: [X] = [OOXML.w("cantSplit")]
            if row.header { trPr.append(OOXML.w("tblHeader")) }
            var cells: [X] = []
            var c = 0
            for cell in row.cells where c < widths.count {
                let span = min(cell.span, widths.count - c)
                let w = widths[c..<c + span].reduce(0, +)
                c += span
                var tcPr: [X] = [OOXML.w("tcW", [("w", "\(w)"), ("type", "dxa")])]
                if span > 1 { tcPr.append(OOXML.val("gridSpan", "\(span)")) }
                if cell.header { tcPr.append(OOXML.w("shd", [("val", "clear"), ("color", "auto"), ("fill", WordStyles.band)])) }
                cells.append(OOXML.w("tc", [], [OOXML.w("tcPr", [], tcPr)] + cell.blocks.flatMap { block($0, width: w) }))
            }
            // A short row is filled with empty cells, so that every row spans the grid.
            while c < widths.count {
                cells.append(OOXML.w("tc", [], [OOXML.w("tcPr", [], [OOXML.w("tcW", [("w", "\(widths[c])"), ("type", "dxa")])]),
                                               paragraph(WordParagraph(style: "TableText"))]))
                c += 1
            }
            rows.append(OOXML.w("tr", [], [OOXML.w("trPr", [], trPr)] + cells))
        }
        let tblPr: [X] = [
            OOXML.val("tblStyle", styleID("EntenteTable")),
            OOXML.w("tblW", [("w", "\(width)"), ("type", "dxa")]),
            OOXML.w("tblLayout", [("type", "fixed")]),
            OOXML.w("tblLook", [("val", "0420"), ("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"), ("lastColumn", "0"),
                                ("noHBand", "1"), ("noVBand", "1")]),
        ]
        return OOXML.w("tbl", [], [OOXML.w("tblPr", [], tblPr), OOXML.w("tblGrid", [], widths.map { OOXML.w("gridCol", [("w", "\($0)")]) })] + rows)
    }

    // MARK: - footer1.xml

    /// The page's footer text, a right tab, then "page / pages" as fields Word and LibreOffice
    /// update themselves.
    func footer() -> X? {
        guard let runs = body.footer else { return nil }
        func field(_ instruction: String) -> X {
            OOXML.w("fldSimple", [("instr", " \(instruction) \\* MERGEFORMAT ")], [run(WordRun(content: .text("1")))])
        }
        let children: [X] = [
            OOXML.w("pPr", [], [OOXML.val("pStyle", styleID("Footer")),
                                OOXML.w("tabs", [], [OOXML.w("tab", [("val", "right"), ("pos", "\(WordStyles.textWidth)")])])]),
        ] + runs.map(run) + [run(WordRun(content: .tab)), field("PAGE"), run(WordRun(content: .text(" / "))), field("NUMPAGES")]
        return X("w:ftr", [("xmlns:w", OOXML.wordNS), ("xmlns:r", OOXML.relNS)], [OOXML.w("p", [], children)])
    }

    // MARK: - numbering.xml

    /// Bullets on nine levels (numId 1), and one numbered list per `<ol>` (numId 2, 3, …),
    /// each restarting at 1.
    func numbering() -> X {
        let bullets = ["\u{2022}", "\u{25E6}", "\u{25AA}"]
        func level(_ i: Int, bullet: Bool) -> X {
            OOXML.w("lvl", [("ilvl", "\(i)")], [
                OOXML.val("start", "1"),
                OOXML.val("numFmt", bullet ? "bullet" : (i % 3 == 0 ? "decimal" : i % 3 == 1 ? "lowerLetter" : "lowerRoman")),
                OOXML.val("lvlText", bullet ? bullets[i % 3] : "%\(i + 1)."),
                OOXML.val("lvlJc", "left"),
                OOXML.w("pPr", [], [OOXML.w("ind", [("left", "\(340 * (i + 1))"), ("hanging", "227")])]),
            ] + (bullet ? [OOXML.w("rPr", [], [WordStyles.fonts("Arial")])] : []))
        }
        var children: [X] = [
            OOXML.w("abstractNum", [("abstractNumId", "0")], [OOXML.val("multiLevelType", "hybridMultilevel")] + (0..<9).map { level($0, bullet: true) }),
            OOXML.w("abstractNum", [("abstractNumId", "1")], [OOXML.val("multiLevelType", "hybridMultilevel")] + (0..<9).map { level($0, bullet: false) }),
            OOXML.w("num", [("numId", "1")], [OOXML.val("abstractNumId", "0")]),
        ]
        for k in 0..<Self.orderedListCount(body.blocks) {
            children.append(OOXML.w("num", [("numId", "\(2 + k)")], [
                OOXML.val("abstractNumId", "1"),
                OOXML.w("lvlOverride", [("ilvl", "0")], [OOXML.val("startOverride", "1")]),
            ]))
        }
        return X("w:numbering", [("xmlns:w", OOXML.wordNS)], children)
    }

    static func orderedListCount(_ blocks: [WordBlock]) -> Int {
        var ids = Set<Int>()
        func visit(_ bs: [WordBlock]) {
            for b in bs {
                switch b {
                case .paragraph(let p): if let l = p.list, l.numID >= 2 { ids.insert(l.numID) }
                case .table(let t): for r in t.rows { for c in r.cells { visit(c.blocks) } }
                }
            }
        }
        visit(blocks)
        return ids.max().map { $0 - 1 } ?? 0
    }

    // MARK: - settings.xml

    func settings() -> X {
        X("w:settings", [("xmlns:w", OOXML.wordNS)], [
            OOXML.w("zoom", [("percent", "100")]),
            OOXML.val("defaultTabStop", "709"),
            OOXML.val("characterSpacingControl", "doNotCompress"),
            OOXML.w("compat", [], [OOXML.w("compatSetting", [("name", "compatibilityMode"), ("uri", "http://schemas.microsoft.com/office/word"), ("val", "15")])]),
            OOXML.val("themeFontLang", languageTag),
        ])
    }

    // MARK: - docProps

    /// W3CDTF in UTC, to the second (`2026-11-29T18:04:05Z`).
    static func w3cdtf(_ d: Date) -> String {
        let seconds = Int64(d.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(year)
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    /// Core properties (Part 2, §11): title, language, author, created and modified.
    func core() -> X {
        let stamp = Self.w3cdtf(created)
        var children: [X] = [X("dc:title", text: body.title)]
        if let creator, !creator.isEmpty {
            children.append(X("dc:creator", text: creator))
            children.append(X("cp:lastModifiedBy", text: creator))
        }
        children += [
            X("dc:language", text: languageTag),
            X("dcterms:created", [("xsi:type", "dcterms:W3CDTF")], text: stamp),
            X("dcterms:modified", [("xsi:type", "dcterms:W3CDTF")], text: stamp),
        ]
        return X("cp:coreProperties", [
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ], children)
    }

    func app() -> X {
        X("Properties", [("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")], [
            X("Application", text: "Entente"),
        ])
    }

    // MARK: - Package plumbing

    var hasFooter: Bool { body.footer != nil }

    func contentTypes() -> X {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        var overrides: [(String, String)] = [
            ("/word/document.xml", "\(main).document.main+xml"),
            ("/word/styles.xml", "\(main).styles+xml"),
            ("/word/numbering.xml", "\(main).numbering+xml"),
            ("/word/settings.xml", "\(main).settings+xml"),
        ]
        if hasFooter { overrides.append(("/word/footer1.xml", "\(main).footer+xml")) }
        if hasTheme { overrides.append(("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")) }
        overrides += [
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        return X("Types", [("xmlns", OOXML.contentTypes)], [
            X("Default", [("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")]),
            X("Default", [("Extension", "xml"), ("ContentType", "application/xml")]),
        ] + overrides.map { X("Override", [("PartName", $0.0), ("ContentType", $0.1)]) })
    }

    func packageRelationships() -> X {
        X("Relationships", [("xmlns", OOXML.relationships)], [
            X("Relationship", [("Id", "rId1"), ("Type", "\(OOXML.officeRel)/officeDocument"), ("Target", "word/document.xml")]),
            X("Relationship", [("Id", "rId2"), ("Type", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"),
                               ("Target", "docProps/core.xml")]),
            X("Relationship", [("Id", "rId3"), ("Type", "\(OOXML.officeRel)/extended-properties"), ("Target", "docProps/app.xml")]),
        ])
    }

    func documentRelationships() -> X {
        var rels: [X] = [
            X("Relationship", [("Id", "rIdStyles"), ("Type", "\(OOXML.officeRel)/styles"), ("Target", "styles.xml")]),
            X("Relationship", [("Id", "rIdNumbering"), ("Type", "\(OOXML.officeRel)/numbering"), ("Target", "numbering.xml")]),
            X("Relationship", [("Id", "rIdSettings"), ("Type", "\(OOXML.officeRel)/settings"), ("Target", "settings.xml")]),
        ]
        if hasFooter { rels.append(X("Relationship", [("Id", Self.footerRelID), ("Type", "\(OOXML.officeRel)/footer"), ("Target", "footer1.xml")])) }
        if hasTheme { rels.append(X("Relationship", [("Id", "rIdTheme"), ("Type", "\(OOXML.officeRel)/theme"), ("Target", "theme/theme1.xml")])) }
        return X("Relationships", [("xmlns", OOXML.relationships)], rels)
    }
}
