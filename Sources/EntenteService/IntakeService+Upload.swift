import EntenteCore
import EntenteIntake
import EntenteStorage
import EntenteXML

/// A converted text waiting for a person's review (issue 15 step 4): the Akoma Ntoso text
/// with no proposed fact written yet, the facts proposed from it, and what the review shows.
/// Nothing of it is stored until `IntakeService.storeReviewed` is called.
public struct IntakeReview: Sendable {
    /// The uploaded file's name (messages, the stored text's file).
    public var fileName: String
    /// The agreement id the text will be stored under (given, else from parties and year).
    public var id: String
    public var title: String
    /// The text's language (given, else guessed by the converter).
    public var language: Language
    /// The converted text, tracking block left to the review (`writesRequiredFacts: false`).
    public var xml: String
    /// The facts proposed from `xml`, each with its provision and verbatim phrase.
    public var extraction: Extraction
    /// The articles, with the provisions the phrases are quoted from.
    public var articles: [ReviewArticle]
    /// The conversion's and the read-back's remarks, in the caller's language.
    public var warnings: [String]
    /// Words that look like scanning errors, never corrected.
    public var suspectWords: [SuspectWord]
}

extension IntakeService {
    /// Refuses, before an upload is even read, a caller who may not import texts: the web's
    /// import page and its review are administrators'.
    /// - Throws: `ServiceError.forbidden`.
    public static func requireImport(_ caller: Caller) throws {
        try caller.require(.importText, on: nil)
    }

    /// Converts an uploaded `.txt` or `.docx` file and proposes its tracking facts, for review;
    /// writes nothing. Only those who may import texts (administrators) may start it.
    /// - Parameters:
    ///   - bytes: the file as uploaded (UTF-8, Windows-1252, or a Word package).
    ///   - fileName: its name (`.docx` selects the Word reader); shown in messages.
    ///   - id: the agreement id wanted, nil: from the parties and the year.
    ///   - language: the text's language, nil: guessed.
    /// - Throws: `ServiceError.forbidden`; `IntakeError` (empty, no article, not a zip, no
    ///   document part); `ServiceError.convertedTextInvalid` (the official schema rejects the
    ///   result); `XMLImportError`.
    public static func review(bytes: [UInt8], fileName: String, id: String?, language: Language?,
                              configuration: ServiceConfiguration, _ caller: Caller) throws -> IntakeReview {
        try caller.require(.importText, on: nil)
        let options = ConvertOptions(id: id, language: language, markupDate: caller.asOf, wordList: WordList.system(),
                                     writesRequiredFacts: false)
        let result = try Converter.convert(bytes: bytes, fileName: fileName, options: options)
        let importOptions = AKNImportOptions(schema: try configuration.schemaPath.map { try AKNSchema.shared(path: $0) }, strict: false)
        let check = try AKNImporter.importDocument(text: result.xml, fileName: fileName, options: importOptions)
        let readBack = check.warnings.map { $0.formatted(file: fileName, caller.lang) }
        if check.outcome == .schemaInvalid { throw ServiceError.convertedTextInvalid(file: fileName, details: readBack) }
        return IntakeReview(fileName: fileName, id: result.id, title: check.agreement.title(caller.lang), language: result.draft.language,
                            xml: result.xml, extraction: try Extractor.extract(xml: result.xml, fileName: fileName),
                            articles: try ReviewText.articles(xml: result.xml, fileName: fileName),
                            warnings: result.warnings.map { $0[caller.lang] } + readBack, suspectWords: result.suspectWords)
    }

    /// Stores a reviewed text with the accepted facts in its tracking block (the same writing
    /// as `entente extract --write`), audited under the caller: a new agreement, or a new
    /// version when the id is already stored. Rejected facts are not written; a fact nested in
    /// a body (first meeting, coordinators) is written only with its body.
    /// - Parameter accepted: indexes in `review.extraction.proposals`; facts the tracking
    ///   vocabulary cannot hold (`writable == false`) are never written.
    /// - Returns: what storing did, and the facts written.
    /// - Throws: `ServiceError.forbidden`; `XMLImportError`; `StoreError`.
    public func storeReviewed(_ review: IntakeReview, accepted: Set<Int>, _ caller: Caller) async throws -> (result: ImportResult, written: [FactProposal]) {
        try caller.require(.importText, on: review.id)
        let proposals = review.extraction.proposals
        let chosen = proposals.indices.filter { accepted.contains($0) && proposals[$0].writable }.map { proposals[$0] }
        let bodies = Set(chosen.filter { $0.kind == "body" }.compactMap { $0.value("ref") })
        let written = chosen.filter { $0.parent == nil || bodies.contains($0.parent!) }
        // Only the bodies and offices the written facts point at.
        let pointedAt = Set(written.flatMap { p in p.attributes.map(\.value) + [p.parent].compactMap { $0 } })
        let references = review.extraction.references.filter { pointedAt.contains("#" + $0.eId) }
        let xml = TrackingBlock.insert(written, references: references, into: review.xml)
        let r = try AKNImporter.importDocument(text: xml, fileName: review.fileName, options: try agreements.importOptions(strict: false))
        let result = try await store.importAgreement(store.prepare(r.agreement), xml: xml, file: review.fileName,
                                                     warnings: r.warnings.map { $0.formatted(file: review.fileName, caller.lang) }, by: caller.user)
        return (result, written)
    }
}

extension AgreementService {
    /// Imports one uploaded Akoma Ntoso text (the web's import page), as `entente import` does
    /// one file: a new agreement, a new version of a changed text, or nothing when unchanged;
    /// one transaction, audited.
    /// - Parameters:
    ///   - bytes: the file as uploaded.
    ///   - fileName: its name, the FILE of `FILE:LINE:COLUMN` in a refusal.
    /// - Throws: `ServiceError.forbidden`; `XMLImportError` (location and reason; nothing
    ///   stored); `StoreError`.
    public func importUpload(bytes: [UInt8], fileName: String, strict: Bool = false, _ caller: Caller) async throws -> ImportOutcome {
        try caller.require(.importText, on: nil)
        let r = try AKNImporter.importDocument(bytes: bytes, fileName: fileName, options: try importOptions(strict: strict))
        let warnings = r.warnings.map { $0.formatted(file: fileName, caller.lang) }
        let result = try await store.importAgreement(store.prepare(r.agreement), xml: r.xml, file: fileName, warnings: warnings, by: caller.user)
        return ImportOutcome(file: fileName, id: r.agreement.id, result: result, warnings: warnings, error: nil)
    }
}
