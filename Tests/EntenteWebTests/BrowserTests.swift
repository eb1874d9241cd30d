import EntenteCore
import EntenteReports
import Foundation
import Testing

/// The pages in a real browser (Debian's headless Chromium through chromedriver's WebDriver),
/// against a live `entente-server` on a free loopback port. Skipped on a machine without
/// Chromium; under CI (`CI` set) a missing browser or axe-core is a failure.
@Suite(.serialized, .enabled(if: BrowserEnv.browser || BrowserEnv.ci))
struct BrowserTests {
    let pe = WebHarness.poleEmploi

    /// Runs `body` with a live server and a browser signed in through the form as `login`
    /// (the administrator by default; nil: not signed in), and stops both whatever happens.
    func withBrowser(as login: String? = "admin", width: Int = 1280, height: Int = 800, people: Bool = true,
                     _ body: (LiveServer, WebDriver) async throws -> Void) async throws {
        try #require(BrowserEnv.browser, "chromium and chromium-driver are needed (apt-get install chromium chromium-driver)")
        let server = try await LiveServer(people: people)
        defer { server.stop() }
        let browser = try await WebDriver(width: width, height: height)
        do {
            if let login { try await signIn(browser, server, login) }
            try await body(server, browser)
        } catch { await browser.quit(); throw error }
        await browser.quit()
    }

    /// Through the sign-in form, as a person would (a password manager fills the same fields).
    func signIn(_ b: WebDriver, _ server: LiveServer, _ login: String) async throws {
        try await b.go(server.base + "/login")
        try await b.type("#login", login)
        try await b.type("#password", WebHarness.password)
        try await b.click("form.signin button[type=submit]")
        _ = try await b.url(containing: server.base + "/")
        let who = try await b.text("header.site .who")
        #expect(who.contains(WebHarness.person(login).displayName), "signed in as \(login): \(who)")
    }

    @Test func dashboardOpensInFrenchAndSwitchesToEnglishOnTheSamePage() async throws {
        try await withBrowser { server, b in
            try await b.go(server.base + "/")
            #expect(try await b.title().hasPrefix("Tableau de bord"))
            #expect(try await b.script("return document.documentElement.lang") as? String == "fr")
            #expect(try await b.text("h1") == "Tableau de bord")
            try await b.click("a[hreflang=en]")
            #expect(try await b.script("return document.documentElement.lang") as? String == "en")
            #expect(try await b.text("h1") == "Dashboard")
            // Remembered on the next page, and the toggle keeps that page.
            try await b.click("a[href=\"/agreements/\(pe)\"]")
            #expect(try await b.script("return document.documentElement.lang") as? String == "en")
            try await b.click("a[hreflang=fr]")
            #expect(try await b.url(containing: "/agreements/\(pe)?lang=fr").contains("/agreements/\(pe)?lang=fr"))
            #expect(try await b.source().contains("Entrée en vigueur"))
        }
    }

    @Test func aCoordinatorAddsAnActivityThroughTheForm() async throws {
        try await withBrowser(as: "coord-pe") { server, b in
            try await b.go(server.base + "/agreements/\(pe)/activities")
            // A mistake first: the page comes back with the error at the field and what was typed.
            try await b.type("#title", "Séminaire franco-québécois")
            try await b.type("#start", "2026-02-31")
            try await b.click("#dom-1")
            try await b.click("form.record button[type=submit]")
            #expect(try await b.text("#start-error").contains("2026-02-31"))
            #expect(try await b.script("return document.getElementById('title').value") as? String == "Séminaire franco-québécois")
            #expect(try await b.script("return document.getElementById('dom-1').checked") as? Bool == true)
            try await b.type("#start", "2026-02-24")
            try await b.type("#end", "2026-02-26")
            try await b.click("#status option[value=done]")
            try await b.click("form.record button[type=submit]")
            #expect(try await b.url(containing: "/agreements/\(pe)/activities?added=").contains("/agreements/\(pe)/activities?added="))
            let list = try await b.text("#activity-list")
            #expect(list.contains("Séminaire franco-québécois") && list.contains("2026-02-24"))
            // And in the biennial report's preview for the period.
            try await b.go(server.base + "/agreements/\(pe)/reports")
            try await b.type("#from", "2024-11-08")
            try await b.type("#to", "2026-11-07")
            try await b.click("form.filters button[type=submit]")
            #expect(try await b.text("#preview").contains("Séminaire franco-québécois"))
        }
    }

    @Test func anAdministratorRecordsANoticeAndSeesTheEndDate() async throws {
        try await withBrowser(as: "admin") { server, b in
            try await b.go(server.base + "/agreements/\(pe)/notice")
            try await b.type("#given", "2025-08-31")
            try await b.click("form.calc button[type=submit]")
            #expect(try await b.text("#earliest-answer").contains("28 février 2026"))
            try await b.click("#party option[value=pole-emploi]")
            try await b.type("#sent", "2026-01-05")
            try await b.click("form.record button[type=submit]")
            #expect(try await b.url(containing: "/agreements/\(pe)").contains("/agreements/\(pe)"))
            let notices = try await b.text("#notices")
            // Six months from 5 January 2026 (art. 9): 5 July 2026.
            #expect(notices.contains("5 juillet 2026"), "\(notices)")
        }
    }

    @Test func aCSVImportIsPreviewedThenConfirmed() async throws {
        let csv = ActivityCSV.format([Activity(agreementID: pe, title: "Forum de l'emploi", start: CivilDate(iso: "2026-04-01")!, domains: ["1"])])
        try await withBrowser { server, b in
            try await b.go(server.base + "/agreements/\(pe)/activities")
            try await b.script("document.getElementById('csv').value = arguments[0]", [csv])
            try await b.click("form[action$='/activities/import'] button[type=submit]")
            #expect(try await b.text("#import-rows").contains("Forum de l'emploi"))
            try await b.click("form[action$='/import/confirm'] button[type=submit]")
            #expect(try await b.url(containing: "imported=1").contains("imported=1"))
            #expect(try await b.text("#activity-list").contains("Forum de l'emploi"))
        }
    }

    @Test func staffUsesTheCalculatorButHasNoFormToRecordANotice() async throws {
        try await withBrowser(as: "staff") { server, b in
            try await b.go(server.base + "/agreements/\(pe)/notice")
            try await b.type("#given", "2025-08-31")
            try await b.click("form.calc button[type=submit]")
            #expect(try await b.text("#earliest-answer").contains("28 février 2026"))
            #expect(try await b.script("return document.querySelectorAll('form.record').length") as? Int == 0)
            #expect(try await b.text("#record-not-allowed").contains("administrateur"))
            // Nor a form to add an activity.
            try await b.go(server.base + "/agreements/\(pe)/activities")
            #expect(try await b.script("return document.querySelectorAll('form.record, form.inline[action$=\"/cancel\"]').length") as? Int == 0)
        }
    }

    @Test func aCommitteeMemberMayEditTheirAgreementAndAnotherCoordinatorMayNot() async throws {
        try await withBrowser(as: "committee-pe") { server, b in
            try await b.go(server.base + "/agreements/\(pe)/activities")
            #expect(try await b.script("return document.querySelectorAll('form.record').length") as? Int == 2)
            // Signing out ends it: the next page asks to sign in again.
            try await b.click("header.site .who button[type=submit]")
            #expect(try await b.url(containing: "/login").contains("/login"))
            try await b.go(server.base + "/agreements/\(pe)/activities")
            #expect(try await b.url(containing: "/login?next=").contains("/login?next="))
            try await signIn(b, server, "coord-on")
            try await b.go(server.base + "/agreements/\(pe)/activities")
            #expect(try await b.script("return document.querySelectorAll('form.record').length") as? Int == 0)
            try await b.go(server.base + "/agreements/\(WebHarness.ontario)/activities")
            #expect(try await b.script("return document.querySelectorAll('form.record').length") as? Int == 2)
        }
    }

    @Test func theSetupLinkCreatesTheFirstAdministratorInTheBrowser() async throws {
        try await withBrowser(as: nil, people: false) { server, b in
            let link = try #require(server.setupURL, "a server without an administrator prints its setup link")
            try await b.go(server.base + "/")
            #expect(try await b.url(containing: "/login").contains("/login"))
            #expect(try await b.text("#no-admin").contains("entente user add"))
            try await b.go(link)
            try await b.type("#login", "marie")
            try await b.type("#name", "Marie Tremblay")
            try await b.type("#password", WebHarness.password)
            try await b.type("#password2", WebHarness.password)
            try await b.click("form.setup button[type=submit]")
            #expect(try await b.text("header.site .who").contains("Marie Tremblay"))
        }
    }

    @Test func aTextUploadIsReviewedAndSavedWithTheFactsLeftChecked() async throws {
        let seed = WebHarness.packageRoot + "/Tests/EntenteIntakeTests/Fixtures/seed-003-quebec-pole-emploi.txt"
        try await withBrowser { server, b in
            try await b.go(server.base + "/import")
            try await b.type("#file", seed)
            try await b.click("#language option[value=fr]")
            try await b.type("#id", "pole-emploi-navigateur")
            try await b.click("form.upload button[type=submit]")
            #expect(try await b.url(containing: "/import/review/").contains("/import/review/"))
            // The text at the left with its marked phrases, the facts at the right, all checked.
            #expect(try await b.text("#art_2 h3").hasPrefix("Article 2"))
            let marks = try await b.script("return document.querySelectorAll('.review-text mark').length") as? Int ?? 0
            #expect(marks > 0)
            let boxes = try await b.script("return [...document.querySelectorAll('input[name=\"accept[]\"]')].map(e => e.checked)") as? [Bool] ?? []
            #expect(!boxes.isEmpty && boxes.allSatisfy { $0 })
            // A fact links to its phrase, which links back to it.
            let link = try await b.script("return document.querySelector('.review-facts a[href^=\"#phrase-\"]').getAttribute('href')") as? String ?? ""
            #expect(try await b.script("return document.querySelector(arguments[0]).tagName", [link]) as? String == "MARK")
            // The two columns side by side, for the person who looks at the screenshots.
            if let shots = ProcessInfo.processInfo.environment["ENTENTE_SCREENSHOTS"] {
                _ = try await b.script("document.querySelector('.review-grid').scrollIntoView()")
                try await b.screenshot().write(to: URL(fileURLWithPath: shots).appendingPathComponent("intake-review-grid-1280x800.png"))
            }
            // One fact rejected, then saved.
            try await b.click("#accept-1")
            try await b.click("form.review button[type=submit]")
            #expect(try await b.url(containing: "/agreements/pole-emploi-navigateur").contains("/agreements/pole-emploi-navigateur"))
            #expect(!(try await b.text("h1")).isEmpty)
            #expect(try await b.source().contains("pole-emploi-navigateur"))
        }
    }

    /// Every page, French and English, with and without errors shown: no WCAG 2.0/2.1 A or
    /// AA violation by axe-core. Screenshots at 1280×800 and 390×844 go to
    /// `ENTENTE_SCREENSHOTS` when it names a folder.
    @Test(.enabled(if: (BrowserEnv.browser && BrowserEnv.axe != nil) || BrowserEnv.ci))
    func axeFindsNoViolationOnAnyPage() async throws {
        let axePath = try #require(BrowserEnv.axe, "ENTENTE_AXE_JS must name axe.min.js (.ci/run extracts it from axe-playwright-python 0.1.8)")
        let axe = try String(contentsOfFile: axePath, encoding: .utf8)
        let shots = ProcessInfo.processInfo.environment["ENTENTE_SCREENSHOTS"]
        try await withBrowser { server, b in
            // One activity, so that the list and its cancel buttons are checked too.
            try await b.go(server.base + "/agreements/\(pe)/activities")
            try await b.type("#title", "Atelier conjoint")
            try await b.type("#start", "2026-03-02")
            try await b.click("form.record button[type=submit]")
            // The form's navigation over before the next page (a late one would replace it).
            _ = try await b.url(containing: "added=")
            // A plan with an item and a meeting, so that their pages are checked with content.
            try await b.go(server.base + "/agreements/\(pe)/plans")
            try await b.type("#plan-from", "2026-01-01")
            try await b.type("#plan-to", "2027-12-31")
            try await b.click("form[action$='/plans#create'] button[type=submit]")
            // Each navigation over before the next command (a late one would replace the page).
            _ = try await b.url(containing: "/plans/")
            try await b.type("#item-title", "Forum de l'emploi")
            try await b.click("form[action*='/items'] button[type=submit]")
            _ = try await b.url(containing: "#items")
            try await b.go(server.base + "/agreements/\(pe)/meetings")
            try await b.type("#meeting-date", "2026-05-12")
            try await b.type("#meeting-agenda", "Bilan")
            try await b.click("form[action$='/meetings#schedule'] button[type=submit]")
            let paths = ["/account", "/", "/agreements", "/agreements/\(pe)", "/agreements/\(WebHarness.ontario)", "/agreements/\(pe)/activities",
                         "/agreements/\(pe)/notice?given=2025-08-31&terminateOn=2026-12-31", "/deadlines", "/history", "/agreements/\(pe)/reports?kind=biennial&from=2024-11-08&to=2026-11-07", "/nope",
                         "/agreements/\(pe)/plans", "/agreements/\(pe)/plans/1", "/agreements/\(pe)/meetings", "/agreements/\(pe)/meetings/1",
                         "/agreements/\(pe)/meetings/1/reopen", "/agreements/\(pe)/progress", "/agreements/\(WebHarness.ontario)/progress",
                         "/agreements/\(pe)/biennial", "/agreements/\(pe)/activities/1/edit", "/deadlines/calendar?month=2026-11", "/import"]
            var pages: [(String, String)] = []
            for p in paths {
                for lang in ["fr", "en"] { pages.append((p + (p.contains("?") ? "&" : "?") + "lang=\(lang)", "")) }
            }
            // Forms shown with their errors.
            pages.append(("/agreements/\(pe)/activities?lang=fr", "activity-errors"))
            pages.append(("/agreements/\(pe)/notice?lang=fr", "notice-errors"))
            pages.append(("/agreements/\(pe)/activities?lang=fr", "import-preview"))
            pages.append(("/agreements/\(pe)/biennial?lang=fr", "biennial-errors"))
            pages.append(("/agreements/\(pe)/plans/1?lang=en", "item-errors"))
            pages.append(("/import?lang=fr", "intake-refused"))
            pages.append(("/import?lang=en", "intake-review"))
            for (i, (path, state)) in pages.enumerated() {
                try await b.go(server.base + path)
                if state == "activity-errors" {
                    try await b.type("#start", "demain")
                    try await b.click("form.record button[type=submit]")
                } else if state == "import-preview" {
                    try await b.script("document.getElementById('csv').value = arguments[0]", ["title;date\r\nX;2026-13-01\r\n"])
                    try await b.click("form[action$='/activities/import'] button[type=submit]")
                } else if state == "biennial-errors" {
                    try await b.type("#biennial-from", "2024-11-08")
                    try await b.type("#biennial-to", "2026-11-07")
                    try await b.type("#biennial-copy-sent", "2026-12-01")
                    try await b.click("form[action$='/biennial#record'] button[type=submit]")
                } else if state == "item-errors" {
                    try await b.type("#item-progress", "x")
                    try await b.click("form[action*='/items'] button[type=submit]")
                } else if state == "intake-refused" || state == "intake-review" {
                    let broken = FileManager.default.temporaryDirectory.appendingPathComponent("casse-\(UUID().uuidString).xml")
                    try Data("<akomaNtoso>\n  <act></acte>\n</akomaNtoso>\n".utf8).write(to: broken)
                    let file = state == "intake-refused" ? broken.path : WebHarness.packageRoot + "/Tests/EntenteIntakeTests/Fixtures/seed-003-quebec-pole-emploi.txt"
                    try await b.type("#file", file)
                    try await b.click("form.upload button[type=submit]")
                    if state == "intake-review" { _ = try await b.url(containing: "/import/review/") } else { _ = try await b.text("#import-excerpt") }
                } else if state == "notice-errors" {
                    try await b.type("#sent", "hier")
                    try await b.click("form.record button[type=submit]")
                }
                let violations = try await b.axeViolations(axeSource: axe)
                #expect(violations.isEmpty, "\(path) \(state): \(violations)")
                if let shots {
                    let name = String(format: "%02d", i) + "-" + (path + state).replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "?", with: "_")
                    for (w, h) in [(1280, 800), (390, 844)] {
                        try await b.cmd("POST", "window/rect", ["width": w, "height": h])
                        try await b.screenshot().write(to: URL(fileURLWithPath: shots).appendingPathComponent("\(name)-\(w)x\(h).png"))
                    }
                    try await b.cmd("POST", "window/rect", ["width": 1280, "height": 800])
                }
            }
        }
    }
    /// The pages of signing in: sign-in (with and without an error), setup (with and without
    /// errors), and the account page showing a new token: no WCAG 2.0/2.1 A or AA violation.
    @Test(.enabled(if: (BrowserEnv.browser && BrowserEnv.axe != nil) || BrowserEnv.ci))
    func axeFindsNoViolationOnTheSignInSetupAndAccountPages() async throws {
        let axePath = try #require(BrowserEnv.axe, "ENTENTE_AXE_JS must name axe.min.js (.ci/run extracts it from axe-playwright-python 0.1.8)")
        let axe = try String(contentsOfFile: axePath, encoding: .utf8)
        try await withBrowser(as: nil, people: false) { server, b in
            let link = try #require(server.setupURL)
            let shots = ProcessInfo.processInfo.environment["ENTENTE_SCREENSHOTS"]
            func check(_ what: String) async throws {
                let violations = try await b.axeViolations(axeSource: axe)
                #expect(violations.isEmpty, "\(what): \(violations)")
                guard let shots else { return }
                for (w, h) in [(1280, 800), (390, 844)] {
                    try await b.cmd("POST", "window/rect", ["width": w, "height": h])
                    let name = "signin-" + what.replacingOccurrences(of: " ", with: "-") + "-\(w)x\(h).png"
                    try await b.screenshot().write(to: URL(fileURLWithPath: shots).appendingPathComponent(name))
                }
                try await b.cmd("POST", "window/rect", ["width": 1280, "height": 800])
            }
            for lang in ["fr", "en"] {
                try await b.go(server.base + "/login?lang=\(lang)")
                try await check("sign-in \(lang)")
                try await b.go(link + "?lang=\(lang)")
                try await check("setup \(lang)")
            }
            try await b.go(link + "?lang=fr")
            try await b.type("#login", "Marie!")
            try await b.type("#password", "court")
            try await b.click("form.setup button[type=submit]")
            #expect(try await b.text("#login-error").isEmpty == false)
            try await check("setup with errors")
            try await b.type("#login", "marie")
            try await b.type("#password", WebHarness.password)
            try await b.type("#password2", WebHarness.password)
            try await b.click("form.setup button[type=submit]")
            #expect(try await b.text("header.site .who").contains("marie"))
            try await b.go(server.base + "/account")
            try await b.type("#label", "Outlook")
            try await b.click("form.record button[type=submit]")
            #expect(try await b.text("#token-value").hasPrefix("ent_"))
            try await check("account with a new token")
            try await b.go(server.base + "/account?lang=en")
            try await check("account en")
            // Signed out, a wrong password shown at the field.
            try await b.click("header.site .who button[type=submit]")
            try await b.type("#login", "marie")
            try await b.type("#password", "not the right password")
            try await b.click("form.signin button[type=submit]")
            let error = try await b.text("#login-error")
            #expect(error.contains("incorrect") || error.contains("Wrong"), "\(error)")
            try await check("sign-in with an error")
        }
    }
}
