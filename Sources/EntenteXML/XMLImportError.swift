import EntenteCore

/// Why an Akoma Ntoso file was refused. Every case says where (file, line, column) and
/// formats as `FILE:LINE:COLUMN: message`, in French or English.
public enum XMLImportError: UserFacingError, Hashable {
    /// The file could not be read at all (missing, a folder, no permission).
    case unreadable(file: String, reason: String)
    /// Larger than the configured limit; checked before parsing.
    case tooLarge(file: String, size: Int, limit: Int)
    /// No bytes, or only white space.
    case empty(file: String)
    /// UTF-16/UTF-32 text (byte-order mark or NUL bytes).
    case wideEncoding(file: String, encoding: String)
    /// The XML declaration names another encoding than UTF-8.
    case declaredEncoding(file: String, line: Int, column: Int, encoding: String)
    /// A byte sequence that is not UTF-8 (typically Latin-1).
    case invalidUTF8(file: String, line: Int, column: Int, byte: UInt8)
    /// A `<!DOCTYPE` declaration: refused (entities, external subsets).
    case doctype(file: String, line: Int, column: Int)
    /// Not well-formed XML (message from libxml2).
    case malformed(file: String, line: Int, column: Int, detail: String)
    /// The root element is not `akomaNtoso`.
    case notAkomaNtoso(file: String, line: Int, column: Int, root: String, namespace: String?)
    /// `akomaNtoso` in another namespace than Akoma Ntoso 3.0 (AKN 2.0, drafts, LegalDocML.de).
    case unsupportedNamespace(file: String, line: Int, column: Int, namespace: String?)
    /// Strict mode: the official schema rejects the document.
    case schemaInvalid(file: String, line: Int, column: Int, detail: String)
    /// Strict mode: a `#x` reference names no element with `eId="x"`.
    case danglingReference(file: String, line: Int, column: Int, attribute: String, target: String)
    /// Strict mode without a schema: two elements share an `eId`.
    case duplicateEId(file: String, line: Int, column: Int, eId: String)
    /// The schema file could not be loaded or compiled.
    case schemaUnavailable(path: String, line: Int, column: Int, detail: String)

    public var file: String {
        switch self {
        case .unreadable(let f, _), .tooLarge(let f, _, _), .empty(let f), .wideEncoding(let f, _),
             .declaredEncoding(let f, _, _, _), .invalidUTF8(let f, _, _, _), .doctype(let f, _, _),
             .malformed(let f, _, _, _), .notAkomaNtoso(let f, _, _, _, _), .unsupportedNamespace(let f, _, _, _),
             .schemaInvalid(let f, _, _, _), .danglingReference(let f, _, _, _, _), .duplicateEId(let f, _, _, _),
             .schemaUnavailable(let f, _, _, _):
            return f
        }
    }

    /// 1-based line; 1 for errors about the whole file.
    public var line: Int {
        switch self {
        case .unreadable, .tooLarge, .empty, .wideEncoding: return 1
        case .declaredEncoding(_, let l, _, _), .invalidUTF8(_, let l, _, _), .doctype(_, let l, _),
             .malformed(_, let l, _, _), .notAkomaNtoso(_, let l, _, _, _), .unsupportedNamespace(_, let l, _, _),
             .schemaInvalid(_, let l, _, _), .danglingReference(_, let l, _, _, _), .duplicateEId(_, let l, _, _),
             .schemaUnavailable(_, let l, _, _):
            return l
        }
    }

    /// 1-based column; 1 when the source gives none (schema errors carry only a line).
    public var column: Int {
        switch self {
        case .unreadable, .tooLarge, .empty, .wideEncoding: return 1
        case .declaredEncoding(_, _, let c, _), .invalidUTF8(_, _, let c, _), .doctype(_, _, let c),
             .malformed(_, _, let c, _), .notAkomaNtoso(_, _, let c, _, _), .unsupportedNamespace(_, _, let c, _),
             .schemaInvalid(_, _, let c, _), .danglingReference(_, _, let c, _, _), .duplicateEId(_, _, let c, _),
             .schemaUnavailable(_, _, let c, _):
            return c
        }
    }

    /// `FILE:LINE:COLUMN: message`.
    public func message(_ lang: Language) -> String {
        "\(file):\(line):\(column): \(text[lang])"
    }

    /// The message without the location prefix.
    public var text: Localized {
        switch self {
        case .unreadable(_, let reason):
            return Localized(
                fr: "impossible de lire le fichier (\(reason)) ; vérifiez le chemin et les droits d'accès",
                en: "cannot read the file (\(reason)); check the path and the permissions")
        case .tooLarge(_, let size, let limit):
            return Localized(
                fr: "fichier trop volumineux (\(size) octets, limite \(limit)) ; vérifiez qu'il s'agit bien d'un texte Akoma Ntoso ou relevez la limite",
                en: "file too large (\(size) bytes, limit \(limit)); check that it is an Akoma Ntoso text, or raise the limit")
        case .empty:
            return Localized(
                fr: "fichier vide ; il doit contenir un document Akoma Ntoso 3.0 (<akomaNtoso>)",
                en: "empty file; it must hold an Akoma Ntoso 3.0 document (<akomaNtoso>)")
        case .wideEncoding(_, let enc):
            return Localized(
                fr: "le fichier est en \(enc), pas en UTF-8 ; réenregistrez-le en UTF-8 (par exemple iconv -f \(enc) -t UTF-8)",
                en: "the file is \(enc), not UTF-8; save it again as UTF-8 (e.g. iconv -f \(enc) -t UTF-8)")
        case .declaredEncoding(_, _, _, let enc):
            return Localized(
                fr: "encodage déclaré « \(enc) » : seul UTF-8 est accepté ; convertissez le fichier en UTF-8 et déclarez encoding=\"UTF-8\"",
                en: "declared encoding \"\(enc)\": only UTF-8 is accepted; convert the file to UTF-8 and declare encoding=\"UTF-8\"")
        case .invalidUTF8(_, _, _, let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return Localized(
                fr: "octet 0x\(hex) invalide en UTF-8 (fichier en Latin-1 ?) ; convertissez le fichier en UTF-8 (par exemple iconv -f ISO-8859-1 -t UTF-8)",
                en: "byte 0x\(hex) is not valid UTF-8 (a Latin-1 file?); convert the file to UTF-8 (e.g. iconv -f ISO-8859-1 -t UTF-8)")
        case .doctype:
            return Localized(
                fr: "déclaration <!DOCTYPE> refusée (entités et DTD ne sont pas admises en Akoma Ntoso) ; supprimez-la",
                en: "<!DOCTYPE> declaration refused (entities and DTDs have no place in Akoma Ntoso); remove it")
        case .malformed(_, _, _, let detail):
            return Localized(
                fr: "XML mal formé : \(detail) ; corrigez le balisage à cet endroit",
                en: "malformed XML: \(detail); fix the markup at this place")
        case .notAkomaNtoso(_, _, _, let root, let ns):
            let where_ = ns.map { " {\($0)}" } ?? ""
            return Localized(
                fr: "l'élément racine est <\(root)>\(where_), pas <akomaNtoso> : ce n'est pas un document Akoma Ntoso 3.0",
                en: "the root element is <\(root)>\(where_), not <akomaNtoso>: this is not an Akoma Ntoso 3.0 document")
        case .unsupportedNamespace(_, _, _, let ns):
            let name = ns ?? "(aucun / none)"
            return Localized(
                fr: "espace de noms \(name) non pris en charge ; seul Akoma Ntoso 3.0 (\(AKN.namespace)) est accepté : convertissez le document en AKN 3.0",
                en: "namespace \(name) is not supported; only Akoma Ntoso 3.0 (\(AKN.namespace)) is accepted: convert the document to AKN 3.0")
        case .schemaInvalid(_, _, _, let detail):
            return Localized(
                fr: "non conforme au schéma officiel Akoma Ntoso 3.0 (mode strict) : \(detail) ; corrigez le document ou importez sans --strict",
                en: "does not conform to the official Akoma Ntoso 3.0 schema (strict mode): \(detail); fix the document or import without --strict")
        case .danglingReference(_, _, _, let attr, let target):
            return Localized(
                fr: "la référence \(attr)=\"#\(target)\" ne désigne aucun élément eId=\"\(target)\" (mode strict) ; corrigez la référence ou ajoutez l'élément",
                en: "reference \(attr)=\"#\(target)\" names no element with eId=\"\(target)\" (strict mode); fix the reference or add the element")
        case .duplicateEId(_, _, _, let eId):
            return Localized(
                fr: "eId « \(eId) » en double (mode strict) ; chaque eId doit être unique",
                en: "duplicate eId \"\(eId)\" (strict mode); every eId must be unique")
        case .schemaUnavailable(_, _, _, let detail):
            return Localized(
                fr: "schéma XSD inutilisable : \(detail) ; indiquez le chemin de akomantoso30.xsd (avec xml.xsd à côté)",
                en: "unusable XSD schema: \(detail); give the path of akomantoso30.xsd (with xml.xsd next to it)")
        }
    }
}

extension XMLImportError: CustomStringConvertible {
    public var description: String { message(.en) }
}
