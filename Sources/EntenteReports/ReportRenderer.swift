import Dispatch
import EntenteCore
import Foundation
import Mustache

/// Renders reports from Mustache templates, one per kind, language and format
/// (`biennial.fr.md.mustache`). Each built-in template can be replaced by a file of the same
/// name in the workspace's `templates/` folder.
public struct ReportRenderer: Sendable {
    let library: MustacheLibrary
    /// Template name → (file path, source text), for error messages and key checks.
    let sources: [String: TemplateSource]

    struct TemplateSource: Sendable {
        var path: String
        var text: String
    }

    /// The folder of built-in templates shipped with the tool.
    public static var builtInDirectory: String? {
        Bundle.module.url(forResource: "Templates", withExtension: nil)?.path
    }

    /// `kind.lang.ext`, the name of the template of one report (without `.mustache`).
    public static func templateName(_ kind: ReportKind, _ lang: Language, _ format: ReportFormat) -> String {
        "\(kind.rawValue).\(lang.rawValue).\(format.fileExtension)"
    }

    /// Every report template's name.
    public static var templateNames: [String] {
        ReportKind.allCases.flatMap { k in Language.allCases.flatMap { l in [ReportFormat.markdown, .html].map { templateName(k, l, $0) } } }
    }

    /// Loads the built-in templates, then the workspace's (a missing folder is fine). A
    /// workspace file whose name matches no template is refused rather than silently unused.
    public init(workspaceTemplatesDirectory: String?) async throws {
        var sources: [String: TemplateSource] = [:]
        let known = Set(Self.templateNames)
        for (dir, isWorkspace) in [(Self.builtInDirectory, false), (workspaceTemplatesDirectory, true)] {
            guard let dir, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in names.sorted() where file.hasSuffix(".mustache") {
                let path = (dir as NSString).appendingPathComponent(file)
                let name = String(file.dropLast(".mustache".count))
                if isWorkspace, !known.contains(name), !name.hasPrefix("_") { throw TemplateError.unknownFile(path) }
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                sources[name] = TemplateSource(path: path, text: String(decoding: data, as: UTF8.self))
            }
        }
        _ = Self.fastHTMLEscaping
        var library = MustacheLibrary()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
            } catch let e as MustacheTemplate.ParserError {
                throw TemplateError.parse(template: source.path, line: e.context.lineNumber, column: e.context.columnNumber,
                                          message: "\(e.error)")
            }
        }
        self.library = library
        self.sources = sources
    }

    /// `{{%CONTENT_TYPE: HTML}}` escapes with `HTMLEscaping`: the same five replacements as
    /// swift-mustache's own, byte by byte instead of through a dictionary of Characters, which
    /// was a fifth of rendering a report of 10,000 activities (profiled). Registered once,
    /// before any template is parsed; the built-in HTML templates start with that pragma.
    static let fastHTMLEscaping: Void = MustacheContentTypes.register(HTMLEscaping(), named: "HTML")

    public func render(_ kind: ReportKind, format: ReportFormat, input: ReportInput) throws -> String {
        try render(kind, format: format, input: input, splitAt: 2_000)
    }

    /// `splitAt`: the length from which the activity list is rendered on every core (tests
    /// lower it to hold the split rendering to the golden files).
    func render(_ kind: ReportKind, format: ReportFormat, input: ReportInput, splitAt: Int) throws -> String {
        let name = Self.templateName(kind, input.language, format)
        guard let source = sources[name] else { throw TemplateError.notFound(name) }
        let context = ReportModel.context(kind, input: input, format: format)
        try TemplateKeys(sources: sources, shapes: context.shapes).check(source, context: context.values)
        if let rows = context.values[ListSplit.key] as? [Row], rows.count >= splitAt,
           let out = try ListSplit(source: source.text)?.render(rows, values: context.values, name: name, library: library) {
            return out
        }
        guard let out = library.render(context.values, withTemplate: name) else { throw TemplateError.notFound(name) }
        return out
    }
}
