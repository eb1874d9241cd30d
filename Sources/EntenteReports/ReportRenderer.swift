import Dispatch
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
    case missingPartial(template: String, line: Int, partial: String)
    case parse(template: String, line: Int, column: Int, message: String)
    case notFound(String)
    case unknownFile(String)

    public func message(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .missingKey(let t, let line, let key):
            return fr ? "\(t):\(line): la variable « \(key) » n'existe pas pour ce rapport; corrigez le gabarit (templates/README.md donne les variables de chaque rapport)."
                      : "\(t):\(line): variable '\(key)' does not exist for this report; fix the template (templates/README.md lists each report's variables)."
        case .missingPartial(let t, let line, let name):
            return fr ? "\(t):\(line): le gabarit partiel « \(name) » n'existe pas; créez \(name).mustache ou retirez {{> \(name)}}."
                      : "\(t):\(line): partial '\(name)' does not exist; create \(name).mustache or remove {{> \(name)}}."
        case .parse(let t, let line, let column, let m):
            return fr ? "\(t):\(line):\(column): gabarit Mustache invalide : \(m)" : "\(t):\(line):\(column): invalid Mustache template: \(m)"
        case .notFound(let name):
            return fr ? "Gabarit introuvable : \(name).mustache" : "Template not found: \(name).mustache"
        case .unknownFile(let path):
            let known = ReportRenderer.templateNames.map { $0 + ".mustache" }.joined(separator: ", ")
            return fr ? "\(path) : nom de gabarit inconnu, il ne remplacerait aucun gabarit intégré; noms reconnus : \(known) (ou _nom.mustache pour un gabarit partiel)."
                      : "\(path): unknown template name, it would replace no built-in template; known names: \(known) (or _name.mustache for a partial)."
        }
    }
}

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

/// Renders a template's `{{#activities}}` section on every core. Mustache renders a section
/// element after element on one thread, and 10,000 activities were most of a biennial
/// report's time (profiled). The section's inner text becomes a template of its own,
/// rendered for each activity (the activity's names first, then the report's, as Mustache
/// looks them up inside the section), in one piece per core; the section is replaced by
/// the joined text. Only when both section tags stand alone on their lines and the inner
/// text does not use `{{.}}` or sequence transforms; otherwise the template renders as usual.
struct ListSplit {
    static let key = "activities"
    let outer: String
    let inner: String

    init?(source: String) {
        let text = Array(source.utf8)
        func find(_ tag: String) -> [Range<Int>] {
            var found: [Range<Int>] = []
            let pattern = Array(tag.utf8)
            var i = 0
            while i + pattern.count <= text.count {
                if text[i] == pattern[0], Array(text[i..<i + pattern.count]) == pattern { found.append(i..<i + pattern.count); i += pattern.count } else { i += 1 }
            }
            return found
        }
        let opens = find("{{#\(Self.key)}}"), closes = find("{{/\(Self.key)}}")
        guard opens.count == 1, closes.count == 1, let open = opens.first, let close = closes.first, open.upperBound <= close.lowerBound else { return nil }
        // A standalone tag: only spaces or tabs around it on its line; its whole line goes.
        func line(around r: Range<Int>) -> Range<Int>? {
            var lo = r.lowerBound
            while lo > 0, text[lo - 1] != 0x0A { guard text[lo - 1] == 0x20 || text[lo - 1] == 0x09 else { return nil }; lo -= 1 }
            var hi = r.upperBound
            while hi < text.count, text[hi] != 0x0A { guard text[hi] == 0x20 || text[hi] == 0x09 || text[hi] == 0x0D else { return nil }; hi += 1 }
            guard hi < text.count else { return nil }
            return lo..<hi + 1
        }
        guard let openLine = line(around: open), let closeLine = line(around: close) else { return nil }
        let inner = String(decoding: text[openLine.upperBound..<closeLine.lowerBound], as: UTF8.self)
        guard !inner.contains("{{.}}"), !inner.contains("{{ . }}"), !inner.contains("()"), inner.hasSuffix("\n") else { return nil }
        // The content type the outer template declares at its top applies to the section too.
        var pragma = ""
        if source.hasPrefix("{{%"), let end = source.range(of: "}}") { pragma = String(source[..<end.upperBound]) }
        self.inner = pragma + inner
        outer = String(decoding: text[..<openLine.lowerBound], as: UTF8.self) + "{{{__entente_rows}}}\n"
            + String(decoding: text[closeLine.upperBound...], as: UTF8.self)
    }

    func render(_ rows: [Row], values: [String: Any], name: String, library: MustacheLibrary) throws -> String? {
        var lib = library
        lib.register(try MustacheTemplate(string: outer), named: name)
        let rowTemplate = try MustacheTemplate(string: inner)
        let pieces = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = (rows.count + pieces - 1) / pieces
        var parts = [String](repeating: "", count: pieces)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            nonisolated(unsafe) let values = values
            let lib = lib
            DispatchQueue.concurrentPerform(iterations: pieces) { p in
                var text = ""
                for i in p * size..<min(rows.count, (p + 1) * size) {
                    text += rowTemplate.render(Scoped(row: rows[i], outer: values), library: lib)
                }
                out.value[p] = text
            }
        }
        // The variable keeps its own line; the rows' last line break is the one after it.
        var joined = parts.joined()
        guard joined.hasSuffix("\n") else { return nil }
        joined.removeLast()
        var context = values
        context["__entente_rows"] = joined
        return lib.render(context, withTemplate: name)
    }

    /// An activity inside the report: its names, then the report's.
    final class Scoped: MustacheParent, @unchecked Sendable {
        let row: Row
        let outer: [String: Any]
        init(row: Row, outer: [String: Any]) { self.row = row; self.outer = outer }
        func child(named name: String) -> Any? { row.values[name] ?? outer[name] }
    }
}

/// Checks that every variable a template uses exists in its context: Mustache itself would
/// render a missing one as empty, and a report with silent holes is worse than an error.
///
/// It follows sections the way Mustache resolves names: inside `{{#list}}` the names of one
/// element (from `shapes` when this report's list is empty), then the enclosing contexts;
/// inside `{{#flag}}` and `{{^x}}` the same context. Partials are checked in their own file.
struct TemplateKeys {
    let sources: [String: ReportRenderer.TemplateSource]
    let shapes: [String: [String: Any]]

    /// A context on the stack; `open` accepts any name (a list whose element shape is unknown).
    struct Frame {
        var values: [String: Any]
        var open = false
    }

    func check(_ source: ReportRenderer.TemplateSource, context: [String: Any]) throws {
        try check(source, stack: [Frame(values: context)], depth: 0)
    }

    private func check(_ source: ReportRenderer.TemplateSource, stack initial: [Frame], depth: Int) throws {
        let text = source.text
        var stack = initial
        var sections: [String] = []
        var line = 1
        var i = text.startIndex
        while let open = text.range(of: "{{", range: i..<text.endIndex) {
            line += text[i..<open.lowerBound].reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
            let tagLine = line
            let triple = text[open.upperBound...].hasPrefix("{")
            guard let close = text.range(of: triple ? "}}}" : "}}", range: open.upperBound..<text.endIndex) else { return }
            var tag = String(text[open.upperBound..<close.lowerBound])
            line += tag.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
            i = close.upperBound
            if triple { tag.removeFirst() }
            tag = tag.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let sigil = tag.first else { continue }
            let name = String(tag.drop { "#^/&>!%{=<$".contains($0) }).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%", "=":
                continue // comments, pragmas; other delimiters are not used by Entente's templates
            case ">":
                guard let partial = sources[name] else {
                    throw TemplateError.missingPartial(template: source.path, line: tagLine, partial: name)
                }
                if depth < 8 { try check(partial, stack: stack, depth: depth + 1) }
            case "/":
                if sections.last == name { sections.removeLast(); stack.removeLast() }
            case "#", "^":
                guard let value = lookup(name, stack) else {
                    throw TemplateError.missingKey(template: source.path, line: tagLine, key: name)
                }
                sections.append(name)
                if sigil == "^" { stack.append(Frame(values: [:])); continue }
                switch value {
                case let list as [[String: Any]]:
                    if let first = list.first { stack.append(Frame(values: first)) } else { stack.append(shape(name)) }
                case let rows as [Row]:
                    if let first = rows.first { stack.append(Frame(values: first.values)) } else { stack.append(shape(name)) }
                case let dict as [String: Any]:
                    stack.append(Frame(values: dict))
                case let list as [Any] where list.isEmpty:
                    stack.append(shape(name))
                default:
                    stack.append(Frame(values: [:])) // a flag or a scalar: names resolve around it
                }
            default:
                if name == "." { continue }
                if lookup(name, stack) == nil { throw TemplateError.missingKey(template: source.path, line: tagLine, key: name) }
            }
        }
    }

    private func shape(_ name: String) -> Frame {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        if let s = shapes[last] { return Frame(values: s) }
        return Frame(values: [:], open: true)
    }

    /// Mustache's lookup: the first name through the stack, the rest of a dotted name strictly.
    private func lookup(_ name: String, _ stack: [Frame]) -> Any? {
        let parts = name.split(separator: ".").map(String.init)
        guard let head = parts.first else { return nil }
        for frame in stack.reversed() {
            guard var value = frame.values[head] else {
                if frame.open { return "" }
                continue
            }
            for p in parts.dropFirst() {
                guard let d = value as? [String: Any], let v = d[p] else { return nil }
                value = v
            }
            return value
        }
        return nil
    }
}

/// HTML escaping of `&`, `<`, `>`, `"` and `'`, as swift-mustache writes it.
struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { buf -> String in
            guard buf.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
                return String(decoding: buf, as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(buf.count + 16)
            for b in buf {
                switch b {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x27: out.append(contentsOf: "&#39;".utf8)
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
