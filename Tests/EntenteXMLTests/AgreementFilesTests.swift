import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

/// The shipped agreement texts: they pass the project's own profile and tracking schemas,
/// and without their tracking block the notice clause is still found in the text.
@Suite struct AgreementFilesTests {
    static let xmllintPath = "/usr/bin/xmllint"

    func xmllint(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.xmllintPath)
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/xmllint"), "xmllint absent (apt-get install libxml2-utils)"),
          arguments: ["quebec-pole-emploi-2022", "quebec-ontario-2008"])
    func passesTheProfileSchema(_ name: String) throws {
        let file = try #require(Fixtures.agreement(name))
        let rng = Fixtures.packageRoot + "/agreements/schema/entente-profile.rng"
        let (status, err) = try xmllint(["--noout", "--nonet", "--relaxng", rng, file])
        #expect(status == 0, "\(err)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/xmllint") && Fixtures.hasSchema, "xmllint or the official XSD absent"),
          arguments: ["quebec-pole-emploi-2022", "quebec-ontario-2008"])
    func passesTheOfficialSchema(_ name: String) throws {
        let file = try #require(Fixtures.agreement(name))
        let (status, err) = try xmllint(["--noout", "--nonet", "--schema", try #require(Fixtures.schemaPath), file])
        #expect(status == 0, "\(err)")
    }

    /// Remove the tracking block: the recogniser must find the notice in the article text.
    @Test(arguments: [("quebec-pole-emploi-2022", "art_9__para_1"), ("quebec-ontario-2008", "art_4__para_2")])
    func noticeIsRecognisedFromTheTextAlone(_ name: String, _ eId: String) throws {
        let file = try #require(Fixtures.agreement(name))
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let start = try #require(text.range(of: "<proprietary"))
        let end = try #require(text.range(of: "</proprietary>"))
        text.removeSubrange(start.lowerBound..<end.upperBound)
        let imported = try AKNImporter.importDocument(text: text, fileName: "\(name).xml")
        let notice = try #require(imported.agreement.notice)
        #expect(notice.period == Period(6, .month))
        #expect(notice.basis == .text)
        #expect(notice.source.eId == eId)
        #expect(notice.written)
    }
}
