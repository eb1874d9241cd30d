/// The two languages every user-facing text exists in.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case fr, en

    /// The three-letter code Akoma Ntoso uses (`fra`, `eng`).
    public var akn: String { self == .fr ? "fra" : "eng" }

    /// From `fr`, `fra`, `fre`, `en`, `eng` (any case); nil otherwise.
    public init?(code: String) {
        switch code.lowercased() {
        case "fr", "fra", "fre": self = .fr
        case "en", "eng": self = .en
        default: return nil
        }
    }
}

/// A text in French and English.
public struct Localized: Sendable, Hashable, Codable {
    public var fr: String
    public var en: String

    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    public subscript(_ lang: Language) -> String { lang == .fr ? fr : en }
}

/// Long-form dates as a French or English reader writes them.
public enum LongDate {
    static let frMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                           "août", "septembre", "octobre", "novembre", "décembre"]
    static let enMonths = ["January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December"]

    /// "7 novembre 2022", "1er janvier 2024" / "November 7, 2022".
    public static func format(_ d: CivilDate, _ lang: Language) -> String {
        switch lang {
        case .fr: return "\(d.day == 1 ? "1er" : String(d.day)) \(frMonths[d.month - 1]) \(d.year)"
        case .en: return "\(enMonths[d.month - 1]) \(d.day), \(d.year)"
        }
    }

    public static func monthName(_ month: Int, _ lang: Language) -> String {
        (lang == .fr ? frMonths : enMonths)[month - 1]
    }
}

extension CivilDate {
    /// The long form in the given language.
    public func long(_ lang: Language) -> String { LongDate.format(self, lang) }
}
