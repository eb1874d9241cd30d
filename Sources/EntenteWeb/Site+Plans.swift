import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import Hummingbird

/// Biennial action plans (plans d'action biennaux): list by period, create, items with their
/// progress, plan against what was done, approval (committee and administrators: the service
/// refuses others with 403).
extension Site {
    static func planStatus(_ p: ActionPlan, _ lang: Language) -> String {
        p.status == .approved ? (lang == .fr ? "approuvé" : "approved") : (lang == .fr ? "brouillon" : "draft")
    }

    func plans(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await plansPage(req, ctx, form: PostedForm("plan", names: ["from", "to"]), status: .ok)
    }

    func plansPage(_ req: Request, _ ctx: WebContext, form: PostedForm, status: HTTPResponse.Status) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let view = try await service.agreements.show(id, caller)
        let plans = try await service.plans.overview(id, caller)
        return page("plans", "\(Self.word(ctx, "plans")) — \(id)", [
            "id": id, "agreementTitle": Self.titled(view.stored.agreement, lang),
            "plans": plans.map { o -> [String: Any] in
                ["planID": String(o.plan.id ?? 0), "from": o.plan.periodStart.iso, "to": o.plan.periodEnd.iso,
                 "planStatus": Self.planStatus(o.plan, lang), "approvedOn": Self.date(o.plan.approvedOn, lang) as Any,
                 "itemCount": String(o.items.count),
                 "doneCount": String(o.items.reduce(0) { $0 + $1.done })]
            },
            "noPlans": plans.isEmpty,
            // Forms only for those who may use them (Core's matrix; the service refuses others).
            "canDraft": caller.may(.draftPlan, on: id),
            "createForm": form.summary.merging([
                "from": form.field("from", Self.word(ctx, "periodFrom"), kind: .date),
                "to": form.field("to", Self.word(ctx, "periodTo"), kind: .date),
            ]) { a, _ in a },
        ], req, ctx, status: status)
    }

    func createPlan(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        var form = PostedForm("plan", try await Self.fields(req, ctx), names: ["from", "to"])
        let from = form.date("from", required: true, lang), to = form.date("to", required: true, lang)
        if form.errors.isEmpty, let from, let to {
            do {
                let saved = try await service.plans.create(ActionPlan(agreementID: id, periodStart: from, periodEnd: to), self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/plans/\(saved.id ?? 0)", type: .normal)
            } catch { try form.absorb(error, fallback: "from", lang) }
        }
        return try await plansPage(req, ctx, form: form, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: One plan

    struct PlanForms {
        var item = PostedForm("item", names: ["title", "lead-party", "start", "due", "progress"], lists: ["domains"])
        var approve = PostedForm("approve", names: ["on", "meeting"])
        /// The progress form of one item, when it was the one posted.
        var progress: (item: Int64, form: PostedForm)?
    }

    /// The plan of this agreement named in the address, or 404 (a plan of another agreement
    /// is not found here).
    func planOverview(_ ctx: WebContext) async throws -> (String, PlanOverview) {
        let id = try ctx.parameters.require("id")
        let planID = try ctx.parameters.require("plan", as: Int64.self)
        guard let o = try await service.plans.overview(id, self.caller(ctx)).first(where: { $0.plan.id == planID }) else { throw WebError.notFound }
        return (id, o)
    }

    func plan(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await planPage(req, ctx, forms: PlanForms(), status: .ok)
    }

    func planPage(_ req: Request, _ ctx: WebContext, forms: PlanForms, status: HTTPResponse.Status) async throws -> HTML {
        let (id, o) = try await planOverview(ctx)
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let view = try await service.agreements.show(id, caller)
        let a = view.stored.agreement
        let meetings = try await service.meetings.list(id, caller)
        let w = Catalog.words(lang)
        let partyChoices = a.parties.map { (value: $0.id, label: $0.name(on: caller.asOf)) }
        let domainLabels = Dictionary(a.allDomains.map { ($0.num, "\($0.printedNum ?? $0.num) \($0.label)") }, uniquingKeysWith: { x, _ in x })
        let planID = o.plan.id ?? 0
        let items = o.items.map { it -> [String: Any] in
            let itemID = it.item.id ?? 0
            var pf = PostedForm("p\(itemID)", names: ["progress"])
            pf["progress"] = String(it.item.progress)
            if let posted = forms.progress, posted.item == itemID { pf = posted.form }
            return [
                "itemID": String(itemID), "title": it.item.title,
                "itemDomains": it.item.domains.map { domainLabels[$0] ?? $0 }.joined(separator: "; "),
                "leadParty": it.item.leadParty.flatMap { p in a.party(p)?.name(on: caller.asOf) ?? p } ?? "",
                "start": it.item.start?.iso ?? "", "due": it.item.due?.iso ?? "", "progress": String(it.item.progress),
                "linked": it.activities.map { act -> [String: Any] in
                    ["activityID": String(act.id ?? 0), "activityTitle": act.title, "activityStart": act.start.iso,
                     "activityStatus": w[act.status.rawValue] ?? act.status.rawValue]
                },
                "linkedCount": String(it.activities.count), "linkedDone": String(it.done),
                "progressForm": pf.summary.merging(["progress": pf.field("progress", "\(w["progressPercent"]!) (#\(itemID))", kind: .number)]) { x, _ in x },
                "planID": String(planID),
            ]
        }
        let approve = forms.approve
        let item = forms.item
        return page("plan", "\(w["plan"]!) #\(planID) — \(id)", [
            "id": id, "agreementTitle": Self.titled(a, lang), "planID": String(planID),
            "from": Self.date(o.plan.periodStart, lang)!, "to": Self.date(o.plan.periodEnd, lang)!,
            "planStatus": Self.planStatus(o.plan, lang), "approved": o.plan.status == .approved,
            "approvedOn": Self.date(o.plan.approvedOn, lang) as Any,
            "approvedAt": o.approvedAt.map { m in ["meetingID": String(m.id ?? 0), "meetingDate": m.date.iso] } as Any,
            "items": items, "noItems": items.isEmpty,
            "canEditItems": caller.may(.editPlanItem, on: id), "canApprove": caller.may(.approvePlan, on: id),
            "itemForm": item.summary.merging([
                "title": item.field("title", w["title"]!),
                "leadParty": item.field("lead-party", w["leadParty"]!, kind: .select(partyChoices, blank: "—")),
                "start": item.field("start", w["itemStart"]!, kind: .date),
                "due": item.field("due", w["itemDue"]!, kind: .date),
                "progress": item.field("progress", w["progressPercent"]!, kind: .number),
                "domainsError": item.errors.first { $0.field == "domains" }?.message as Any,
                "domainChoices": a.allDomains.map { d -> [String: Any] in
                    ["num": d.num, "label": "\(d.printedNum ?? d.num) \(d.label)", "checked": item.lists["domains"]?.contains(d.num) ?? false,
                     "key": d.num.replacingOccurrences(of: ".", with: "-")]
                },
            ]) { x, _ in x },
            "approveForm": approve.summary.merging([
                "on": approve.field("on", w["approvedOnField"]!, kind: .date),
                "meeting": approve.field("meeting", w["atMeeting"]!, kind: .select(meetings.map { m in
                    (value: String(m.id ?? 0), label: "#\(m.id ?? 0) \(m.date.iso) \(a.bodies.first { $0.id == m.body }?.name ?? m.body)")
                }, blank: "—")),
            ]) { x, _ in x },
        ], req, ctx, status: status)
    }

    func addPlanItem(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let (id, o) = try await planOverview(ctx)
        let lang = ctx.lang
        var forms = PlanForms()
        forms.item = PostedForm("item", try await Self.fields(req, ctx), names: ["title", "lead-party", "start", "due", "progress"], lists: ["domains"])
        var f = forms.item
        let start = f.date("start", required: false, lang), due = f.date("due", required: false, lang)
        let progress = f["progress"].trimmingCharacters(in: .whitespaces).isEmpty ? 0 : Int(f["progress"].trimmingCharacters(in: .whitespaces))
        if progress == nil { f.fail("progress", lang == .fr ? "Donnez un pourcentage entier de 0 à 100." : "Give a whole percentage from 0 to 100.") }
        if f.errors.isEmpty, let progress {
            let item = PlanItem(title: f["title"], domains: f.lists["domains"] ?? [], start: start, due: due,
                                leadParty: f["lead-party"].isEmpty ? nil : f["lead-party"], progress: progress)
            do {
                _ = try await service.plans.addItem(to: o.plan.id ?? 0, item, self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/plans/\(o.plan.id ?? 0)#items", type: .normal)
            } catch { try f.absorb(error, fields: ["domain": "domains"], fallback: "title", lang) }
        }
        forms.item = f
        return try await planPage(req, ctx, forms: forms, status: .unprocessableContent).response(from: req, context: ctx)
    }

    func setItemProgress(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let (id, o) = try await planOverview(ctx)
        let lang = ctx.lang
        let itemID = try ctx.parameters.require("item", as: Int64.self)
        guard o.items.contains(where: { $0.item.id == itemID }) else { throw WebError.notFound }
        var f = PostedForm("p\(itemID)", try await Self.fields(req, ctx), names: ["progress"])
        let raw = f["progress"].trimmingCharacters(in: .whitespaces)
        if let value = Int(raw) {
            do {
                _ = try await service.plans.editItem(itemID, self.caller(ctx)) { $0.progress = value }
                return .redirect(to: "/agreements/\(Pages.escape(id))/plans/\(o.plan.id ?? 0)#item-\(itemID)", type: .normal)
            } catch { try f.absorb(error, fallback: "progress", lang) }
        } else {
            f.fail("progress", lang == .fr ? "« \(raw) » : donnez un pourcentage entier de 0 à 100." : "'\(raw)': give a whole percentage from 0 to 100.")
        }
        var forms = PlanForms()
        forms.progress = (itemID, f)
        return try await planPage(req, ctx, forms: forms, status: .unprocessableContent).response(from: req, context: ctx)
    }

    func approvePlan(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let (id, o) = try await planOverview(ctx)
        let lang = ctx.lang
        var forms = PlanForms()
        var f = PostedForm("approve", try await Self.fields(req, ctx), names: ["on", "meeting"])
        let on = f.date("on", required: true, lang)
        let meeting = f.number("meeting", lang)
        if f.errors.isEmpty, let on {
            do {
                _ = try await service.plans.approve(o.plan.id ?? 0, on: on, meetingID: meeting, self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/plans/\(o.plan.id ?? 0)", type: .normal)
            } catch { try f.absorb(error, fields: ["meeting": "meeting"], fallback: "on", lang) }
        }
        forms.approve = f
        return try await planPage(req, ctx, forms: forms, status: .unprocessableContent).response(from: req, context: ctx)
    }
}
