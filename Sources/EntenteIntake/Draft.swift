import EntenteCore

/// The intermediate tree a text is read into before it is written as Akoma Ntoso: what was
/// recognised, in document order, with nothing dropped silently (what was left out is in
/// `warnings`). Built by `TextStructurer`, written by `AKNWriter`.
public struct DraftAgreement: Sendable, Hashable {
    /// The title as printed (several lines joined: "ENTENTE / ENTRE / … / VISANT …").
    public var title: String = ""
    public var language: Language = .fr
    public var parties: [DraftParty] = []
    /// Preface paragraphs after the party ones ("Les gouvernements … sont ci-après appelés « les Parties »").
    public var prefaceExtra: [String] = []
    /// Defined terms ("ci-après … « le Québec »", "hereinafter the “Ministry”"), as printed between the quotes.
    public var definedTerms: [String] = []
    /// One entry per recital (ATTENDU QUE, CONSIDÉRANT QUE, DÉSIREUX, WHEREAS, RECOGNIZING…).
    public var recitals: [String] = []
    /// "LES PARTIES CONVIENNENT DE CE QUI SUIT :" / "NOW, THEREFORE, the Parties agree as follows:".
    public var formula: String?
    public var articles: [DraftArticle] = []
    /// Final-clause paragraphs before the signatures ("Fait en double exemplaire…").
    public var conclusions: [String] = []
    public var signatures: [DraftSignature] = []
    /// Annexes after the text ("ANNEXE A – PLAN D’ACTION"), written as `attachments`.
    public var annexes: [DraftAnnex] = []
    /// Edits made to the text and blocks left out, for the person converting.
    public var warnings: [Localized] = []

    public init() {}
}

/// A contracting party as the preface names it.
public struct DraftParty: Sendable, Hashable {
    /// Its eId in the references (`gouvernement-quebec`).
    public var id: String
    /// The name as printed ("LE GOUVERNEMENT DU QUÉBEC").
    public var name: String
    /// The whole preface paragraph, as printed ("ET" separator included when there was one).
    public var paragraph: String
    /// Offices that represent it ("la sous-ministre", "le ministre de …").
    public var roles: [String]
    /// People named with their office ("Carole Arav").
    public var people: [String]
}

/// An article (`art_N`).
public struct DraftArticle: Sendable, Hashable {
    /// The arabic number used in the eId (Article premier → 1, ARTICLE IV → 4).
    public var number: Int
    /// The number as it is written out ("Article premier", "Article 2", "2.").
    public var num: String
    public var heading: String
    /// Text before the first unit when the article has numbered units (000: "Tout en reconnaissant …").
    public var intro: String?
    /// The article's only text when it has no units at all.
    public var content: String?
    public var units: [DraftUnit] = []
}

/// A paragraph or point with its nested list items.
public struct DraftUnit: Sendable, Hashable {
    public enum Element: String, Sendable, Hashable { case paragraph, point }
    public var element: Element
    /// As printed: "3.1", "1.", "a)", "(i)"; nil for unnumbered alinéas and bullets.
    public var num: String?
    /// The eId component ("1", "a", "i"); nil: by position.
    public var eIdNumber: String?
    public var heading: String?
    /// Its text: `intro` when it has items, `content` otherwise.
    public var text: String
    public var items: [DraftUnit] = []
    /// Indent of the first line (spaces), for nesting.
    var indent: Int = 0
    var format: ListFormat = .none
}

/// How a list item is marked.
enum ListFormat: Hashable, Sendable {
    case none, decimal, arabic, letter, upperLetter, roman, bullet
}

/// One signing party's block.
public struct DraftSignature: Sendable, Hashable {
    /// The party it was mapped to (`DraftParty.id`), nil when none matched.
    public var party: String?
    /// "POUR LE MINISTRE …" line(s), without "POUR"/"FOR".
    public var organization: String
    public var place: String?
    /// The date as printed ("22 juin 2022") and as read.
    public var dateText: String?
    public var date: CivilDate?
    public var person: String?
    public var role: String?
    /// Lines kept as printed ("(Original signé)").
    public var other: [String] = []
}

/// An annex: its title and its paragraphs as printed (numbered units inside are not articles).
public struct DraftAnnex: Sendable, Hashable {
    public var title: String
    public var paragraphs: [String]
}
