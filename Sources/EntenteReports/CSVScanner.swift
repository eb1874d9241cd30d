/// The record layer of RFC 4180 over UTF-8 bytes: fields, quotes and line breaks, nothing about
/// what the columns mean.
///
/// Why the project's own reader and not a library: `yaslab/CSV.swift` 2.5.2 and
/// `swiftcsv/SwiftCSV` 0.10.0 were both run here on the same inputs (Swift 6.3.1). Both keep
/// CR, LF and CRLF inside quotes, but neither reports a line number for anything, both accept
/// an unterminated quote by swallowing the rest of the file into one cell, yaslab also
/// swallows text after a closing quote (`"x"y;z` → one cell `x";z…`) and keeps the BOM in the
/// first header name, and SwiftCSV drops the leading spaces of unquoted cells. Refusing bad
/// input with the line it is on is the point here, so the scanner stays ours.
///
/// Separators, quotes, CR and LF are ASCII and never occur inside a multi-byte UTF-8
/// sequence, so records are cut on bytes; each field is then checked to be UTF-8 on its own,
/// which lets an encoding error name its line and column.
struct CSVScanner {
    /// Why a record could not be cut out of the bytes.
    enum Failure: Hashable {
        /// A quote opened a field and the file ended before it closed.
        case unterminatedQuote
        /// Something other than a separator or a line break right after a closing quote.
        case textAfterClosingQuote(String)
        /// The field is not UTF-8; the first byte that is not.
        case notUTF8(UInt8)
    }

    struct ScanError: Error, Hashable {
        var failure: Failure
        /// Physical line (1-based, header = 1) where the record starts.
        var line: Int
        /// 0-based index of the field in its record.
        var field: Int
    }

    /// A record: its fields and the physical line (1-based) on which it starts.
    struct Record {
        var line: Int
        var fields: [String]
    }

    private let bytes: [UInt8]
    private let separator: UInt8
    private var i: Int
    /// The physical line the scanner is on. A line break is CRLF, a lone CR or a lone LF,
    /// inside quotes as outside: the way a text editor numbers the lines.
    private(set) var line = 1

    init(_ bytes: [UInt8], separator: UInt8, from start: Int) {
        self.bytes = bytes
        self.separator = separator
        self.i = start
    }

    static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// The next record, or nil at the end of the bytes.
    mutating func next() throws(ScanError) -> Record? {
        let n = bytes.count
        guard i < n else { return nil }
        let recordLine = line
        var fields: [String] = []
        fields.reserveCapacity(16)
        while true {
            // One field, starting at i.
            if i < n, bytes[i] == Self.quote {
                let fieldIndex = fields.count
                i += 1
                var value: [UInt8] = []
                var runStart = i
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == Self.quote {
                        value.append(contentsOf: bytes[runStart..<i])
                        if i + 1 < n, bytes[i + 1] == Self.quote {
                            value.append(Self.quote)
                            i += 2
                            runStart = i
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if c == Self.cr {
                        line += 1
                        if i + 1 < n, bytes[i + 1] == Self.lf { i += 1 }
                    } else if c == Self.lf {
                        line += 1
                    }
                    i += 1
                }
                guard closed else { throw ScanError(failure: .unterminatedQuote, line: recordLine, field: fieldIndex) }
                fields.append(try Self.decode(value[...], line: recordLine, field: fieldIndex))
                if i < n, bytes[i] != separator, bytes[i] != Self.cr, bytes[i] != Self.lf {
                    var j = i
                    while j < n, j - i < 20, bytes[j] != separator, bytes[j] != Self.cr, bytes[j] != Self.lf { j += 1 }
                    throw ScanError(failure: .textAfterClosingQuote(String(decoding: bytes[i..<j], as: UTF8.self)),
                                    line: recordLine, field: fieldIndex)
                }
            } else {
                // Unquoted: up to the separator or the line break. A quote inside is kept as
                // written (spreadsheets read `5" screen` that way too).
                let start = i
                while i < n {
                    let c = bytes[i]
                    if c == separator || c == Self.cr || c == Self.lf { break }
                    i += 1
                }
                fields.append(try Self.decode(bytes[start..<i], line: recordLine, field: fields.count))
            }
            // After a field: a separator, a line break or the end.
            if i >= n { return Record(line: recordLine, fields: fields) }
            let c = bytes[i]
            i += 1
            if c == separator { continue }
            if c == Self.cr, i < n, bytes[i] == Self.lf { i += 1 }
            line += 1
            return Record(line: recordLine, fields: fields)
        }
    }

    /// The field's text; refuses bytes that are not UTF-8 (a file saved as Windows-1252, say).
    static func decode(_ slice: ArraySlice<UInt8>, line: Int, field: Int) throws(ScanError) -> String {
        // ASCII needs no check; most fields are.
        var ascii = true
        for b in slice where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else {
            var parser = Unicode.UTF8.ForwardParser()
            var it = slice.makeIterator()
            var offset = slice.startIndex
            loop: while true {
                switch parser.parseScalar(from: &it) {
                case .valid(let v): offset += v.count
                case .error, .emptyInput: break loop
                }
            }
            throw ScanError(failure: .notUTF8(offset < slice.endIndex ? slice[offset] : 0), line: line, field: field)
        }
        return s
    }

    /// The separator the header line uses: the one of `,` and `;` that appears outside quotes
    /// on the first line; when both do, the one `prefers` says splits the header better;
    /// nil when the header has neither (a one-column file) or when both split it equally.
    static func detectSeparator(_ bytes: [UInt8], from start: Int, prefers score: (UInt8) -> Int) -> (UInt8?, commas: Int, semicolons: Int) {
        var commas = 0, semicolons = 0, inQuotes = false
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            if c == quote { inQuotes.toggle() }
            else if !inQuotes {
                if c == cr || c == lf { break }
                if c == UInt8(ascii: ",") { commas += 1 }
                if c == UInt8(ascii: ";") { semicolons += 1 }
            }
            i += 1
        }
        switch (commas > 0, semicolons > 0) {
        case (true, false): return (UInt8(ascii: ","), commas, semicolons)
        case (false, true): return (UInt8(ascii: ";"), commas, semicolons)
        case (false, false): return (nil, 0, 0)
        case (true, true):
            let c = score(UInt8(ascii: ",")), s = score(UInt8(ascii: ";"))
            return (c == s ? nil : (c > s ? UInt8(ascii: ",") : UInt8(ascii: ";")), commas, semicolons)
        }
    }
}
