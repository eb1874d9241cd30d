import EntenteCore
import EntenteXML
import Foundation
import ZIPFoundation

/// Word (`.docx`) paragraphs as lines for `TextStructurer` (intake.md §3): `word/document.xml`
/// read from the zip in memory (its directory by `ZipBounds`, inflated by ZIPFoundation;
/// size-capped, nothing written to disk), parsed
/// by the project's safe libxml2 parser, runs joined, tracked insertions kept and deletions
/// dropped, and Word's automatic numbering ("2.1", "a)", bullets) computed from
/// `word/numbering.xml` (counted per abstract numbering, `w:start`, `w:lvlRestart`,
/// `w:startOverride`, `w:lvlText` with `%1…%9` in each level's `w:numFmt`).
/// Each paragraph becomes one line, indented two spaces per list level, then a blank line.
public enum DocxReader {
    /// Largest part read (16 MiB) and largest total (64 MiB): zip bombs stop here.
    static let maxPart = 16 * 1024 * 1024

    public static func lines(bytes: [UInt8], fileName: String) throws(IntakeError) -> [SourceLine] {
        guard bytes.starts(with: [0x50, 0x4B]) else {
            let head = bytes.prefix(8).map { String(format: "%02X", $0) }.joined(separator: " ")
            let printable = String(decoding: bytes.prefix(24), as: UTF8.self).filter { !$0.isNewline }
            throw .notZip(file: fileName, found: bytes.isEmpty ? "0 bytes" : "\(head) « \(printable) »")
        }
        // The directory read and checked here; ZIPFoundation only inflates (see ZipBounds).
        let items: [ZipBounds.Item]
        switch ZipBounds.items(bytes) {
        case .success(let i): items = i
        case .failure(let damage): throw .notZip(file: fileName, found: "PK… (damaged archive: \(damage))")
        }
        func part(_ path: String) throws(IntakeError) -> [UInt8]? {
            guard let item = items.first(where: { $0.name == path }) else { return nil }
            guard item.uncompressedSize <= maxPart else {
                throw .badPart(file: fileName, part: path, detail: "\(item.uncompressedSize) bytes, over the \(maxPart)-byte limit")
            }
            var out: [UInt8] = []
            switch item.method {
            case 0:
                out = Array(bytes[item.dataStart..<(item.dataStart + item.uncompressedSize)])
            case 8:
                let end = item.dataStart + item.compressedSize
                var position = item.dataStart
                do {
                    _ = try Data.decompress(size: Int64(item.compressedSize), bufferSize: 64 * 1024, skipCRC32: true, provider: { _, size in
                        // Asked for more than the entry holds: its deflate stream does not end
                        // within its data (ZIPFoundation would ask again for ever).
                        guard position < end else { throw CocoaError(.fileReadCorruptFile) }
                        // Always `size` bytes, zeros after the entry's last: its inflater tells
                        // zlib a whole buffer is there, whatever the chunk holds.
                        let n = min(size, end - position)
                        defer { position += n }
                        var chunk = Data(bytes[position..<(position + n)])
                        if n < size { chunk.append(Data(count: size - n)) }
                        return chunk
                    }, consumer: { chunk in
                        out += chunk
                        if out.count > maxPart { throw CocoaError(.fileReadTooLarge) }
                    })
                } catch {
                    throw .badPart(file: fileName, part: path, detail: "\(error)")
                }
            default:
                throw .badPart(file: fileName, part: path, detail: "compression method \(item.method), neither stored nor deflate")
            }
            guard Data(out).crc32(checksum: 0) == item.crc32 else {
                throw .badPart(file: fileName, part: path, detail: "its CRC-32 does not match: the file is damaged")
            }
            return out
        }
        guard let doc = try part("word/document.xml") else {
            throw .noDocumentPart(file: fileName, entries: items.map(\.name))
        }
        func tree(_ b: [UInt8], _ name: String) throws(IntakeError) -> XMLElementNode {
            do { return try SafeXMLParser().parseTree(XMLSource(bytes: b, fileName: "\(fileName)!/\(name)")) } catch {
                throw .badPart(file: fileName, part: name, detail: error.message(.en))
            }
        }
        let document = try tree(doc, "word/document.xml")
        let numbering = try part("word/numbering.xml").map { b throws(IntakeError) in try tree(b, "word/numbering.xml") }
        let styles = try part("word/styles.xml").map { b throws(IntakeError) in try tree(b, "word/styles.xml") }
        var numberer = Numberer(numbering: numbering, styles: styles)
        var out: [SourceLine] = []
        guard let body = document.first("body") else {
            throw .badPart(file: fileName, part: "word/document.xml", detail: "no w:body")
        }
        for p in paragraphs(body) {
            let text = runText(p).trimmingCharacters(in: .whitespaces)
            let (label, level) = numberer.label(for: p)
            if text.isEmpty && label == nil { continue }
            let full = label.map { $0.isEmpty ? text : "\($0) \(text)" } ?? text
            for (k, piece) in full.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
                out.append(SourceLine(text: String(piece).trimmingCharacters(in: .whitespaces), indent: k == 0 ? level * 2 : level * 2))
            }
            out.append(SourceLine(text: "", indent: 0))
        }
        return out
    }

    /// `w:p` in document order, through tables, content controls, hyperlinks, smart tags, custom XML.
    static func paragraphs(_ e: XMLElementNode) -> [XMLElementNode] {
        var out: [XMLElementNode] = []
        for c in e.elements {
            switch c.name {
            case "p": out.append(c)
            case "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo": out += paragraphs(c)
            case "AlternateContent": if let first = c.elements.first { out += paragraphs(first) }
            default: break
            }
        }
        return out
    }

    /// A paragraph's text: runs joined; tabs as spaces; breaks as new lines; deletions, field codes and hidden text dropped.
    static func runText(_ p: XMLElementNode) -> String {
        var s = ""
        var inFieldCode = false
        func walk(_ e: XMLElementNode) {
            for c in e.elements {
                switch c.name {
                case "pPr", "del", "moveFrom", "instrText", "delText", "commentReference", "footnoteReference", "endnoteReference": continue
                case "rPr": continue
                case "fldChar":
                    let t = c.attributes["fldCharType"]
                    if t == "begin" { inFieldCode = true } else if t == "separate" || t == "end" { inFieldCode = false }
                case "t": if !inFieldCode { s += c.rawText }
                case "tab": s += " "
                case "br", "cr": if c.attributes["type"] != "page" { s += "\n" }
                case "noBreakHyphen": s += "-"
                case "sym": s += c.attributes["char"]?.uppercased() == "F0B7" ? "•" : ""
                case "r":
                    if c.first("rPr")?.first("vanish") != nil { continue }
                    walk(c)
                case "AlternateContent": if let first = c.elements.first { walk(first) }
                default: walk(c)
                }
            }
        }
        walk(p)
        return s
    }

    /// Word's automatic labels.
    struct Numberer {
        struct Level {
            var start = 1
            var format = "decimal"
            var text = "%1."
            var restart: Int?
            var isLegal = false
        }
        var abstractOf: [String: String] = [:]
        var levels: [String: [Int: Level]] = [:]
        var overrides: [String: [Int: Level]] = [:]
        var startOverrides: [String: [Int: Int]] = [:]
        var styleNum: [String: (String, Int)] = [:]
        var counters: [String: [Int: Int]] = [:]
        var usedNums: Set<String> = []

        init(numbering: XMLElementNode?, styles: XMLElementNode?) {
            func level(_ l: XMLElementNode) -> Level {
                var v = Level()
                if let s = l.first("start")?.attributes["val"], let n = Int(s) { v.start = n }
                if let f = l.first("numFmt")?.attributes["val"] { v.format = f }
                if let t = l.first("lvlText")?.attributes["val"] { v.text = t }
                if let r = l.first("lvlRestart")?.attributes["val"], let n = Int(r) { v.restart = n }
                v.isLegal = l.first("isLgl") != nil
                return v
            }
            if let numbering {
                for a in numbering.all("abstractNum") {
                    guard let id = a.attributes["abstractNumId"] else { continue }
                    var ls: [Int: Level] = [:]
                    for l in a.all("lvl") { if let i = l.attributes["ilvl"].flatMap(Int.init) { ls[i] = level(l) } }
                    levels[id] = ls
                }
                for n in numbering.all("num") {
                    guard let id = n.attributes["numId"], let a = n.first("abstractNumId")?.attributes["val"] else { continue }
                    abstractOf[id] = a
                    for o in n.all("lvlOverride") {
                        guard let i = o.attributes["ilvl"].flatMap(Int.init) else { continue }
                        if let s = o.first("startOverride")?.attributes["val"].flatMap(Int.init) { startOverrides[id, default: [:]][i] = s }
                        if let l = o.first("lvl") { overrides[id, default: [:]][i] = level(l) }
                    }
                }
            }
            if let styles {
                for s in styles.all("style") {
                    guard let id = s.attributes["styleId"], let np = s.first("pPr")?.first("numPr"),
                          let num = np.first("numId")?.attributes["val"] else { continue }
                    styleNum[id] = (num, np.first("ilvl")?.attributes["val"].flatMap(Int.init) ?? 0)
                }
            }
        }

        static func render(_ n: Int, _ format: String) -> String {
            switch format {
            case "lowerLetter": return letters(n).lowercased()
            case "upperLetter": return letters(n)
            case "lowerRoman": return roman(n).lowercased()
            case "upperRoman": return roman(n)
            case "bullet", "none": return ""
            default: return String(n)
            }
        }

        static func letters(_ n: Int) -> String {
            let k = max(n, 1) - 1
            let c = Character(Unicode.Scalar(UInt8(65 + k % 26)))
            return String(repeating: String(c), count: k / 26 + 1)
        }

        static func roman(_ n: Int) -> String {
            let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            var n = n, s = ""
            for (v, r) in table { while n >= v { s += r; n -= v } }
            return s
        }

        /// The label of a paragraph ("2.1", "a)", "" for a bullet), nil when not numbered; and its list level.
        mutating func label(for p: XMLElementNode) -> (String?, Int) {
            let ppr = p.first("pPr")
            var numId = ppr?.first("numPr")?.first("numId")?.attributes["val"]
            var ilvl = ppr?.first("numPr")?.first("ilvl")?.attributes["val"].flatMap(Int.init)
            if numId == nil, let style = ppr?.first("pStyle")?.attributes["val"], let (n, l) = styleNum[style] {
                numId = n
                if ilvl == nil { ilvl = l }
            }
            guard let numId, numId != "0", let abstract = abstractOf[numId] else { return (nil, 0) }
            let lvl = ilvl ?? 0
            func levelDef(_ i: Int) -> Level { overrides[numId]?[i] ?? levels[abstract]?[i] ?? Level() }
            let def = levelDef(lvl)
            var c = counters[abstract] ?? [:]
            if !usedNums.contains(numId) {
                usedNums.insert(numId)
                for (i, s) in startOverrides[numId] ?? [:] { c[i] = s - 1 }
            }
            c[lvl] = (c[lvl] ?? (def.start - 1)) + 1
            // Deeper levels restart when this one advances (unless lvlRestart says otherwise).
            for deeper in (lvl + 1)...9 {
                let d = levelDef(deeper)
                if d.restart == 0 { continue }
                if let r = d.restart, r - 1 < lvl { continue }
                c[deeper] = nil
            }
            counters[abstract] = c
            if def.format == "bullet" { return ("•", lvl) }
            if def.format == "none" { return (nil, lvl) }
            var text = def.text
            for i in 0...8 {
                let token = "%\(i + 1)"
                guard text.contains(token) else { continue }
                let d = levelDef(i)
                let value = c[i] ?? d.start
                text = text.replacingOccurrences(of: token, with: Self.render(value, def.isLegal ? "decimal" : d.format))
            }
            return (text, lvl)
        }
    }
}
