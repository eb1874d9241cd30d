import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import Hummingbird

/// The activity edit form, and the month calendar of deadlines.
extension Site {
    static let activityEditFields = ["title", "start", "end", "description", "status", "outcomes"]

    /// This agreement's activity named in the address, or 404.
    func activityInAgreement(_ ctx: WebContext) async throws -> (String, Activity) {
        let id = try ctx.parameters.require("id")
        let activityID = try ctx.parameters.require("activity", as: Int64.self)
        guard let a = try await service.activities.list(ActivityFilter(agreementID: id), self.caller(ctx)).first(where: { $0.id == activityID }) else {
            throw WebError.notFound
        }
        return (id, a)
    }

    func editActivityForm(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let (_, act) = try await activityInAgreement(ctx)
        var f = PostedForm("edit", names: Self.activityEditFields, lists: ["domains"])
        f["title"] = act.title
        f["start"] = act.start.iso
        f["end"] = act.end?.iso ?? ""
        f["description"] = act.description ?? ""
        f["status"] = act.status.rawValue
        f["outcomes"] = act.outcomes ?? ""
        f.lists["domains"] = act.domains
        return try await editActivityPage(req, ctx, form: f, status: .ok)
    }

    func editActivityPage(_ req: Request, _ ctx: WebContext, form f: PostedForm, status: HTTPResponse.Status) async throws -> HTML {
        let (id, act) = try await activityInAgreement(ctx)
        let lang = ctx.lang
        let w = Catalog.words(lang)
        let a = try await service.agreements.show(id, self.caller(ctx)).stored.agreement
        let checked = Set(f.lists["domains"] ?? [])
        return page("activity-edit", "\(w["editActivity"]!) #\(act.id ?? 0) — \(id)", [
            "id": id, "agreementTitle": Self.titled(a, lang), "activityID": String(act.id ?? 0),
            "canEdit": self.caller(ctx).may(.editActivity, on: id),
            "editForm": f.summary.merging([
                "title": f.field("title", w["title"]!),
                "start": f.field("start", w["start"]!, kind: .date),
                "end": f.field("end", w["end"]!, kind: .date),
                "status": f.field("status", w["status"]!, kind: .select(ActivityStatus.allCases.map { (value: $0.rawValue, label: w[$0.rawValue] ?? $0.rawValue) }, blank: nil)),
                "description": f.field("description", w["description"]!, kind: .textarea),
                "outcomes": f.field("outcomes", w["outcomes"]!, kind: .textarea),
                "domainsError": f.errors.first { $0.field == "domains" }?.message as Any,
                "domainChoices": a.allDomains.map { d -> [String: Any] in
                    ["num": d.num, "label": "\(d.printedNum ?? d.num) \(d.label)", "checked": checked.contains(d.num),
                     "key": d.num.replacingOccurrences(of: ".", with: "-")]
                },
            ]) { x, _ in x },
        ], req, ctx, status: status)
    }

    /// Saves the edit through the service (Core checks it; the audit log keeps before and after).
    func editActivity(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let (id, act) = try await activityInAgreement(ctx)
        let lang = ctx.lang
        var f = PostedForm("edit", try await Self.fields(req, ctx), names: Self.activityEditFields, lists: ["domains"])
        let start = f.date("start", required: true, lang), end = f.date("end", required: false, lang)
        let status = ActivityStatus(rawValue: f["status"])
        if status == nil { f.fail("status", lang == .fr ? "Statut inconnu; choisissez-en un dans la liste." : "Unknown status; choose one from the list.") }
        if f.errors.isEmpty, let start, let status {
            let title = f["title"], description = f["description"], outcomes = f["outcomes"], domains = (f.lists["domains"] ?? []).sorted()
            do {
                _ = try await service.activities.edit(act.id ?? 0, self.caller(ctx)) { a in
                    a.title = title
                    a.start = start
                    a.end = end
                    a.status = status
                    a.description = description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : description
                    a.outcomes = outcomes.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : outcomes
                    a.domains = domains
                }
                return .redirect(to: "/agreements/\(Pages.escape(id))/activities?edited=\(act.id ?? 0)", type: .normal)
            } catch { try f.absorb(error, fields: ["domain": "domains", "date": "start"], fallback: "title", lang) }
        }
        return try await editActivityPage(req, ctx, form: f, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: Month calendar

    /// The deadlines of a month (`?month=YYYY-MM`, the as-of month by default) as a table, a
    /// week (Monday first, ISO 8601) per row, each deadline in its day's cell with its status
    /// in words; `?agreement=` narrows it.
    func calendar(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let w = Catalog.words(lang)
        let q = req.uri.queryParameters
        let agreement = q["agreement"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let raw = q["month"].map(String.init) ?? ""
        var problem: String?
        var first = CivilDate(year: caller.asOf.year, month: caller.asOf.month, day: 1)!
        if !raw.isEmpty {
            if let d = CivilDate(iso: raw + "-01") { first = d } else {
                problem = lang == .fr ? "« \(raw) » n'est pas un mois AAAA-MM (ex. 2026-03); voici le mois en cours."
                                      : "'\(raw)' is not a YYYY-MM month (e.g. 2026-03); here is the current month."
            }
        }
        let last = CivilDate(year: first.year, month: first.month, day: CivilDate.daysIn(month: first.month, year: first.year))!
        let list = try await service.deadlines.list(agreement: agreement, from: first, to: last, leadTimes: leadTimes, caller)
        let byDay = Dictionary(grouping: list.deadlines, by: \.due)
        let titles = Dictionary(list.agreements.map { ($0.id, $0.displayTitle(lang)) }, uniquingKeysWith: { x, _ in x })
        // Weeks from the Monday on or before the 1st to the Sunday on or after the last day.
        var day = first.adding(days: -(first.weekday - 1))
        var weeks: [[String: Any]] = []
        while day <= last {
            var cells: [[String: Any]] = []
            for _ in 0..<7 {
                let inMonth = day.month == first.month && day.year == first.year
                let items = (byDay[day] ?? []).map { d -> [String: Any] in
                    var o = Self.deadlineRow(d, asOf: caller.asOf, lang: lang, linkAgreement: true)
                    o["agreementTitle"] = titles[d.agreementID] ?? d.agreementID
                    return o
                }
                cells.append(["dayNum": String(day.day), "iso": day.iso, "long": day.long(lang), "inMonth": inMonth,
                              "isToday": day == caller.asOf, "items": items, "hasItems": !items.isEmpty])
                day = day.adding(days: 1)
            }
            weeks.append(["days": cells])
        }
        func monthParam(_ d: CivilDate) -> String { String(d.iso.prefix(7)) }
        func link(_ d: CivilDate) -> String {
            "/deadlines/calendar?month=\(monthParam(d))" + (agreement.map { "&agreement=\(Pages.escape($0))" } ?? "")
        }
        let monthName = "\(LongDate.monthName(first.month, lang)) \(first.year)"
        let weekdays = lang == .fr ? ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
                                   : ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let ids = try await service.agreements.ids(caller)
        return page("calendar", "\(w["calendar"]!) — \(monthName)", [
            "monthName": monthName, "month": monthParam(first), "weeks": weeks, "weekdays": weekdays,
            "previous": link(first.adding(months: -1)), "next": link(first.adding(months: 1)),
            "previousName": "\(LongDate.monthName(first.adding(months: -1).month, lang)) \(first.adding(months: -1).year)",
            "nextName": "\(LongDate.monthName(first.adding(months: 1).month, lang)) \(first.adding(months: 1).year)",
            "count": String(list.deadlines.count), "problem": problem as Any,
            "choices": ids.map { ["choiceID": $0, "selected": $0 == agreement] }, "listURL": "/deadlines" + (agreement.map { "?agreement=\(Pages.escape($0))" } ?? ""),
        ], req, ctx)
    }
}
