import EntenteCore
import EntenteReports
import Foundation
import ZIPFoundation

/// The binary formats of `entente report` (beside Markdown and HTML).
public enum BinaryReportFormat: String, Sendable, CaseIterable {
    /// A Word document (WordprocessingML, `.docx`).
    case docx
    /// The HTML report printed by headless Chromium.
    case pdf
}

/// How a Word report is written.
public struct DocxOptions: Sendable {
    /// The core properties' created and modified date (`docProps/core.xml`) and the zip
    /// entries' dates: injected, so that the same input gives the same package.
    public var created: Date
    /// The author in the core properties (nil: none).
    public var creator: String?
    /// The workspace's look (`templates/reference.docx`); nil: the built-in look.
    public var reference: WordReference?

    public init(created: Date, creator: String? = nil, reference: WordReference? = nil) {
        self.created = created
        self.creator = creator
        self.reference = reference
    }
}

/// Word (.docx) reports. A report is written from its HTML page, the one its HTML template
/// renders from the report model: the words, their order and their language are the
/// template's, so the Word document says what the HTML says (no second source of truth).
/// The look (heading styles, tables, title page, footer) is Word's own; see `HTMLReader`
/// for the mapping.
public enum WordReport {
    /// The language tag Word's spelling check reads: `fr-CA`, `en-CA`.
    public static func languageTag(_ lang: Language) -> String { lang == .fr ? "fr-CA" : "en-CA" }

    /// The package's parts, in the order they are zipped: `[Content_Types].xml` first.
    /// - Parameters:
    ///   - html: the report's HTML page (`ReportRenderer.render(_, format: .html, …)`).
    ///   - language: the report's language.
    /// - Throws: `DocxError` (libxml2 failures; a reference document that cannot be merged).
    public static func parts(html: String, language: Language, options: DocxOptions) throws -> [(name: String, data: Data)] {
        let body = try HTMLReader.read(html: html)
        let tag = languageTag(language)
        var parts = WordParts(body: body, languageTag: tag, created: options.created, creator: options.creator)
        let styles: Data
        if let reference = options.reference {
            let merged = try StyleMerge(reference: reference, languageTag: tag)
            styles = merged.styles
            parts.styleID = { merged.ids[$0] ?? $0 }
            parts.hasTheme = reference.theme != nil
        } else {
            styles = try XMLWriter.document(WordStyles.styles(languageTag: tag), part: "word/styles.xml")
        }
        var out: [(name: String, data: Data)] = [
            ("[Content_Types].xml", try XMLWriter.document(parts.contentTypes(), part: "[Content_Types].xml")),
            ("_rels/.rels", try XMLWriter.document(parts.packageRelationships(), part: "_rels/.rels")),
            ("docProps/core.xml", try XMLWriter.document(parts.core(), part: "docProps/core.xml")),
            ("docProps/app.xml", try XMLWriter.document(parts.app(), part: "docProps/app.xml")),
            ("word/_rels/document.xml.rels", try XMLWriter.document(parts.documentRelationships(), part: "word/_rels/document.xml.rels")),
            ("word/document.xml", try XMLWriter.document(parts.document(), part: "word/document.xml")),
            ("word/styles.xml", styles),
            ("word/numbering.xml", try XMLWriter.document(parts.numbering(), part: "word/numbering.xml")),
            ("word/settings.xml", try XMLWriter.document(parts.settings(), part: "word/settings.xml")),
        ]
        if let footer = parts.footer() { out.append(("word/footer1.xml", try XMLWriter.document(footer, part: "word/footer1.xml"))) }
        if let theme = options.reference?.theme { out.append(("word/theme/theme1.xml", theme)) }
        return out
    }

    /// The `.docx` file's bytes: the parts zipped (deflate) with ZIPFoundation.
    /// - Throws: `DocxError` as `parts`, and `.package` when the zip cannot be written.
    public static func docx(html: String, language: Language, options: DocxOptions) throws -> Data {
        let files = try parts(html: html, language: language, options: options)
        do {
            let archive = try Archive(accessMode: .create)
            for (name, data) in files {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: options.created,
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let bytes = archive.data else { throw DocxError.package(cause: "no archive data") }
            return bytes
        } catch let e as DocxError {
            throw e
        } catch {
            throw DocxError.package(cause: "\(error)")
        }
    }
}

extension ReportRenderer {
    /// A report as a Word document: the HTML report (this renderer's template, built-in or
    /// the workspace's) written as WordprocessingML.
    /// - Throws: `TemplateError` (the HTML template), `DocxError`.
    public func docx(_ kind: ReportKind, input: ReportInput, options: DocxOptions) throws -> Data {
        let html = try render(kind, format: .html, input: input)
        return try WordReport.docx(html: html, language: input.language, options: options)
    }

    /// A report as Word or PDF, the way a workspace makes it: Word with the workspace's
    /// `templates/reference.docx` when there is one, PDF with the Chromium `ChromiumPrinter.find`
    /// finds (`ENTENTE_CHROMIUM`, else `PATH`).
    /// - Parameters:
    ///   - workspaceTemplatesDirectory: the workspace's `templates/` folder (nil: none).
    ///   - created: the Word document's created date (core properties, zip entries).
    ///   - creator: the Word document's author (nil: none).
    /// - Throws: `TemplateError`, `DocxError` (a broken reference document, no Chromium, …).
    public func render(_ kind: ReportKind, binary format: BinaryReportFormat, input: ReportInput, workspaceTemplatesDirectory: String?,
                       created: Date, creator: String?,
                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Data {
        switch format {
        case .docx:
            let reference = try WordReference.inTemplates(workspaceTemplatesDirectory)
            return try docx(kind, input: input, options: DocxOptions(created: created, creator: creator, reference: reference))
        case .pdf:
            return try pdf(kind, input: input, printer: try ChromiumPrinter.find(environment: environment))
        }
    }

    /// A report as PDF: the HTML report printed by `printer`.
    /// - Throws: `TemplateError` (the HTML template), `DocxError` (Chromium).
    public func pdf(_ kind: ReportKind, input: ReportInput, printer: ChromiumPrinter) throws -> Data {
        let html = try render(kind, format: .html, input: input)
        return try printer.pdf(html: html)
    }
}
