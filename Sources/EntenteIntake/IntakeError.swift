import EntenteCore

/// Why a text or Word file could not be turned into an agreement. Every case names the file,
/// says what was found and how to fix it, in French and English; nothing is written.
public enum IntakeError: UserFacingError, Hashable {
    /// The file could not be read (missing, a folder, no permission).
    case unreadable(file: String, reason: String)
    /// No characters, or only white space.
    case empty(file: String, bytes: Int)
    /// Text was found but no article header ("ARTICLE 2", "Article premier", "2. HEADING", "Section 3").
    case noArticle(file: String, lines: Int, firstLine: String)
    /// A `.docx` whose bytes are not a zip archive.
    case notZip(file: String, found: String)
    /// A zip archive without `word/document.xml`.
    case noDocumentPart(file: String, entries: [String])
    /// A part of the Word file is not well-formed XML or too large.
    case badPart(file: String, part: String, detail: String)
    /// The agreement id given or derived is not a slug.
    case badID(String)

    public var file: String {
        switch self {
        case .unreadable(let f, _), .empty(let f, _), .noArticle(let f, _, _), .notZip(let f, _),
             .noDocumentPart(let f, _), .badPart(let f, _, _):
            return f
        case .badID: return "--id"
        }
    }

    public func message(_ lang: Language) -> String { "\(file): \(text[lang])" }

    public var text: Localized {
        switch self {
        case .unreadable(_, let reason):
            return Localized(fr: "impossible de lire le fichier (\(reason)) ; vérifiez le chemin et les droits d'accès",
                             en: "cannot read the file (\(reason)); check the path and the permissions")
        case .empty(_, let bytes):
            return Localized(fr: "fichier vide (\(bytes) octet(s), aucun caractère visible) ; rien n'a été écrit — donnez le texte de l'entente",
                             en: "empty file (\(bytes) byte(s), no visible character); nothing was written — give the agreement's text")
        case .noArticle(_, let lines, let first):
            return Localized(
                fr: "aucun article trouvé dans \(lines) ligne(s) de texte (première ligne : « \(first) ») ; un article commence par « ARTICLE 2 », « Article premier », « 2. TITRE » ou « Section 3 » en début de ligne. Rien n'a été écrit",
                en: "no article found in \(lines) line(s) of text (first line: \"\(first)\"); an article starts with \"ARTICLE 2\", \"Article premier\", \"2. HEADING\" or \"Section 3\" at the start of a line. Nothing was written")
        case .notZip(_, let found):
            return Localized(fr: "ce fichier .docx n'est pas une archive zip (début : \(found)) ; enregistrez-le depuis Word ou LibreOffice au format .docx",
                             en: "this .docx file is not a zip archive (it starts with \(found)); save it from Word or LibreOffice as .docx")
        case .noDocumentPart(_, let entries):
            let list = entries.isEmpty ? "—" : entries.prefix(10).joined(separator: ", ")
            return Localized(fr: "archive zip sans partie word/document.xml (contenu : \(list)) ; ce n'est pas un document Word",
                             en: "zip archive without a word/document.xml part (it holds: \(list)); this is not a Word document")
        case .badPart(_, let part, let detail):
            return Localized(fr: "partie \(part) illisible : \(detail) ; réenregistrez le document depuis Word ou LibreOffice",
                             en: "part \(part) is unreadable: \(detail); save the document again from Word or LibreOffice")
        case .badID(let id):
            return Localized(fr: "identifiant « \(id) » invalide : lettres minuscules, chiffres et tirets (ex. quebec-ontario-2008)",
                             en: "invalid id \"\(id)\": lowercase letters, digits and hyphens (e.g. quebec-ontario-2008)")
        }
    }
}

extension IntakeError: CustomStringConvertible {
    public var description: String { message(.en) }
}
