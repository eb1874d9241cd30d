import EntenteCore
import EntenteForms
import EntenteWeb
import Foundation
import Hummingbird
import Testing

/// The multipart/form-data reader (RFC 7578) on bodies written by hand, as browsers send them.
@Suite struct MultipartFormTests {
    static let type = "multipart/form-data; boundary=XyZ"

    static func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s.replacingOccurrences(of: "\n", with: "\r\n")) }

    @Test func fieldsAndAFileAreRead() throws {
        let form = try MultipartForm(body: Self.body("""
            --XyZ
            Content-Disposition: form-data; name="_csrf"

            abc
            --XyZ
            Content-Disposition: form-data; name="accept[]"

            1
            --XyZ
            Content-Disposition: form-data; name="accept[]"

            3
            --XyZ
            Content-Disposition: form-data; name="file"; filename="C:\\\\Users\\\\x\\\\entente;v=2.txt"
            Content-Type: text/plain

            ARTICLE 1
            Objet
            --XyZ--

            """), contentType: Self.type)
        #expect(form.field("_csrf") == "abc")
        #expect(form.fields("accept[]") == ["1", "3"])
        let file = try #require(form.file("file"))
        // A quoted name may hold ";" and "="; only its last path component is kept.
        #expect(file.fileName == "entente;v=2.txt")
        #expect(file.contentType == "text/plain")
        #expect(String(decoding: file.bytes, as: UTF8.self) == "ARTICLE 1\r\nObjet")
        #expect(form.field("file") == nil, "a file is not a plain field")
    }

    @Test func binaryBytesAndAnRFC5987NameSurvive() throws {
        let zipLike: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x00, 0x0D, 0x0A, 0x2D, 0x2D, 0xFF, 0x0A]
        var bytes = Array("--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.docx\"; filename*=UTF-8''entente%20na%C3%AFve.docx\r\n\r\n".utf8)
        bytes += zipLike + Array("\r\n--b1--".utf8)
        let form = try MultipartForm(body: ByteBuffer(bytes: bytes), contentType: "multipart/form-data; boundary=\"b1\"")
        let file = try #require(form.file("file"))
        #expect(file.bytes == zipLike)
        #expect(file.fileName == "entente naïve.docx")
    }

    @Test func badBodiesAreRefusedWithTheirReason() {
        let part = "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n"
        let cases: [(String, String, MultipartFormError)] = [
            (part + "--XyZ--\n", "application/x-www-form-urlencoded", .notMultipart("application/x-www-form-urlencoded")),
            (part + "--XyZ--\n", "multipart/form-data", .noBoundary),
            (part, Self.type, .truncated),
            ("--XyZ\nContent-Type: text/plain\n\n1\n--XyZ--\n", Self.type, .partWithoutName(1)),
            ("--XyZ\nContent-Disposition: attachment; name=\"a\"\n\n1\n--XyZ--\n", Self.type, .partWithoutName(1)),
            ("--XyZ\nContent-Disposition form-data\n\n1\n--XyZ--\n", Self.type, .malformed),
        ]
        for (body, type, expected) in cases {
            #expect(throws: expected, "\(body)") { _ = try MultipartForm(body: Self.body(body), contentType: type) }
        }
        #expect(MultipartFormError.truncated.text.fr.contains("incomplet") && MultipartFormError.truncated.text.en.contains("incomplete"))
    }

    @Test func tooManyPartsAreRefused() {
        let body = (0...MultipartForm.maxParts).map { "--XyZ\nContent-Disposition: form-data; name=\"f\($0)\"\n\nv\n" }.joined() + "--XyZ--\n"
        #expect(throws: MultipartFormError.tooManyParts(MultipartForm.maxParts + 1)) { _ = try MultipartForm(body: Self.body(body), contentType: Self.type) }
    }
}
