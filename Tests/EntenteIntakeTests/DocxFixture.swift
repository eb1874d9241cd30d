import Foundation
import ZIPFoundation

/// Word files written by the tests (ZIPFoundation + XML strings), in memory.
enum DocxFixture {
    static func zip(_ parts: [String: String]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    static func p(_ text: String, num: (Int, Int)? = nil, style: String? = nil) -> String {
        var ppr = ""
        if let style { ppr += "<w:pStyle w:val=\"\(style)\"/>" }
        if let (id, lvl) = num { ppr += "<w:numPr><w:ilvl w:val=\"\(lvl)\"/><w:numId w:val=\"\(id)\"/></w:numPr>" }
        // Word splits runs anywhere: "ARTI" + "CLE".
        let mid = text.index(text.startIndex, offsetBy: text.count / 2)
        return "<w:p>\(ppr.isEmpty ? "" : "<w:pPr>\(ppr)</w:pPr>")<w:r><w:t xml:space=\"preserve\">\(text[..<mid])</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:t xml:space=\"preserve\">\(text[mid...])</w:t></w:r></w:p>"
    }

    /// A French agreement whose "1.1", "a)" labels exist only in numbering.xml.
    static func make() throws -> [UInt8] {
        let body = [
            p("ENTENTE DE COOPÉRATION ENTRE LE QUÉBEC ET LA FRANCE"),
            p("LE GOUVERNEMENT DU QUÉBEC, représenté par la ministre des Relations internationales (ci-après « le Québec »)"),
            p("ET"),
            p("LE GOUVERNEMENT DE LA RÉPUBLIQUE FRANÇAISE, représenté par le ministre de l’Europe (ci-après « la France »)"),
            p("LES PARTIES CONVIENNENT DE CE QUI SUIT :"),
            p("ARTICLE 1 – OBJET"),
            p("Les Parties coopèrent.", num: (1, 0)),
            p("la formation;", num: (1, 1)),
            p("la recherche.", num: (1, 1)),
            p("Chaque Partie assume ses frais.", num: (1, 0)),
            p("ARTICLE 2 – DURÉE"),
            p("La présente entente est conclue pour une durée indéterminée.", style: "Numerote"),
            p("premier point relancé;", num: (3, 0)),
            "<w:p><w:r><w:t>Une phrase </w:t></w:r><w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>SUPPRIMÉ </w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>insérée.</w:t></w:r></w:ins></w:p>",
            p("ARTICLE 3 – FIN"),
            p("Premier alinéa numéroté par niveaux.", num: (4, 1)),
            p("Second alinéa numéroté par niveaux.", num: (4, 1)),
            p("Fait à Québec, le 3 octobre 2024."),
        ].joined()
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"\(w)\"><w:body>\(body)</w:body></w:document>"
        // Abstract 10: "%1." decimal then "%2)" lowerLetter; nums 1 and 2 (2 through the style
        // "Numerote") share it, so the count goes on; num 3 restarts it with a startOverride.
        // Abstract 20: "%1.%2" multilevel labels.
        let numbering = """
            <?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="\(w)">
            <w:abstractNum w:abstractNumId="10">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="20">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="10"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>
            </w:numbering>
            """
        let styles = """
            <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(w)">
            <w:style w:type="paragraph" w:styleId="Numerote"><w:name w:val="Numbered"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
            </w:styles>
            """
        return try zip(["word/document.xml": document, "word/numbering.xml": numbering, "word/styles.xml": styles,
                        "[Content_Types].xml": "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"])
    }
}
