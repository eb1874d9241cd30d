import EntenteCore

extension ArticleText {
    /// Reads every `article` of an Akoma Ntoso 3.0 text (any depth: chapters, sections) with
    /// its blocks: each `p` of the article, white space folded, with the `eId` and `num` of
    /// the nearest provision holding it and its depth in `list`s. Notes and metadata
    /// (`authorialNote`, `meta`) are left out.
    /// - Throws: `XMLImportError` (file, line, column) for a text the safe parser refuses.
    public static func read(_ source: XMLSource) throws(XMLImportError) -> [ArticleText] {
        let root = try SafeXMLParser().parseTree(source)
        return root.descendants("article").map { article in
            var blocks: [Block] = []
            walk(article, eId: article.attributes["eId"], num: nil, depth: 0, into: &blocks)
            return ArticleText(eId: article.attributes["eId"] ?? "", num: article.first("num").map { fold($0.rawText) },
                               heading: article.first("heading").map { fold($0.rawText) }, blocks: blocks)
        }
    }

    static func walk(_ e: XMLElementNode, eId: String?, num: String?, depth: Int, into blocks: inout [Block]) {
        var eId = eId, num = num
        var firstBlock = true
        for child in e.elements {
            switch child.name {
            case "num":
                // The article's own number is shown as its title; a paragraph's or point's
                // number starts its first block.
                if e.name != "article" { num = fold(child.rawText) }
            case "heading", "authorialNote", "meta":
                continue
            case "p":
                let text = fold(child.rawText)
                if !text.isEmpty {
                    blocks.append(Block(eId: eId, num: firstBlock ? num : nil, text: text, depth: depth))
                    firstBlock = false
                }
            default:
                let childID = child.attributes["eId"]
                walk(child, eId: childID ?? eId, num: childID == nil ? (firstBlock ? num : nil) : nil,
                     depth: depth + (child.name == "list" ? 1 : 0), into: &blocks)
                if childID == nil, !blocks.isEmpty { firstBlock = false }
            }
        }
    }

    static func fold(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
