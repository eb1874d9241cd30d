import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import Hummingbird

/// Progress reports (rapports d'étape) and the committees' requests, and biennial report
/// records with their approval and the copy sent to the Commission.
extension Site {
    static let reportFields = ["body", "date", "meeting", "request", "title"]
    static let requestFields = ["body", "requested", "due", "note"]
    static let biennialFields = ["from", "to", "approved", "copy-sent"]

    struct ProgressForms {
        var report = PostedForm("report", names: Site.reportFields)
        var request = PostedForm("request", names: Site.requestFields)
    }

    func bodyChoices(_ a: Agreement) -> [(value: String, label: String)] {
        // The Coordination Committee first: progress reports go to it (Québec–Pôle emploi art. 4).
        a.bodies.sorted { ($0.kind == .coordinationCommittee ? 0 : 1, $0.name) < ($1.kind == .coordinationCommittee ? 0 : 1, $1.name) }
            .map { (value: $0.id, label: $0.name) }
    }

    func progress(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await progressPage(req, ctx, forms: ProgressForms(), status: .ok)
    }

    func progressPage(_ req: Request, _ ctx: WebContext, forms: ProgressForms, status: HTTPResponse.Status) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let w = Catalog.words(lang)
        let a = try await service.agreements.show(id, caller).stored.agreement
        let o = try await service.progress.overview(id, leadTimes: leadTimes, caller)
        func bodyName(_ b: String) -> String { a.bodies.first { $0.id == b }?.name ?? b }
        let meetingChoices = o.meetings.map { m in (value: String(m.id ?? 0), label: "#\(m.id ?? 0) \(m.date.iso) \(bodyName(m.body))") }
        let requestChoices = o.requests.map { r in (value: String(r.request.id ?? 0), label: "#\(r.request.id ?? 0) \(bodyName(r.request.body)) (\(w["due"]!) \(r.request.due.iso))") }
        let rf = forms.report, qf = forms.request
        return page("progress", "\(w["progressReports"]!) — \(id)", [
            "id": id, "agreementTitle": Self.titled(a, lang),
            "deadlines": o.due.map { Self.deadlineRow($0, asOf: caller.asOf, lang: lang, linkAgreement: false) }, "nothingDue": o.due.isEmpty,
            "reports": o.reports.map { r -> [String: Any] in
                ["reportID": String(r.id ?? 0), "submitted": r.submittedOn.iso, "bodyName": bodyName(r.body), "reportTitle": r.title ?? "",
                 "meetingRef": r.meetingID.map { String($0) } as Any, "requestRef": r.requestID.map { String($0) } as Any]
            },
            "noReports": o.reports.isEmpty,
            "requests": o.requests.map { r -> [String: Any] in
                ["requestID": String(r.request.id ?? 0), "requested": r.request.requestedOn.iso, "requestDue": r.request.due.iso,
                 "bodyName": bodyName(r.request.body), "note": r.request.note ?? "",
                 "answers": r.answers.map { ["answerID": String($0.id ?? 0), "answerDate": $0.submittedOn.iso] },
                 "unanswered": r.answers.isEmpty]
            },
            "noRequests": o.requests.isEmpty,
            "canSubmit": caller.may(.submitProgressReport, on: id), "canRequest": caller.may(.requestProgressReport, on: id),
            "reportForm": rf.summary.merging([
                "body": rf.field("body", w["body"]!, kind: .select(bodyChoices(a), blank: nil)),
                "date": rf.field("date", w["submittedOn"]!, kind: .date),
                "meeting": rf.field("meeting", w["precedesMeeting"]!, kind: .select(meetingChoices, blank: "—")),
                "request": rf.field("request", w["answersRequest"]!, kind: .select(requestChoices, blank: "—")),
                "title": rf.field("title", w["titleOptional"]!),
            ]) { x, _ in x },
            "requestForm": qf.summary.merging([
                "body": qf.field("body", w["body"]!, kind: .select(bodyChoices(a), blank: nil)),
                "requested": qf.field("requested", w["requestedOn"]!, kind: .date),
                "due": qf.field("due", w["dueOn"]!, kind: .date),
                "note": qf.field("note", w["noteOptional"]!, kind: .textarea),
            ]) { x, _ in x },
        ], req, ctx, status: status)
    }

    func recordProgressReport(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        var f = PostedForm("report", try await Self.fields(req, ctx), names: Self.reportFields)
        let date = f.date("date", required: true, lang)
        let meeting = f.number("meeting", lang), request = f.number("request", lang)
        if f.errors.isEmpty, let date {
            let title = f["title"].trimmingCharacters(in: .whitespaces)
            do {
                _ = try await service.progress.submit(ProgressReport(agreementID: id, body: f["body"], submittedOn: date, meetingID: meeting,
                                                                     requestID: request, title: title.isEmpty ? nil : title), self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/progress#reports", type: .normal)
            } catch { try f.absorb(error, fields: ["on": "date", "submittedOn": "date"], fallback: "date", lang) }
        }
        var forms = ProgressForms()
        forms.report = f
        return try await progressPage(req, ctx, forms: forms, status: .unprocessableContent).response(from: req, context: ctx)
    }

    func recordProgressRequest(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        var f = PostedForm("request", try await Self.fields(req, ctx), names: Self.requestFields)
        let requested = f.date("requested", required: true, lang), due = f.date("due", required: true, lang)
        if f.errors.isEmpty, let requested, let due {
            let note = f["note"].trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                _ = try await service.progress.request(ProgressReportRequest(agreementID: id, body: f["body"], requestedOn: requested, due: due,
                                                                             note: note.isEmpty ? nil : note), self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/progress#requests", type: .normal)
            } catch { try f.absorb(error, fallback: "due", lang) }
        }
        var forms = ProgressForms()
        forms.request = f
        return try await progressPage(req, ctx, forms: forms, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: Biennial records

    func biennial(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await biennialPage(req, ctx, form: PostedForm("biennial", names: Self.biennialFields), status: .ok)
    }

    func biennialPage(_ req: Request, _ ctx: WebContext, form: PostedForm, status: HTTPResponse.Status) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let w = Catalog.words(lang)
        let a = try await service.agreements.show(id, caller).stored.agreement
        let o = try await service.biennial.overview(id, leadTimes: leadTimes, caller)
        // Each record's own update form: the one posted keeps its values and errors.
        func recordForm(_ r: BiennialReportRecord) -> PostedForm {
            if form.prefix == "r\(r.id ?? 0)" { return form }
            var f = PostedForm("r\(r.id ?? 0)", names: ["approved", "copy-sent"])
            f["approved"] = r.approvedOn?.iso ?? ""
            f["copy-sent"] = r.copySentOn?.iso ?? ""
            return f
        }
        let create = form.prefix == "biennial" ? form : PostedForm("biennial", names: Self.biennialFields)
        return page("biennial", "\(w["biennialRecords"]!) — \(id)", [
            "id": id, "agreementTitle": Self.titled(a, lang),
            "deadlines": o.due.map { Self.deadlineRow($0, asOf: caller.asOf, lang: lang, linkAgreement: false) }, "nothingDue": o.due.isEmpty,
            "records": o.records.map { r -> [String: Any] in
                let f = recordForm(r)
                let at = o.meetings.first { $0.approvedReportID != nil && $0.approvedReportID == r.id }
                return ["recordID": String(r.id ?? 0), "from": r.periodStart.iso, "to": r.periodEnd.iso,
                        "approvedOn": Self.date(r.approvedOn, lang) as Any, "copySentOn": Self.date(r.copySentOn, lang) as Any,
                        "approvedAt": at.map { ["meetingID": String($0.id ?? 0), "meetingDate": $0.date.iso] } as Any,
                        "updateForm": f.summary.merging([
                            "approved": f.field("approved", "\(w["approvedOnField"]!) (#\(r.id ?? 0))", kind: .date),
                            "copySent": f.field("copy-sent", "\(w["copySentField"]!) (#\(r.id ?? 0))", kind: .date),
                        ]) { x, _ in x }]
            },
            "noRecords": o.records.isEmpty,
            // Those who may record a report but not approve it get the forms without the
            // approval field (its absence keeps the approval: see `updateBiennial`).
            "canRecord": caller.may(.recordBiennialReport, on: id), "canApproveReport": caller.may(.approveBiennialReport, on: id),
            "recordForm": create.summary.merging([
                "from": create.field("from", w["periodFrom"]!, kind: .date),
                "to": create.field("to", w["periodTo"]!, kind: .date),
                "approved": create.field("approved", w["approvedOnOptional"]!, kind: .date),
                "copySent": create.field("copy-sent", w["copySentOptional"]!, kind: .date, hint: w["copyRule"]!),
            ]) { x, _ in x },
        ], req, ctx, status: status)
    }

    func recordBiennial(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        var f = PostedForm("biennial", try await Self.fields(req, ctx), names: Self.biennialFields)
        let from = f.date("from", required: true, lang), to = f.date("to", required: true, lang)
        let approved = f.date("approved", required: false, lang), copy = f.date("copy-sent", required: false, lang)
        if f.errors.isEmpty, let from, let to {
            do {
                _ = try await service.biennial.record(BiennialReportRecord(agreementID: id, periodStart: from, periodEnd: to,
                                                                         approvedOn: approved, copySentOn: copy), self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/biennial#records", type: .normal)
            } catch { try f.absorb(error, fallback: "from", lang) }
        }
        return try await biennialPage(req, ctx, form: f, status: .unprocessableContent).response(from: req, context: ctx)
    }

    /// Records a biennial report's approval or the day its copy went to the Commission.
    func updateBiennial(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let recordID = try ctx.parameters.require("report", as: Int64.self)
        let lang = ctx.lang
        guard try await service.biennial.overview(id, leadTimes: leadTimes, self.caller(ctx)).records.contains(where: { $0.id == recordID }) else {
            throw WebError.notFound
        }
        let fields = try await Self.fields(req, ctx)
        var f = PostedForm("r\(recordID)", fields, names: ["approved", "copy-sent"])
        let approved = f.date("approved", required: false, lang), copy = f.date("copy-sent", required: false, lang)
        // A form without the approval field (shown to those who may not approve) leaves the
        // approval as it is; an empty field clears it.
        let setsApproval = fields.first("approved") != nil
        if f.errors.isEmpty {
            do {
                _ = try await service.biennial.edit(recordID, self.caller(ctx)) { r in
                    if setsApproval { r.approvedOn = approved }
                    r.copySentOn = copy
                }
                return .redirect(to: "/agreements/\(Pages.escape(id))/biennial#record-\(recordID)", type: .normal)
            } catch { try f.absorb(error, fallback: "approved", lang) }
        }
        return try await biennialPage(req, ctx, form: f, status: .unprocessableContent).response(from: req, context: ctx)
    }
}
