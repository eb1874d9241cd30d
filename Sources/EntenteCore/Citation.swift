/// Citations people can read: « art. 9, al. 1 » / "Article 9, paragraph 1", from the
/// provision's printed number and its `eId`. Raw `eId`s stay in JSON (`source`) only.
///
/// The article number is the printed one when known (« Article premier » → 1, `4.2` → 4),
/// else the number in the `eId` (`art_9`); the paragraph is the `eId`'s `para_N` (Akoma
/// Ntoso naming convention), as French legal style numbers alinéas by position.
public enum Citation {
    /// « art. 9, al. 1 » / "Article 9, paragraph 1"; « métadonnées de suivi » for `metadata`,
    /// « registre » for `record`; other eIds (preface, preamble) in words.
    public static func describe(_ eId: String, num: String? = nil, _ lang: Language) -> String {
        let fr = lang == .fr
        switch eId {
        case "", "metadata": return fr ? "métadonnées de suivi" : "tracking metadata"
        case "record": return fr ? "registre" : "record"
        default: break
        }
        var article: String?, paragraph: String?, point: String?
        for part in eId.components("__") {
            if part.hasPrefix("art_") { article = String(part.dropFirst(4)) }
            else if part.hasPrefix("para_") { paragraph = String(part.dropFirst(5)) }
            else if part.hasPrefix("point_") || part.hasPrefix("item_") || part.hasPrefix("list_") { point = point ?? String(part.split(separator: "_").last ?? "") }
        }
        if let num, !num.isEmpty {
            let head = num.split(separator: ".").first.map(String.init) ?? num
            if head.allSatisfy({ $0.isNumber || $0.isLetter }) { article = head }
        }
        guard let article else {
            if eId.hasPrefix("preface") { return fr ? "préambule (parties)" : "preface (parties)" }
            if eId.hasPrefix("preamble") { return fr ? "préambule" : "preamble" }
            if eId.hasPrefix("conclusions") { return fr ? "signatures" : "signatures" }
            return fr ? "disposition \(eId)" : "provision \(eId)"
        }
        var out = fr ? "art. \(article)" : "Article \(article)"
        if let paragraph { out += fr ? ", al. \(paragraph)" : ", paragraph \(paragraph)" }
        if let point, !point.isEmpty { out += fr ? ", point \(point)" : ", point \(point)" }
        return out
    }

    public static func describe(_ ref: ProvisionRef, _ lang: Language) -> String { describe(ref.eId, num: ref.num, lang) }

    public static func localized(_ ref: ProvisionRef) -> Localized { Localized(fr: describe(ref, .fr), en: describe(ref, .en)) }

    public static func localized(_ eId: String) -> Localized { Localized(fr: describe(eId, .fr), en: describe(eId, .en)) }
}

extension String {
    /// Splits on a separator string (no Foundation).
    func components(_ separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}

extension Substring {
    func range(of s: String) -> Range<Substring.Index>? {
        guard !s.isEmpty, count >= s.count else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(s) { return i..<index(i, offsetBy: s.count) }
            i = index(after: i)
        }
        return nil
    }
}
