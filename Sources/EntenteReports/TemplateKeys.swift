import Dispatch
import EntenteCore
import Foundation
import Mustache

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
                    throw TemplateError.missingKey(template: source.path, line: tagLine, key: name, available: Self.names(stack))
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
                if lookup(name, stack) == nil { throw TemplateError.missingKey(template: source.path, line: tagLine, key: name, available: Self.names(stack)) }
            }
        }
    }

    /// The names a template can use at a place, innermost context first, for the error.
    static func names(_ stack: [Frame]) -> [String] {
        var seen = Set<String>()
        return stack.reversed().flatMap { $0.values.keys.sorted() }.filter { seen.insert($0).inserted }
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
