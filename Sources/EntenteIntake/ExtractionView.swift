import EntenteCore

/// The review table of `entente extract`: text for people (French or English), JSON for
/// programs with stable keys (`kind`, `values`, `source`, `quote`, `reading`, `alternative`,
/// `confidence`, `parent`, `writable`).
public enum ExtractionView {
    static func q(_ s: String) -> String {
        var b: [UInt8] = []
        JSONText.quote(s, into: &b)
        return String(decoding: b, as: UTF8.self)
    }

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
        func s(_ v: String?) -> String { v.map(q) ?? "null" }
        var out = "{\n  \"agreement\": \(q(id)),\n  \"version\": \(version),\n  \"proposals\": [\n"
        out += e.proposals.map { p in
            let values = p.attributes.map { "\(q($0.name)): \(q($0.value))" }.joined(separator: ", ")
            return "    {\"kind\": \(q(p.kind)), \"values\": {\(values)}, \"source\": \(s(p.source)), \"quote\": \(s(p.quote)), "
                + "\"reading\": {\"fr\": \(q(p.reading.fr)), \"en\": \(q(p.reading.en))}, "
                + "\"alternative\": \(p.alternative.map { "{\"fr\": \(q($0.fr)), \"en\": \(q($0.en))}" } ?? "null"), "
                + "\"confidence\": \(p.confidence), \"parent\": \(s(p.parent)), \"writable\": \(p.writable)}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}"
        return out
    }
}
