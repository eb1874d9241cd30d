import EntenteCore
import Foundation
import Testing

/// Issue 12's record pages in the real browser (same suite, server and browser as BrowserTests).
extension BrowserTests {
    @Test func aPlanItemAddedThroughTheFormIsSeenWithItsProgress() async throws {
        try await withBrowser { server, b in
            try await b.go(server.base + "/agreements/\(pe)/plans")
            try await b.type("#plan-from", "2026-01-01")
            try await b.type("#plan-to", "2027-12-31")
            try await b.click("form[action$='/plans#create'] button[type=submit]")
            #expect(try await b.url(containing: "/plans/").contains("/agreements/\(pe)/plans/"))
            // A mistake first: kept at its field.
            try await b.type("#item-title", "Forum franco-québécois de l'emploi")
            try await b.type("#item-progress", "250")
            try await b.click("form[action*='/items'] button[type=submit]")
            #expect(try await b.text("#item-progress-error").contains("100"))
            #expect(try await b.script("return document.getElementById('item-title').value") as? String == "Forum franco-québécois de l'emploi")
            try await b.type("#item-progress", "40")
            try await b.click("#item-dom-1")
            try await b.click("form[action*='/items'] button[type=submit]")
            #expect(try await b.url(containing: "#items").contains("#items"))
            let items = try await b.text("#plan-items")
            #expect(items.contains("Forum franco-québécois de l'emploi") && items.contains("40 %"))
        }
    }

    @Test func closedMinutesAreReadOnly() async throws {
        try await withBrowser { server, b in
            try await b.go(server.base + "/agreements/\(pe)/meetings")
            try await b.type("#meeting-date", "2026-05-12")
            try await b.type("#meeting-agenda", "Bilan de l'année")
            try await b.click("form[action$='/meetings#schedule'] button[type=submit]")
            #expect(try await b.url(containing: "/meetings/").contains("/agreements/\(pe)/meetings/"))
            try await b.type("#decision-text", "Le forum aura lieu à Lyon.")
            try await b.click("form[action$='/decisions#decisions'] button[type=submit]")
            #expect(try await b.text("#decision-list").contains("Le forum aura lieu à Lyon."))
            try await b.click("form[action$='/close'] button[type=submit]")
            #expect(try await b.text("#minutes-state").contains("clos"))
            #expect(try await b.script("return document.querySelectorAll('main form').length") as? Int == 0)
            #expect(try await b.text("#read-only").contains("nouvelle entrée liée"))
        }
    }

    /// Issue 13's "must show" on a record page: the approval form is there for the joint
    /// committee's member, who approves, and not for the coordinator, who drafts.
    @Test func onlyTheCommitteeSeesAndUsesThePlansApproval() async throws {
        try await withBrowser(as: "coord-pe") { server, b in
            let approveForms = "return document.querySelectorAll(\"main form[action*='/approve']\").length"
            try await b.go(server.base + "/agreements/\(pe)/plans")
            try await b.type("#plan-from", "2026-01-01")
            try await b.type("#plan-to", "2027-12-31")
            try await b.click("form[action$='/plans#create'] button[type=submit]")
            let plan = try await b.url(containing: "/plans/")
            #expect(plan.contains("/agreements/\(pe)/plans/"))
            // The coordinator drafts (the item form is there) but does not approve.
            #expect(try await b.script("return document.querySelectorAll(\"main form[action*='/items#add-item']\").length") as? Int == 1)
            #expect(try await b.script(approveForms) as? Int == 0)
            #expect(try await b.script("return document.getElementById('approve') === null") as? Bool == true)
            #expect(try await b.text("#plan-status").contains("brouillon"))
            try await b.click("header form[action='/sign-out'] button[type=submit]")
            _ = try await b.url(containing: "/login")
            try await signIn(b, server, "committee-pe")
            try await b.go(plan)
            #expect(try await b.script(approveForms) as? Int == 1)
            try await b.type("#approve-on", "2026-11-20")
            try await b.click("main form[action*='/approve'] button[type=submit]")
            #expect(try await b.text("#plan-status").contains("approuvé"))
            #expect(try await b.script(approveForms) as? Int == 0, "an approved plan has no approval form")
        }
    }
}
