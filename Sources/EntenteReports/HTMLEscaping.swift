import Dispatch
import EntenteCore
import Foundation
import Mustache

/// HTML escaping of `&`, `<`, `>`, `"` and `'`, as swift-mustache writes it.
public struct HTMLEscaping: MustacheContentType {
    public init() {}

    /// `text` as `{{…}}` prints it in an HTML template (swift-mustache's own is internal).
    public static func escape(_ text: String) -> String { HTMLEscaping().escapeText(text) }

    public func escapeText(_ text: String) -> String {
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
