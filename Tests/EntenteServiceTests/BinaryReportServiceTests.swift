import EntenteCore
import EntenteDocx
import EntenteService
import Foundation
import Testing

/// Word reports through the service, as every face gets them.
@Suite struct BinaryReportServiceTests {
    @Test func aWordReportComesFromTheServiceWithTheWorkspaceLook() async throws {
        let h = try await Harness()
        let request = ReportRequest(kind: .biennial, agreementID: Harness.poleEmploi, from: day("2023-01-01"), to: day("2024-12-31"), format: .html)
        let created = Date(timeIntervalSince1970: 1_795_357_800)
        let docx = try await h.service.reports.renderBinary(request, as: .docx, created: created, h.caller)
        #expect(docx.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(docx == (try await h.service.reports.renderBinary(request, as: .docx, created: created, h.caller)), "same input, same bytes")

        // A workspace whose templates/reference.docx is broken: refused, by its path.
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("entente-templates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try "not a zip".write(toFile: templates + "/reference.docx", atomically: true, encoding: .utf8)
        let service = EntenteService(store: h.store, configuration: ServiceConfiguration(templatesFolder: templates))
        let e = try await #require(throws: DocxError.self) {
            _ = try await service.reports.renderBinary(request, as: .docx, created: created, h.caller)
        }
        #expect(e.message(.fr).hasPrefix(templates + "/reference.docx : document de référence Word illisible"))
        // An unknown agreement is the service's own error, as for the other formats.
        await #expect(throws: ServiceError.self) {
            _ = try await h.service.reports.renderBinary(ReportRequest(kind: .plan, agreementID: "nowhere", format: .html), as: .docx,
                                                         created: created, h.caller)
        }
    }
}
