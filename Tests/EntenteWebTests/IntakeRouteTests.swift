import EntenteCore
import EntenteIntake
import EntenteService
import EntenteStorage
import EntenteWeb
import EntenteXML
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The import page and the review of a converted text, in process, on a real SQLite
/// workspace, with the real agreement texts and the intake fixtures (seed 003, a Word file
/// LibreOffice wrote).
@Suite struct IntakeRouteTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: WebHarness.packageRoot + "/Tests/EntenteIntakeTests/Fixtures/" + name)))
    }

    static func agreementText(_ id: String) throws -> String {
        try String(contentsOfFile: WebHarness.packageRoot + "/agreements/\(id).xml", encoding: .utf8)
    }

    /// The review id a 303 to `/import/review/ID` names.
    static func reviewPath(_ res: TestResponse) throws -> String {
        #expect(res.status == .seeOther, "\(res.status) \(res.text.prefix(2000))")
        let location = try #require(res.headers[.location])
        #expect(location.hasPrefix("/import/review/") && location.count == "/import/review/".count + 32, "\(location)")
        return location
    }

    @Test func theImportPageOffersAFileLanguageAndId() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            for (lang, h1) in [("fr", "Importer un texte d&#39;entente"), ("en", "Import an agreement text")] {
                let res = try await b.get(client, "/import?lang=\(lang)")
                #expect(res.status == .ok)
                let page = res.text
                #expect(page.contains("<h1>\(h1)</h1>"), "\(page)")
                #expect(page.contains(#"enctype="multipart/form-data""#) && page.contains(#"action="/import""#))
                #expect(page.contains(#"type="file" id="file" name="file""#) && page.contains(#"accept=".xml,.txt,.docx"#))
                #expect(page.contains(#"<label for="file">"#) && page.contains(#"<label for="language">"#) && page.contains(#"<label for="id">"#))
                #expect(page.contains(#"name="_csrf" value=""#))
                #expect(page.contains(#"<a href="/import">"#), "the import page is in the navigation")
            }
        }
    }

    @Test func anXMLUploadIsImportedThenANewVersion() async throws {
        let h = try await WebHarness()
        let text = try Self.agreementText(WebHarness.ontario).replacingOccurrences(of: #"value="quebec-ontario-2008""#, with: #"value="ontario-televerse""#)
        try #require(text.contains(#"value="ontario-televerse""#))
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import")
            let res = try await b.postMultipart(client, "/import", [("language", ""), ("id", "")],
                                                files: [UploadFile(name: "ontario.xml", contentType: "text/xml", bytes: Array(text.utf8))])
            #expect(res.status == .seeOther, "\(res.text)")
            #expect(res.headers[.location] == "/agreements/ontario-televerse")
            let stored = try await h.service.agreements.show("ontario-televerse", h.caller)
            #expect(stored.stored.version == 1 && stored.stored.agreement.parties.count == 2)
            let page = try await b.get(client, "/agreements/ontario-televerse")
            #expect(page.status == .ok)
            // A changed text is the next version; the first stays readable.
            let changed = text.replacingOccurrences(of: "</akomaNtoso>", with: "<!-- corrigé -->\n</akomaNtoso>")
            let again = try await b.postMultipart(client, "/import", [], files: [UploadFile(name: "ontario.xml", bytes: Array(changed.utf8))])
            #expect(again.status == .seeOther)
            #expect(try await h.service.agreements.show("ontario-televerse", h.caller).stored.version == 2)
            #expect(try await h.service.agreements.text("ontario-televerse", version: 1, h.caller) == text)
            let audit = try await h.service.history.entries(AuditQuery(agreementID: "ontario-televerse", limit: 50), h.caller)
            #expect(audit.count >= 2 && audit.allSatisfy { $0.user == "admin" }, "\(audit)")
        }
    }

    @Test func aBrokenXMLIsRefusedWithFileLineColumnAndTheLineNothingStored() async throws {
        let h = try await WebHarness()
        var lines = try Self.agreementText(WebHarness.poleEmploi).components(separatedBy: "\n")
        // Break the first closing </heading> (a mismatched end tag).
        let k = try #require(lines.firstIndex { $0.contains("</heading>") })
        lines[k] = lines[k].replacingOccurrences(of: "</heading>", with: "</headline>")
        let broken = lines.joined(separator: "\n")
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import")
            let before = try h.dump()
            let res = try await b.postMultipart(client, "/import", [("language", ""), ("id", "")],
                                                files: [UploadFile(name: "casse.xml", bytes: Array(broken.utf8))])
            #expect(res.status == .unprocessableContent)
            let page = res.text
            // libxml2 reports the mismatch on the line of the broken tag.
            let located = try #require(page.firstMatch(of: /casse\.xml:(\d+):(\d+): XML mal formé/), "\(page)")
            #expect(Int(located.1) == k + 1)
            let column = try #require(Int(located.2))
            // The line itself, and a caret under the column.
            let excerpt = try #require(SourceExcerpt(bytes: Array(broken.utf8), line: k + 1, column: column))
            #expect(page.contains("headline") && page.contains(#"id="import-excerpt""#))
            #expect(page.contains(excerpt.caret + "</code></pre>"))
            #expect(page.contains(#"class="error-summary""#) && page.contains(##"<a href="#file">"##))
            #expect(page.contains(#"aria-invalid="true""#))
            #expect(try h.dump() == before, "a refused text changed the database")
            // In English too (choosing the language is remembered for the person: a write of its own).
            try await b.get(client, "/import?lang=en")
            let beforeEn = try h.dump()
            let en = try await b.postMultipart(client, "/import", [], files: [UploadFile(name: "casse.xml", bytes: Array(broken.utf8))])
            #expect(en.text.contains("casse.xml:\(k + 1):\(column): malformed XML"), "\(en.text)")
            #expect(try h.dump() == beforeEn)
        }
    }

    @Test func aPlainTextIsReviewedThenStoredWithOnlyTheAcceptedFacts() async throws {
        let h = try await WebHarness()
        let seed = try Self.fixture("seed-003-quebec-pole-emploi.txt")
        let id = "pole-emploi-televerse"
        // What the server will propose (the same conversion, done here to know the indexes).
        let expected = try IntakeService.review(bytes: seed, fileName: "entente.txt", id: id, language: .fr,
                                                configuration: h.service.configuration, h.caller)
        let proposals = expected.extraction.proposals
        let notice = try #require(proposals.firstIndex { $0.kind == "noticePeriod" }, "the seed's notice clause is proposed")
        // The fact rejected: a duty only the tracking block states (the notice clause the
        // importer also reads from the text itself).
        let rejected = try #require(proposals.firstIndex { $0.kind == "obligation" && $0.writable }, "\(proposals.map(\.kind))")
        let writable = proposals.indices.filter { proposals[$0].writable }
        #expect(proposals.contains { $0.kind == "body" }, "\(proposals.map(\.kind))")
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import")
            let before = try h.dump()
            let up = try await b.postMultipart(client, "/import", [("language", "fr"), ("id", id)],
                                               files: [UploadFile(name: "entente.txt", contentType: "text/plain", bytes: seed)])
            let review = try Self.reviewPath(up)
            #expect(try h.dump() == before, "converting wrote something before the review")

            let res = try await b.get(client, review)
            #expect(res.status == .ok)
            let page = res.text
            #expect(page.components(separatedBy: "<h1").count == 2)
            #expect(page.contains(#"<form method="post" action="\#(review)""#))
            // The articles at the left, each with its anchor and heading.
            for a in expected.articles { #expect(page.contains(#"<article id="\#(a.eId)">"#)) }
            // One checked box per writable fact, by its index.
            for i in writable { #expect(page.contains(#"name="accept[]" value="\#(i)" id="accept-\#(i + 1)" checked"#)) }
            // Each phrase marked in its provision, linked both ways with its fact.
            let n = notice + 1
            #expect(page.contains(#"<li id="fact-\#(n)">"#))
            let mark = try #require(page.firstMatch(of: /<mark id="(phrase-\d+)">([^<]*)<\/mark><a href="#fact-(\d+)"/), "no marked phrase")
            let linked = try #require(Int(mark.3))
            #expect(page.contains(#"<li id="fact-\#(linked)">"#))
            #expect(page.contains(##"href="#\##(mark.1)""##), "the fact links back to its phrase")
            let noticeQuote = try #require(proposals[notice].quote)
            #expect(page.contains(noticeQuote.htmlEscaped))
            #expect(page.contains(#"<mark id="phrase-"#) && page.contains("<mark"))
            // The reading taken and the other one, where the extractor gives two.
            if let two = proposals.first(where: { $0.alternative != nil }) {
                #expect(page.contains(two.alternative![.fr].htmlEscaped))
            }
            // OCR-suspect words of the scan, listed, not corrected.
            if !expected.suspectWords.isEmpty {
                #expect(page.contains(#"id="ocr-suspects""#))
                for s in expected.suspectWords { #expect(page.contains(s.word.htmlEscaped)) }
            } else {
                #expect(!Self.isCI, "the OCR check needs /usr/share/dict/french (wfrench), which .ci/run installs")
            }
            #expect(try h.dump() == before, "showing the review wrote something")

            // Confirm with one duty rejected.
            let accepted = writable.filter { $0 != rejected }
            let done = try await b.post(client, review, accepted.map { ("accept[]", String($0)) })
            #expect(done.status == .seeOther, "\(done.text)")
            #expect(done.headers[.location] == "/agreements/\(id)")
            let stored = try await h.service.agreements.show(id, h.caller)
            let text = try await h.service.agreements.text(id, h.caller)
            let duty = try #require(proposals[rejected].value("kind"))
            #expect(!text.contains(#"ent:kind="\#(duty)""#), "the rejected duty was written")
            #expect(text.contains("<ent:noticePeriod") && stored.stored.agreement.notice != nil)
            #expect(text.contains("<ent:body") && !stored.stored.agreement.bodies.isEmpty)
            // The same text with every fact accepted has the rejected duty's deadline; this one has not.
            let all = try IntakeService.review(bytes: seed, fileName: "entente.txt", id: "tout-accepte", language: .fr,
                                               configuration: h.service.configuration, h.caller)
            _ = try await h.service.intake.storeReviewed(all, accepted: Set(writable), h.caller)
            let withAll = try await h.service.deadlines.list(agreement: "tout-accepte", leadTimes: [90, 30, 7], h.caller).deadlines
            // Its deadlines come from the accepted facts, and its page shows them.
            let deadlines = try await h.service.deadlines.list(agreement: id, leadTimes: [90, 30, 7], h.caller).deadlines
            #expect(!deadlines.isEmpty)
            let missing = Set(withAll.map { $0.title[.fr] }).subtracting(deadlines.map { $0.title[.fr] })
            #expect(!missing.isEmpty, "rejecting the duty removed no deadline")
            #expect(withAll.filter { missing.contains($0.title[.fr]) }.allSatisfy { $0.source == proposals[rejected].source },
                    "only the rejected duty's deadlines are missing")
            let sources = Set(accepted.compactMap { proposals[$0].source })
            #expect(deadlines.contains { sources.contains($0.source) }, "\(deadlines.map(\.source)) vs \(sources)")
            let shown = try await b.get(client, "/agreements/\(id)")
            #expect(shown.status == .ok && shown.text.contains(deadlines[0].title[.fr].htmlEscaped))
            // Audited under the caller.
            let audit = try await h.service.history.entries(AuditQuery(agreementID: id, limit: 50), h.caller)
            #expect(!audit.isEmpty && audit.allSatisfy { $0.user == "admin" })
            // The review is used up: a second confirmation stores nothing.
            let after = try h.dump()
            let again = try await b.post(client, review, accepted.map { ("accept[]", String($0)) })
            #expect(again.status == .notFound && again.text.contains("existe plus"))
            #expect(try h.dump() == after)
            #expect(!page.contains(#"id="existing-agreement""#))
            // Without an id the seed's own (the hand-encoded agreement's): the page says a new version would be made.
            let same = try await b.postMultipart(client, "/import", [("language", "fr"), ("id", "")], files: [UploadFile(name: "e.txt", bytes: seed)])
            let other = try await b.get(client, try Self.reviewPath(same))
            #expect(other.text.contains(#"id="existing-agreement""#) && other.text.contains(#"<a href="/agreements/\#(WebHarness.poleEmploi)">"#))
        }
    }

    @Test func aWordFileFromLibreOfficeIsReviewedAndStored() async throws {
        let h = try await WebHarness()
        let docx = try Self.fixture("en-ontario-nunavut-2023.docx")
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import?lang=en")
            let up = try await b.postMultipart(client, "/import", [("language", "en"), ("id", "")],
                                               files: [UploadFile(name: "Ontario Nunavut.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: docx)])
            let review = try Self.reviewPath(up)
            let page = try await b.get(client, review + "?lang=en")
            #expect(page.status == .ok && page.text.contains(#"<html lang="en">"#))
            #expect(page.text.contains("Ontario Nunavut.docx") && page.text.contains(#"<article id="art_1">"#))
            let accept = page.text.matches(of: /name="accept\[\]" value="(\d+)"/).map { String($0.1) }
            #expect(!accept.isEmpty)
            let idMatch = try #require(page.text.firstMatch(of: /<dd><code>([a-z0-9-]+)<\/code><\/dd>/))
            let done = try await b.post(client, review, accept.map { ("accept[]", $0) })
            #expect(done.status == .seeOther && done.headers[.location] == "/agreements/\(idMatch.1)")
            let stored = try await h.service.agreements.show(String(idMatch.1), h.caller)
            #expect(stored.stored.agreement.language == .en && !stored.stored.agreement.articles.isEmpty)
        }
    }

    @Test func emptyNonZipMissingAndForeignFilesAreRefusedClearly() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import")
            let before = try h.dump()
            let cases: [(UploadFile?, String)] = [
                (UploadFile(name: "vide.txt", bytes: []), "vide.txt: fichier vide"),
                (UploadFile(name: "faux.docx", bytes: Array("ENTENTE ENTRE…\nARTICLE 1\nObjet".utf8)), "faux.docx: ce fichier .docx n&#39;est pas une archive zip"),
                (UploadFile(name: "texte.pdf", bytes: Array("%PDF-1.7".utf8)), "fichier .pdf non accepté"),
                (UploadFile(name: "", bytes: []), "Choisissez un fichier"),
                (nil, "Choisissez un fichier"),
            ]
            for (file, message) in cases {
                let res = try await b.postMultipart(client, "/import", [("language", ""), ("id", "")], files: file.map { [$0] } ?? [])
                #expect(res.status == .unprocessableContent, "\(message)")
                #expect(res.text.contains(message), "\(message): \(res.text)")
                #expect(res.text.contains(##"<a href="#file">"##))
            }
            // A bad id is shown at its field.
            let badID = try await b.postMultipart(client, "/import", [("language", "fr"), ("id", "Pas Un Id")],
                                                  files: [UploadFile(name: "e.txt", bytes: try Self.fixture("seed-003-quebec-pole-emploi.txt"))])
            #expect(badID.status == .unprocessableContent && badID.text.contains(#"id="id-error""#) && badID.text.contains("Pas Un Id"))
            #expect(badID.text.contains(#"value="Pas Un Id""#), "the form keeps what was typed")
            #expect(try h.dump() == before)
        }
    }

    @Test func anUploadOverTheLimitGets413InThePagesLanguage() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import")
            let before = try h.dump()
            let big = [UInt8](repeating: 0x41, count: WebLimits.maxBody + 1)
            let res = try await b.postMultipart(client, "/import", [], files: [UploadFile(name: "gros.txt", bytes: big)])
            #expect(res.status == .contentTooLarge)
            #expect(res.text.contains("Envoi trop volumineux") && res.text.contains(#"<html lang="fr">"#))
            let en = try await b.postMultipart(client, "/import?lang=en", [], files: [UploadFile(name: "big.txt", bytes: big)])
            #expect(en.status == .contentTooLarge && en.text.contains("Upload too large"))
            #expect(try h.dump() == before)
        }
    }

    @Test func anUploadWithoutTheFormTokenIsRefused() async throws {
        let h = try await WebHarness()
        let text = try Self.agreementText(WebHarness.ontario).replacingOccurrences(of: #"value="quebec-ontario-2008""#, with: #"value="forge""#)
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/import")
            let before = try h.dump()
            let res = try await b.postMultipart(client, "/import", [], files: [UploadFile(name: "o.xml", bytes: Array(text.utf8))], token: (b.token.hasPrefix("0") ? "1" : "0") + String(b.token.dropFirst()))
            #expect(res.status == .forbidden)
            #expect(try h.dump() == before)
        }
    }

    @Test func aStaffMemberMayNotImport() async throws {
        let h = try await WebHarness()
        let staff = Caller(user: .person(Person(login: "agent", role: .staff)), lang: .fr, asOf: h.caller.asOf)
        let seed = try Self.fixture("seed-003-quebec-pole-emploi.txt")
        #expect(throws: ServiceError.self) {
            _ = try IntakeService.review(bytes: seed, fileName: "e.txt", id: "x", language: nil, configuration: h.service.configuration, staff)
        }
        let review = try IntakeService.review(bytes: seed, fileName: "e.txt", id: "x", language: nil, configuration: h.service.configuration, h.caller)
        let before = try h.dump()
        await #expect(throws: ServiceError.self) { _ = try await h.service.intake.storeReviewed(review, accepted: [0], staff) }
        await #expect(throws: ServiceError.self) {
            _ = try await h.service.agreements.importUpload(bytes: Array(try Self.agreementText(WebHarness.ontario).utf8), fileName: "o.xml", staff)
        }
        #expect(try h.dump() == before)
        // Through the pages: no link, the form and the upload refused.
        try await h.app().test(.router) { client in
            var b = Browser(as: "coord-pe")
            let dash = try await b.get(client, "/")
            #expect(dash.status == .ok && !dash.text.contains(#"<a href="/import">"#))
            let before = try h.dump() // after signing in (a session is a write)
            #expect(try await b.get(client, "/import").status == .forbidden)
            let up = try await b.postMultipart(client, "/import", [], files: [UploadFile(name: "e.txt", bytes: seed)])
            #expect(up.status == .forbidden)
            #expect(try h.dump() == before)
        }
    }

    @Test func reviewsExpireAndBelongToTheirUploader() async throws {
        let h = try await WebHarness()
        let review = try IntakeService.review(bytes: try Self.fixture("seed-003-quebec-pole-emploi.txt"), fileName: "e.txt", id: "x",
                                              language: .fr, configuration: h.service.configuration, h.caller)
        let drafts = IntakeDrafts(lifetime: 60, capacity: 2)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let token = await drafts.keep(review, owner: "alice", now: t0)
        #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
        #expect(await drafts.review(token, owner: "alice", now: t0.addingTimeInterval(59))?.id == "x")
        #expect(await drafts.review(token, owner: "bob", now: t0) == nil)
        #expect(await drafts.review(token, owner: "alice", now: t0.addingTimeInterval(61)) == nil)
        // Full: the oldest goes first.
        let a = await drafts.keep(review, owner: "alice", now: t0)
        let b = await drafts.keep(review, owner: "alice", now: t0.addingTimeInterval(1))
        let c = await drafts.keep(review, owner: "alice", now: t0.addingTimeInterval(2))
        #expect(await drafts.review(a, owner: "alice", now: t0.addingTimeInterval(3)) == nil)
        #expect(await drafts.review(b, owner: "alice", now: t0.addingTimeInterval(3)) != nil)
        #expect(await drafts.review(c, owner: "alice", now: t0.addingTimeInterval(3)) != nil)
        #expect(Set([a, b, c]).count == 3)
    }

    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
}
