import EntenteCore
import Foundation

extension Site {
    /// The article texts as the agreement page shows them: one section per article, its id
    /// the article's eId (`art_4`), the anchor every citation (`Site.anchor`) links to.
    static func articleModels(_ articles: [ArticleText]) -> [[String: Any]] {
        articles.map { ar in
            ["eId": ar.eId, "num": ar.num ?? ar.eId, "heading": ar.heading ?? "",
             "blocks": ar.blocks.map { b -> [String: Any] in ["depth": String(min(b.depth, 4)), "blockNum": b.num ?? "", "text": b.text] }]
        }
    }

    /// An audit entry's JSON as the history page shows it: a server file path (an import's
    /// `file`) reduced to its file name, so that no page shows where the server keeps files
    /// (issue 12, security basics). Anything that does not read as a JSON object is kept.
    static func withoutServerPaths(_ json: String?) -> String {
        guard let json, json.contains("\"file\""), let data = json.data(using: .utf8),
              var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return json ?? "" }
        for (key, value) in object where key == "file" {
            if let path = value as? String { object[key] = (path as NSString).lastPathComponent }
        }
        guard let out = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return json }
        return String(decoding: out, as: UTF8.self)
    }
}
