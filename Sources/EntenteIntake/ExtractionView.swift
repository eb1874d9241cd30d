import EntenteCore
import EntenteJSON

/// The review table of `entente extract`: text for people (French or English), JSON for
/// programs with stable keys (`kind`, `values`, `source`, `quote`, `reading`, `alternative`,
/// `confidence`, `parent`, `writable`).
public enum ExtractionView {
    public static func text(_ e: Extraction, id: String, lang: Language) -> String {
        var out = lang == .fr ? "Faits proposés pour \(id) (à vérifier) :\n" : "Facts proposed for \(id) (to review):\n"
        for (k, p) in e.proposals.enumerated() {
            let values = p.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            out += "\n\(k + 1). \(p.kind)\(values.isEmpty ? "" : " [\(values)]")\(p.writable ? "" : (lang == .fr ? " (affiché seulement)" : " (shown only)"))\n"
            out += "   \(lang == .fr ? "article" : "provision") : \(p.source.map { "#\($0)" } ?? "—")\n"
            if let q = p.quote { out += "   \(lang == .fr ? "texte" : "text") : « \(q) »\n" }
            out += "   \(lang == .fr ? "lecture" : "reading") : \(p.reading[lang])\n"
            if let a = p.alternative { out += "   \(lang == .fr ? "autre lecture" : "other reading") : \(a[lang])\n" }
        }
        return out
    }

    public static func json(_ e: Extraction, id: String, version: Int) -> String {
        var w = JSONWriter(capacity: 4096, pretty: true)
        w.openObject()
        w.key("agreement"); w.string(id)
        w.key("version"); w.int(version)
        w.key("proposals"); w.openArray()
        for p in e.proposals {
            w.element { w in
                w.openObject()
                w.key("kind"); w.string(p.kind)
                w.key("values"); w.openObject()
                for a in p.attributes { w.key(a.name); w.string(a.value) }
                w.closeObject()
                w.key("source"); w.string(p.source)
                w.key("quote"); w.string(p.quote)
                w.key("reading"); w.openObject(); w.key("fr"); w.string(p.reading.fr); w.key("en"); w.string(p.reading.en); w.closeObject()
                w.key("alternative")
                if let a = p.alternative {
                    w.openObject(); w.key("fr"); w.string(a.fr); w.key("en"); w.string(a.en); w.closeObject()
                } else { w.null() }
                w.key("confidence"); w.out.append(contentsOf: "\(p.confidence)".utf8)
                w.key("parent"); w.string(p.parent)
                w.key("writable"); w.bool(p.writable)
                w.closeObject()
            }
        }
        w.closeArray()
        w.closeObject()
        return w.text
    }
}
