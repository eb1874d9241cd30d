import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
@testable import EntenteStore
import EntenteWeb
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 12's record pages in process: plans, meetings, progress reports and requests,
/// biennial records, the activity edit form, the month calendar, the article text.
@Suite struct PageRouteTests {
    let pe = WebHarness.poleEmploi
    let on = WebHarness.ontario

    func location(_ res: TestResponse) throws -> String { try #require(res.headers[.location]) }

    @Test func aPlanIsCreatedGetsItemsProgressAndApprovalAndShowsWhatWasDone() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let list = try await b.get(client, "/agreements/\(pe)/plans")
            #expect(list.status == .ok && list.text.contains("<h1>Plans d&#39;action biennaux</h1>"))
            // A period that ends before it starts: Core's rule at the field, the form kept, nothing written.
            var before = try h.dump()
            let bad = try await b.post(client, "/agreements/\(pe)/plans", [("from", "2026-01-01"), ("to", "2025-12-31")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#"id="plan-to-error""#) && bad.text.contains(##"href="#plan-to""##) && bad.text.contains(#"value="2025-12-31""#))
            #expect(try h.dump() == before)
            let created = try await b.post(client, "/agreements/\(pe)/plans", [("from", "2026-01-01"), ("to", "2027-12-31")])
            #expect(created.status == .seeOther)
            let planURL = try location(created)
            let plan = try #require(try await h.service.plans.list(pe, h.caller).first { $0.periodStart == CivilDate(iso: "2026-01-01") })
            #expect(planURL == "/agreements/\(pe)/plans/\(plan.id!)" && plan.status == .draft)

            // An item, then a bad one (unknown domain, at its field; nothing written).
            let item = try await b.post(client, planURL + "/items", [("title", "Forum <emploi> 2026"), ("domains[]", "1"), ("lead-party", "pole-emploi"),
                                                                    ("due", "2026-06-30"), ("progress", "20")])
            #expect(item.status == .seeOther)
            let stored = try #require(try await h.service.plans.list(pe, h.caller).first { $0.id == plan.id }?.items.first)
            #expect(stored.title == "Forum <emploi> 2026" && stored.domains == ["1"] && stored.progress == 20 && stored.leadParty == "pole-emploi")
            before = try h.dump()
            let unknown = try await b.post(client, planURL + "/items", [("title", "X"), ("domains[]", "9.9")])
            #expect(unknown.status == .unprocessableContent && unknown.text.contains(#"id="item-domains-error""#) && unknown.text.contains("9.9"))
            #expect(try h.dump() == before)

            // What was done: an activity carrying out the item is on the item's row.
            _ = try await h.service.activities.add(Activity(agreementID: pe, title: "Atelier réalisé", start: CivilDate(iso: "2026-03-02")!,
                                                            status: .done, planItemID: stored.id), h.caller)
            let page = try await b.get(client, planURL)
            #expect(page.text.contains("Forum &lt;emploi&gt; 2026") && page.text.contains("<strong>20 %</strong>"))
            #expect(page.text.contains("Atelier réalisé") && page.text.contains("1/1"))
            let done = try #require(try await h.service.plans.overview(pe, h.caller).first { $0.plan.id == plan.id }?.items.first)
            #expect(done.done == 1)

            // Progress: 60 stored; 150 refused at the item's field.
            let p = try await b.post(client, planURL + "/items/\(stored.id!)/progress", [("progress", "60")])
            #expect(p.status == .seeOther)
            #expect(try await h.service.plans.list(pe, h.caller).first { $0.id == plan.id }?.items.first?.progress == 60)
            before = try h.dump()
            let tooMuch = try await b.post(client, planURL + "/items/\(stored.id!)/progress", [("progress", "150")])
            #expect(tooMuch.status == .unprocessableContent && tooMuch.text.contains(#"id="p\#(stored.id!)-progress-error""#))
            #expect(tooMuch.text.contains(#"value="150""#))
            #expect(try h.dump() == before)

            // Approval: a bad date at its field, then approved (the form is gone).
            let badDate = try await b.post(client, planURL + "/approve", [("on", "2026-02-30")])
            #expect(badDate.status == .unprocessableContent && badDate.text.contains(#"id="approve-on-error""#))
            #expect(try h.dump() == before)
            #expect(try await b.post(client, planURL + "/approve", [("on", "2026-02-15")]).status == .seeOther)
            let approved = try #require(try await h.service.plans.list(pe, h.caller).first { $0.id == plan.id })
            #expect(approved.status == .approved && approved.approvedOn == CivilDate(iso: "2026-02-15"))
            let after = try await b.get(client, planURL)
            #expect(after.text.contains("approuvé") && !after.text.contains("/approve#approve\""))
            // Another agreement's address does not reach this plan.
            #expect(try await b.get(client, "/agreements/\(on)/plans/\(plan.id!)").status == .notFound)
        }
    }

    @Test func meetingMinutesAreKeptThenClosedReadOnlyCorrectedAndReopenedWithAReason() async throws {
        let h = try await WebHarness()
        let body = try #require(try await h.service.agreements.show(pe, h.caller).stored.agreement.bodies.first).id
        try await h.app().test(.router) { client in
            var b = Browser()
            #expect(try await b.get(client, "/agreements/\(pe)/meetings").status == .ok)
            var before = try h.dump()
            let bad = try await b.post(client, "/agreements/\(pe)/meetings", [("body", body), ("date", "demain"), ("agenda", "Bilan")])
            #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="meeting-date-error""#) && bad.text.contains(">Bilan</textarea>"))
            #expect(try h.dump() == before)
            let created = try await b.post(client, "/agreements/\(pe)/meetings", [("body", body), ("date", "2026-05-12"), ("agenda", "Bilan\nPlan 2027")])
            #expect(created.status == .seeOther)
            let url = try location(created)
            let m = try #require(try await h.service.meetings.list(pe, h.caller).first { $0.date == CivilDate(iso: "2026-05-12") })
            #expect(url == "/agreements/\(pe)/meetings/\(m.id!)" && m.agenda == ["Bilan", "Plan 2027"])

            before = try h.dump()
            let noName = try await b.post(client, url + "/attendees", [("name", " "), ("party", "pole-emploi")])
            #expect(noName.status == .unprocessableContent && noName.text.contains(#"id="attendee-name-error""#))
            #expect(try h.dump() == before)
            #expect(try await b.post(client, url + "/attendees", [("name", "Claire Dubé"), ("party", "gouvernement-quebec"), ("role", "coordonnatrice")]).status == .seeOther)
            #expect(try await b.post(client, url + "/agenda", [("item", "Varia")]).status == .seeOther)
            #expect(try await b.post(client, url + "/decisions", [("text", "Le forum aura lieu à Lyon.")]).status == .seeOther)
            let open = try await b.get(client, url)
            #expect(open.text.contains("Claire Dubé") && open.text.contains("Varia") && open.text.contains("Le forum aura lieu à Lyon."))

            // Closed: read-only, no form on the page; a change is refused with nothing written.
            #expect(try await b.post(client, url + "/close", []).status == .seeOther)
            let closed = try await b.get(client, url)
            let main = try #require(closed.text.components(separatedBy: "<main").last?.components(separatedBy: "</main>").first)
            #expect(closed.text.contains("clos (lecture seule)") && !main.contains("<form"), "closed minutes: no form in the page's content")
            before = try h.dump()
            #expect(try await b.post(client, url + "/decisions", [("text", "Ajout tardif")]).status == .conflict)
            #expect(try h.dump() == before)

            // A correction is a new linked entry.
            let form = try await b.get(client, "/agreements/\(pe)/meetings?corrects=\(m.id!)")
            #expect(form.text.contains(#"name="corrects" value="\#(m.id!)""#))
            let fix = try await b.post(client, "/agreements/\(pe)/meetings", [("corrects", String(m.id!)), ("body", body), ("date", "2026-05-20"),
                                                                           ("decisions", "Le forum aura lieu à Montréal.")])
            #expect(fix.status == .seeOther)
            let correction = try #require(try await h.service.meetings.list(pe, h.caller).first { $0.corrects == m.id })
            #expect(correction.decisions.map(\.text) == ["Le forum aura lieu à Montréal."])
            #expect(try await b.get(client, url).text.contains("/meetings/\(correction.id!)"))

            // Reopened (the server's operator may): a reason is required, then kept in the log.
            #expect(try await b.get(client, url + "/reopen").text.contains(#"id="reopen-reason""#))
            before = try h.dump()
            let noReason = try await b.post(client, url + "/reopen", [("reason", "  ")])
            #expect(noReason.status == .unprocessableContent && noReason.text.contains(#"id="reopen-reason-error""#))
            #expect(try h.dump() == before)
            #expect(try await b.post(client, url + "/reopen", [("reason", "Erreur de date au point 2")]).status == .seeOther)
            #expect(try await h.service.meetings.list(pe, h.caller).first { $0.id == m.id }?.minutesClosed == false)
            let log = try await h.service.history.entries(AuditQuery(entity: "meeting", entityID: m.id, agreementID: pe, limit: 5), h.caller)
            #expect(log.first?.action == "reopen" && (log.first?.after ?? "").contains("Erreur de date au point 2"))
            #expect(try await b.get(client, url).text.contains("/decisions#decisions\""), "open again: the forms are back")
        }
    }

    @Test func reopeningIsForAdministratorsOnlyAndTheSchemaRefusesAnyOtherEdit() async throws {
        let h = try await WebHarness()
        let body = try #require(try await h.service.agreements.show(pe, h.caller).stored.agreement.bodies.first).id
        let m = try await h.service.meetings.add(Meeting(agreementID: pe, body: body, date: CivilDate(iso: "2026-05-12")!, minutesClosed: true), h.caller)
        let before = try h.dump()
        for role in [Role.committee, .coordinator, .staff] {
            let person = Person(login: "p-\(role.rawValue)", role: role, agreements: role == .staff ? [] : [pe])
            let caller = Caller(user: .person(person), lang: .fr, asOf: h.caller.asOf)
            await #expect(throws: ServiceError.forbidden(.reopenMinutes, agreement: pe)) {
                _ = try await h.service.meetings.reopen(m.id!, reason: "raison", caller)
            }
        }
        #expect(try h.dump() == before)
        // Below the service: SQL that edits closed minutes is refused by the schema itself.
        #expect(throws: (any Error).self) {
            try h.store.write { d in try d.execute(sql: "UPDATE meeting SET agenda_json = '[\"x\"]' WHERE id = ?", arguments: [m.id!]) }
        }
        #expect(try h.dump() == before)
        let admin = Caller(user: .person(Person(login: "admin", role: .admin)), lang: .fr, asOf: h.caller.asOf)
        #expect(try await h.service.meetings.reopen(m.id!, reason: "coquille", admin).minutesClosed == false)
    }

    @Test func progressReportsRequestsAndWhatIsDue() async throws {
        let h = try await WebHarness()
        let a = try await h.service.agreements.show(on, h.caller).stored.agreement
        let body = try #require(a.bodies.first).id
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/agreements/\(on)/progress")
            #expect(page.status == .ok)
            let due = try await h.service.progress.overview(on, leadTimes: [90, 30, 7], h.caller).due
            for d in due { #expect(page.text.contains(d.due.iso) && page.text.contains(d.title[.fr].htmlEscaped)) }
            var before = try h.dump()
            let bad = try await b.post(client, "/agreements/\(on)/progress/requests", [("body", body), ("requested", "2026-03-01"), ("due", "")])
            #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="request-due-error""#) && bad.text.contains(#"value="2026-03-01""#))
            #expect(try h.dump() == before)
            #expect(try await b.post(client, "/agreements/\(on)/progress/requests", [("body", body), ("requested", "2026-03-01"), ("due", "2026-04-15"), ("note", "Bilan des stages")]).status == .seeOther)
            let request = try #require(try await h.service.progress.overview(on, leadTimes: [90], h.caller).requests.first?.request)
            #expect(request.due == CivilDate(iso: "2026-04-15") && request.note == "Bilan des stages")
            let pending = try await b.get(client, "/agreements/\(on)/progress")
            #expect(pending.text.contains("sans réponse"))
            // The answer: a report linked to the request.
            #expect(try await b.post(client, "/agreements/\(on)/progress", [("body", body), ("date", "2026-04-10"), ("request", String(request.id!)), ("title", "Rapport des stages")]).status == .seeOther)
            let answered = try await h.service.progress.overview(on, leadTimes: [90], h.caller)
            #expect(answered.requests.first?.answers.first?.title == "Rapport des stages")
            let shown = try await b.get(client, "/agreements/\(on)/progress")
            #expect(shown.text.contains("Rapport des stages") && !shown.text.contains("sans réponse"))
            before = try h.dump()
            let unknownMeeting = try await b.post(client, "/agreements/\(on)/progress", [("body", body), ("date", "2026-04-10"), ("meeting", "9999")])
            #expect(unknownMeeting.status == .unprocessableContent && unknownMeeting.text.contains(#"id="report-date-error""#))
            #expect(try h.dump() == before)
        }
    }

    @Test func biennialRecordsRefuseACopyWithoutApprovalAtTheField() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            #expect(try await b.get(client, "/agreements/\(pe)/biennial").status == .ok)
            let before = try h.dump()
            let bad = try await b.post(client, "/agreements/\(pe)/biennial", [("from", "2024-11-08"), ("to", "2026-11-07"), ("copy-sent", "2026-12-01")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#"id="biennial-copy-sent-error""#) && bad.text.contains(##"href="#biennial-copy-sent""##) && bad.text.contains(#"value="2026-12-01""#))
            #expect(bad.text.contains(#"aria-invalid="true" aria-describedby="biennial-copy-sent-hint biennial-copy-sent-error""#), "the rule and the error read with the field")
            #expect(try h.dump() == before)
            #expect(try await b.post(client, "/agreements/\(pe)/biennial", [("from", "2024-11-08"), ("to", "2026-11-07"), ("approved", "2026-11-20")]).status == .seeOther)
            let record = try #require(try await h.service.biennial.overview(pe, leadTimes: [90], h.caller).records.first)
            #expect(record.approvedOn == CivilDate(iso: "2026-11-20") && record.copySentOn == nil)
            #expect(try await b.post(client, "/agreements/\(pe)/biennial/\(record.id!)", [("approved", "2026-11-20"), ("copy-sent", "2026-11-25")]).status == .seeOther)
            #expect(try await h.service.biennial.overview(pe, leadTimes: [90], h.caller).records.first?.copySentOn == CivilDate(iso: "2026-11-25"))
            let page = try await b.get(client, "/agreements/\(pe)/biennial")
            #expect(page.text.contains(CivilDate(iso: "2026-11-25")!.long(.fr)))
        }
    }

    @Test func anActivityIsEditedThroughItsFormWithErrorsAtTheField() async throws {
        let h = try await WebHarness()
        let act = try await h.service.activities.add(Activity(agreementID: pe, title: "Mission à Paris", start: CivilDate(iso: "2026-02-03")!, domains: ["1"]), h.caller)
        try await h.app().test(.router) { client in
            var b = Browser()
            let list = try await b.get(client, "/agreements/\(pe)/activities")
            #expect(list.text.contains(#"href="/agreements/\#(pe)/activities/\#(act.id!)/edit""#))
            let url = "/agreements/\(pe)/activities/\(act.id!)/edit"
            let form = try await b.get(client, url)
            #expect(form.status == .ok && form.text.contains(#"value="Mission à Paris""#) && form.text.contains(#"value="2026-02-03""#))
            #expect(form.text.contains(#"value="1" id="edit-dom-1" checked"#))
            let before = try h.dump()
            let bad = try await b.post(client, url, [("title", "Mission à Lyon"), ("start", "2026-02-03"), ("end", "2026-01-01"), ("status", "done")])
            #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="edit-end-error""#) && bad.text.contains(#"value="Mission à Lyon""#))
            #expect(try h.dump() == before)
            let ok = try await b.post(client, url, [("title", "Mission à Lyon"), ("start", "2026-02-03"), ("end", "2026-02-05"), ("status", "done"), ("domains[]", "2")])
            #expect(ok.status == .seeOther)
            #expect(try location(ok).hasSuffix("edited=\(act.id!)"))
            let stored = try #require(try await h.service.activities.list(ActivityFilter(agreementID: pe), h.caller).first { $0.id == act.id })
            #expect(stored.title == "Mission à Lyon" && stored.status == .done && stored.domains == ["2"] && stored.end == CivilDate(iso: "2026-02-05"))
            #expect(try await b.get(client, "/agreements/\(on)/activities/\(act.id!)/edit").status == .notFound)
        }
    }

    @Test func monthCalendarPutsEachDeadlineInItsDayWithItsStatusInWords() async throws {
        let h = try await WebHarness()
        let all = try await h.service.deadlines.list(leadTimes: [90, 30, 7], h.caller).deadlines
        let d = try #require(all.first { $0.status != .met } ?? all.first)
        let month = String(d.due.iso.prefix(7))
        try await h.app().test(.router) { client in
            var b = Browser()
            #expect(try await b.get(client, "/deadlines").text.contains(#"href="/deadlines/calendar""#))
            let res = try await b.get(client, "/deadlines/calendar?month=\(month)")
            #expect(res.status == .ok)
            let page = res.text
            #expect(page.contains(#"<th scope="col">lundi</th>"#) && page.contains("<caption>"))
            let cell = try #require(page.range(of: #"<time datetime="\#(d.due.iso)">"#))
            let rest = String(page[cell.upperBound...].prefix { $0 != "\u{0}" })
            let cellText = String(rest[..<(rest.range(of: "</td>")?.lowerBound ?? rest.endIndex)])
            #expect(cellText.contains(d.title[.fr].htmlEscaped) && cellText.contains(Labels.status(d.status, .fr)))
            let prev = d.due.adding(months: -1), next = d.due.adding(months: 1)
            #expect(page.contains("month=\(prev.iso.prefix(7))") && page.contains("month=\(next.iso.prefix(7))"))
            let en = try await b.get(client, "/deadlines/calendar?month=\(month)&lang=en")
            #expect(en.text.contains(#"<th scope="col">Monday</th>"#) && en.text.contains(Labels.status(d.status, .en)))
            let bad = try await b.get(client, "/deadlines/calendar?month=2026-13")
            #expect(bad.status == .ok && bad.text.contains("2026-13") && bad.text.contains(#"role="alert""#))
        }
    }

    @Test func theAgreementPageHasEachArticlesTextUnderItsAnchor() async throws {
        let h = try await WebHarness()
        let a = try await h.service.agreements.show(pe, h.caller).stored.agreement
        let texts = try await h.service.agreements.articleTexts(pe, h.caller)
        #expect(texts.map(\.eId) == a.articles.map(\.eId))
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/agreements/\(pe)").text
            for t in texts {
                #expect(page.components(separatedBy: #"id="\#(t.eId)""#).count == 2, "one anchor for \(t.eId)")
                let first = try #require(t.blocks.first, "\(t.eId) has text")
                #expect(page.contains(first.text.htmlEscaped))
            }
            // Every citation on the page lands on an article.
            let notice = try #require(a.notice)
            #expect(page.contains(#"<section class="article" id="\#(notice.source.eId.components(separatedBy: "__")[0])""#))
        }
    }

    @Test func historyShowsNoServerPath() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let page = try await b.get(client, "/history").text
            #expect(!page.contains(WebHarness.packageRoot) && !page.contains("/agreements/quebec-pole-emploi-2022.xml"))
            #expect(page.contains("quebec-pole-emploi-2022.xml"))
        }
    }

    @Test func narrowScreensLabelEveryStackedCell() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let css = try await b.get(client, "/static/entente.css").text
            #expect(css.contains("td[data-label]::before"))
            _ = try await h.service.activities.add(Activity(agreementID: pe, title: "T", start: CivilDate(iso: "2026-01-05")!), h.caller)
            _ = try await h.service.plans.create(ActionPlan(agreementID: pe, periodStart: CivilDate(iso: "2026-01-01")!, periodEnd: CivilDate(iso: "2027-12-31")!), h.caller)
            for path in ["/agreements/\(pe)/plans", "/agreements/\(pe)/activities", "/deadlines", "/history", "/agreements/\(on)/progress", "/agreements/\(pe)"] {
                let page = try await b.get(client, path).text
                #expect(!page.contains("<td>"), "\(path): a cell without data-label")
            }
        }
    }
}
