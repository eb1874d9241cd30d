/// Namespaces and the built-in look of Entente's Word reports (ECMA-376 Part 1,
/// WordprocessingML, transitional). Colours and sizes follow the HTML reports' CSS
/// (`_style.mustache`): ink #1A1A1A, accent #1F3B63, rules #C8D1DE, muted #4A5568, band #EEF2F7.
enum OOXML {
    static let wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let officeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// An element `w:NAME` with `w:`-prefixed attributes.
    static func w(_ name: String, _ attributes: [(String, String)] = [], _ children: [XMLElementValue] = [], text: String? = nil) -> XMLElementValue {
        XMLElementValue("w:" + name, attributes.map { ($0.0.contains(":") ? $0.0 : "w:" + $0.0, $0.1) }, children, text: text)
    }

    /// `<w:NAME w:val="VALUE"/>`.
    static func val(_ name: String, _ value: String) -> XMLElementValue { w(name, [("val", value)]) }
}

/// The styles of the built-in look, and the document defaults that carry the language.
enum WordStyles {
    typealias X = XMLElementValue
    static let bodyFont = "Georgia"
    static let headingFont = "Arial"
    static let accent = "1F3B63", rule = "C8D1DE", muted = "4A5568", band = "EEF2F7", ink = "1A1A1A"

    /// Text width of the A4 page with Entente's margins, in twentieths of a point (twips):
    /// 11 906 − 2 × 907 (16 mm), as the HTML's print CSS (`@page { size: A4; margin: 18mm 16mm }`).
    static let textWidth = 11906 - 2 * 907

    static func fonts(_ name: String) -> X { OOXML.w("rFonts", [("ascii", name), ("hAnsi", name), ("cs", name)]) }
    static func size(_ halfPoints: Int) -> [X] { [OOXML.val("sz", "\(halfPoints)"), OOXML.val("szCs", "\(halfPoints)")] }
    static func color(_ hex: String) -> X { OOXML.val("color", hex) }
    static func spacing(before: Int? = nil, after: Int? = nil, line: Int? = nil) -> X {
        var a: [(String, String)] = []
        if let before { a.append(("before", "\(before)")) }
        if let after { a.append(("after", "\(after)")) }
        if let line { a += [("line", "\(line)"), ("lineRule", "auto")] }
        return OOXML.w("spacing", a)
    }
    static func border(_ side: String, size: Int, color: String, space: Int = 1) -> X {
        OOXML.w(side, [("val", "single"), ("sz", "\(size)"), ("space", "\(space)"), ("color", color)])
    }

    /// One `w:style`; the children in the schema's order.
    static func style(_ type: String, _ id: String, _ name: String, basedOn: String? = nil, next: String? = nil,
                      isDefault: Bool = false, priority: Int? = nil, hidden: Bool = false, quick: Bool = true,
                      pPr: [X] = [], rPr: [X] = [], tblPr: [X] = [], extra: [X] = []) -> X {
        var attributes: [(String, String)] = [("type", type)]
        if isDefault { attributes.append(("default", "1")) }
        attributes.append(("styleId", id))
        var c: [X] = [OOXML.val("name", name)]
        if let basedOn { c.append(OOXML.val("basedOn", basedOn)) }
        if let next { c.append(OOXML.val("next", next)) }
        if let priority { c.append(OOXML.val("uiPriority", "\(priority)")) }
        if hidden { c += [OOXML.w("semiHidden"), OOXML.w("unhideWhenUsed")] }
        if quick { c.append(OOXML.w("qFormat")) }
        if !pPr.isEmpty { c.append(OOXML.w("pPr", [], pPr)) }
        if !rPr.isEmpty { c.append(OOXML.w("rPr", [], rPr)) }
        if !tblPr.isEmpty { c.append(OOXML.w("tblPr", [], tblPr)) }
        c += extra
        return OOXML.w("style", attributes, c)
    }

    /// `w:docDefaults`: the body font and size, the spacing, and the language (`fr-CA`,
    /// `en-CA`) that spelling and hyphenation use.
    static func docDefaults(languageTag: String) -> X {
        OOXML.w("docDefaults", [], [
            OOXML.w("rPrDefault", [], [OOXML.w("rPr", [], [fonts(bodyFont)] + size(21) + [OOXML.w("lang", [("val", languageTag)])])]),
            OOXML.w("pPrDefault", [], [OOXML.w("pPr", [], [spacing(after: 120, line: 264)])]),
        ])
    }

    /// Every style the document may use, by id. Names of Word's built-in styles are Word's own
    /// ("heading 1", "List Bullet", "footer", …): that is what makes Word treat Heading1 as
    /// the heading of its navigation pane and table of contents, whatever the interface language.
    static var definitions: [X] {
        func w(_ name: String, _ attributes: [(String, String)] = [], _ children: [X] = []) -> X { OOXML.w(name, attributes, children) }
        func v(_ name: String, _ value: String) -> X { OOXML.val(name, value) }
        return [
            style("paragraph", "Normal", "Normal", isDefault: true, pPr: [w("widowControl")], rPr: [color(ink)]),
            style("character", "DefaultParagraphFont", "Default Paragraph Font", isDefault: true, priority: 1, hidden: true, quick: false),
            style("table", "TableNormal", "Normal Table", isDefault: true, priority: 99, hidden: true, quick: false,
                  tblPr: [w("tblInd", [("w", "0"), ("type", "dxa")]),
                          w("tblCellMar", [], [w("top", [("w", "0"), ("type", "dxa")]), w("left", [("w", "108"), ("type", "dxa")]),
                                               w("bottom", [("w", "0"), ("type", "dxa")]), w("right", [("w", "108"), ("type", "dxa")])])]),
            style("paragraph", "Heading1", "heading 1", basedOn: "Normal", next: "Normal", priority: 9,
                  pPr: [w("keepNext"), w("keepLines"), spacing(before: 0, after: 240, line: 240), v("outlineLvl", "0")],
                  rPr: [fonts(headingFont), w("b"), w("bCs"), color(accent)] + size(40)),
            style("paragraph", "Heading2", "heading 2", basedOn: "Normal", next: "Normal", priority: 9,
                  pPr: [w("keepNext"), w("keepLines"), w("pBdr", [], [border("bottom", size: 4, color: rule)]),
                        spacing(before: 360, after: 120), v("outlineLvl", "1")],
                  rPr: [fonts(headingFont), w("b"), w("bCs"), color(accent)] + size(26)),
            style("paragraph", "Heading3", "heading 3", basedOn: "Normal", next: "Normal", priority: 9,
                  pPr: [w("keepNext"), w("keepLines"), spacing(before: 240, after: 80), v("outlineLvl", "2")],
                  rPr: [fonts(headingFont), w("b"), w("bCs"), color(accent)] + size(22)),
            style("paragraph", "Kicker", "Kicker", basedOn: "Normal", next: "Heading1",
                  pPr: [w("keepNext"), spacing(after: 80)],
                  rPr: [fonts(headingFont), w("b"), w("caps"), color(accent), v("spacing", "20")] + size(18)),
            style("paragraph", "OfficialTitle", "Official Title", basedOn: "Normal", next: "Normal",
                  pPr: [spacing(after: 240)], rPr: [w("smallCaps"), color(muted)] + size(19)),
            style("paragraph", "Facts", "Facts", basedOn: "Normal",
                  pPr: [w("tabs", [], [w("tab", [("val", "left"), ("pos", "2835")])]), spacing(after: 40),
                        w("ind", [("left", "2835"), ("hanging", "2835")])]),
            style("paragraph", "Summary", "Summary", basedOn: "Normal",
                  pPr: [w("pBdr", [], [border("left", size: 24, color: accent, space: 8)]),
                        w("shd", [("val", "clear"), ("color", "auto"), ("fill", band)]),
                        spacing(before: 120, after: 200), w("ind", [("left", "170"), ("right", "170")])]),
            style("paragraph", "EmptyNote", "Empty Note", basedOn: "Normal", rPr: [w("i"), w("iCs"), color(muted)]),
            style("paragraph", "ListBullet", "List Bullet", basedOn: "Normal", priority: 99,
                  pPr: [spacing(after: 40)]),
            style("paragraph", "TableText", "Table Text", basedOn: "Normal",
                  pPr: [spacing(before: 0, after: 0, line: 240)], rPr: size(19)),
            style("paragraph", "TableHeading", "Table Heading", basedOn: "TableText",
                  pPr: [w("keepNext")], rPr: [fonts(headingFont), w("b"), w("bCs")] + size(17)),
            style("paragraph", "TableList", "Table List", basedOn: "TableText", pPr: [spacing(before: 20, after: 0, line: 240)]),
            style("paragraph", "Details", "Details", basedOn: "TableText",
                  pPr: [spacing(before: 20, after: 0, line: 240)], rPr: [color(muted)] + size(17)),
            style("paragraph", "Caption", "caption", basedOn: "Normal", next: "Normal", priority: 35,
                  pPr: [w("keepNext"), spacing(before: 120, after: 60)], rPr: [w("i"), w("iCs"), color(muted)] + size(18)),
            style("paragraph", "Footer", "footer", basedOn: "Normal", priority: 99,
                  pPr: [w("pBdr", [], [border("top", size: 4, color: rule, space: 4)]),
                        w("tabs", [], [w("tab", [("val", "right"), ("pos", "\(textWidth)")])]), spacing(after: 0)],
                  rPr: [fonts(headingFont), color(muted)] + size(16)),
            style("paragraph", "BodyText", "Body Text", basedOn: "Normal", priority: 99, pPr: [spacing(after: 180), v("jc", "both")]),
            style("paragraph", "Sender", "Sender", basedOn: "Normal",
                  pPr: [spacing(after: 240)], rPr: [w("b"), w("bCs"), color(accent)] + size(24)),
            style("paragraph", "LetterDate", "Letter Date", basedOn: "Normal", pPr: [spacing(after: 240), v("jc", "right")]),
            style("paragraph", "Recipient", "Recipient", basedOn: "Normal", pPr: [spacing(after: 240)]),
            style("paragraph", "Subject", "Subject", basedOn: "Normal", next: "Normal",
                  pPr: [spacing(before: 360, after: 360)], rPr: [w("b"), w("bCs")]),
            style("paragraph", "Signature", "Signature", basedOn: "Normal", priority: 99,
                  pPr: [w("pBdr", [], [border("bottom", size: 4, color: rule, space: 31)]), spacing(before: 480, after: 240),
                        w("ind", [("right", "\(textWidth * 2 / 5)")])]),
            style("character", "Muted", "Muted", basedOn: "DefaultParagraphFont", rPr: [color(muted)]),
            style("character", "StatusMet", "Status Met", basedOn: "DefaultParagraphFont", rPr: [color("1E6B35")]),
            style("character", "StatusLate", "Status Late", basedOn: "DefaultParagraphFont", rPr: [color("8A5A00")]),
            style("character", "StatusMissed", "Status Missed", basedOn: "DefaultParagraphFont", rPr: [w("b"), w("bCs"), color("A61B1B")]),
            style("table", "EntenteTable", "Entente Table", basedOn: "TableNormal", priority: 59, quick: false,
                  pPr: [spacing(before: 0, after: 0)],
                  tblPr: [w("tblBorders", [], ["top", "left", "bottom", "right", "insideH", "insideV"].map { border($0, size: 4, color: rule, space: 0) }),
                          w("tblCellMar", [], [w("top", [("w", "57"), ("type", "dxa")]), w("left", [("w", "85"), ("type", "dxa")]),
                                               w("bottom", [("w", "57"), ("type", "dxa")]), w("right", [("w", "85"), ("type", "dxa")])])],
                  extra: [w("tblStylePr", [("type", "firstRow")], [
                      w("rPr", [], [w("b"), w("bCs")]),
                      w("tcPr", [], [w("shd", [("val", "clear"), ("color", "auto"), ("fill", band)])]),
                  ])]),
        ]
    }

    static func styles(languageTag: String) -> X {
        XMLElementValue("w:styles", [("xmlns:w", OOXML.wordNS), ("xmlns:r", OOXML.relNS)], [docDefaults(languageTag: languageTag)] + definitions)
    }
}
