import CFuzzer
import EntenteCore
import EntenteForms
import Foundation
import MultipartKit // ByteBuffer (NIOCore), re-exported

/// The web interface's form decoders, on the same input:
/// - the whole input as an `application/x-www-form-urlencoded` body (`FormFields`, as the
///   server reads it: `String(buffer:)`, invalid UTF-8 as U+FFFD);
/// - its first line as the request's `Content-Type` and the rest as a `multipart/form-data`
///   body (`MultipartForm`, the agreement upload);
/// - every field's value through what the forms do next (`FormValue.date`, `.number`, the
///   `name[]` lists).
/// Checked besides "no crash": the url-encoded pairs encoded again (percent-encoding) decode
/// to the same pairs, byte for byte; a multipart body gives at most `maxParts` parts, each
/// with a name, and a file name without a folder, or a `MultipartFormError` with both
/// messages; a date read is the date written back (YYYY-MM-DD).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzForm(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    let fields = FormFields(String(decoding: bytes, as: UTF8.self))
    let again = FormFields(encode(fields.pairs))
    precondition(again.pairs.count == fields.pairs.count
                 && zip(again.pairs, fields.pairs).allSatisfy { Array($0.0.utf8) == Array($1.0.utf8) && Array($0.1.utf8) == Array($1.1.utf8) },
                 "url-encoded pairs do not survive encoding and decoding again: \(fields.pairs) → \(again.pairs)")
    var values = fields.pairs.map(\.1)
    for (name, _) in fields.pairs where name.hasSuffix("[]") {
        let list = fields.list(String(name.dropLast(2)))
        precondition(list.count >= fields.all(name).count, "a list without its checked boxes")
    }

    let cut = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
    let contentType = String(decoding: bytes[..<cut], as: UTF8.self)
    let body = ByteBuffer(bytes: bytes[min(cut + 1, bytes.endIndex)...])
    do {
        let form = try MultipartForm(body: body, contentType: contentType)
        precondition(form.parts.count <= MultipartForm.maxParts, "\(form.parts.count) parts, over \(MultipartForm.maxParts)")
        for part in form.parts {
            precondition(!part.name.isEmpty, "a part without a name")
            if let fileName = part.fileName {
                precondition(!fileName.contains("/") && !fileName.contains("\\"), "a file name with a folder: \(fileName)")
                precondition(form.file(part.name) != nil, "a file part not found by its name")
            } else {
                precondition(form.field(part.name) != nil && !form.fields(part.name).isEmpty, "a field not found by its name")
                values.append(String(decoding: part.bytes, as: UTF8.self))
            }
        }
    } catch {
        precondition(!error.text.fr.isEmpty && !error.text.en.isEmpty, "a refusal without a message")
    }

    for value in values {
        let (date, valid) = FormValue.date(value)
        if let date {
            precondition(valid && date.iso == value.trimmingCharacters(in: .whitespaces), "date \(value) read as \(date.iso)")
        }
        let (number, numberValid) = FormValue.number(value)
        precondition(number == nil || numberValid, "a number read but not valid")
    }
    return 0
}

/// `application/x-www-form-urlencoded` serialising (WHATWG URL Standard §5.2): every byte
/// of UTF-8 but `*-._` and ASCII letters and digits as `%XX`, a space as `+`.
func encode(_ pairs: [(String, String)]) -> String {
    func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
    return pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
}

extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: Swift.max(0, n - count)) + self }
}

/// The program's entry point under SwiftPM (see Fuzz/Package.swift): libFuzzer's driver.
@_cdecl("fuzz_form_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzForm(data, size) }
}
