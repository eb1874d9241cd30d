import EntenteCore
import EntenteIntake
import EntenteStorage
import EntenteXML

/// A text converted to Akoma Ntoso, checked to read back before anyone writes it.
public struct CheckedConversion: Sendable {
    public var conversion: Conversion
    /// The read-back's warnings, formatted for people (schema warnings included).
    public var warnings: [String]
}

/// Tracking facts proposed from an agreement's stored text, for review.
public struct ProposedFacts: Sendable {
    public var stored: StoredAgreement
    public var extraction: Extraction
}

/// From a signed text to a tracked agreement: conversion of plain text and Word, facts
/// proposed from the text, and those facts recorded as a new version of the text.
public struct IntakeService: Sendable {
    let store: any AgreementStore
    let configuration: ServiceConfiguration

    var agreements: AgreementService { AgreementService(store: store, configuration: configuration) }

    /// Converts a `.txt` or `.docx` file and reads the result back through the importer: a
    /// text the official schema rejects is refused, never handed out.
    /// - Parameter outputName: the file name the text will have, for the read-back's messages.
    /// - Throws: `IntakeError` (empty, no article, not a Word file…), `XMLImportError`,
    ///   `ServiceError.convertedTextInvalid`.
    /// Needs no database: `configuration` gives the schema to validate against.
    public static func convert(path: String, id: String?, language: Language?, outputName: String?,
                               configuration: ServiceConfiguration, _ caller: Caller) throws -> CheckedConversion {
        let options = ConvertOptions(id: id, language: language, markupDate: caller.asOf, wordList: WordList.system())
        let result = try Converter.convert(path: path, options: options)
        let name = outputName ?? "\(result.id).xml"
        let importOptions = AKNImportOptions(schema: try configuration.schemaPath.map { try AKNSchema.shared(path: $0) }, strict: false)
        let check = try AKNImporter.importDocument(text: result.xml, fileName: name, options: importOptions)
        let warnings = check.warnings.map { $0.formatted(file: name, caller.lang) }
        if check.outcome == .schemaInvalid { throw ServiceError.convertedTextInvalid(file: path, details: warnings) }
        return CheckedConversion(conversion: result, warnings: warnings)
    }

    /// The facts the latest text of an agreement states, each with its provision and words.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `XMLImportError`.
    public func propose(_ id: String, _ caller: Caller) async throws -> ProposedFacts {
        try caller.require(.view, on: id)
        let stored = try await store.require(id)
        let xml = try await agreements.text(id, caller)
        return ProposedFacts(stored: stored, extraction: try Extractor.extract(xml: xml, fileName: stored.file))
    }

    /// Adds the proposed facts to the text's tracking block (never overwriting facts already
    /// there) and stores the result as the agreement's next version, audited; the previous
    /// version stays readable.
    /// - Returns: the new version's import result, or nil when there was nothing new to write.
    /// - Throws: as `propose`, `ServiceError.forbidden` (a new text version is an import:
    ///   administrators'), and `StoreError`.
    public func recordProposedFacts(_ id: String, _ caller: Caller) async throws -> ImportResult? {
        try caller.require(.importText, on: id)
        let proposed = try await propose(id, caller)
        let xml = try await agreements.text(id, caller)
        let updated = TrackingBlock.insert(proposed.extraction.proposals, references: proposed.extraction.references, into: xml)
        guard updated != xml else { return nil }
        let file = proposed.stored.file
        let r = try AKNImporter.importDocument(text: updated, fileName: file, options: try agreements.importOptions(strict: false))
        return try await store.importAgreement(store.prepare(r.agreement), xml: updated, file: file,
                                               warnings: r.warnings.map { $0.formatted(file: file, caller.lang) }, by: caller.user)
    }
}
