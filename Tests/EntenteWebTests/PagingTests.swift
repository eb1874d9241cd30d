import EntenteCore
import EntenteReports
import EntenteService
import EntenteStore
import EntenteStorage
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard and the register over more agreements than fit on a page: the real Ontario
/// text imported again under 103 other ids (105 agreements in all), so both pagers, the
/// search that replaces the agreement list, and the cached view's coherence show.
@Suite struct PagingTests {
    static let copies = 103

    /// The harness's workspace plus `copies` copies of the Ontario agreement
    /// (`quebec-ontario-2008-copy-001` …), imported through the service as a person would.
    static func manyAgreements() async throws -> (WebHarness, [String]) {
        let h = try await WebHarness()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-paging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: WebHarness.packageRoot + "/agreements/\(WebHarness.ontario).xml", encoding: .utf8)
        let alias = #"value="\#(WebHarness.ontario)" name="entente""#
        #expect(text.contains(alias), "the fixture names its id where the copies change it")
        var ids: [String] = []
        for i in 1...copies {
            let id = "\(WebHarness.ontario)-copy-" + String(format: "%03d", i)
            ids.append(id)
            try text.replacingOccurrences(of: alias, with: #"value="\#(id)" name="entente""#)
                .write(to: dir.appendingPathComponent("\(id).xml"), atomically: true, encoding: .utf8)
        }
        let outcomes = try await h.service.agreements.importFiles([dir.path], strict: false, h.caller)
        #expect(outcomes.count == copies && outcomes.allSatisfy { $0.error == nil && $0.id != nil })
        return (h, ids)
    }

    static func cards(_ page: String) -> [String] {
        page.components(separatedBy: #"<section class="agreement-card" aria-labelledby="card-"#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// The pager's "next page" link, unescaped (nil on the last page).
    static func nextLink(_ page: String) -> String? {
        guard let end = page.range(of: #"" rel="next""#),
              let start = page.range(of: #"href=""#, options: .backwards, range: page.startIndex..<end.lowerBound) else { return nil }
        return String(page[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func theDashboardShowsTwentyFiveAgreementsAPageTheMostPressingFirstAndEachOnce() async throws {
        let (h, _) = try await Self.manyAgreements()
        let expected = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], order: .urgency, h.caller).map(\.agreement.id)
        #expect(expected.count == Self.copies + 2)
        try await h.app().test(.router) { client in
            var b = Browser()
            var seen: [String] = []
            var next: String? = "/"
            var pages = 0
            while let uri = next {
                let res = try await b.get(client, uri)
                #expect(res.status == .ok)
                let page = res.text
                pages += 1
                let cards = Self.cards(page)
                #expect(cards.count == (pages < 5 ? 25 : 5), "page \(pages)")
                #expect(page.contains("Page \(pages) sur 5"))
                #expect(page.contains("105 ententes sur 105"))
                #expect(page.contains(#"rel="prev""#) == (pages > 1))
                seen += cards
                next = Self.nextLink(page)
                #expect(pages <= 5)
                if pages > 5 { break }
            }
            #expect(seen == expected, "every agreement once, in the service's order of urgency")
            // Past the last page: the last page, not an empty one.
            #expect(Self.cards(try await b.get(client, "/?page=99").text).count == 5)
            #expect(Self.cards(try await b.get(client, "/?page=nope").text) == Array(expected.prefix(25)))
        }
    }

    @Test func withManyAgreementsTheAgreementFilterIsASearchFieldNotAListOfEvery() async throws {
        let (h, ids) = try await Self.manyAgreements()
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/").text
            #expect(!page.contains(#"<select id="d-agreement""#))
            #expect(page.contains(#"<label for="d-q">Entente (titre, identifiant ou numéro)</label>"#) && page.contains(#"<input type="search" id="d-q" name="q""#))
            let found = try await b.get(client, "/?q=\(ids[6])").text
            #expect(Self.cards(found) == [ids[6]])
            #expect(found.contains("1 entente sur 105") && !found.contains(#"class="pager""#))
            // A link from elsewhere that names one agreement still filters to it.
            #expect(Self.cards(try await b.get(client, "/?agreement=\(WebHarness.poleEmploi)").text) == [WebHarness.poleEmploi])
        }
    }

    @Test func theKindFilterKeepsTheAgreementsAndDeadlinesOfThatKind() async throws {
        let (h, _) = try await Self.manyAgreements()
        let rows = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], order: .urgency, h.caller)
        let withReport = rows.filter { $0.open.contains { $0.kind == .biennialReport } }.map(\.agreement.id)
        #expect(withReport == [WebHarness.poleEmploi], "only Pôle emploi has a biennial report (art. 6)")
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/?kind=biennial-report").text
            #expect(page.contains(#"<option value="biennial-report" selected>rapport biennal</option>"#))
            #expect(Self.cards(page) == withReport)
            let shown = try #require(rows.first { $0.agreement.id == WebHarness.poleEmploi }).open
            let reports = shown.filter { $0.kind == .biennialReport }
            #expect(!reports.isEmpty && reports.count < shown.count, "the agreement has deadlines of other kinds to leave out")
            #expect(page.components(separatedBy: #"<tr class="status-"#).count - 1 == reports.count)
            for d in reports { #expect(page.contains(#"<time datetime="\#(d.due.iso)">"#)) }
        }
    }

    @Test func theRegisterShowsAHundredRowsAPage() async throws {
        let (h, _) = try await Self.manyAgreements()
        let expected = try await h.service.agreements.register(leadTimes: [90, 30, 7], h.caller).map(\.agreement.id)
        try await h.app().test(.router) { client in
            var b = Browser()
            func rows(_ page: String) -> [String] {
                page.components(separatedBy: "<tr><td><code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            }
            let first = try await b.get(client, "/agreements").text
            let second = try await b.get(client, "/agreements?page=2").text
            #expect(rows(first).count == 100 && first.contains("Page 1 sur 2") && first.contains(#"href="/agreements?page=2" rel="next""#))
            #expect(rows(first) + rows(second) == expected)
            #expect(first.contains("105"), "the count is of every match, not of the page")
        }
    }

    /// The dashboard is kept between requests; a change committed by another connection (as
    /// the command line or a second server would) shows on the next request.
    @Test func aChangeCommittedElsewhereShowsOnTheNextDashboard() async throws {
        let (h, ids) = try await Self.manyAgreements()
        let id = ids[41]
        try await h.app().test(.router) { client in
            var b = Browser()
            let before = try await b.get(client, "/?q=\(id)").text
            #expect(Self.cards(before) == [id] && !before.contains("Préavis donné le"))
            let elsewhere = try Workspace(path: h.dbPath, user: "another-process")
            let other = EntenteService(store: elsewhere)
            _ = try await other.notices.record(id, party: "gouvernement-ontario", sentOn: CivilDate(iso: "2026-11-02")!, receivedOn: nil,
                                               requestedEnd: nil, Caller(user: ActingUser("another-process"), lang: .fr, asOf: h.caller.asOf))
            let after = try await b.get(client, "/?q=\(id)").text
            #expect(after.contains("Préavis donné le 2 novembre 2026"))
            #expect(after.contains("en cours de résiliation"))
        }
    }
}
