import CFuzzer
import EntenteCore
import EntenteIntake
import EntenteXML
import Foundation
import ZIPFoundation

/// The plain-text and Word converter (`entente convert`, the web's upload) through its one
/// entry point for bytes, `Converter.convert(bytes:fileName:options:)`. The first byte picks
/// what the rest is and the options, and stays out of the converted bytes:
/// - `b % 3 == 0`: a text file (`fuzz.txt`; bytes that start as a zip still go to the Word
///   reader, as they do for a person's upload);
/// - `b % 3 == 1`: a Word file as it arrives (`fuzz.docx`): the zip container itself;
/// - `b % 3 == 2`: the parts of a Word file, `word/document.xml`, `word/numbering.xml` and
///   `word/styles.xml` separated by a NUL byte (which XML never holds), zipped here (stored,
///   not compressed): mutations reach the paragraph and numbering reader, which the zip's
///   CRC would otherwise stop;
/// - `(b / 3) % 2`: whether the required facts go into the tracking block (`entente
///   convert`) or are left for review (the web's upload);
/// - `(b / 6) % 3`: the language guessed, French or English;
/// - `(b / 18) % 2`: an OCR word list or none.
///
/// Checked besides "no crash": a refusal is an `IntakeError` with both messages; an accepted
/// text gives a slug id, warnings with both messages, and Akoma Ntoso that the project's own
/// importer accepts (`AKNImporter.importDocument(bytes:fileName:)`) under the same id: intake
/// never writes a file that `entente import` would refuse.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntake(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let pick = Int(input.first ?? 0)
    let rest = Array(input.dropFirst())
    let bytes: [UInt8], fileName: String
    switch pick % 3 {
    case 0: (bytes, fileName) = (rest, "fuzz.txt")
    case 1: (bytes, fileName) = (rest, "fuzz.docx")
    default:
        guard let zipped = docx(parts: rest) else { return 0 }
        (bytes, fileName) = (zipped, "fuzz.docx")
    }
    let languages: [Language?] = [nil, .fr, .en]
    let options = ConvertOptions(language: languages[(pick / 6) % 3], markupDate: CivilDate(year: 2026, month: 11, day: 29)!,
                                 wordList: (pick / 18) % 2 == 1 ? words : nil, writesRequiredFacts: (pick / 3) % 2 == 0)
    let conversion: Conversion
    do {
        conversion = try Converter.convert(bytes: bytes, fileName: fileName, options: options)
    } catch {
        precondition(!error.message(.fr).isEmpty && !error.message(.en).isEmpty, "an error without a message")
        return 0
    }
    precondition(conversion.id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil, "id \(conversion.id) is not a slug")
    for w in conversion.warnings { precondition(!w.fr.isEmpty && !w.en.isEmpty, "a warning without a message") }
    do {
        let imported = try AKNImporter.importDocument(bytes: Array(conversion.xml.utf8), fileName: "converted.xml")
        precondition(imported.agreement.id == conversion.id, "converted as \(conversion.id), imported as \(imported.agreement.id)")
    } catch {
        preconditionFailure("the importer refuses what the converter wrote: \(error.message(.en))\n\(conversion.xml)")
    }
    return 0
}

/// A small word list: enough for the OCR check to run and flag (its own tests use Debian's).
let words = WordList(words: ["entente", "article", "partie", "parties", "gouvernement", "préavis", "mois", "durée", "accord",
                             "agreement", "government", "notice", "months", "party", "section", "signed", "québec", "ontario"])

/// `word/document.xml`, `word/numbering.xml`, `word/styles.xml` (NUL-separated; missing ones
/// left out) as a stored zip; nil past three parts (not an input of this shape).
func docx(parts bytes: [UInt8]) -> [UInt8]? {
    let pieces = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
    guard pieces.count <= 3 else { return nil }
    let names = ["word/document.xml", "word/numbering.xml", "word/styles.xml"]
    do {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, piece) in zip(names, pieces) {
            let data = Data(piece)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data.map { [UInt8]($0) }
    } catch {
        preconditionFailure("zipping the parts: \(error)")
    }
}

/// The program's entry point under SwiftPM (see Fuzz/Package.swift): libFuzzer's driver.
@_cdecl("fuzz_intake_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzIntake(data, size) }
}
