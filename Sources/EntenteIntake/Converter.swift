import EntenteCore
import EntenteXML
import Foundation

/// What `entente convert` produced.
public struct Conversion: Sendable {
    /// The Akoma Ntoso text (UTF-8), tracking block included.
    public var xml: String
    public var id: String
    public var draft: DraftAgreement
    /// Edits, left-out blocks, missing parts (bilingual).
    public var warnings: [Localized]
    /// Words that look like scanning errors, with the word-list form one letter away.
    public var suspectWords: [SuspectWord]
}

/// Options of a conversion.
public struct ConvertOptions: Sendable {
    /// The agreement id (`FRBRalias name="entente"`); nil: from the parties and the year.
    public var id: String?
    /// The text's language; nil: guessed.
    public var language: Language?
    /// Today, for the markup date (the library reads no clock).
    public var markupDate: CivilDate
    /// The word list for OCR flags; nil: none (no flags).
    public var wordList: WordList?
    /// Whether the facts the profile requires (notice, entry into force, domains) go into the
    /// tracking block at once (`entente convert`); false leaves the block to a person's
    /// review (the web's upload, where each fact is accepted or rejected before it is written).
    public var writesRequiredFacts: Bool = true

    public init(id: String? = nil, language: Language? = nil, markupDate: CivilDate, wordList: WordList? = nil,
                writesRequiredFacts: Bool = true) {
        self.id = id
        self.language = language
        self.markupDate = markupDate
        self.wordList = wordList
        self.writesRequiredFacts = writesRequiredFacts
    }
}

/// Plain text (`.txt`) and Word (`.docx`) agreements into Akoma Ntoso 3.0.
public enum Converter {
    /// Reads and converts a file: `.docx` (or any zip) through `DocxReader`, anything else as text
    /// (UTF-8 with or without BOM, else Windows-1252).
    ///
    /// - Throws: `IntakeError` (unreadable, empty, no article, not a zip, no document part).
    public static func convert(path: String, options: ConvertOptions) throws(IntakeError) -> Conversion {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            throw .unreadable(file: path, reason: !exists ? "no such file" : isDir.boolValue ? "a folder, not a file" : "read error")
        }
        return try convert(bytes: [UInt8](data), fileName: path, options: options)
    }

    /// Converts a file's bytes (an upload): `.docx` (by name, or any zip) through
    /// `DocxReader`, anything else as text. `fileName` names the file in messages.
    ///
    /// - Throws: `IntakeError` (over 32 MiB, empty, no article, not a zip, no document part).
    public static func convert(bytes: [UInt8], fileName: String, options: ConvertOptions) throws(IntakeError) -> Conversion {
        // An agreement is a few hundred kilobytes; anything past 32 MiB is not one.
        guard bytes.count <= 32 * 1024 * 1024 else {
            throw .unreadable(file: fileName, reason: "\(bytes.count) bytes, over the 32 MiB limit for an agreement text")
        }
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
        if fileName.lowercased().hasSuffix(".docx") || isZip {
            let lines = try DocxReader.lines(bytes: bytes, fileName: fileName)
            return try convert(lines: lines, fileName: fileName, options: options)
        }
        return try convert(text: decode(bytes), fileName: fileName, options: options)
    }

    /// UTF-8 (BOM or not), else Windows-1252 (pastes from old Windows programs).
    public static func decode(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }

    public static func convert(text: String, fileName: String, options: ConvertOptions) throws(IntakeError) -> Conversion {
        try convert(lines: TextStructurer.lines(of: text), fileName: fileName, options: options)
    }

    public static func convert(lines: [SourceLine], fileName: String, options: ConvertOptions) throws(IntakeError) -> Conversion {
        let draft = try TextStructurer.structure(lines: lines, fileName: fileName, language: options.language)
        let id = options.id ?? AKNWriter.defaultID(draft)
        guard id.matches(#"^[a-z0-9]+(-[a-z0-9]+)*$"#) else { throw .badID(id) }
        var (xml, warnings) = AKNWriter.write(draft, .init(id: id, markupDate: options.markupDate))
        warnings = draft.warnings + warnings
        // The facts the profile requires in every file (notice, entry into force, domains);
        // the others are proposed by `entente extract` for review.
        if let extraction = try? Extractor.extract(xml: xml, fileName: fileName) {
            let required = extraction.proposals.filter { ["noticePeriod", "entryIntoForce", "domains"].contains($0.kind) }
            for kind in ["noticePeriod", "domains"] where !required.contains(where: { $0.kind == kind }) {
                warnings.append(Localized(fr: "aucun fait « \(kind) » trouvé dans le texte : le profil l'exige ; complétez le bloc de suivi",
                                          en: "no \"\(kind)\" fact found in the text: the profile requires one; complete the tracking block"))
            }
            if options.writesRequiredFacts { xml = TrackingBlock.insert(required, into: xml) }
        }
        let suspects = options.wordList.map { OCRCheck.suspects(in: draft, wordList: $0) } ?? []
        if !suspects.isEmpty {
            let list = suspects.map { "\($0.word) (\($0.candidate)?)" }.joined(separator: ", ")
            warnings.append(Localized(fr: "mots qui ressemblent à des erreurs de numérisation (non corrigés) : \(list)",
                                      en: "words that look like scanning errors (not corrected): \(list)"))
        }
        return Conversion(xml: xml, id: id, draft: draft, warnings: warnings, suspectWords: suspects)
    }
}
