import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

private let samples = [
    "akn2-ex__Bill_UN_2012.xml",
    "akn4eu-ex__CoV-DLV20_bill_123.xml",
    "gr__law-4330-2015.xml",
    "oasis-ex__it_senato_ddl_2013.xml",
    "oasis-ex__uk_ssi-2017-126-enacted-data.akn.xml",
    "oasis-ex__us_Act_2011-11-29.xml",
    "oasis-ex__za_Judgement_2008-11-26.xml",
]

/// Real Akoma Ntoso files from public repositories (shared/akn/samples).
@Suite("Real AKN samples", .enabled(if: Fixtures.hasSamples, "shared/akn/samples not found beside the package"))
struct SampleTests {
    static var options: AKNImportOptions { AKNImportOptions(schema: Fixtures.schema) }

    @Test(arguments: samples)
    func neverCrashes(_ name: String) throws {
        let path = try #require(Fixtures.sample(name))
        do {
            let r = try AKNImporter.importFile(path: path, options: Self.options)
            #expect(!r.isAgreement)
            #expect(r.agreement.parties.isEmpty)
            #expect(r.agreement.id == String(name.dropLast(4)))
            #expect(r.warnings.contains { $0.message.en.contains("not an agreement") })
            #expect(!r.agreement.titles.isEmpty, "a title from docTitle, the long title or FRBRWork")
            #expect(try AKNImporter.roundTrips(r, options: Self.options))
        } catch {
            #expect(name.hasPrefix("akn2"), "only the AKN 2.0 file is refused: \(error.message(.en))")
        }
    }

    @Test func akn20IsRefusedNamingItsNamespace() throws {
        let path = try #require(Fixtures.sample("akn2-ex__Bill_UN_2012.xml"))
        #expect(throws: XMLImportError.unsupportedNamespace(file: path, line: 2, column: 1, namespace: "http://www.akomantoso.org/2.0")) {
            try AKNImporter.importFile(path: path, options: Self.options)
        }
        let error = try #require(throws: XMLImportError.self) { try AKNImporter.importFile(path: path) }
        #expect(error.message(.fr).contains("http://www.akomantoso.org/2.0"))
        #expect(error.message(.en).hasPrefix("\(path):2:1: namespace http://www.akomantoso.org/2.0 is not supported"))
    }

    @Test(.enabled(if: Fixtures.hasSchema, "official XSD absent: ../shared/akn/schema/akomantoso30.xsd"))
    func greekLawIsSchemaInvalidButImported() throws {
        let path = try #require(Fixtures.sample("gr__law-4330-2015.xml"))
        let r = try AKNImporter.importFile(path: path, options: Self.options)
        #expect(r.outcome == .schemaInvalid)
        #expect(r.documentType == "act")
        #expect(r.agreement.languageCode == "gr")
        #expect(r.agreement.articles.count == 6)
        #expect(r.agreement.titles.first?.text == "ΝΟΜΟΣ 4330/2015")
        let schemaWarnings = r.warnings.filter { $0.message.en.contains("schema") && $0.line != nil }
        #expect(schemaWarnings.contains { $0.line == 48 && $0.message.en.contains("source") })
        #expect(r.warnings.contains { $0.message.en.contains("#HB-bot") })

        var strict = Self.options
        strict.strict = true
        let error = try #require(throws: XMLImportError.self) { try AKNImporter.importFile(path: path, options: strict) }
        guard case .schemaInvalid = error.reason else { Issue.record("expected .schemaInvalid, got \(error)"); return }
        #expect(error.line == 46)
        #expect(error.message(.en).hasPrefix("\(path):46:"))
    }

    @Test func italianWithPrefixIsRead() throws {
        let path = try #require(Fixtures.sample("oasis-ex__it_senato_ddl_2013.xml"))
        let r = try AKNImporter.importFile(path: path, options: Self.options)
        if Fixtures.hasSchema { #expect(r.outcome == .valid) }
        #expect(r.documentType == "bill")
        #expect(r.agreement.languageCode == "it")
        #expect(r.agreement.titles.first?.text.hasPrefix("Modifiche al testo unico") == true)
        #expect(r.agreement.articles.count == 6)
        #expect(r.agreement.articles.allSatisfy { !$0.eId.isEmpty })
    }

    @Test(.enabled(if: Fixtures.hasSchema, "official XSD absent"))
    func validSamplesAreValid() throws {
        for name in samples where !name.hasPrefix("akn2") && !name.hasPrefix("gr__") {
            let r = try AKNImporter.importFile(path: try #require(Fixtures.sample(name)), options: Self.options)
            #expect(r.outcome == .valid, "\(name)")
        }
    }

    @Test func withoutSchemaTheOutcomeIsNotValidated() throws {
        let r = try AKNImporter.importFile(path: try #require(Fixtures.sample("oasis-ex__uk_ssi-2017-126-enacted-data.akn.xml")))
        #expect(r.outcome == .notValidated)
        #expect(r.warnings.contains { $0.line == nil && $0.message.en.contains("not validated against the official") })
        #expect(r.warnings.contains { $0.message.fr.contains("non validé par le schéma officiel") })
    }
}

@Suite("Schema loading")
struct SchemaTests {
    @Test func missingSchemaFileIsAnError() {
        #expect(throws: XMLImportError.self) { try AKNSchema(path: "/nonexistent/akomantoso30.xsd") }
    }

    @Test func brokenSchemaIsAnErrorWithPosition() throws {
        let path = try Fixtures.tempFile(Array("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n<xsd:element name=\"a\" type=\"nope:x\"/></xsd:schema>".utf8), name: "bad.xsd")
        let error = try #require(throws: XMLImportError.self) { try AKNSchema(path: path) }
        guard case .schemaUnavailable = error.reason else { Issue.record("got \(error)"); return }
        #expect(error.file == path)
        #expect(error.line == 2)
    }

    @Test(.enabled(if: Fixtures.hasSchema, "official XSD absent"))
    func sharedSchemaIsCompiledOnce() throws {
        let a = try AKNSchema.shared(path: Fixtures.schemaPath!)
        let b = try AKNSchema.shared(path: Fixtures.schemaPath!)
        #expect(a === b)
    }
}
