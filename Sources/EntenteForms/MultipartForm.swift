import EntenteCore
import Foundation
import MultipartKit

/// The fields and files of a `multipart/form-data` body (RFC 7578), as a browser sends a form
/// with a file input.
///
/// Hummingbird 2.28 decodes no multipart body; the framing (boundaries, part headers) is read
/// by vapor's MultipartKit 4.7 (`MultipartParser`), a maintained package in this project's
/// mirror that needs only swift-nio and swift-collections. Its `Content-Disposition` helper
/// splits on every `;` and `=` (a file named `a;b=c.txt` would be misread) and it accepts a
/// body cut before the closing delimiter, so both are done strictly here: quoted strings
/// with escapes, RFC 5987 `filename*`, and a refusal of any part without a name or of a body
/// that does not end with the closing delimiter.
public struct MultipartForm: Sendable {
    public struct Part: Sendable, Hashable {
        /// The form field's name (`file`, `_csrf`).
        public var name: String
        /// The file's name as the browser gives it (no folders: RFC 7578 §4.2), nil for a
        /// plain field; "" when no file was chosen.
        public var fileName: String?
        public var contentType: String?
        public var bytes: [UInt8]
    }

    public var parts: [Part]

    /// Most parts a form of this interface has; more is not a form of ours.
    public static let maxParts = 64

    /// - Parameters:
    ///   - body: the whole request body (already bounded by `WebLimits.maxBody`).
    ///   - contentType: the request's `Content-Type` (`multipart/form-data; boundary=…`).
    /// - Throws: `MultipartFormError` naming what is wrong; nothing is kept.
    public init(body: ByteBuffer, contentType: String) throws(MultipartFormError) {
        let (type, params) = Self.parameters(contentType)
        guard type.lowercased() == "multipart/form-data" else { throw .notMultipart(type) }
        guard let boundary = params["boundary"], !boundary.isEmpty, boundary.utf8.count <= 70 else { throw .noBoundary }
        let bytes = Array(body.readableBytesView)
        // The closing delimiter must be there: a body cut in transit is not a form.
        let closing = Array("--\(boundary)--".utf8)
        var end = bytes.count
        while end > 0, [0x0D, 0x0A, 0x20, 0x09].contains(bytes[end - 1]) { end -= 1 }
        guard end >= closing.count, Array(bytes[(end - closing.count)..<end]) == closing else { throw .truncated }

        final class Collector {
            var headers: [(String, String)] = []
            var body: [UInt8] = []
            var done: [(headers: [(String, String)], body: [UInt8])] = []
        }
        let c = Collector()
        // MultipartKit 4.7.1 traps (index out of range, the process dies) on a byte above 0x7F
        // in a part's header name: refused here first (found by fuzz-form).
        guard Self.headerNamesAreASCII(bytes, boundary: Array(boundary.utf8)) else { throw .malformed }
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in c.headers.append((name, value)) }
        parser.onBody = { buffer in c.body += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            c.done.append((c.headers, c.body))
            c.headers = []
            c.body = []
        }
        do { try parser.execute(body) } catch { throw .malformed }
        guard c.done.count <= Self.maxParts else { throw .tooManyParts(c.done.count) }

        var parts: [Part] = []
        for (k, raw) in c.done.enumerated() {
            func header(_ n: String) -> String? { raw.headers.first { $0.0.lowercased() == n }?.1 }
            guard let disposition = header("content-disposition") else { throw .partWithoutName(k + 1) }
            let (kind, p) = Self.parameters(disposition)
            guard kind.lowercased() == "form-data", let name = p["name"], !name.isEmpty else { throw .partWithoutName(k + 1) }
            var fileName = p["filename"]
            if let extended = p["filename*"], let decoded = Self.rfc5987(extended) { fileName = decoded }
            // Only the last path component: some browsers sent the whole path (RFC 7578 §4.2).
            fileName = fileName.map { String($0.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "") }
            parts.append(Part(name: name, fileName: fileName, contentType: header("content-type"), bytes: raw.body))
        }
        self.parts = parts
    }

    /// The first plain field of that name (UTF-8).
    public func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// Every plain field of that name, in order (`accept[]`).
    public func fields(_ name: String) -> [String] {
        parts.filter { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// The first file part of that name.
    public func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.fileName != nil } }

    /// Whether every header name MultipartKit's parser could read is ASCII. Its parser reads a
    /// header block only right after `--BOUNDARY` and CR LF (after the preamble, or after
    /// CR LF `--BOUNDARY` between parts), then `name: value` CR LF lines up to an empty line;
    /// it looks a byte of a name up in a 128-entry table. Every such block is checked the way
    /// the parser reads it (a superset: also blocks it would never reach, where `--BOUNDARY`
    /// appears inside a part, which RFC 2046 §5.1.1 rules out); a line the parser refuses
    /// anyway (a control, `(`, a name without a colon) ends the check of its block.
    static func headerNamesAreASCII(_ bytes: [UInt8], boundary: [UInt8]) -> Bool {
        let separators = Set("()<>@,;:\\\"/[]?={}".utf8)
        let start = [0x2D, 0x2D] + boundary + [0x0D, 0x0A]
        var i = 0
        while i + start.count <= bytes.count {
            guard bytes[i] == 0x2D, bytes[i..<(i + start.count)].elementsEqual(start) else { i += 1; continue }
            var j = i + start.count
            lines: while j < bytes.count {
                // A name, up to its colon.
                var nameLength = 0
                while j < bytes.count {
                    let b = bytes[j]
                    if b >= 0x80 { return false }
                    if b == 0x3A && nameLength > 0 { j += 1; break }
                    if b == 0x0D && nameLength == 0 { break lines }
                    // The parser's token characters: no control, space, DEL or separator.
                    guard b > 0x20, b != 0x7F, !separators.contains(b) else { break lines }
                    nameLength += 1
                    j += 1
                }
                // Its value, up to CR; then LF.
                while j < bytes.count, bytes[j] != 0x0D { j += 1 }
                guard j + 1 < bytes.count, bytes[j + 1] == 0x0A else { break lines }
                j += 2
            }
            i += 1
        }
        return true
    }

    /// `type; a=1; b="x;y"` → ("type", ["a": "1", "b": "x;y"]); keys lowercased; quoted strings
    /// may hold `;` and `\"` (RFC 9110 §5.6.4).
    static func parameters(_ value: String) -> (String, [String: String]) {
        var pieces: [String] = []
        var cur = ""
        var quoted = false, escaped = false
        for ch in value {
            if escaped { cur.append(ch); escaped = false; continue }
            if quoted && ch == "\\" { cur.append(ch); escaped = true; continue }
            if ch == "\"" { quoted.toggle() }
            if ch == ";" && !quoted { pieces.append(cur); cur = ""; continue }
            cur.append(ch)
        }
        pieces.append(cur)
        let type = pieces.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var params: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let eq = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var v = piece[piece.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") {
                var out = ""
                var esc = false
                for ch in v.dropFirst().dropLast() {
                    if esc { out.append(ch); esc = false } else if ch == "\\" { esc = true } else { out.append(ch) }
                }
                v = out
            }
            if params[key] == nil { params[key] = v }
        }
        return (type, params)
    }

    /// `UTF-8''na%C3%AFve.txt` → "naïve.txt" (RFC 5987 §3.2); nil for another charset.
    static func rfc5987(_ v: String) -> String? {
        let parts = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return String(parts[2]).removingPercentEncoding
    }
}

/// Why a multipart body was refused (HTTP 400), in French and English.
public enum MultipartFormError: Error, Hashable, Sendable {
    case notMultipart(String)
    case noBoundary
    case truncated
    case malformed
    case tooManyParts(Int)
    case partWithoutName(Int)

    public var text: Localized {
        switch self {
        case .notMultipart(let t):
            return Localized(fr: "le formulaire n'est pas envoyé en multipart/form-data (reçu : « \(t) ») ; utilisez le formulaire de la page",
                             en: "the form is not sent as multipart/form-data (got \"\(t)\"); use the page's form")
        case .noBoundary:
            return Localized(fr: "envoi multipart sans délimiteur (boundary) valide ; utilisez le formulaire de la page",
                             en: "multipart upload without a valid boundary; use the page's form")
        case .truncated:
            return Localized(fr: "envoi incomplet : le délimiteur de fin manque ; envoyez le fichier de nouveau",
                             en: "incomplete upload: the closing delimiter is missing; send the file again")
        case .malformed:
            return Localized(fr: "envoi multipart mal formé (en-têtes d'une partie illisibles) ; envoyez le fichier de nouveau",
                             en: "malformed multipart upload (a part's headers are unreadable); send the file again")
        case .tooManyParts(let n):
            return Localized(fr: "\(n) parties dans l'envoi, plus que les \(MultipartForm.maxParts) d'un formulaire de cette interface",
                             en: "\(n) parts in the upload, more than the \(MultipartForm.maxParts) of any form of this interface")
        case .partWithoutName(let k):
            return Localized(fr: "la partie \(k) de l'envoi n'a pas d'en-tête Content-Disposition: form-data avec un nom",
                             en: "part \(k) of the upload has no Content-Disposition: form-data header with a name")
        }
    }
}
