import EntenteCore
@testable import EntenteIntake
import EntenteXML
import Foundation
import Testing

/// What the fuzz-intake target (Fuzz/) found, kept so the fix stays.
@Suite struct IntakeFuzzRegressionTests {
    /// fuzz-intake's leak check, on its first seed (fr-quebec-wallonie-bruxelles-2016.txt):
    /// Foundation on Linux leaks a pattern's UTF-16 copy (2 bytes a character) each time an
    /// `NSRegularExpression` is made from a pattern over 256 characters, and the Extractor made
    /// one from its 259-character first-meeting pattern at every conversion. A pattern is now
    /// compiled once.
    @Test func aPatternIsCompiledOnceAndGivesTheSameMatches() throws {
        let long = #"(se reunit|se reunira|tient sa premiere reunion|shall (first )?meet|meets|will meet|first meeting).{0,80}(au plus tard|no later than|within|dans un delai|dans les).{0,60}(apres|after|suivant|following|from).{0,30}(signature|entree en vigueur|entry into force)"#
        #expect(long.utf16.count > 256)
        let first = try #require(CompiledPatterns.regex(long))
        #expect(CompiledPatterns.regex(long) === first)
        let m = try #require("le comite mixte se reunit au plus tard deux ans apres la signature".firstMatch(long))
        #expect(m[1] == "se reunit" && m[2] == nil && m[3] == "au plus tard" && m[5] == "signature")
        #expect("Case: SHALL MEET within 2 years after SIGNATURE".matches(long))
        #expect(CompiledPatterns.regex("(unclosed") == nil)
    }

    /// Written for the leak above, this found something else: the same text converted twice
    /// in one process gave two files. Two wordings of one signatory's role ("Administratrice
    /// générale", "son administratrice générale") share an id, and the one shown was whichever
    /// the dictionary gave first. Now by id, then text; places the same.
    @Test(arguments: ["fr-quebec-wallonie-bruxelles-2016.txt", "fr-quebec-nouveau-brunswick-2021.txt", "en-ontario-manitoba-2019.txt",
                      "en-canada-quebec-2015.txt", "seed-000-quebec-ontario.txt", "seed-003-quebec-pole-emploi.txt"])
    func aTextConvertsToTheSameFileEveryTimeAndItsImporterAcceptsIt(_ fixture: String) throws {
        let first = try Intake.convert(fixture)
        for _ in 0..<4 { #expect(try Intake.convert(fixture).xml == first.xml) }
        let imported = try AKNImporter.importDocument(text: first.xml, fileName: "converted.xml")
        #expect(imported.agreement.id == first.id)
        if fixture.hasPrefix("fr-quebec-wallonie") {
            #expect(first.xml.contains(#"<TLCRole eId="administratrice-generale" href="/ontology/role/administratrice-generale" showAs="Administratrice générale"/>"#))
        }
    }
}

/// fuzz-intake, within its first minute: a Word file whose central directory sends its local
/// header past the end of the bytes. ZIPFoundation's in-memory reader trapped (the server or
/// `entente convert` died); `ZipBounds` now refuses it as a damaged archive.
@Suite struct ZipBoundsFuzzRegressionTests {
    /// The fixture's bytes with one little-endian 32-bit field of the first central directory
    /// header (at `field` bytes from its signature) set to `value`.
    static func patched(field: Int, value: UInt32) throws -> [UInt8] {
        var bytes = try DocxFixture.make()
        let cd = try #require((0..<(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) })
        for i in 0..<4 { bytes[cd + field + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        return bytes
    }

    @Test func aLocalHeaderPastTheEndIsADamagedArchiveNotACrash() throws {
        let bytes = try Self.patched(field: 42, value: 0x7FFF_FFF0)
        #expect(ZipBounds.problem(bytes) != nil)
        #expect {
            _ = try Converter.convert(bytes: bytes, fileName: "damaged.docx", options: ConvertOptions(markupDate: Intake.today))
        } throws: { error in
            guard case .notZip(let file, let found)? = error as? IntakeError else { return false }
            return file == "damaged.docx" && found.contains("damaged archive") && !(error as! IntakeError).message(.fr).isEmpty
        }
    }

    @Test func theCentralDirectoryPastTheEndIsRefused() throws {
        var bytes = try DocxFixture.make()
        let eocd = try #require((0..<(bytes.count - 4)).last { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
        bytes[eocd + 16] = 0xFF; bytes[eocd + 17] = 0xFF; bytes[eocd + 18] = 0xFF; bytes[eocd + 19] = 0x00
        #expect(ZipBounds.problem(bytes)?.contains("central directory") == true)
        #expect(throws: IntakeError.self) { _ = try DocxReader.lines(bytes: bytes, fileName: "damaged.docx") }
    }

    /// fuzz-intake, while merging its first ten-minute run's corpus (the exact input, kept
    /// as a seed): a Word file whose `word/document.xml` deflate stream does not end within its
    /// data. ZIPFoundation's `extract` asked for more bytes for ever (over ten minutes on a 2 KB
    /// file before it was stopped): a hang, a thread lost per upload. Now the reader gives
    /// the inflater the entry's bytes only, and more is an error.
    @Test func aDeflateStreamThatDoesNotEndIsADamagedPartNotAHang() throws {
        let seed = Intake.packageRoot + "/Fuzz/seeds/intake/regression-zip-data-past-end-hang"
        let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: seed))).dropFirst() // the first byte picks the harness's mode
        #expect {
            _ = try DocxReader.lines(bytes: Array(input), fileName: "hang.docx")
        } throws: { error in
            guard case .badPart(_, let part, _)? = error as? IntakeError else { return false }
            return part == "word/document.xml"
        }
        // The same from a sound file whose directory gives document.xml 10 bytes of data.
        var bytes = try DocxFixture.make()
        let name = Array("word/document.xml".utf8)
        let cd = try #require((0..<(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02])
            && bytes[($0 + 46)...].starts(with: name) })
        bytes[cd + 20] = 10; bytes[cd + 21] = 0; bytes[cd + 22] = 0; bytes[cd + 23] = 0
        #expect(ZipBounds.problem(bytes) == nil)
        #expect(throws: IntakeError.self) { _ = try DocxReader.lines(bytes: bytes, fileName: "cut.docx") }
    }

    @Test func aPartWhoseChecksumDoesNotMatchIsRefused() throws {
        let sound = try DocxFixture.make()
        let cd = try #require((0..<(sound.count - 4)).first { sound[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02])
            && sound[($0 + 46)...].starts(with: Array("word/document.xml".utf8)) })
        var bytes = sound
        bytes[cd + 16] ^= 0xFF
        #expect {
            _ = try DocxReader.lines(bytes: bytes, fileName: "crc.docx")
        } throws: { error in
            guard case .badPart(_, "word/document.xml", let detail)? = error as? IntakeError else { return false }
            return detail.contains("CRC-32")
        }
        #expect(try !DocxReader.lines(bytes: sound, fileName: "sound.docx").isEmpty)
    }

    @Test func anEntryWhoseDataRunsPastTheEndIsRefused() throws {
        let bytes = try Self.patched(field: 20, value: 0x7FFF_FFF0)
        #expect(ZipBounds.problem(bytes) == "[Content_Types].xml: its data runs past the end")
    }

    /// Real Word files pass: the fixture written by LibreOffice and the one the tests build.
    @Test func realWordFilesPass() throws {
        #expect(ZipBounds.problem(try DocxFixture.make()) == nil)
        let libreOffice = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Intake.fixture("en-ontario-nunavut-2023.docx"))))
        #expect(ZipBounds.problem(libreOffice) == nil)
        #expect(try !DocxReader.lines(bytes: libreOffice, fileName: "en.docx").isEmpty)
    }
}

/// fuzz-intake's leak check: bytes that start like a zip but hold no end of central directory
/// record. ZIPFoundation threw without closing its memory file, and the whole upload leaked;
/// `ZipBounds` refuses them before ZIPFoundation opens anything.
@Suite struct ZipWithoutEndRecordFuzzRegressionTests {
    @Test func aZipWithoutItsEndRecordIsRefusedBeforeZIPFoundationOpensIt() throws {
        let whole = try DocxFixture.make()
        for bytes in [Array(whole.prefix(whole.count - 22)), [0x50, 0x4B, 0x03, 0x04] + Array("ARTICLE 1".utf8), Array(whole.prefix(4))] {
            #expect(ZipBounds.problem(bytes) == "no end of central directory record")
            #expect {
                _ = try DocxReader.lines(bytes: bytes, fileName: "cut.docx")
            } throws: { error in
                guard case .notZip(_, let found)? = error as? IntakeError else { return false }
                return found.contains("no end of central directory record")
            }
        }
    }
}
