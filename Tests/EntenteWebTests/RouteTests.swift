import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route in process (`.router`, no socket), on a real SQLite workspace.
@Suite struct RouteTests {
    let pe = WebHarness.poleEmploi
    let on = WebHarness.ontario

    @Test func healthzAnswers200() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser(as: nil)
            let res = try await b.get(client, "/healthz")
            #expect(res.status == .ok)
        }
    }

    @Test func dashboardIsFrenchByDefaultWithSecurityHeaders() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let res = try await b.get(client, "/")
            #expect(res.status == .ok)
            #expect(res.headers[.contentType] == "text/html; charset=utf-8")
            #expect(res.headers[.xContentTypeOptions] == "nosniff")
            let csp = try #require(res.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"))
            let page = res.text
            #expect(page.contains(#"<html lang="fr">"#))
            #expect(page.contains("<h1>Tableau de bord</h1>"))
            #expect(page.components(separatedBy: "<h1").count == 2, "one h1")
            #expect(page.contains(#"<main id="main""#) && page.contains(##"href="#main""##))
            #expect(!page.contains("<script"))
            // Both agreements, Pôle emploi under its name on the as-of day.
            let rows = try await h.service.agreements.dashboard(leadTimes: [90, 30, 7], h.caller)
            for r in rows {
                #expect(page.contains("/agreements/\(r.agreement.id)"))
                #expect(page.contains(r.agreement.displayTitle(.fr).htmlEscaped))
            }
            #expect(page.contains("France Travail"))
            // The deadline the engine says is open is on the page, with its ISO date.
            let open = try #require(rows.first { $0.agreement.id == pe }?.open.first)
            #expect(page.contains(open.due.iso) && page.contains(open.title[.fr].htmlEscaped))
        }
    }

    @Test func languageToggleKeepsThePageAndIsRemembered() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let en = try await b.get(client, "/agreements/\(pe)?lang=en")
            #expect(en.status == .ok)
            #expect(en.text.contains(#"<html lang="en">"#))
            #expect(en.text.contains("Signatures") && en.text.contains("Entry into force"))
            // The toggle goes to the same page in French.
            #expect(en.text.contains(#"href="/agreements/\#(pe)?lang=fr" lang="fr" hreflang="fr""#))
            // Remembered for the person signed in (issue 12: per user), in the database.
            #expect(try await h.service.people.person("admin", h.caller).language == .en)
            let next = try await b.get(client, "/")
            #expect(next.text.contains(#"<html lang="en">"#) && next.text.contains("<h1>Dashboard</h1>"))
            // Another browser of the same person gets English too; another person does not.
            var again = Browser()
            #expect(try await again.get(client, "/").text.contains(#"<html lang="en">"#))
            var staff = Browser(as: "staff")
            #expect(try await staff.get(client, "/").text.contains(#"<html lang="fr">"#))
            let fr = try await b.get(client, "/agreements/\(pe)?lang=fr")
            #expect(fr.text.contains(#"<html lang="fr">"#) && fr.text.contains("Entrée en vigueur"))
            #expect(try await b.get(client, "/").text.contains(#"<html lang="fr">"#))
            // Anonymous pages remember it in a cookie.
            var nobody = Browser(as: nil)
            let signInEN = try await nobody.get(client, "/login?lang=en")
            #expect(signInEN.headers[values: .setCookie].contains { $0.hasPrefix("lang=en") })
            #expect(try await nobody.get(client, "/login").text.contains("<h1>Sign in</h1>"))
        }
    }

    @Test func agreementPageShowsTheRegisterFacts() async throws {
        let h = try await WebHarness()
        let a = try await h.service.agreements.show(pe, h.caller).stored.agreement
        try await h.app().test(.router) { client in
            var b = Browser()
            let res = try await b.get(client, "/agreements/\(pe)")
            #expect(res.status == .ok)
            let page = res.text
            for s in a.signatures { if let d = s.date { #expect(page.contains(d.iso)) } }
            let eif = try #require(a.entryIntoForce.date)
            #expect(page.contains(eif.long(.fr)))
            let notice = try #require(a.notice)
            #expect(page.contains("href=\"#\(notice.source.eId.components(separatedBy: "__")[0])\""), "the notice cites its article, linked")
            for ar in a.articles { #expect(page.contains(#"id="\#(ar.eId)""#), "anchor for \(ar.eId)") }
            // Names over time: both names of the renamed party.
            #expect(page.contains("Pôle emploi") && page.contains("France Travail"))
            #expect(page.contains("1er janvier 2024"))
            #expect(page.contains(#"<th scope="col">"#))
        }
    }

    @Test func registerSearchesByTitleAndParty() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let all = try await b.get(client, "/agreements")
            #expect(all.text.contains("/agreements/\(pe)") && all.text.contains("/agreements/\(on)"))
            let some = try await b.get(client, "/agreements?q=ontario")
            #expect(some.text.contains("/agreements/\(on)") && !some.text.contains("/agreements/\(pe)\""))
            let party = try await b.get(client, "/agreements?q=france%20travail")
            #expect(party.text.contains("/agreements/\(pe)\"") && !party.text.contains("/agreements/\(on)\""))
        }
    }

    @Test func unknownAgreementIs404WithARequestIDAndNoInternals() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let bearer = try await h.bearer()
            let res = try await b.get(client, "/agreements/nope")
            #expect(res.status == .notFound)
            #expect(res.text.contains("nope") && res.text.contains("Numéro de requête"))
            #expect(!res.text.contains(".sqlite") && !res.text.contains("SELECT") && !res.text.contains("/tmp"))
            let api = try await client.execute(uri: "/api/v1/agreements/nope", method: .get, headers: bearer)
            #expect(api.status == .notFound)
            let o = try #require(try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [String: Any])
            #expect((o["error"] as? [String: Any])?["requestId"] != nil)
            let missing = try await b.get(client, "/no/such/page?lang=en")
            #expect(missing.status == .notFound && missing.text.contains("There is no such page."))
        }
    }

    @Test func activityAddedThroughTheFormIsListedAndStored() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let form = try await b.get(client, "/agreements/\(pe)/activities")
            #expect(form.status == .ok)
            #expect(!b.token.isEmpty && !b.session.isEmpty)
            #expect(form.text.contains(#"name="domains[]""#))
            let res = try await b.post(client, "/agreements/\(pe)/activities", [
                ("title", "Mission d'échange à Lyon"), ("start", "2026-03-02"), ("end", "2026-03-06"),
                ("domains[]", "1"), ("domains[]", "2"), ("description", "Visite"), ("status", "done"),
            ])
            #expect(res.status == .seeOther)
            let location = try #require(res.headers[.location])
            #expect(location.hasPrefix("/agreements/\(pe)/activities?added="))
            let stored = try await h.service.activities.list(ActivityFilter(agreementID: pe), h.caller)
            let a = try #require(stored.first { $0.title == "Mission d'échange à Lyon" })
            #expect(a.domains == ["1", "2"] && a.status == .done && a.end == CivilDate(iso: "2026-03-06"))
            let list = try await b.get(client, location)
            #expect(list.text.contains("Mission d&#39;échange à Lyon"))
            #expect(list.text.contains("#\(a.id!)"))
        }
    }

    @Test func aPostWithoutTheRightTokenIsRefusedAndWritesNothing() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/agreements/\(pe)/activities")
            var other = Browser(as: "coord-pe")
            try await other.get(client, "/agreements/\(pe)/activities")
            let before = try h.dump()
            let fields = [("title", "Forgée"), ("start", "2026-03-02")]
            // No token at all.
            var noToken = b
            noToken.token = ""
            #expect(try await noToken.post(client, "/agreements/\(pe)/activities", fields).status == .forbidden)
            // A wrong token.
            #expect(try await b.post(client, "/agreements/\(pe)/activities", fields, token: String(repeating: "0", count: 64)).status == .forbidden)
            // A token but no cookie (another site's form): no session, so off to sign in.
            var noCookie = b
            noCookie.cookie = ""
            let anonymous = try await noCookie.post(client, "/agreements/\(pe)/activities", fields)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
            // Another session's token (a coordinator's) with this session's cookie.
            #expect(other.token != b.token && !other.token.isEmpty)
            #expect(try await b.post(client, "/agreements/\(pe)/activities", fields, token: other.token).status == .forbidden)
            // The notice form too.
            #expect(try await noToken.post(client, "/agreements/\(pe)/notice", [("party", "pole-emploi"), ("sent", "2026-01-05")]).status == .forbidden)
            #expect(try h.dump() == before, "a refused request changed the database")
        }
    }

    /// Someone who may not add activities gets 403 whatever the form holds: before, a bad
    /// date got 422 with its error on a page that shows such a person no form.
    @Test func whoMayNotAddGets403EvenForAFormWithErrors() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var staff = Browser(as: "staff")
            var ontario = Browser(as: "coord-on")
            try await staff.get(client, "/agreements/\(pe)/activities")
            try await ontario.get(client, "/agreements/\(pe)/activities")
            let before = try h.dump()
            for fields in [[("title", "T"), ("start", "bad")], [("title", "T"), ("start", "2026-03-02")]] {
                #expect(try await staff.post(client, "/agreements/\(pe)/activities", fields).status == .forbidden)
                #expect(try await ontario.post(client, "/agreements/\(pe)/activities", fields).status == .forbidden)
            }
            #expect(try h.dump() == before)
        }
    }

    @Test func invalidInputIsShownAtTheFieldWithTheFormKept() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/agreements/\(pe)/activities")
            let before = try h.dump()
            let bad = try await b.post(client, "/agreements/\(pe)/activities", [
                ("title", "Atelier <b>conjoint</b>"), ("start", "2026-02-30"), ("domains[]", "2"), ("description", "gardé"),
            ])
            #expect(bad.status == .unprocessableContent)
            let page = bad.text
            #expect(page.contains(#"role="alert""#) && page.contains(##"href="#start""##))
            #expect(page.contains(#"id="start-error""#) && page.contains(#"aria-describedby="start-error""#))
            #expect(page.contains("2026-02-30"), "the value typed is kept")
            #expect(page.contains("Atelier &lt;b&gt;conjoint&lt;/b&gt;"), "kept and escaped")
            #expect(page.contains(#"value="2" id="dom-2" checked"#), "checked boxes stay checked")
            #expect(page.contains(">gardé</textarea>"))
            // A rule of Core (an unknown domain) comes back at its field too.
            let unknown = try await b.post(client, "/agreements/\(pe)/activities", [("title", "X"), ("start", "2026-02-03"), ("domains[]", "9.9")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains(#"id="domains-error""#) && unknown.text.contains("9.9"))
            // End before start.
            let order = try await b.post(client, "/agreements/\(pe)/activities", [("title", "X"), ("start", "2026-02-03"), ("end", "2026-01-03")])
            #expect(order.status == .unprocessableContent && order.text.contains(#"id="end-error""#))
            // Empty title: Core's message, at the title.
            let empty = try await b.post(client, "/agreements/\(pe)/activities", [("title", " "), ("start", "2026-02-03")])
            #expect(empty.text.contains(#"id="title-error""#))
            #expect(try h.dump() == before, "a refused form changed the database")
        }
    }

    @Test func userTextIsEscapedEverywhere() async throws {
        let h = try await WebHarness()
        let evil = "<script>alert('x')</script>"
        _ = try await h.service.activities.add(Activity(agreementID: pe, title: evil, start: CivilDate(iso: "2026-01-10")!), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            for uri in ["/agreements/\(pe)/activities", "/agreements/\(pe)/activities?domain=\(Browser.escape(evil))",
                        "/agreements?q=\(Browser.escape(evil))"] {
                let page = try await b.get(client, uri).text
                #expect(!page.contains("<script"), "\(uri)")
            }
        }
    }

    @Test func oversizedUploadIsRefusedWithNothingWritten() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/agreements/\(pe)/activities")
            let before = try h.dump()
            let res = try await b.post(client, "/agreements/\(pe)/activities", [("title", String(repeating: "a", count: WebLimits.maxBody + 10)), ("start", "2026-02-03")])
            #expect(res.status == .contentTooLarge)
            #expect(try h.dump() == before)
        }
    }

    @Test func noticeCalculatorBothWaysCitesItsArticle() async throws {
        let h = try await WebHarness()
        let clause = try #require(try await h.service.agreements.show(pe, h.caller).stored.agreement.notice)
        let expectEnd = try await h.service.notices.earliestEnd(pe, noticeGivenOn: CivilDate(iso: "2025-08-31")!, h.caller).earliestTermination!
        let expectLatest = try await h.service.notices.latestNotice(pe, toTerminateOn: CivilDate(iso: "2026-02-28")!, h.caller).latestNoticeDate!
        try await h.app().test(.router) { client in
            var b = Browser()
            let res = try await b.get(client, "/agreements/\(pe)/notice?given=2025-08-31")
            #expect(res.status == .ok)
            #expect(res.text.contains(expectEnd.long(.fr)) && expectEnd.iso == "2026-02-28")
            // Cited for people ("art. 9, al. 1"), the raw eId staying in JSON (issue 10).
            #expect(res.text.contains(Citation.describe(clause.source, .fr)))
            let back = try await b.get(client, "/agreements/\(pe)/notice?terminateOn=2026-02-28&lang=en")
            #expect(back.text.contains(expectLatest.long(.en)))
            let bad = try await b.get(client, "/agreements/\(pe)/notice?given=2025-13-01")
            #expect(bad.text.contains(#"id="given-error""#) && bad.text.contains("2025-13-01"))
        }
    }

    @Test func recordingANoticeShowsTheEndDateOnTheAgreement() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/agreements/\(pe)/notice")
            let before = try h.dump()
            let bad = try await b.post(client, "/agreements/\(pe)/notice", [("party", "pole-emploi"), ("sent", "hier")])
            #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="sent-error""#) && bad.text.contains("hier"))
            let wrongParty = try await b.post(client, "/agreements/\(pe)/notice", [("party", "ontario"), ("sent", "2026-01-05")])
            #expect(wrongParty.status == .unprocessableContent && wrongParty.text.contains("ontario"))
            // A notice that would end after 9999-12-31 is refused at its field; before, it was
            // stored and every page of the agreement then crashed the server.
            let far = try await b.post(client, "/agreements/\(pe)/notice", [("party", "pole-emploi"), ("sent", "9999-12-31")])
            #expect(far.status == .unprocessableContent && far.text.contains(#"id="sent-error""#) && far.text.contains("31 décembre 9999"))
            let farCalc = try await b.get(client, "/agreements/\(pe)/notice?given=9999-12-31")
            #expect(farCalc.status == .ok && farCalc.text.contains(#"id="given-error""#) && !farCalc.text.contains("10000"))
            #expect(try h.dump() == before)
            #expect(try await b.get(client, "/agreements/\(pe)").status == .ok)
            let ok = try await b.post(client, "/agreements/\(pe)/notice", [("party", "pole-emploi"), ("sent", "2026-01-05")])
            #expect(ok.status == .seeOther)
            let view = try await h.service.agreements.show(pe, h.caller)
            let n = try #require(view.notices.first)
            // A browser leaves the fragment out of the request.
            let page = try await b.get(client, String(try #require(ok.headers[.location]).prefix { $0 != "#" }))
            #expect(page.text.contains(n.effectiveEnd.long(.fr)))
            #expect(page.text.contains(Labels.state(view.state, .fr)) && view.state != .inForce)
        }
    }

    @Test func deadlinesPageAndCalendar() async throws {
        let h = try await WebHarness()
        let list = try await h.service.deadlines.list(agreement: pe, leadTimes: [90, 30, 7], h.caller).deadlines
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/deadlines?agreement=\(pe)")
            #expect(page.status == .ok)
            for d in list { #expect(page.text.contains(d.due.iso)) }
            let ics = try await b.get(client, "/deadlines.ics?agreement=\(pe)")
            #expect(ics.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(ics.text.hasPrefix("BEGIN:VCALENDAR") && ics.text.components(separatedBy: "BEGIN:VEVENT").count == list.count + 1)
        }
    }

    @Test func apiGivesTheCommandLineShapes() async throws {
        let h = try await WebHarness()
        _ = try await h.service.activities.add(Activity(agreementID: pe, title: "Atelier", start: CivilDate(iso: "2026-01-10")!, domains: ["1"]), h.caller)
        let list = try await h.service.activities.list(ActivityFilter(agreementID: pe), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            let api = try await h.bearer()
            let res = try await client.execute(uri: "/api/v1/agreements/\(pe)/activities", method: .get, headers: api)
            #expect(res.status == .ok && res.headers[.contentType] == "application/json; charset=utf-8")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [[String: Any]])
            #expect(rows.count == list.count)
            let first = try #require(rows.first { $0["title"] as? String == "Atelier" })
            #expect(first["date"] as? String == "2026-01-10" && first["domains"] as? [String] == ["1"] && first["id"] is Int)
            let one = try await client.execute(uri: "/api/v1/agreements/\(pe)", method: .get, headers: api)
            let o = try #require(try JSONSerialization.jsonObject(with: Data(one.text.utf8)) as? [String: Any])
            for key in ["id", "title", "language", "parties", "signatures", "entryIntoForce", "notice", "domains", "meansOfAction", "bodies", "state"] {
                #expect(o[key] != nil, "key \(key)")
            }
            let notice = try await client.execute(uri: "/api/v1/agreements/\(pe)/notice?given=2025-08-31", method: .get, headers: api)
            let n = try #require(try JSONSerialization.jsonObject(with: Data(notice.text.utf8)) as? [String: Any])
            #expect(n["earliestTermination"] as? String == "2026-02-28")
            let deadlines = try await client.execute(uri: "/api/v1/deadlines?agreement=\(pe)", method: .get, headers: api)
            #expect(deadlines.status == .ok)
            #expect(try await client.execute(uri: "/api/v1/deadlines?from=hier", method: .get, headers: api).status == .badRequest)
        }
    }

    @Test func apiListIsByteForByteTheCommandLinesList() async throws {
        let h = try await WebHarness()
        _ = try await h.service.activities.add(Activity(agreementID: pe, title: "Atelier « conjoint »", start: CivilDate(iso: "2026-01-10")!), h.caller)
        let binary = try #require(Binaries.entente, "the entente binary is built beside the tests")
        let p = Process()
        p.executableURL = binary
        p.arguments = ["--db", h.dbPath, "--workspace", FileManager.default.temporaryDirectory.path, "activity", "list", pe, "--format", "json"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let cli = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        try await h.app().test(.router) { client in
            var b = Browser()
            let api = try await h.bearer()
            let res = try await client.execute(uri: "/api/v1/agreements/\(pe)/activities", method: .get, headers: api)
            #expect(res.text == cli)
        }
    }

    @Test func catalogsHaveTheSameKeys() {
        #expect(Set(Catalog.fr.keys) == Set(Catalog.en.keys))
        #expect(Catalog.fr.values.allSatisfy { !$0.isEmpty } && Catalog.en.values.allSatisfy { !$0.isEmpty })
    }
}

extension String {
    /// What Mustache's `{{x}}` makes of a text.
    var htmlEscaped: String { HTMLEscaping.escape(self) }
}

/// The executables built beside the test runner.
enum Binaries {
    static func find(_ name: String) -> URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(name)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: WebHarness.packageRoot + "/.build/debug/" + name)
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }
    static var entente: URL? { find("entente") }
    static var server: URL? { find("entente-server") }
}

@Suite struct HistoryAndCSVTests {
    let pe = WebHarness.poleEmploi

    @Test func historyShowsWhoChangedWhatAndCSVIsTheCommandLinesExport() async throws {
        let h = try await WebHarness()
        let added = try await h.service.activities.add(Activity(agreementID: pe, title: "Atelier « conjoint »", start: CivilDate(iso: "2026-01-10")!), h.caller)
        let csv = try await h.service.activities.exportCSV(pe, h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/history?agreement=\(pe)")
            #expect(page.status == .ok)
            let entries = try await h.service.history.entries(AuditQuery(agreementID: pe, limit: 200), h.caller)
            #expect(!entries.isEmpty)
            for e in entries { #expect(page.text.contains("<td data-label=\"#\">\(e.id)</td>")) }
            #expect(page.text.contains("web-tests") && page.text.contains("#\(added.id!)"))
            #expect(try await b.get(client, "/history?agreement=nope").status == .notFound)
            let file = try await b.get(client, "/agreements/\(pe)/activities.csv")
            #expect(file.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(file.text == csv && file.text.contains("Atelier « conjoint »"))
        }
    }
}

@Suite struct DashboardFilterTests {
    @Test func dashboardFiltersByAgreementPartyAndState() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let byParty = try await b.get(client, "/?party=pole-emploi").text
            #expect(byParty.contains(#"id="card-\#(WebHarness.poleEmploi)""#) && !byParty.contains(#"id="card-\#(WebHarness.ontario)""#))
            let byAgreement = try await b.get(client, "/?agreement=\(WebHarness.ontario)").text
            #expect(byAgreement.contains(#"id="card-\#(WebHarness.ontario)""#) && !byAgreement.contains(#"id="card-\#(WebHarness.poleEmploi)""#))
            let none = try await b.get(client, "/?state=terminated").text
            #expect(!none.contains(#"class="agreement-card""#))
            #expect(none.contains(#"<option value="in-force">"#), "the filter offers the states present")
        }
    }
}

@Suite struct CancelActivityTests {
    let pe = WebHarness.poleEmploi

    @Test func cancellingKeepsTheActivityMarkedCancelledAndRefusesOtherAgreementsAndForgeries() async throws {
        let h = try await WebHarness()
        let a = try await h.service.activities.add(Activity(agreementID: pe, title: "À annuler", start: CivilDate(iso: "2026-01-10")!), h.caller)
        let id = try #require(a.id)
        try await h.app().test(.router) { client in
            var b = Browser()
            let list = try await b.get(client, "/agreements/\(pe)/activities")
            #expect(list.text.contains("/agreements/\(pe)/activities/\(id)/cancel"))
            let before = try h.dump()
            // Through another agreement's address, or without the token: refused, nothing written.
            #expect(try await b.post(client, "/agreements/\(WebHarness.ontario)/activities/\(id)/cancel", []).status == .notFound)
            var forged = b
            forged.token = ""
            #expect(try await forged.post(client, "/agreements/\(pe)/activities/\(id)/cancel", []).status == .forbidden)
            #expect(try h.dump() == before)
            let ok = try await b.post(client, "/agreements/\(pe)/activities/\(id)/cancel", [("reason", "reportée")])
            #expect(ok.status == .seeOther)
            let stored = try await h.service.activities.list(ActivityFilter(agreementID: pe), h.caller).first { $0.id == id }
            #expect(stored?.status == .cancelled && stored?.outcomes?.contains("reportée") == true)
            // Twice: the service's message, as a page.
            let again = try await b.post(client, "/agreements/\(pe)/activities/\(id)/cancel", [])
            #expect(again.status == .badRequest && again.text.contains("#\(id)"))
        }
    }
}

@Suite struct ReportPageTests {
    let pe = WebHarness.poleEmploi

    @Test func biennialReportPreviewAndDownloadsAreTheServicesDocument() async throws {
        let h = try await WebHarness()
        _ = try await h.service.activities.add(Activity(agreementID: pe, title: "Mission « emploi des jeunes »", start: CivilDate(iso: "2026-03-02")!,
                                                        status: .done), h.caller)
        let md = try await h.service.reports.render(ReportRequest(kind: .biennial, agreementID: pe, from: CivilDate(iso: "2024-11-08"),
                                                                  to: CivilDate(iso: "2026-11-07"), format: .markdown), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            let q = "kind=biennial&from=2024-11-08&to=2026-11-07"
            let page = try await b.get(client, "/agreements/\(pe)/reports?\(q)")
            #expect(page.status == .ok && page.text.contains(#"id="preview""#))
            #expect(page.text.contains("Mission « emploi des jeunes »") && md.contains("Mission « emploi des jeunes »"))
            let file = try await b.get(client, "/agreements/\(pe)/report.md?\(q)")
            #expect(file.text == md)
            let html = try await b.get(client, "/agreements/\(pe)/report.html?\(q)&lang=en")
            #expect(html.headers[.contentType] == "text/html; charset=utf-8" && html.text.contains(#"lang="en""#))
            let bad = try await b.get(client, "/agreements/\(pe)/reports?kind=biennial&from=2026-99-01")
            #expect(bad.text.contains("2026-99-01") && bad.text.contains(#"role="alert""#) && !bad.text.contains(#"id="preview""#))
        }
    }
}

@Suite struct CSVImportPageTests {
    let pe = WebHarness.poleEmploi

    @Test func importShowsAPreviewWritesNothingThenImportsOnConfirm() async throws {
        let h = try await WebHarness()
        let good = Activity(agreementID: pe, title: "Forum emploi", start: CivilDate(iso: "2026-04-01")!, domains: ["1"])
        var bad = good
        bad.title = "Mauvais domaine"
        bad.domains = ["9.9"]
        let both = ActivityCSV.format([good, bad])
        try await h.app().test(.router) { client in
            var b = Browser()
            try await b.get(client, "/agreements/\(pe)/activities")
            let before = try h.dump()
            let refused = try await b.post(client, "/agreements/\(pe)/activities/import", [("csv", both)])
            #expect(refused.status == .ok && refused.text.contains(#"id="import-problems""#) && refused.text.contains("9.9"))
            #expect(!refused.text.contains("Confirmer l&#39;import</button>"), "no confirm button while a line is wrong")
            let forced = try await b.post(client, "/agreements/\(pe)/activities/import/confirm", [("csv", both)])
            #expect(forced.status == .unprocessableContent)
            #expect(try h.dump() == before, "a preview or a refused import wrote something")
            let preview = try await b.post(client, "/agreements/\(pe)/activities/import", [("csv", ActivityCSV.format([good]))])
            #expect(preview.text.contains("Forum emploi") && preview.text.contains("Confirmer l&#39;import</button>"))
            #expect(try h.dump() == before, "the preview wrote something")
            let ok = try await b.post(client, "/agreements/\(pe)/activities/import/confirm", [("csv", ActivityCSV.format([good]))])
            #expect(ok.status == .seeOther && ok.headers[.location]?.contains("imported=1") == true)
            #expect(try await h.service.activities.list(ActivityFilter(agreementID: pe), h.caller).map(\.title) == ["Forum emploi"])
        }
    }
}
