import Dispatch
import EntenteCore
import Foundation
import Mustache

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
