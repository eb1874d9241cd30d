import EntenteCore
import EntenteService
import EntenteStore
import EntenteStorage
import EntenteWeb
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// An agreement's page and a page of its activity log are kept between requests while
/// nothing is committed (`PageFragments`), as the dashboard is. What is kept must never show
/// an old state, another reader's form token, or a page with forms to someone who may not
/// use them.
@Suite struct KeptPagesTests {
    static let pe = WebHarness.poleEmploi

    /// The values of every `_csrf` field of a page.
    static func tokens(_ page: String) -> [String] {
        page.components(separatedBy: #"name="_csrf" value=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// A second connection to the same SQLite file, as the command line or a second server.
    static func elsewhere(_ h: WebHarness) throws -> (EntenteService, Caller) {
        let other = EntenteService(store: try Workspace(path: h.dbPath, user: "another-process"))
        return (other, Caller(user: ActingUser("another-process"), lang: .fr, asOf: h.caller.asOf))
    }

    @Test func anAgreementPageShowsANoticeCommittedElsewhereOnTheNextRequest() async throws {
        let h = try await WebHarness()
        let id = WebHarness.ontario
        try await h.app().test(.router) { client in
            var b = Browser()
            let first = try await b.get(client, "/agreements/\(id)").text
            let again = try await b.get(client, "/agreements/\(id)").text
            #expect(first == again, "nothing committed: the same page")
            #expect(!first.contains(#"datetime="2026-11-02""#))
            let (other, caller) = try Self.elsewhere(h)
            _ = try await other.notices.record(id, party: "gouvernement-ontario", sentOn: CivilDate(iso: "2026-11-02")!, receivedOn: nil,
                                               requestedEnd: nil, caller)
            let after = try await b.get(client, "/agreements/\(id)").text
            #expect(after.contains(#"Préavis donné le <time datetime="2026-11-02">2 novembre 2026</time>"#))
            // The language is part of what is kept: the English page is not the French one.
            let english = try await b.get(client, "/agreements/\(id)?lang=en").text
            #expect(english.contains(#"Notice given on <time datetime="2026-11-02">November 2, 2026</time>"#))
            #expect(english.contains(#"<html lang="en""#))
        }
    }

    @Test func aLogPageShowsAnActivityAddedElsewhereOnTheNextRequest() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let before = try await b.get(client, "/agreements/\(Self.pe)/activities").text
            #expect(!before.contains("Atelier ajouté ailleurs"))
            let (other, caller) = try Self.elsewhere(h)
            let added = try await other.activities.add(Activity(agreementID: Self.pe, title: "Atelier ajouté ailleurs",
                                                                start: CivilDate(iso: "2026-03-02")!, domains: ["1"]), caller)
            let after = try await b.get(client, "/agreements/\(Self.pe)/activities").text
            #expect(after.contains(##"<td data-label="#">\##(added.id!)</td>"##))
            #expect(after.contains("Atelier ajouté ailleurs"))
        }
    }

    /// The kept page has a slot where the token goes; each reader gets their own, and a
    /// form of a kept page works for the reader who got it.
    @Test func eachReaderOfAKeptLogPageGetsTheirOwnFormToken() async throws {
        let h = try await WebHarness()
        let act = try await h.service.activities.add(Activity(agreementID: Self.pe, title: "Mission à Paris",
                                                              start: CivilDate(iso: "2026-02-03")!, domains: ["1"]), h.caller)
        try await h.app().test(.router) { client in
            var admin = Browser()
            var coordinator = Browser(as: "coord-pe")
            let a1 = try await admin.get(client, "/agreements/\(Self.pe)/activities").text
            let c1 = try await coordinator.get(client, "/agreements/\(Self.pe)/activities").text
            let a2 = try await admin.get(client, "/agreements/\(Self.pe)/activities").text
            for (page, who) in [(a1, admin), (c1, coordinator), (a2, admin)] {
                let found = Self.tokens(page)
                // The sign-out form, the row's cancel form, the add form and the CSV import.
                #expect(found.count == 4, "\(found.count) forms")
                #expect(found.allSatisfy { $0 == who.token && !$0.isEmpty })
                #expect(!page.contains("entente:csrf"), "no slot is left unfilled")
            }
            #expect(admin.token != coordinator.token)
            // a2 came from what was kept (nothing was committed since c1): its form works.
            let cancel = try await admin.post(client, "/agreements/\(Self.pe)/activities/\(act.id!)/cancel", [],
                                              token: Self.tokens(a2)[1])
            #expect(cancel.status == .seeOther)
            #expect(try await h.service.activities.list(ActivityFilter(agreementID: Self.pe), h.caller).first { $0.id == act.id }?.status == .cancelled)
        }
    }

    /// What a person typed is never taken for the slot: shown as typed, escaped.
    @Test func aTitleSpellingTheTokenSlotIsShownAsTyped() async throws {
        let h = try await WebHarness()
        let typed = "<!--entente:csrf--> atelier"
        _ = try await h.service.activities.add(Activity(agreementID: Self.pe, title: typed, start: CivilDate(iso: "2026-02-03")!, domains: ["1"]), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            for _ in 0..<2 {
                let page = try await b.get(client, "/agreements/\(Self.pe)/activities").text
                #expect(page.contains(#"<td data-label="Titre">&lt;!--entente:csrf--&gt; atelier</td>"#))
                #expect(!page.contains(b.token + " atelier"))
            }
        }
    }

    /// Someone who may only read gets a page without forms, even when an editor's page of
    /// the same log is kept; and the other way round.
    @Test func aReaderWhoMayNotEditGetsNoFormsFromAnEditorsKeptPage() async throws {
        let h = try await WebHarness()
        _ = try await h.service.activities.add(Activity(agreementID: Self.pe, title: "Mission à Paris",
                                                        start: CivilDate(iso: "2026-02-03")!, domains: ["1"]), h.caller)
        try await h.app().test(.router) { client in
            var editor = Browser(as: "coord-pe")
            var reader = Browser(as: "staff")
            // Both signed in first: a sign-in is a commit, which would let nothing be kept.
            try await editor.signIn(client)
            try await reader.signIn(client)
            // The reader first, then the editor: neither gets the other's page.
            let firstRead = try await reader.get(client, "/agreements/\(Self.pe)/activities?page=1").text
            #expect(!firstRead.contains("/cancel\""))
            #expect(try await editor.get(client, "/agreements/\(Self.pe)/activities?page=1").text.contains("/cancel\""))
            #expect(try await editor.get(client, "/agreements/\(Self.pe)/activities").text.contains("/cancel\""))
            let read = try await reader.get(client, "/agreements/\(Self.pe)/activities").text
            #expect(read.contains("Mission à Paris"))
            #expect(!read.contains("/cancel\"") && !read.contains(#"id="add""#))
            #expect(Self.tokens(read).count == 1, "only the sign-out form")
            #expect(try await editor.get(client, "/agreements/\(Self.pe)/activities").text.contains(#"id="add""#))
        }
    }

    /// Proof that a page is kept at all: a change written behind the server's back, with no
    /// audit entry (so no commit it can see), does not show; the next audited commit shows both.
    @Test func aKeptLogPageIsServedUntilTheNextAuditedCommit() async throws {
        let h = try await WebHarness()
        let act = try await h.service.activities.add(Activity(agreementID: Self.pe, title: "Titre d'origine",
                                                              start: CivilDate(iso: "2026-02-03")!, domains: ["1"]), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            #expect(try await b.get(client, "/agreements/\(Self.pe)/activities").text.contains("Titre d'origine".htmlEscaped))
            let raw = try DatabaseQueue(path: h.dbPath)
            try await raw.write { d in try d.execute(sql: "UPDATE activity SET title = 'Changé en douce' WHERE id = ?", arguments: [act.id!]) }
            let kept = try await b.get(client, "/agreements/\(Self.pe)/activities").text
            #expect(kept.contains("Titre d'origine".htmlEscaped) && !kept.contains("Changé en douce"), "served from what was kept")
            let (other, caller) = try Self.elsewhere(h)
            _ = try await other.activities.add(Activity(agreementID: Self.pe, title: "Un commit", start: CivilDate(iso: "2026-02-04")!, domains: ["1"]), caller)
            let after = try await b.get(client, "/agreements/\(Self.pe)/activities").text
            #expect(after.contains("Changé en douce") && after.contains("Un commit"))
        }
    }

    /// A kept page is kept under the parameters its handler reads, each by name: a value
    /// that spells several parameters (`%26` is `&`) is one value, not those parameters.
    @Test func aValueSpellingSeveralParametersIsNotTakenForThem() async throws {
        let h = try await WebHarness()
        _ = try await h.service.activities.add(Activity(agreementID: Self.pe, title: "Atelier prévu", start: CivilDate(iso: "2026-02-03")!,
                                                        domains: ["1"], status: .planned), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            let forged = try await b.get(client, "/agreements/\(Self.pe)/activities?domain=%26from%3D%26status%3Dplanned%26to%3D").text
            #expect(!forged.contains("Atelier prévu"), "a domain that does not exist matches nothing")
            let real = try await b.get(client, "/agreements/\(Self.pe)/activities?status=planned&domain=&from=&to=").text
            #expect(real.contains("Atelier prévu"))
        }
    }

    /// The pager of a kept page carries on the filter it was kept under, and nothing of the
    /// query of whoever made it be kept.
    @Test func aKeptPagesPagerCarriesOnItsFilterOnly() async throws {
        let h = try await WebHarness()
        for i in 1...101 {
            _ = try await h.service.activities.add(Activity(agreementID: Self.pe, title: "Atelier \(i)", start: CivilDate(iso: "2026-02-03")!,
                                                            domains: ["1"], status: .planned), h.caller)
        }
        try await h.app().test(.router) { client in
            var b = Browser()
            let first = try await b.get(client, "/agreements/\(Self.pe)/activities?junk=%3Cx%3E&status=planned").text
            let second = try await b.get(client, "/agreements/\(Self.pe)/activities?status=planned&other=1").text
            for page in [first, second] {
                #expect(page.contains(#"href="/agreements/\#(Self.pe)/activities?status=planned&amp;page=2""#))
                let pager = page.components(separatedBy: #"<nav class="pager""#).dropFirst().first?.components(separatedBy: "</nav>").first ?? ""
                #expect(!pager.isEmpty && !pager.contains("junk") && !pager.contains("other="))
            }
        }
    }
}
