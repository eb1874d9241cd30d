import EntenteCore
import EntenteForms
import MultipartKit
import Testing

/// Inputs that crashed the fuzz-form target (Fuzz/), kept so the fix stays.
@Suite struct FormsFuzzRegressionTests {
    static let type = "multipart/form-data; boundary=XyZ"
    static func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s.replacingOccurrences(of: "\n", with: "\r\n")) }

    /// fuzz-form, first seconds: bytes 0xFF inside a part's `Content-Disposition` header name.
    /// MultipartKit 4.7.1 looks each byte of a header name up in a 128-entry table: the
    /// server process died (index out of range) on such an upload. Now refused as malformed.
    @Test func aHeaderNameWithBytesAbove0x7FIsRefusedNotACrash() throws {
        var bytes = Array("--XyZ\r\nContent-Dispos".utf8) + [0xFF, 0xFF, 0xC3, 0xA9]
        bytes += Array("ition: form-data; name=\"file\"\r\n\r\nv\r\n--XyZ--\r\n".utf8)
        #expect(throws: MultipartFormError.malformed) { _ = try MultipartForm(body: ByteBuffer(bytes: bytes), contentType: Self.type) }
        // In the second part's headers too, and in a header after a good one.
        let second = "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ\nContent-Disposition: form-data; name=\"b\"\nX-\u{E9}: 1\n\n2\n--XyZ--\n"
        #expect(throws: MultipartFormError.malformed) { _ = try MultipartForm(body: Self.body(second), contentType: Self.type) }
        let message = MultipartFormError.malformed.text
        #expect(!message.fr.isEmpty && !message.en.isEmpty)
    }

    /// What the check must not refuse: UTF-8 in header values (a file name as browsers send
    /// it) and in part bodies, and a body line that looks like a header.
    @Test func nonASCIIValuesAndBodiesStillParse() throws {
        let form = try MultipartForm(body: Self.body("""
            --XyZ
            Content-Disposition: form-data; name="file"; filename="entente-québec–ontario.txt"
            Content-Type: text/plain

            Café: thé
            ARTICLE 1 – OBJET
            --XyZ
            Content-Disposition: form-data; name="note"

            été: oui
            --XyZ--
            """), contentType: Self.type)
        #expect(form.parts.map(\.name) == ["file", "note"])
        #expect(form.file("file")?.fileName == "entente-québec–ontario.txt")
        #expect(form.field("note") == "été: oui")
        #expect(String(decoding: form.file("file")?.bytes ?? [], as: UTF8.self) == "Café: thé\r\nARTICLE 1 – OBJET")
    }

    /// The url-encoded decoder's invariant the fuzzer checks, on the shapes the pages send:
    /// pairs encoded again decode to the same pairs.
    @Test func urlEncodedPairsSurviveEncodingAgain() {
        let fields = FormFields("_csrf=4f&title=Mission+%C3%A0+Paris&domains%5B%5D=1&domains[]=3&domains=7&=&k&bad=%ZZ&amp=%26%3D%2B")
        #expect(fields.first("title") == "Mission à Paris")
        #expect(fields.list("domains") == ["1", "3", "7"])
        #expect(fields.first("bad") == "")
        #expect(fields.first("amp") == "&=+")
        #expect(fields.first("k") == "")
        let encoded = fields.pairs.map { Self.escape($0.0) + "=" + Self.escape($0.1) }.joined(separator: "&")
        let again = FormFields(encoded)
        #expect(again.pairs.map(\.0) == fields.pairs.map(\.0))
        #expect(again.pairs.map(\.1) == fields.pairs.map(\.1))
    }

    static func escape(_ s: String) -> String {
        s.utf8.map { b -> String in
            let c = Character(Unicode.Scalar(b))
            return b < 0x80 && (c.isLetter || c.isNumber) ? String(c) : b == 0x20 ? "+" : "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
        }.joined()
    }

    @Test func fieldValuesAsDatesAndNumbers() {
        #expect(FormValue.date(" 2024-02-29 ") == (CivilDate(year: 2024, month: 2, day: 29), true))
        #expect(FormValue.date("") == (nil, true))
        #expect(FormValue.date(nil) == (nil, true))
        #expect(FormValue.date("2023-02-29") == (nil, false))
        #expect(FormValue.number(" 42 ") == (42, true))
        #expect(FormValue.number("4 2") == (nil, false))
        #expect(FormValue.number("99999999999999999999") == (nil, false))
    }
}
