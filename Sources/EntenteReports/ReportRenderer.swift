import EntenteCore
import Foundation
import Mustache

/// The documents Entente produces.
public enum ReportKind: String, CaseIterable, Sendable {
    /// Biennial report of past activities (rapport biennal des activités).
    case biennial
    /// Biennial action plan (plan d'action biennal).
    case plan
    /// Progress report for a Coordination Committee meeting (rapport d'étape).
    case progress
    /// Termination notice letter (lettre de préavis).
    case noticeLetter = "notice-letter"
}

public enum ReportFormat: String, Sendable {
    case markdown, html

    var fileExtension: String { self == .markdown ? "md" : "html" }
}

/// Everything a report is built from.
public struct ReportInput: Sendable {
    public var agreement: Agreement
    public var history: AgreementHistory
    public var deadlines: [Deadline]
    public var from: CivilDate
    public var to: CivilDate
    public var asOf: CivilDate
    public var language: Language
    /// Progress report: the meeting it is for.
    public var meeting: Meeting?
    /// Notice letter: the notice given (or to be given).
    public var notice: TerminationNotice?

    public init(agreement: Agreement, history: AgreementHistory, deadlines: [Deadline], from: CivilDate, to: CivilDate,
                asOf: CivilDate, language: Language) {
        self.agreement = agreement
        self.history = history
        self.deadlines = deadlines
        self.from = from
        self.to = to
        self.asOf = asOf
        self.language = language
    }
}

/// A template problem, named by file and line.
public enum TemplateError: UserFacingError {
    case missingKey(template: String, line: Int, key: String)
    case parse(template: String, line: Int, column: Int, message: String)
    case notFound(String)

    public func message(_ lang: Language) -> String {
        switch self {
        case .missingKey(let t, let line, let key):
            return lang == .fr ? "\(t):\(line): la variable « \(key) » n'existe pas pour ce rapport; corrigez le gabarit (voir templates/README.md pour les variables)."
                               : "\(t):\(line): variable '\(key)' does not exist for this report; fix the template (templates/README.md lists the variables)."
        case .parse(let t, let line, let column, let m):
            return lang == .fr ? "\(t):\(line):\(column): gabarit Mustache invalide : \(m)" : "\(t):\(line):\(column): invalid Mustache template: \(m)"
        case .notFound(let name):
            return lang == .fr ? "Gabarit introuvable : \(name).mustache" : "Template not found: \(name).mustache"
        }
    }
}

/// Renders reports from Mustache templates: the built-in ones, each replaceable by a file of
/// the same name in the workspace's `templates/` folder.
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

    public init(workspaceTemplatesDirectory: String?) async throws {
        var sources: [String: TemplateSource] = [:]
        for dir in [Self.builtInDirectory, workspaceTemplatesDirectory].compactMap({ $0 }) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in names.sorted() where file.hasSuffix(".mustache") {
                let path = (dir as NSString).appendingPathComponent(file)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                sources[String(file.dropLast(".mustache".count))] = TemplateSource(path: path, text: text)
            }
        }
        var library = MustacheLibrary()
        for (name, source) in sources {
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

    public func render(_ kind: ReportKind, format: ReportFormat, input: ReportInput) throws -> String {
        let name = "\(kind.rawValue).\(format.fileExtension)"
        guard let source = sources[name] else { throw TemplateError.notFound(name) }
        let context = ReportModel.context(kind, input: input, format: format)
        try TemplateKeys.check(source.text, path: source.path, context: context, partials: sources.mapValues(\.text))
        guard let out = library.render(context, withTemplate: name) else { throw TemplateError.notFound(name) }
        return out
    }
}

/// Checks that every variable a template uses exists in its context: Mustache itself would
/// render a missing one as empty, and a report with silent holes is worse than an error.
enum TemplateKeys {
    static func check(_ text: String, path: String, context: [String: Any], partials: [String: String], depth: Int = 0) throws {
        var stack: [[String: Any]] = [context]
        var sectionNames: [String] = []
        var skipDepth = 0 // inside a section whose value is empty: nothing to check
        var line = 1
        var i = text.startIndex
        while let open = text.range(of: "{{", range: i..<text.endIndex) {
            line += text[i..<open.lowerBound].filter { $0 == "\n" }.count
            let triple = text[open.upperBound...].hasPrefix("{")
            guard let close = text.range(of: triple ? "}}}" : "}}", range: open.upperBound..<text.endIndex) else { break }
            var tag = String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            line += tag.filter { $0 == "\n" }.count
            i = close.upperBound
            if triple { tag.removeFirst() }
            guard let sigil = tag.first else { continue }
            let name = String(tag.drop { "#^/&>!%{=".contains($0) }).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%", "=": continue
            case ">":
                if depth < 4, let partial = partials[name] {
                    try check(partial, path: path, context: stack.last ?? context, partials: partials, depth: depth + 1)
                }
            case "/":
                if let last = sectionNames.popLast(), last == name {
                    if skipDepth > 0 { skipDepth -= 1 } else { stack.removeLast() }
                }
            case "#", "^":
                if skipDepth > 0 { skipDepth += 1; sectionNames.append(name); continue }
                guard let value = lookup(name, stack) else {
                    throw TemplateError.missingKey(template: path, line: line, key: name)
                }
                sectionNames.append(name)
                if sigil == "^" { skipDepth += 1; continue }
                if let list = value as? [[String: Any]] {
                    if let first = list.first { stack.append(first) } else { skipDepth += 1 }
                } else if let dict = value as? [String: Any] {
                    stack.append(dict)
                } else if let list = value as? [Any] {
                    if list.isEmpty { skipDepth += 1 } else { stack.append([:]) }
                } else if let b = value as? Bool, !b {
                    skipDepth += 1
                } else {
                    stack.append([:])
                }
            default:
                if skipDepth > 0 || name == "." { continue }
                if lookup(name, stack) == nil { throw TemplateError.missingKey(template: path, line: line, key: name) }
            }
        }
    }

    /// Mustache's context-stack lookup, with dotted names.
    static func lookup(_ name: String, _ stack: [[String: Any]]) -> Any? {
        let parts = name.split(separator: ".").map(String.init)
        guard let head = parts.first else { return nil }
        for ctx in stack.reversed() {
            guard var value = ctx[head] else { continue }
            for p in parts.dropFirst() {
                guard let d = value as? [String: Any], let v = d[p] else { return nil }
                value = v
            }
            return value
        }
        return nil
    }
}
