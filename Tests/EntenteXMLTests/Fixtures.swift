import EntenteCore
@testable import EntenteXML
import Foundation
import Testing

/// Locations of the files tests read, found from this source file.
enum Fixtures {
    /// The package root (…/Tests/EntenteXMLTests/Fixtures.swift → three levels up).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    private static func firstExisting(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The official XSD: `../shared/akn/schema` beside the package, else `/work/shared/akn/schema`.
    static let schemaPath: String? = firstExisting([
        packageRoot + "/../shared/akn/schema/akomantoso30.xsd",
        "/work/shared/akn/schema/akomantoso30.xsd",
    ])

    static let samplesDir: String? = firstExisting([
        packageRoot + "/../shared/akn/samples",
        "/work/shared/akn/samples",
    ])

    static let skeletonPath: String? = firstExisting([
        packageRoot + "/../shared/akn/example-agreement-skeleton.xml",
        "/work/shared/akn/example-agreement-skeleton.xml",
    ])

    static func agreement(_ name: String) -> String? {
        firstExisting([packageRoot + "/agreements/\(name).xml"])
    }

    static func sample(_ name: String) -> String? {
        samplesDir.map { $0 + "/" + name }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    static var schema: AKNSchema? {
        guard let schemaPath else { return nil }
        return try? AKNSchema.shared(path: schemaPath)
    }

    static var hasSchema: Bool { schemaPath != nil }
    static var hasSamples: Bool { samplesDir != nil }
    static var hasAgreements: Bool {
        agreement("quebec-pole-emploi-2022") != nil && agreement("quebec-ontario-2008") != nil
    }

    /// A temporary file holding `bytes`.
    static func tempFile(_ bytes: [UInt8], name: String = "test.xml") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// Runs an import expected to fail and returns the error.
func importError(_ bytes: [UInt8], file: String = "in.xml", options: AKNImportOptions = .init()) -> XMLImportError? {
    do {
        _ = try AKNImporter.importDocument(bytes: bytes, fileName: file, options: options)
        return nil
    } catch {
        return error
    }
}

func importError(_ text: String, file: String = "in.xml", options: AKNImportOptions = .init()) -> XMLImportError? {
    importError(Array(text.utf8), file: file, options: options)
}

/// A minimal agreement around `body` (mainBody content) and `meta` extras.
func miniAgreement(body: String, extraReferences: String = "", proprietary: String = "", name: String = "agreement") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
      <doc name="\(name)">
        <meta>
          <identification source="#entente">
            <FRBRWork>
              <FRBRthis value="/akn/ca-qc/doc/agreement/2020-01-01/mini/!main"/>
              <FRBRuri value="/akn/ca-qc/doc/agreement/2020-01-01/mini"/>
              <FRBRdate date="2020-01-01" name="signature"/>
              <FRBRauthor href="#qc" as="#partie"/>
              <FRBRauthor href="#fr" as="#partie"/>
              <FRBRcountry value="CA-QC"/>
            </FRBRWork>
            <FRBRExpression>
              <FRBRthis value="/akn/ca-qc/doc/agreement/2020-01-01/mini/fra@2020-01-01/!main"/>
              <FRBRuri value="/akn/ca-qc/doc/agreement/2020-01-01/mini/fra@2020-01-01"/>
              <FRBRdate date="2020-01-01" name="signature"/>
              <FRBRauthor href="#qc"/>
              <FRBRlanguage language="fra"/>
            </FRBRExpression>
            <FRBRManifestation>
              <FRBRthis value="/akn/ca-qc/doc/agreement/2020-01-01/mini/fra@2020-01-01/!main.xml"/>
              <FRBRuri value="/akn/ca-qc/doc/agreement/2020-01-01/mini/fra@2020-01-01.akn"/>
              <FRBRdate date="2020-01-01" name="markup"/>
              <FRBRauthor href="#entente"/>
            </FRBRManifestation>
          </identification>
          <references source="#entente">
            <TLCOrganization eId="entente" href="/ontology/organization/entente" showAs="Entente"/>
            <TLCOrganization eId="qc" href="/ontology/organization/qc" showAs="Québec"/>
            <TLCOrganization eId="fr" href="/ontology/organization/fr" showAs="France"/>
            <TLCRole eId="partie" href="/ontology/role/partie" showAs="Partie"/>
            \(extraReferences)
          </references>
          \(proprietary)
        </meta>
        <preface>
          <longTitle eId="longTitle"><p><docTitle>Entente   de
            test</docTitle></p></longTitle>
        </preface>
        <mainBody>
          \(body)
        </mainBody>
      </doc>
    </akomaNtoso>
    """
}
