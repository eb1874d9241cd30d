import EntenteCore
import EntenteXML

/// An article of a converted text as a person reviews it beside the facts proposed from it
/// (issue 15 step 4): its number and heading as printed, and its provisions (paragraphs, else
/// the whole article) with the same eIds and words the `Extractor` quotes from, so that every
/// proposal's `quote` is found verbatim in one of them.
public struct ReviewArticle: Sendable, Hashable {
    /// `art_2`.
    public var eId: String
    /// "ARTICLE 2", "Article premier" (empty when the text has none).
    public var num: String
    public var heading: String
    public var provisions: [Provision]
}

/// A run of a provision's text: plain, or the exact phrase one or more proposals were read
/// from (`facts` holds their indexes in `Extraction.proposals`).
public struct TextSegment: Sendable, Hashable {
    public var text: String
    public var facts: [Int]

    public init(text: String, facts: [Int] = []) {
        self.text = text
        self.facts = facts
    }
}

/// The left half of the review page: the articles, and where each proposal's phrase lies.
public enum ReviewText {
    /// The articles of an Akoma Ntoso text, in document order.
    /// - Throws: `XMLImportError` when the text is not well-formed XML.
    public static func articles(xml: String, fileName: String) throws(XMLImportError) -> [ReviewArticle] {
        let root = try SafeXMLParser().parseTree(XMLSource(bytes: Array(xml.utf8), fileName: fileName))
        let (provisions, headings, _, _) = Extractor.read(root)
        let doc = root.elements.first ?? root
        var nums: [String: String] = [:]
        for article in doc.descendants("article") where article.namespace == Extractor.aknNS {
            if let eId = article.attributes["eId"] { nums[eId] = article.first("num").map { Extractor.text($0) } ?? "" }
        }
        return headings.map { eId, heading in
            // A provision belongs to the article whose eId prefixes its own (`art_4__para_2`).
            let own = provisions.filter { $0.eId == eId || $0.eId.hasPrefix(eId + "__") }
            return ReviewArticle(eId: eId, num: nums[eId] ?? "", heading: heading, provisions: own)
        }
    }

    /// Cuts `text` into plain runs and marked phrases. Each quote is looked for verbatim (its
    /// first occurrence); proposals quoting the same words share one mark; a quote that
    /// overlaps an earlier mark without being the same words, or is not in the text, gets
    /// none (the page then links that proposal to its provision only).
    /// - Parameter quotes: (index of the proposal, its quote), in any order.
    public static func highlight(_ text: String, quotes: [(fact: Int, quote: String)]) -> [TextSegment] {
        var marks: [(range: Range<String.Index>, facts: [Int])] = []
        for (fact, quote) in quotes where !quote.isEmpty {
            guard let r = text.range(of: quote) else { continue }
            if let k = marks.firstIndex(where: { $0.range == r }) {
                marks[k].facts.append(fact)
            } else if !marks.contains(where: { $0.range.overlaps(r) }) {
                marks.append((r, [fact]))
            }
        }
        marks.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out: [TextSegment] = []
        var at = text.startIndex
        for m in marks {
            if at < m.range.lowerBound { out.append(TextSegment(text: String(text[at..<m.range.lowerBound]))) }
            out.append(TextSegment(text: String(text[m.range]), facts: m.facts.sorted()))
            at = m.range.upperBound
        }
        if at < text.endIndex || out.isEmpty { out.append(TextSegment(text: String(text[at...]))) }
        return out
    }
}
