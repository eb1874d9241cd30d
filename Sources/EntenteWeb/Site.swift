import EntenteCore
import EntenteForms
import EntenteReports
import EntenteService
import EntenteStorage
import Foundation
import Hummingbird

/// The pages and the JSON API: each handler reads the request, calls one service operation
/// and renders what it returns. No rule of the domain lives here.
struct Site: Sendable {
    let service: EntenteService
    /// The operator who started the server: the name the audit log records (until sign-in,
    /// issue 13) and "today" (`--as-of`, else the day the server started).
    let base: Caller
    let pages: Pages
    /// The first administrator's one-time link (issue 13 §2); unused when one exists.
    var setup = SetupLink(token: nil)
    /// "Now", for sessions (tests move it).
    var clock: @Sendable () -> Date = { Date() }
    /// Days before a due date at which a deadline counts as due soon (issue 12: 90/30/7).
    let leadTimes = [90, 30, 7]
    /// Rendered pieces of pages kept while nothing is committed (`PageFragments`).
    let fragments = PageFragments()

    /// Who acts: the person signed in (or named by the API token), with their rights; on the
    /// few open pages, nobody (a disabled nobody, who may nothing). `base` gives "today".
    func caller(_ ctx: WebContext) -> Caller {
        Caller(user: ctx.person.map(ActingUser.person) ?? Self.nobody, lang: ctx.lang, asOf: base.asOf)
    }

    static let nobody = ActingUser(auditName: "anonymous", access: .person(Person(login: "anonymous", role: .staff, active: false)))

    func page(_ template: String, _ title: String, _ values: [String: Any], _ req: Request, _ ctx: WebContext,
              status: HTTPResponse.Status = .ok) -> HTML {
        HTML(pages.render(template, title: title, values, context: ctx, request: req), status: status)
    }

    static func words(_ ctx: WebContext) -> [String: String] { Catalog.words(ctx.lang) }

    // MARK: Shared pieces of page models

    /// A date as people read it in the page's language, with the ISO form for machines.
    static func date(_ d: CivilDate?, _ lang: Language) -> [String: Any]? {
        guard let d else { return nil }
        return ["iso": d.iso, "long": d.long(lang)]
    }

    /// A title with its own language when it differs from the page's (WCAG 3.1.2).
    /// - Parameter short: the short title for listings (`displayTitle`), else the full one.
    static func titled(_ a: Agreement, _ lang: Language, short: Bool = false) -> [String: Any] {
        let text = short ? a.displayTitle(lang) : a.title(lang)
        var o: [String: Any] = ["text": text]
        if let l = a.titles.first(where: { $0.text == text })?.language ?? a.language, l != lang { o["lang"] = l.rawValue }
        return o
    }

    /// The anchor of the article a provision belongs to (`art_4__para_2` → `art_4`): the
    /// agreement page has one anchor per article.
    static func anchor(_ eId: String) -> String {
        eId.components(separatedBy: "__").first ?? eId
    }

    static func deadlineRow(_ d: Deadline, asOf: CivilDate, lang: Language, linkAgreement: Bool) -> [String: Any] {
        let w = Catalog.words(lang)
        let days = asOf.days(until: d.due)
        var rel = ""
        if d.status != .met {
            if days < 0 { rel = "\(-days) \(w["daysLate"]!)" } else if days == 0 { rel = w["today"]! } else { rel = "\(w["inDays"]!) \(days) \(w["days"]!)" }
        }
        var o: [String: Any] = [
            "due": d.due.iso, "dueLong": d.due.long(lang), "status": d.status.rawValue, "statusLabel": Labels.status(d.status, lang),
            "title": d.title[lang], "relative": rel, "source": Citation.describe(d.source, lang), "agreement": d.agreementID,
        ]
        if d.source != "record" { o["sourceURL"] = (linkAgreement ? "/agreements/\(Pages.escape(d.agreementID))" : "") + "#\(anchor(d.source))" }
        if let n = d.note { o["note"] = n[lang] }
        return o
    }

    static func activityRow(_ a: Activity, _ lang: Language) -> [String: Any] {
        [
            "cancellable": a.status != .cancelled && a.id != nil, "agreement": a.agreementID,
            "id": a.id.map { String($0) } ?? "", "title": a.title, "start": a.start.iso, "end": a.end?.iso ?? "",
            "status": a.status.rawValue, "statusLabel": Catalog.words(lang)[a.status.rawValue] ?? a.status.rawValue,
            "domains": a.domains.joined(separator: ", "), "description": a.description ?? "",
        ]
    }

    static func parseDate(_ s: String?) -> (CivilDate?, Bool) { FormValue.date(s) }

    static func badDate(_ value: String, _ lang: Language) -> String {
        lang == .fr ? "« \(value) » n'est pas une date AAAA-MM-JJ valide (ex. 2024-11-07)."
                    : "'\(value)' is not a valid YYYY-MM-DD date (e.g. 2024-11-07)."
    }

    // MARK: Dashboard and register

    /// Agreements per dashboard or register page: the 10,000-agreement corpus made one 40 MB
    /// page (measured); 25 cards stay readable on a phone and answer in milliseconds.
    static let agreementsPerPage = 25
    /// Up to this many agreements the dashboard's agreement filter is a list to choose from;
    /// above, a search field (a list of 10,000 choices is unusable and weighs 500 KB).
    static let agreementChoiceLimit = 60
    /// Rows per page of the register (a table: denser than the dashboard's cards).
    static let registerRowsPerPage = 100

    /// A search text as searches compare it: without case or accents ("Québec" finds "quebec").
    static func folded(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Whether a `folded` search text occurs in any of these fields.
    static func found(_ needle: String, in fields: [String]) -> Bool {
        folded(fields.joined(separator: " ")).contains(needle)
    }

    /// The page number asked for (`page=N`, 1 when absent or not a number) and its slice.
    static func paging(_ q: Hummingbird.Parameters, count: Int, size: Int) -> (number: Int, pages: Int, range: Range<Int>) {
        let pages = max(1, (count + size - 1) / size)
        let n = min(max(1, Int(q["page"].map(String.init) ?? "1") ?? 1), pages)
        return (n, pages, min(count, (n - 1) * size)..<min(count, n * size))
    }

    /// The pager's model (`pager.mustache`): where we are, the previous and next pages' links.
    /// - Parameter keeping: the parameters the links carry on (a kept page's: those it was
    ///   kept under, so no reader's other parameters end up in another's links); nil, all.
    static func pager(_ req: Request, number: Int, pages: Int, w: [String: String], keeping: [String]? = nil) -> [String: Any] {
        func link(_ page: Int) -> String {
            guard let keeping else { return Pages.url(req.uri.path, query: req.uri.queryParameters, setting: "page", to: String(page)) }
            let pairs = parameters(req, keeping.filter { $0 != "page" }) + [("page", String(page))]
            return req.uri.path + "?" + pairs.map { "\($0.0)=\(Pages.escape($0.1))" }.joined(separator: "&")
        }
        return [
            "show": pages > 1, "number": number, "pages": pages,
            "label": "\(w["page"]!) \(number) \(w["of"]!) \(pages)",
            "previous": number > 1 ? link(number - 1) : "",
            "next": number < pages ? link(number + 1) : "",
        ]
    }

    /// The query parameters of these names that a request has, each with its first value
    /// (the one a handler reads), in the order of `names`.
    static func parameters(_ req: Request, _ names: [String]) -> [(String, String)] {
        let q = req.uri.queryParameters
        return names.compactMap { n in q[Substring(n)].map { (n, String($0)) } }
    }

    /// What a kept page is kept under: its kind, then the parameters it reads, by name,
    /// values percent-encoded (so that no value can pass for several parameters).
    static func pieceKey(_ parts: [String], _ req: Request, reading names: [String]) -> String {
        (parts + parameters(req, names).map { "\($0.0)=\(Pages.escape($0.1))" }).joined(separator: "|")
    }

    /// The parameters the dashboard reads, and those its pager links carry on.
    static let dashboardFilters = ["state", "agreement", "party", "kind", "q"]
    /// The parameters a page of the activity log reads for its filter, and those its pager
    /// links carry on; the page and the notices after a change (`added=` …) are read too.
    static let activityFilters = ["status", "domain", "from", "to"]

    func dashboard(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let w = Self.words(ctx)
        // The mark before the rows: a change committed in between is then seen as newer than
        // what is kept (kept under an older mark, never under a newer one).
        let mark = try await service.agreements.changeMark(caller)
        let rows = try await service.agreements.dashboard(leadTimes: leadTimes, order: .urgency, caller)
        let q = req.uri.queryParameters
        func param(_ k: String) -> String? {
            q[Substring(k)].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let state = param("state"), only = param("agreement"), party = param("party")
        let kind = param("kind").flatMap(DeadlineKind.init(rawValue:))
        let needle = param("q").map(Self.folded)
        // Indices, not rows: a row is a large value, and copying 10,000 of them for each
        // request was a quarter of the dashboard's time under load (perf).
        let filtered = state != nil || only != nil || party != nil || kind != nil || needle != nil
        let shown: [Int] = !filtered ? Array(rows.indices) : rows.indices.filter { i in
            guard state == nil || rows[i].state.rawValue == state, only == nil || rows[i].agreement.id == only,
                  party == nil || rows[i].agreement.parties.contains(where: { $0.id == party }) else { return false }
            if let kind, !rows[i].deadlines.contains(where: { $0.kind == kind && $0.status != .met }) { return false }
            if let needle {
                let a = rows[i].agreement
                return Self.found(needle, in: [a.id, a.referenceNumber ?? ""] + a.titles.map(\.text))
            }
            return true
        }
        // The same list for everyone who may see it (it has no form and no per-person
        // control): rendered once per query, language and day while nothing is committed.
        let key = Self.pieceKey(["dashboard", lang.rawValue, caller.asOf.iso], req, reading: Self.dashboardFilters + ["page"])
        if let kept = await fragments.get(mark: mark, key: key) {
            return page("dashboard", kept.title, ["body": kept.body], req, ctx)
        }
        let paging = Self.paging(q, count: shown.count, size: Self.agreementsPerPage)
        let models: [[String: Any]] = shown[paging.range].map { i in
            let r = rows[i]
            let a = r.agreement
            var noticeLine: String
            if let n = r.notices.first(where: { !$0.withdrawn }) {
                noticeLine = "\(w["noticeGiven"]!) \(n.sentOn.long(lang)) : \(w["endsOn"]!) \(n.effectiveEnd.long(lang))"
                if lang == .en { noticeLine = noticeLine.replacingOccurrences(of: " : ", with: ": ") }
            } else if let e = r.earliestEnd, let n = a.notice {
                noticeLine = "\(w["noticeIfToday"]!) \(e.long(lang)) (\(PeriodText.describe(n.period, lang)))."
            } else {
                noticeLine = w["noticeNone"]!
            }
            let openDeadlines = kind.map { k in r.open.filter { $0.kind == k } } ?? r.open
            let open = openDeadlines.prefix(DashboardRow.shownPerAgreement).map { Self.deadlineRow($0, asOf: caller.asOf, lang: lang, linkAgreement: true) }
            let more = openDeadlines.count - open.count
            return [
                "id": a.id, "title": Self.titled(a, lang, short: true), "state": r.state.rawValue, "stateLabel": Labels.state(r.state, lang),
                "parties": a.parties.map { $0.name(on: caller.asOf) }.joined(separator: " · "),
                "noticeLine": noticeLine, "deadlines": open, "hasDeadlines": !open.isEmpty,
                "more": more > 0 ? (lang == .fr ? "… et \(more) autre\(more > 1 ? "s" : "") échéance\(more > 1 ? "s" : "") ouverte\(more > 1 ? "s" : "")"
                                                : "… and \(more) more open deadline\(more > 1 ? "s" : "")") : "",
                "overdue": r.open.filter { $0.status == .overdue }.count,
                "dueSoon": r.open.filter { $0.status == .dueSoon }.count,
            ]
        }
        // The filters' choices come from every agreement, not the page shown.
        let facets = try await service.agreements.dashboardFacets(leadTimes: leadTimes, caller)
        let countLabel = lang == .fr
            ? "\(shown.count) entente\(shown.count > 1 ? "s" : "") sur \(rows.count), les plus pressantes d'abord"
            : "\(shown.count) agreement\(shown.count == 1 ? "" : "s") of \(rows.count), the most pressing first"
        let body = pages.fragment("dashboard-body", [
            "asOf": Self.date(caller.asOf, lang)!, "agreements": models, "empty": models.isEmpty,
            "leadTimes": leadTimes.map(String.init).joined(separator: ", "),
            "countLabel": countLabel,
            "pager": Self.pager(req, number: paging.number, pages: paging.pages, w: w, keeping: Self.dashboardFilters),
            "q": param("q") ?? "",
            "searchAgreements": rows.count > Self.agreementChoiceLimit,
            "agreementChoices": rows.count > Self.agreementChoiceLimit ? [] : rows.map { ["id": $0.agreement.id, "selected": $0.agreement.id == only] }.sorted { ($0["id"] as! String) < ($1["id"] as! String) },
            "agreementFilter": only ?? "",
            "stateChoices": facets.states.map { s -> [String: Any] in
                ["value": s.rawValue, "label": Labels.state(s, lang), "selected": s.rawValue == state]
            },
            "kindChoices": FrenchCollation.sorted(facets.kinds) { Labels.deadlineKind($0, lang) }.map { k -> [String: Any] in
                ["value": k.rawValue, "label": Labels.deadlineKind(k, lang), "selected": k == kind]
            },
            "partyChoices": facets.parties.map { ["id": $0.id, "name": $0.name, "selected": $0.id == party] },
        ], lang: lang)
        await fragments.keep(.init(title: w["dashboard"]!, body: body), mark: mark, key: key)
        return page("dashboard", w["dashboard"]!, ["body": body], req, ctx)
    }

    func register(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let q = (req.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        let rows = try await service.agreements.register(leadTimes: leadTimes, caller)
        let needle = Self.folded(q)
        let found = rows.filter { r in
            guard !needle.isEmpty else { return true }
            let a = r.agreement
            return Self.found(needle, in: [a.id, a.referenceNumber ?? "", r.state.rawValue, Labels.state(r.state, lang)] + a.titles.map(\.text)
                              + a.parties.flatMap { $0.names.map(\.name) })
        }
        let paging = Self.paging(req.uri.queryParameters, count: found.count, size: Self.registerRowsPerPage)
        return page("agreements", Self.words(ctx)["agreementsList"]!, [
            "q": q, "count": found.count,
            "pager": Self.pager(req, number: paging.number, pages: paging.pages, w: Self.words(ctx)),
            "agreements": found[paging.range].map { r -> [String: Any] in
                ["id": r.agreement.id, "title": Self.titled(r.agreement, lang, short: true), "stateLabel": Labels.state(r.state, lang), "state": r.state.rawValue,
                 "reference": r.agreement.referenceNumber ?? "", "parties": r.agreement.parties.map { $0.name(on: caller.asOf) }.joined(separator: " · ")]
            },
        ], req, ctx)
    }

    // MARK: One agreement

    func agreement(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let w = Self.words(ctx)
        // The page has no form and nothing of the reader's: kept per agreement, language
        // and day while nothing is committed (the mark before the reads, as on the dashboard).
        let mark = try await service.agreements.changeMark(for: id, caller)
        let key = ["agreement", id, lang.rawValue, caller.asOf.iso].joined(separator: "|")
        if let kept = await fragments.get(mark: mark, key: key) {
            return page("agreement", kept.title, ["body": kept.body], req, ctx)
        }
        let view = try await service.agreements.show(id, caller)
        let a = view.stored.agreement
        let deadlines = try await service.deadlines.list(agreement: id, leadTimes: leadTimes, caller).deadlines
        let windDown = view.notices.contains { !$0.withdrawn } ? try await service.notices.windDown(id, caller) : []
        var values: [String: Any] = [
            "id": a.id, "title": Self.titled(a, lang), "state": view.state.rawValue, "stateLabel": Labels.state(view.state, lang),
            "reference": a.referenceNumber ?? "", "version": view.stored.version,
            "parties": a.parties.map { p -> [String: Any] in
                ["id": p.id, "name": p.name(on: caller.asOf),
                 "names": p.names.map { n -> [String: Any] in ["name": n.name, "from": Self.date(n.from, lang) as Any] },
                 "renamed": p.names.count > 1]
            },
            "signatures": a.signatures.map { s -> [String: Any] in
                ["party": a.party(s.party)?.name(on: s.date ?? caller.asOf) ?? s.party, "signatory": s.signatory ?? "—", "role": s.role ?? "—",
                 "place": s.place ?? "—", "date": s.date?.iso ?? "—", "note": s.sourceNote ?? ""]
            },
            "entryIntoForce": Self.date(a.entryIntoForce.date, lang) as Any,
            "entryIntoForceSource": a.entryIntoForce.source.map { Citation.describe($0.eId, lang) } as Any,
            "entryIntoForceAnchor": a.entryIntoForce.source.map { Self.anchor($0.eId) } as Any,
            "duration": a.duration.map { w["duration-\($0)"] ?? $0 } ?? "",
            "bodies": a.bodies.map { b -> [String: Any] in
                ["name": b.name, "kind": Labels.body(b.kind, lang), "source": b.source.map { Citation.describe($0, lang) } as Any,
                 "anchor": b.source.map { Self.anchor($0.eId) } as Any]
            },
            "domains": a.allDomains.map { d -> [String: Any] in
                ["num": d.printedNum ?? d.num, "label": d.label, "eId": d.eId, "depth": d.num.split(separator: ".").count]
            },
            "articles": a.articles.map { ar -> [String: Any] in ["eId": ar.eId, "num": ar.num ?? "", "heading": ar.heading ?? ""] },
            "articleTexts": Self.articleModels(try await service.agreements.articleTexts(id, version: view.stored.version, caller)),
            "textLang": a.language.flatMap { $0 == lang ? nil : $0.rawValue } as Any,
            "deadlines": deadlines.map { Self.deadlineRow($0, asOf: caller.asOf, lang: lang, linkAgreement: false) },
            "notices": view.notices.map { n -> [String: Any] in
                ["party": a.party(n.party)?.name(on: n.sentOn) ?? n.party, "sent": Self.date(n.sentOn, lang)!,
                 "received": Self.date(n.receivedOn, lang) as Any, "end": Self.date(n.effectiveEnd, lang)!, "withdrawn": n.withdrawn]
            },
            "windDown": windDown.map { Self.activityRow($0, lang) },
            "hasWindDown": !windDown.isEmpty,
        ]
        if let n = a.notice {
            values["notice"] = ["period": PeriodText.describe(n.period, lang), "source": n.source.eId, "anchor": Self.anchor(n.source.eId), "provision": Citation.describe(n.source, lang),
                                "quote": n.quote as Any,
                                "ifToday": Self.date(TerminationRules.earliestTermination(noticeGivenOn: caller.asOf, period: n.period), lang)!]
        }
        _ = w
        let piece = PageFragments.Piece(title: Self.titled(a, lang)["text"] as! String, body: pages.fragment("agreement-body", values, lang: lang))
        await fragments.keep(piece, mark: mark, key: key)
        return page("agreement", piece.title, ["body": piece.body], req, ctx)
    }

    // MARK: Activities

    struct ActivityFormState {
        var title = "", start = "", end = "", description = "", status = "planned"
        var domains: Set<String> = []
        var errors: [(field: String, message: String)] = []

        /// An empty form, as a page first shows it.
        var isUntouched: Bool {
            let blank = ActivityFormState()
            return errors.isEmpty && title == blank.title && start == blank.start && end == blank.end
                && description == blank.description && status == blank.status && domains == blank.domains
        }
    }

    func activities(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await activitiesPage(req, ctx, form: ActivityFormState(), status: .ok)
    }

    func activitiesPage(_ req: Request, _ ctx: WebContext, form: ActivityFormState, status: HTTPResponse.Status) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let w = Self.words(ctx)
        let canEdit = caller.may(.addActivity, on: id)
        // A page of the log with an empty form is the same for every reader with the same
        // right to edit, but for the anti-forgery token of its forms: kept with a slot in
        // its place (`Pages.withToken`), filled for each reader.
        let keep = form.isUntouched && status == .ok
        let mark = try await service.agreements.changeMark(for: id, caller)
        let key = Self.pieceKey(["activities", id, lang.rawValue, caller.asOf.iso, "\(canEdit)"], req,
                                reading: Self.activityFilters + ["page", "added", "cancelled", "imported", "edited"])
        if keep, let kept = await fragments.get(mark: mark, key: key) {
            return page("activities", kept.title, ["body": Pages.withToken(kept.body, ctx.csrfToken)], req, ctx, status: status)
        }
        let view = try await service.agreements.show(id, caller)
        let a = view.stored.agreement
        let q = req.uri.queryParameters
        var filter = ActivityFilter(agreementID: id)
        var filterErrors: [String] = []
        if let s = q["status"].map(String.init), !s.isEmpty {
            if let st = ActivityStatus(rawValue: s) { filter.status = st } else { filterErrors.append(s) }
        }
        if let d = q["domain"].map(String.init), !d.isEmpty { filter.domain = d }
        for key in ["from", "to"] {
            guard let raw = q[Substring(key)].map(String.init), !raw.isEmpty else { continue }
            let (d, ok) = Self.parseDate(raw)
            if !ok { filterErrors.append(Self.badDate(raw, lang)) }
            if key == "from" { filter.from = d } else { filter.to = d }
        }
        let list = try await service.activities.list(filter, self.caller(ctx))
        let paging = Self.paging(q, count: list.count, size: 100)
        let shown = list[paging.range]
        let errorFor = Dictionary(form.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        func field(_ name: String, _ value: String) -> [String: Any] {
            var o: [String: Any] = ["value": value]
            if let e = errorFor[name] { o["error"] = e }
            return o
        }
        let added = q["added"].map(String.init)
        let cancelled = q["cancelled"].map(String.init)
        let imported = q["imported"].map(String.init)
        let body = pages.fragment("activities-body", [
            "id": a.id, "agreementTitle": Self.titled(a, lang), "canEdit": canEdit, "csrf": Pages.tokenSlot,
            "activities": shown.map { Self.activityRow($0, lang) }, "count": list.count, "empty": list.isEmpty,
            "added": added as Any, "cancelled": cancelled as Any, "imported": imported as Any, "edited": q["edited"].map(String.init) as Any,
            "filter": ["status": filter.status?.rawValue ?? "", "domain": filter.domain ?? "",
                       "from": q["from"].map(String.init) ?? "", "to": q["to"].map(String.init) ?? ""],
            "filterErrors": filterErrors,
            "statuses": ActivityStatus.allCases.map { s -> [String: Any] in
                ["value": s.rawValue, "label": w[s.rawValue] ?? s.rawValue, "selected": s.rawValue == form.status,
                 "filtered": s == filter.status]
            },
            "domainChoices": a.allDomains.map { d -> [String: Any] in
                ["num": d.num, "label": "\(d.printedNum ?? d.num) \(d.label)", "checked": form.domains.contains(d.num),
                 "key": d.num.replacingOccurrences(of: ".", with: "-"), "filtered": d.num == filter.domain]
            },
            "hasErrors": !form.errors.isEmpty,
            "errors": form.errors.map { ["field": $0.field, "message": $0.message] },
            "form": [
                "title": field("title", form.title), "start": field("start", form.start), "end": field("end", form.end),
                "description": field("description", form.description), "domains": field("domains", ""), "status": field("status", form.status),
            ],
            "pager": Self.pager(req, number: paging.number, pages: paging.pages, w: w, keeping: Self.activityFilters),
        ], lang: lang)
        let piece = PageFragments.Piece(title: "\(w["activities"]!) — \(a.id)", body: body)
        if keep { await fragments.keep(piece, mark: mark, key: key) }
        return page("activities", piece.title, ["body": Pages.withToken(body, ctx.csrfToken)], req, ctx, status: status)
    }

    func addActivity(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        // Who may not add gets 403 whatever they typed, not the form's errors on a page that
        // shows them no form.
        guard self.caller(ctx).may(.addActivity, on: id) else { throw ServiceError.forbidden(.addActivity, agreement: id) }
        var req = req
        let body = try await req.collectBody(upTo: ctx.maxUploadSize)
        let fields = FormFields(String(buffer: body))
        var form = ActivityFormState()
        form.title = fields.first("title") ?? ""
        form.start = fields.first("start") ?? ""
        form.end = fields.first("end") ?? ""
        form.description = fields.first("description") ?? ""
        form.status = fields.first("status") ?? "planned"
        form.domains = Set(fields.list("domains"))
        let (start, startOK) = Self.parseDate(form.start)
        let (end, endOK) = Self.parseDate(form.end)
        if start == nil {
            form.errors.append(("start", startOK ? (lang == .fr ? "La date de début est obligatoire (AAAA-MM-JJ)." : "The start date is required (YYYY-MM-DD).")
                                                 : Self.badDate(form.start, lang)))
        }
        if !endOK { form.errors.append(("end", Self.badDate(form.end, lang))) }
        let status = ActivityStatus(rawValue: form.status)
        if status == nil {
            form.errors.append(("status", lang == .fr ? "Statut inconnu; choisissez-en un dans la liste." : "Unknown status; choose one from the list."))
        }
        if form.errors.isEmpty, let start, let status {
            let activity = Activity(agreementID: id, title: form.title, description: form.description.isEmpty ? nil : form.description,
                                    start: start, end: end, domains: form.domains.sorted(), status: status)
            do {
                let saved = try await service.activities.add(activity, self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/activities?added=\(saved.id ?? 0)", type: .normal)
            } catch let e as ValidationError {
                let field = ["domain": "domains", "date": "start"][e.field] ?? e.field
                let known = ["title", "start", "end", "description", "domains", "status"]
                form.errors.append((known.contains(field) ? field : "title", e.problem[lang]))
            }
        }
        return try await activitiesPage(req, ctx, form: form, status: .unprocessableContent).response(from: req, context: ctx)
    }

    /// Cancels an activity of this agreement (it stays in the log, marked cancelled).
    func cancelActivity(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let activityID = try ctx.parameters.require("activity", as: Int64.self)
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        // The address names the agreement: an activity of another one is not found here.
        guard try await service.activities.list(ActivityFilter(agreementID: id), self.caller(ctx)).contains(where: { $0.id == activityID }) else {
            throw WebError.notFound
        }
        let reason = fields.first("reason").flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        _ = try await service.activities.cancel(activityID, reason: reason, self.caller(ctx))
        return .redirect(to: "/agreements/\(Pages.escape(id))/activities?cancelled=\(activityID)", type: .normal)
    }

    /// Step one of a CSV import: the rows that would be added and the problems by line;
    /// nothing is written. The confirm form carries the same text.
    func previewImport(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        return try await importPage(req, ctx, id: id, csv: fields.first("csv") ?? "", status: .ok)
    }

    func importPage(_ req: Request, _ ctx: WebContext, id: String, csv: String, status: HTTPResponse.Status) async throws -> HTML {
        let lang = ctx.lang
        let view = try await service.agreements.show(id, self.caller(ctx))
        let preview = try await service.activities.previewCSV(csv, into: id, self.caller(ctx))
        return page("import", "\(Self.words(ctx)["importCSV"]!) — \(id)", [
            "id": id, "agreementTitle": Self.titled(view.stored.agreement, lang), "csv": csv,
            "rows": preview.rows.enumerated().map { i, a in Self.activityRow(a, lang).merging(["line": String(i + 1)]) { _, b in b } },
            "count": preview.rows.count,
            "problems": preview.problems.map { ["line": String($0.line), "field": $0.field, "message": $0.problem[lang]] },
            "hasProblems": !preview.problems.isEmpty, "canImport": preview.problems.isEmpty && !preview.rows.isEmpty,
        ], req, ctx, status: status)
    }

    /// Step two: the import itself, all rows or none.
    func confirmImport(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        var req = req
        let csv = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize))).first("csv") ?? ""
        do {
            let saved = try await service.activities.importCSV(csv, into: id, self.caller(ctx))
            return .redirect(to: "/agreements/\(Pages.escape(id))/activities?imported=\(saved.count)", type: .normal)
        } catch is CSVError {
        } catch is CSVError {
        }
        return try await importPage(req, ctx, id: id, csv: csv, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: Notice

    struct NoticeFormState {
        var party = "", sent = "", received = "", end = ""
        var errors: [(field: String, message: String)] = []
    }

    func notice(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await noticePage(req, ctx, form: NoticeFormState(), status: .ok)
    }

    func noticePage(_ req: Request, _ ctx: WebContext, form: NoticeFormState, status: HTTPResponse.Status) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let view = try await service.agreements.show(id, caller)
        let a = view.stored.agreement
        let q = req.uri.queryParameters
        var values: [String: Any] = ["id": a.id, "agreementTitle": Self.titled(a, lang)]
        var calcErrors: [[String: String]] = []
        let givenRaw = q["given"].map(String.init) ?? ""
        let endRaw = q["terminateOn"].map(String.init) ?? ""
        values["given"] = givenRaw
        values["terminateOn"] = endRaw
        if let n = a.notice {
            values["clause"] = ["period": PeriodText.describe(n.period, lang), "source": n.source.eId, "anchor": Self.anchor(n.source.eId), "provision": Citation.describe(n.source, lang),
                                "quote": n.quote as Any]
            let (given, gOK) = Self.parseDate(givenRaw)
            if !gOK { calcErrors.append(["field": "given", "message": Self.badDate(givenRaw, lang)]) }
            if let given {
                do {
                    let ans = try await service.notices.earliestEnd(id, noticeGivenOn: given, self.caller(ctx))
                    values["answer"] = NoticeText.render(ans, lang).split(separator: "\n").map(String.init)
                    values["earliest"] = ans.earliestTermination?.iso as Any
                } catch let e as ValidationError {
                    calcErrors.append(["field": "given", "message": e.problem[lang]])
                }
            }
            let (end, eOK) = Self.parseDate(endRaw)
            if !eOK { calcErrors.append(["field": "terminateOn", "message": Self.badDate(endRaw, lang)]) }
            if let end {
                let ans = try await service.notices.latestNotice(id, toTerminateOn: end, self.caller(ctx))
                values["answerLatest"] = NoticeText.render(ans, lang).split(separator: "\n").map(String.init)
                values["latest"] = ans.latestNoticeDate?.iso as Any
            }
        }
        values["calcErrors"] = calcErrors
        values["canRecordNotice"] = self.caller(ctx).may(.recordNotice, on: a.id)
        values["givenError"] = calcErrors.first { $0["field"] == "given" }?["message"] as Any
        values["terminateOnError"] = calcErrors.first { $0["field"] == "terminateOn" }?["message"] as Any
        let errorFor = Dictionary(form.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        func field(_ name: String, _ value: String) -> [String: Any] {
            var o: [String: Any] = ["value": value]
            if let e = errorFor[name] { o["error"] = e }
            return o
        }
        values["parties"] = a.parties.map { p -> [String: Any] in ["id": p.id, "name": p.name(on: caller.asOf), "selected": p.id == form.party] }
        values["hasErrors"] = !form.errors.isEmpty
        values["errors"] = form.errors.map { ["field": $0.field, "message": $0.message] }
        values["form"] = ["party": field("party", form.party), "sent": field("sent", form.sent),
                          "received": field("received", form.received), "end": field("end", form.end)]
        values["notices"] = view.notices.map { n -> [String: Any] in
            ["party": a.party(n.party)?.name(on: n.sentOn) ?? n.party, "sent": n.sentOn.iso, "end": Self.date(n.effectiveEnd, lang)!]
        }
        return page("notice", "\(Self.words(ctx)["calculator"]!) — \(a.id)", values, req, ctx, status: status)
    }

    func recordNotice(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        var form = NoticeFormState(party: fields.first("party") ?? "", sent: fields.first("sent") ?? "",
                                   received: fields.first("received") ?? "", end: fields.first("end") ?? "")
        let (sent, sentOK) = Self.parseDate(form.sent)
        let (received, rOK) = Self.parseDate(form.received)
        let (end, eOK) = Self.parseDate(form.end)
        if sent == nil {
            form.errors.append(("sent", sentOK ? (lang == .fr ? "La date d'envoi est obligatoire (AAAA-MM-JJ)." : "The sending date is required (YYYY-MM-DD).")
                                               : Self.badDate(form.sent, lang)))
        }
        if !rOK { form.errors.append(("received", Self.badDate(form.received, lang))) }
        if !eOK { form.errors.append(("end", Self.badDate(form.end, lang))) }
        if form.errors.isEmpty, let sent {
            do {
                _ = try await service.notices.record(id, party: form.party, sentOn: sent, receivedOn: received, requestedEnd: end, self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))#notices", type: .normal)
            } catch let e as ValidationError {
                let known = ["party", "sent", "received", "end"]
                let field = ["sentOn": "sent", "receivedOn": "received", "requestedEnd": "end"][e.field] ?? e.field
                form.errors.append((known.contains(field) ? field : "sent", e.problem[lang]))
            }
        }
        return try await noticePage(req, ctx, form: form, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: Deadlines

    func deadlines(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let agreement = req.uri.queryParameters["agreement"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let list = try await service.deadlines.list(agreement: agreement, leadTimes: leadTimes, caller)
        let titles = Dictionary(list.agreements.map { ($0.id, $0.displayTitle(lang)) }, uniquingKeysWith: { a, _ in a })
        let rows = list.deadlines.map { d -> [String: Any] in
            var o = Self.deadlineRow(d, asOf: caller.asOf, lang: lang, linkAgreement: true)
            o["agreementTitle"] = titles[d.agreementID] ?? d.agreementID
            return o
        }
        let ids = try await service.agreements.ids(self.caller(ctx))
        return page("deadlines", Self.words(ctx)["deadlines"]!, [
            "deadlines": rows, "empty": rows.isEmpty, "asOf": Self.date(caller.asOf, lang)!,
            "choices": ids.map { ["id": $0, "selected": $0 == agreement] },
            "icsURL": "/deadlines.ics" + (agreement.map { "?agreement=\(Pages.escape($0))" } ?? ""), "agreementParam": agreement.map(Pages.escape) as Any,
        ], req, ctx)
    }

    func deadlinesICS(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let caller = self.caller(ctx)
        let agreement = req.uri.queryParameters["agreement"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let list = try await service.deadlines.list(agreement: agreement, leadTimes: leadTimes, caller)
        var r = JSONResponse.make(ICalendar.render(list.deadlines, language: ctx.lang, stamp: caller.asOf), contentType: "text/calendar; charset=utf-8")
        r.headers[.contentDisposition] = "attachment; filename=\"entente-\(agreement ?? "deadlines").ics\""
        return r
    }

    // MARK: Reports

    /// The request a report page or download names: `kind`, `from`, `to` (the service's
    /// defaults when absent), in the page's language.
    func reportRequest(_ req: Request, _ ctx: WebContext, format: ReportFormat) throws -> (ReportRequest, [String: String]) {
        let id = try ctx.parameters.require("id")
        let q = req.uri.queryParameters
        let kindRaw = q["kind"].map(String.init) ?? "biennial"
        var errors: [String: String] = [:]
        let kind = ReportKind(rawValue: kindRaw) ?? .biennial
        if ReportKind(rawValue: kindRaw) == nil { errors["kind"] = ctx.lang == .fr ? "Type de document inconnu." : "Unknown kind of document." }
        let fromRaw = q["from"].map(String.init), toRaw = q["to"].map(String.init)
        let (from, fOK) = Self.parseDate(fromRaw)
        let (to, tOK) = Self.parseDate(toRaw)
        if !fOK { errors["from"] = Self.badDate(fromRaw ?? "", ctx.lang) }
        if !tOK { errors["to"] = Self.badDate(toRaw ?? "", ctx.lang) }
        return (ReportRequest(kind: kind, agreementID: id, from: from, to: to, format: format, leadTimes: leadTimes), errors)
    }

    /// Choose kind and period; the document previewed in the page (its Markdown text), and
    /// downloads in HTML and Markdown.
    func reports(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let caller = self.caller(ctx)
        let lang = ctx.lang
        let (request, errors) = try reportRequest(req, ctx, format: .markdown)
        let view = try await service.agreements.show(request.agreementID, caller)
        var preview = ""
        var problem = errors.values.sorted().first
        if errors.isEmpty, [.biennial, .plan].contains(request.kind) {
            do { preview = try await service.reports.render(request, caller) } catch let e as ServiceError { problem = e.message(lang) }
        }
        let w = Self.words(ctx)
        let query = req.uri.query.map { "?" + $0 } ?? ""
        return page("reports", "\(w["reports"]!) — \(request.agreementID)", [
            "id": request.agreementID, "agreementTitle": Self.titled(view.stored.agreement, lang),
            "kinds": [ReportKind.biennial, .plan].map { k -> [String: Any] in
                ["value": k.rawValue, "label": w["report-\(k.rawValue)"] ?? k.rawValue, "selected": k == request.kind]
            },
            "from": req.uri.queryParameters["from"].map(String.init) ?? "", "to": req.uri.queryParameters["to"].map(String.init) ?? "",
            "problem": problem ?? "", "preview": preview,
            "htmlURL": "/agreements/\(Pages.escape(request.agreementID))/report.html\(query)",
            "mdURL": "/agreements/\(Pages.escape(request.agreementID))/report.md\(query)",
        ], req, ctx)
    }

    /// The document as a file to download (HTML or Markdown).
    func reportFile(_ req: Request, _ ctx: WebContext, format: ReportFormat) async throws -> Response {
        let (request, errors) = try reportRequest(req, ctx, format: format)
        if let e = errors.values.sorted().first { throw WebError.badRequest(Localized(fr: e, en: e)) }
        let text = try await service.reports.render(request, self.caller(ctx))
        var r = JSONResponse.make(text, contentType: format == .html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8")
        r.headers[.contentDisposition] = "attachment; filename=\"\(request.agreementID)-\(request.kind.rawValue)-\(ctx.lang.rawValue).\(format == .html ? "html" : "md")\""
        return r
    }

    // MARK: History and CSV

    /// The audit log, newest first: global, or one agreement's (`?agreement=`), filterable by
    /// kind of record (`?entity=`).
    func history(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        let q = req.uri.queryParameters
        let agreement = q["agreement"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let entity = q["entity"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let agreement { _ = try await service.agreements.show(agreement, self.caller(ctx)) }
        let entries = try await service.history.entries(AuditQuery(entity: entity, agreementID: agreement, limit: 200), self.caller(ctx))
        let ids = try await service.agreements.ids(self.caller(ctx))
        return page("history", Self.words(ctx)["history"]!, [
            "entries": entries.map { e -> [String: Any] in
                ["id": String(e.id), "when": e.timestamp, "user": e.user, "action": e.action, "entity": e.entityType,
                 "entityID": e.entityID ?? "", "agreement": e.agreementID ?? "", "before": Self.withoutServerPaths(e.before), "after": Self.withoutServerPaths(e.after)]
            },
            "empty": entries.isEmpty, "entity": entity ?? "",
            "choices": ids.map { ["id": $0, "selected": $0 == agreement] },
        ], req, ctx)
    }

    /// The activity log as RFC 4180 CSV, as `entente activity export` writes it.
    func activitiesCSV(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        var r = JSONResponse.make(try await service.activities.exportCSV(id, self.caller(ctx)), contentType: "text/csv; charset=utf-8")
        r.headers[.contentDisposition] = "attachment; filename=\"\(id)-activities.csv\""
        return r
    }

    // MARK: API (the shapes of `--format json`)

    func apiAgreements(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let rows = try await service.agreements.dashboard(leadTimes: leadTimes, self.caller(ctx))
        return JSONResponse.make(DashboardText.json(rows, asOf: base.asOf, lang: ctx.lang).serialized())
    }

    func apiAgreement(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let view = try await service.agreements.show(id, self.caller(ctx))
        let s = view.stored
        return JSONResponse.make(JSONViews.agreement(s.agreement, asOf: base.asOf, state: view.state, version: s.version, warnings: s.warnings).serialized())
    }

    func apiActivities(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let list = try await service.activities.list(ActivityFilter(agreementID: id), self.caller(ctx))
        return JSONResponse.make(JSONValue.array(list.map(JSONViews.activity)).serializedLines() + "\n")
    }

    func apiDeadlines(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let q = req.uri.queryParameters
        let agreement = q["agreement"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        var bounds: [CivilDate?] = []
        for key in ["from", "to"] {
            let raw = q[Substring(key)].map(String.init)
            let (d, ok) = Self.parseDate(raw)
            if !ok { throw WebError.badRequest(Localized(fr: "\(key) : " + Self.badDate(raw ?? "", .fr), en: "\(key): " + Self.badDate(raw ?? "", .en))) }
            bounds.append(d)
        }
        let list = try await service.deadlines.list(agreement: agreement, from: bounds[0], to: bounds[1], leadTimes: leadTimes, self.caller(ctx))
        return JSONResponse.make(JSONValue.array(list.deadlines.map { JSONViews.deadline($0, lang: ctx.lang) }).serializedLines() + "\n")
    }

    func apiNotice(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let q = req.uri.queryParameters
        let (given, gOK) = Self.parseDate(q["given"].map(String.init))
        let (end, eOK) = Self.parseDate(q["terminateOn"].map(String.init))
        guard gOK, eOK, (given == nil) != (end == nil) else {
            throw WebError.badRequest(Localized(fr: "donnez given=AAAA-MM-JJ ou terminateOn=AAAA-MM-JJ (une seule des deux).",
                                                en: "give given=YYYY-MM-DD or terminateOn=YYYY-MM-DD (one of the two)."))
        }
        let answer: NoticeAnswer
        if let given { answer = try await service.notices.earliestEnd(id, noticeGivenOn: given, self.caller(ctx)) }
        else { answer = try await service.notices.latestNotice(id, toTerminateOn: end!, self.caller(ctx)) }
        return JSONResponse.make(NoticeText.json(answer, lang: self.caller(ctx).lang).serialized())
    }
}

/// Rendered pieces of pages that are the same for every reader, kept for as long as nothing
/// is committed (`AgreementStore.changeMark()`, through the service): the dashboard's cards,
/// an agreement's page, a page of its activity log.
///
/// Why: Mustache's rendering of the dashboard's 25 cards was 70% of its 25 ms (perf, 10,000
/// agreements: dynamic casts on every name looked up), which 32 people at once turn into
/// queues of seconds. A piece depends on the data, the day, the language, the query and,
/// for a log, on whether the reader may edit; the layout around it (the person, the
/// anti-forgery token) is rendered each time.
actor PageFragments {
    /// One rendered piece and the page title that goes with it.
    struct Piece: Sendable {
        var title: String
        var body: String
    }

    private struct Entry {
        var piece: Piece
        var size: Int
        var used: UInt64
    }

    private var mark: ChangeMark?
    private var kept: [String: Entry] = [:]
    private var bytes = 0
    private var clock: UInt64 = 0
    /// Pieces kept for one mark: a bound on memory. A dashboard page is about 100 KB, the
    /// Pôle emploi agreement's page 90 KB; both bounds hold, whichever is reached first, and
    /// the pieces used least recently go first.
    static let capacity = 128
    static let byteCapacity = 16 << 20

    func get(mark: ChangeMark, key: String) -> Piece? {
        guard mark == self.mark, var e = kept[key] else { return nil }
        clock += 1
        e.used = clock
        kept[key] = e
        return e.piece
    }

    func keep(_ piece: Piece, mark: ChangeMark, key: String) {
        let size = piece.body.utf8.count + piece.title.utf8.count + key.utf8.count
        guard size <= Self.byteCapacity else { return }
        if let current = self.mark, mark != current {
            // Rendered from data read before a commit this actor already knows of: it
            // would only push out pieces of the newer state (the count of entries only grows).
            if mark.entries < current.entries { return }
            kept = [:]
            bytes = 0
        }
        self.mark = mark
        if let old = kept.removeValue(forKey: key) { bytes -= old.size }
        while !kept.isEmpty, kept.count >= Self.capacity || bytes + size > Self.byteCapacity {
            let oldest = kept.min { $0.value.used < $1.value.used }!
            bytes -= oldest.value.size
            kept[oldest.key] = nil
        }
        clock += 1
        kept[key] = Entry(piece: piece, size: size, used: clock)
        bytes += size
    }
}
