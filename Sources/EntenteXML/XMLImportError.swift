import EntenteCore

/// Why an Akoma Ntoso file was refused: where (one location: file, line, column) and why (one
/// reason). Formats as `FILE:LINE:COLUMN: message`, in French or English.
public struct XMLImportError: UserFacingError, Hashable {
    /// Where in which file; line and column are 1-based, 1 for errors about the whole file
    /// (schema errors carry only a line).
    public struct Location: Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int

        public init(file: String, line: Int = 1, column: Int = 1) {
            self.file = file
            self.line = line
            self.column = column
        }
    }

    public enum Reason: Sendable, Hashable {
        /// The file could not be read at all (missing, a folder, no permission).
        case unreadable(String)
        /// Larger than the configured limit; checked before parsing.
        case tooLarge(size: Int, limit: Int)
        /// No bytes, or only white space.
        case empty
        /// UTF-16/UTF-32 text (byte-order mark or NUL bytes).
        case wideEncoding(String)
        /// The XML declaration names another encoding than UTF-8.
        case declaredEncoding(String)
        /// A byte sequence that is not UTF-8 (typically Latin-1).
        case invalidUTF8(byte: UInt8)
        /// A `<!DOCTYPE` declaration: refused (entities, external subsets).
        case doctype
        /// Not well-formed XML (message from libxml2).
        case malformed(String)
        /// The root element is not `akomaNtoso`.
        case notAkomaNtoso(root: String, namespace: String?)
        /// `akomaNtoso` in another namespace than Akoma Ntoso 3.0 (AKN 2.0, drafts, LegalDocML.de).
        case unsupportedNamespace(String?)
        /// Strict mode: the official schema rejects the document.
        case schemaInvalid(String)
        /// Strict mode: a `#x` reference names no element with `eId="x"`.
        case danglingReference(attribute: String, target: String)
        /// Strict mode without a schema: two elements share an `eId`.
        case duplicateEId(String)
        /// The schema file could not be loaded or compiled.
        case schemaUnavailable(String)
    }

    public var location: Location
    public var reason: Reason

    public init(_ reason: Reason, at location: Location) {
        self.reason = reason
        self.location = location
    }

    public var file: String { location.file }
    public var line: Int { location.line }
    public var column: Int { location.column }

    /// `FILE:LINE:COLUMN: message`.
    public func message(_ lang: Language) -> String {
        "\(file):\(line):\(column): \(text[lang])"
    }

    /// The message without the location prefix.
    public var text: Localized {
        switch reason {
        case .unreadable(let reason):
            return Localized(
                fr: "impossible de lire le fichier (\(reason)) ; vérifiez le chemin et les droits d'accès",
                en: "cannot read the file (\(reason)); check the path and the permissions")
        case .tooLarge(let size, let limit):
            return Localized(
                fr: "fichier trop volumineux (\(size) octets, limite \(limit)) ; vérifiez qu'il s'agit bien d'un texte Akoma Ntoso ou relevez la limite",
                en: "file too large (\(size) bytes, limit \(limit)); check that it is an Akoma Ntoso text, or raise the limit")
        case .empty:
            return Localized(
                fr: "fichier vide ; il doit contenir un document Akoma Ntoso 3.0 (<akomaNtoso>)",
                en: "empty file; it must hold an Akoma Ntoso 3.0 document (<akomaNtoso>)")
        case .wideEncoding(let enc):
            return Localized(
                fr: "le fichier est en \(enc), pas en UTF-8 ; réenregistrez-le en UTF-8 (par exemple iconv -f \(enc) -t UTF-8)",
                en: "the file is \(enc), not UTF-8; save it again as UTF-8 (e.g. iconv -f \(enc) -t UTF-8)")
        case .declaredEncoding(let enc):
            return Localized(
                fr: "encodage déclaré « \(enc) » : seul UTF-8 est accepté ; convertissez le fichier en UTF-8 et déclarez encoding=\"UTF-8\"",
                en: "declared encoding \"\(enc)\": only UTF-8 is accepted; convert the file to UTF-8 and declare encoding=\"UTF-8\"")
        case .invalidUTF8(let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return Localized(
                fr: "octet 0x\(hex) invalide en UTF-8 (fichier en Latin-1 ?) ; convertissez le fichier en UTF-8 (par exemple iconv -f ISO-8859-1 -t UTF-8)",
                en: "byte 0x\(hex) is not valid UTF-8 (a Latin-1 file?); convert the file to UTF-8 (e.g. iconv -f ISO-8859-1 -t UTF-8)")
        case .doctype:
            return Localized(
                fr: "déclaration <!DOCTYPE> refusée (entités et DTD ne sont pas admises en Akoma Ntoso) ; supprimez-la",
                en: "<!DOCTYPE> declaration refused (entities and DTDs have no place in Akoma Ntoso); remove it")
        case .malformed(let detail):
            return Localized(
                fr: "XML mal formé : \(detail) ; corrigez le balisage à cet endroit",
                en: "malformed XML: \(detail); fix the markup at this place")
        case .notAkomaNtoso(let root, let ns):
            let where_ = ns.map { " {\($0)}" } ?? ""
            return Localized(
                fr: "l'élément racine est <\(root)>\(where_), pas <akomaNtoso> : ce n'est pas un document Akoma Ntoso 3.0",
                en: "the root element is <\(root)>\(where_), not <akomaNtoso>: this is not an Akoma Ntoso 3.0 document")
        case .unsupportedNamespace(let ns):
            let name = ns ?? "(aucun / none)"
            return Localized(
                fr: "espace de noms \(name) non pris en charge ; seul Akoma Ntoso 3.0 (\(AKN.namespace)) est accepté : convertissez le document en AKN 3.0",
                en: "namespace \(name) is not supported; only Akoma Ntoso 3.0 (\(AKN.namespace)) is accepted: convert the document to AKN 3.0")
        case .schemaInvalid(let detail):
            return Localized(
                fr: "non conforme au schéma officiel Akoma Ntoso 3.0 (mode strict) : \(detail) ; corrigez le document ou importez sans --strict",
                en: "does not conform to the official Akoma Ntoso 3.0 schema (strict mode): \(detail); fix the document or import without --strict")
        case .danglingReference(let attr, let target):
            return Localized(
                fr: "la référence \(attr)=\"#\(target)\" ne désigne aucun élément eId=\"\(target)\" (mode strict) ; corrigez la référence ou ajoutez l'élément",
                en: "reference \(attr)=\"#\(target)\" names no element with eId=\"\(target)\" (strict mode); fix the reference or add the element")
        case .duplicateEId(let eId):
            return Localized(
                fr: "eId « \(eId) » en double (mode strict) ; chaque eId doit être unique",
                en: "duplicate eId \"\(eId)\" (strict mode); every eId must be unique")
        case .schemaUnavailable(let detail):
            return Localized(
                fr: "schéma XSD inutilisable : \(detail) ; indiquez le chemin de akomantoso30.xsd (avec xml.xsd à côté)",
                en: "unusable XSD schema: \(detail); give the path of akomantoso30.xsd (with xml.xsd next to it)")
        }
    }
}

// The importer's ways of saying each reason at its place.
extension XMLImportError {
    public static func unreadable(file: String, reason: String) -> Self { .init(.unreadable(reason), at: .init(file: file)) }
    public static func tooLarge(file: String, size: Int, limit: Int) -> Self { .init(.tooLarge(size: size, limit: limit), at: .init(file: file)) }
    public static func empty(file: String) -> Self { .init(.empty, at: .init(file: file)) }
    public static func wideEncoding(file: String, encoding: String) -> Self { .init(.wideEncoding(encoding), at: .init(file: file)) }
    public static func declaredEncoding(file: String, line: Int, column: Int, encoding: String) -> Self {
        .init(.declaredEncoding(encoding), at: .init(file: file, line: line, column: column))
    }
    public static func invalidUTF8(file: String, line: Int, column: Int, byte: UInt8) -> Self {
        .init(.invalidUTF8(byte: byte), at: .init(file: file, line: line, column: column))
    }
    public static func doctype(file: String, line: Int, column: Int) -> Self { .init(.doctype, at: .init(file: file, line: line, column: column)) }
    public static func malformed(file: String, line: Int, column: Int, detail: String) -> Self {
        .init(.malformed(detail), at: .init(file: file, line: line, column: column))
    }
    public static func notAkomaNtoso(file: String, line: Int, column: Int, root: String, namespace: String?) -> Self {
        .init(.notAkomaNtoso(root: root, namespace: namespace), at: .init(file: file, line: line, column: column))
    }
    public static func unsupportedNamespace(file: String, line: Int, column: Int, namespace: String?) -> Self {
        .init(.unsupportedNamespace(namespace), at: .init(file: file, line: line, column: column))
    }
    public static func schemaInvalid(file: String, line: Int, column: Int, detail: String) -> Self {
        .init(.schemaInvalid(detail), at: .init(file: file, line: line, column: column))
    }
    public static func danglingReference(file: String, line: Int, column: Int, attribute: String, target: String) -> Self {
        .init(.danglingReference(attribute: attribute, target: target), at: .init(file: file, line: line, column: column))
    }
    public static func duplicateEId(file: String, line: Int, column: Int, eId: String) -> Self {
        .init(.duplicateEId(eId), at: .init(file: file, line: line, column: column))
    }
    public static func schemaUnavailable(path: String, line: Int, column: Int, detail: String) -> Self {
        .init(.schemaUnavailable(detail), at: .init(file: path, line: line, column: column))
    }
}

extension XMLImportError: CustomStringConvertible {
    public var description: String { message(.en) }
}
