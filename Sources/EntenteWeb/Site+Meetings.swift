import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import Hummingbird

/// Meetings (réunions) of committees and working groups: schedule, agenda, attendance,
/// decisions, closing the minutes (then read-only: corrections are new linked entries), and
/// reopening closed minutes with a reason (administrators).
extension Site {
    static let meetingFields = ["body", "date", "agenda", "decisions", "corrects"]

    func meetings(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        var form = PostedForm("meeting", names: Self.meetingFields)
        form["corrects"] = req.uri.queryParameters["corrects"].map(String.init) ?? ""
        return try await meetingsPage(req, ctx, form: form, status: .ok)
    }

    func meetingsPage(_ req: Request, _ ctx: WebContext, form: PostedForm, status: HTTPResponse.Status) async throws -> HTML {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let w = Catalog.words(lang)
        let a = try await service.agreements.show(id, caller).stored.agreement
        let list = try await service.meetings.list(id, caller)
        let correcting = Int64(form["corrects"]).flatMap { c in list.first { $0.id == c } }
        var fields: [String: Any] = [
            "body": form.field("body", w["body"]!, kind: .select(a.bodies.map { (value: $0.id, label: $0.name) }, blank: nil)),
            "date": form.field("date", w["meetingDate"]!, kind: .date),
            "agenda": form.field("agenda", w["agendaLines"]!, kind: .textarea),
        ]
        if let correcting {
            fields["decisions"] = form.field("decisions", w["correctionLines"]!, kind: .textarea)
            fields["correcting"] = ["meetingID": String(correcting.id ?? 0), "meetingDate": correcting.date.iso]
        }
        return page("meetings", "\(w["meetings"]!) — \(id)", [
            "id": id, "agreementTitle": Self.titled(a, lang),
            "meetings": list.sorted { ($0.date, $0.id ?? 0) > ($1.date, $1.id ?? 0) }.map { m -> [String: Any] in
                ["meetingID": String(m.id ?? 0), "date": m.date.iso, "bodyName": a.bodies.first { $0.id == m.body }?.name ?? m.body,
                 "agendaCount": String(m.agenda.count), "minutes": m.minutesClosed ? w["minutesClosed"]! : w["minutesOpen"]!,
                 "correctsID": m.corrects.map { String($0) } as Any]
            },
            "noMeetings": list.isEmpty,
            // A correcting entry is also the committee's (Permissions.actions(recording:)).
            "canSchedule": caller.may(.draftMeeting, on: id) && (correcting == nil || caller.may(.correctMinutes, on: id)),
            "scheduleForm": form.summary.merging(fields) { x, _ in x }, "corrects": correcting.map { String($0.id ?? 0) } as Any,
        ], req, ctx, status: status)
    }

    /// Schedules a meeting, or records a correcting entry of closed minutes (`corrects`).
    func addMeeting(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let id = try ctx.parameters.require("id")
        let lang = ctx.lang
        var f = PostedForm("meeting", try await Self.fields(req, ctx), names: Self.meetingFields)
        let date = f.date("date", required: true, lang)
        let corrects = f.number("corrects", lang)
        func lines(_ s: String) -> [String] {
            s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if f.errors.isEmpty, let date {
            let m = Meeting(agreementID: id, body: f["body"], date: date, agenda: lines(f["agenda"]),
                            decisions: corrects == nil ? [] : lines(f["decisions"]).map { Decision(text: $0) }, corrects: corrects)
            do {
                let saved = try await service.meetings.add(m, self.caller(ctx))
                return .redirect(to: "/agreements/\(Pages.escape(id))/meetings/\(saved.id ?? 0)", type: .normal)
            } catch { try f.absorb(error, fields: ["corrects": "date"], fallback: "date", lang) }
        }
        return try await meetingsPage(req, ctx, form: f, status: .unprocessableContent).response(from: req, context: ctx)
    }

    // MARK: One meeting

    struct MeetingForms {
        var agenda = PostedForm("agenda", names: ["item"])
        var attendee = PostedForm("attendee", names: ["name", "party", "role"])
        var decision = PostedForm("decision", names: ["text"])
        var reopen = PostedForm("reopen", names: ["reason"])
    }

    /// This agreement's meeting named in the address (and the agreement's others), or 404.
    func meetingInAgreement(_ ctx: WebContext) async throws -> (String, Meeting, [Meeting]) {
        let id = try ctx.parameters.require("id")
        let meetingID = try ctx.parameters.require("meeting", as: Int64.self)
        let all = try await service.meetings.list(id, self.caller(ctx))
        guard let m = all.first(where: { $0.id == meetingID }) else { throw ServiceError.unknownMeeting(agreement: id, meeting: meetingID) }
        return (id, m, all)
    }

    func meeting(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await meetingPage(req, ctx, forms: MeetingForms(), status: .ok)
    }

    func meetingPage(_ req: Request, _ ctx: WebContext, forms: MeetingForms, status: HTTPResponse.Status, template: String = "meeting") async throws -> HTML {
        let (id, m, all) = try await meetingInAgreement(ctx)
        let lang = ctx.lang
        let caller = self.caller(ctx)
        let w = Catalog.words(lang)
        let a = try await service.agreements.show(id, caller).stored.agreement
        let meetingID = String(m.id ?? 0)
        let open = !m.minutesClosed
        return page(template, "\(w["meeting"]!) #\(meetingID) — \(id)", [
            "id": id, "agreementTitle": Self.titled(a, lang), "meetingID": meetingID,
            "bodyName": a.bodies.first { $0.id == m.body }?.name ?? m.body, "date": Self.date(m.date, lang)!,
            "open": open, "closed": m.minutesClosed,
            "canDraft": caller.may(.draftMeeting, on: id), "canRecordDecisions": caller.may(.recordDecisions, on: id),
            "canClose": caller.may(.closeMinutes, on: id), "canCorrect": caller.may(.correctMinutes, on: id),
            "canReopen": caller.may(.reopenMinutes, on: id),
            "correctsID": m.corrects.map { String($0) } as Any,
            "corrections": all.filter { $0.corrects == m.id }.map { c -> [String: Any] in ["correctionID": String(c.id ?? 0), "correctionDate": c.date.iso] },
            "hasCorrections": all.contains { $0.corrects == m.id },
            "agenda": m.agenda, "noAgenda": m.agenda.isEmpty,
            "attendees": m.attendees.map { p -> [String: Any] in
                ["attendeeName": p.name, "attendeeParty": a.party(p.party)?.name(on: m.date) ?? p.party, "attendeeRole": p.role ?? ""]
            },
            "noAttendees": m.attendees.isEmpty,
            "decisions": m.decisions.map(\.text), "noDecisions": m.decisions.isEmpty,
            "approvedPlanID": m.approvedPlanID.map { String($0) } as Any,
            "agendaForm": forms.agenda.summary.merging(["item": forms.agenda.field("item", w["agendaItem"]!)]) { x, _ in x },
            "attendeeForm": forms.attendee.summary.merging([
                "name": forms.attendee.field("name", w["name"]!),
                "party": forms.attendee.field("party", w["party"]!, kind: .select(a.parties.map { (value: $0.id, label: $0.name(on: m.date)) }, blank: nil)),
                "role": forms.attendee.field("role", w["roleOptional"]!),
            ]) { x, _ in x },
            "decisionForm": forms.decision.summary.merging(["text": forms.decision.field("text", w["decision"]!, kind: .textarea)]) { x, _ in x },
            "reopenForm": forms.reopen.summary.merging(["reason": forms.reopen.field("reason", w["reopenReason"]!, kind: .textarea)]) { x, _ in x },
        ], req, ctx, status: status)
    }

    /// One change to open minutes (an agenda item, an attendee, a decision, or closing them),
    /// through the service's edit; errors at the field with the form kept.
    func editMeeting(_ req: Request, _ ctx: WebContext, part: String) async throws -> Response {
        let (id, m, _) = try await meetingInAgreement(ctx)
        let lang = ctx.lang
        let fields = try await Self.fields(req, ctx)
        let meetingID = m.id ?? 0
        // Closed minutes take no change here: the error page says how to correct them.
        if m.minutesClosed { throw StoreError.minutesClosed(meetingID) }
        var forms = MeetingForms()
        var f: PostedForm
        var change: (@Sendable (inout Meeting) throws -> Void)?
        switch part {
        case "agenda":
            f = PostedForm("agenda", fields, names: ["item"])
            let item = f["item"].trimmingCharacters(in: .whitespacesAndNewlines)
            if item.isEmpty { f.fail("item", lang == .fr ? "Le point de l'ordre du jour est vide; écrivez-le." : "The agenda item is empty; write it.") }
            change = { $0.agenda.append(item) }
        case "attendees":
            f = PostedForm("attendee", fields, names: ["name", "party", "role"])
            let p = Participant(name: f["name"].trimmingCharacters(in: .whitespaces), party: f["party"],
                                role: f["role"].trimmingCharacters(in: .whitespaces).isEmpty ? nil : f["role"])
            change = { $0.attendees.append(p) }
        case "decisions":
            f = PostedForm("decision", fields, names: ["text"])
            let text = f["text"].trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { f.fail("text", lang == .fr ? "La décision est vide; écrivez-la." : "The decision is empty; write it.") }
            change = { $0.decisions.append(Decision(text: text)) }
        default:
            f = PostedForm("close", fields)
            change = { $0.minutesClosed = true }
        }
        if f.errors.isEmpty, let change {
            do {
                _ = try await service.meetings.edit(meetingID, self.caller(ctx), change)
                return .redirect(to: "/agreements/\(Pages.escape(id))/meetings/\(meetingID)", type: .normal)
            } catch {
                let first = f.values.keys.sorted().first ?? "item"
                try f.absorb(error, fields: ["attendee": "name", "party": "party"], fallback: first, lang)
            }
        }
        switch part {
        case "agenda": forms.agenda = f
        case "attendees": forms.attendee = f
        case "decisions": forms.decision = f
        default: break
        }
        return try await meetingPage(req, ctx, forms: forms, status: .unprocessableContent).response(from: req, context: ctx)
    }

    /// The form that reopens closed minutes (its own page: a closed meeting's page has no form).
    func reopenMeetingForm(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try await meetingPage(req, ctx, forms: MeetingForms(), status: .ok, template: "meeting-reopen")
    }

    func reopenMeeting(_ req: Request, _ ctx: WebContext) async throws -> Response {
        let (id, m, _) = try await meetingInAgreement(ctx)
        let lang = ctx.lang
        var forms = MeetingForms()
        var f = PostedForm("reopen", try await Self.fields(req, ctx), names: ["reason"])
        do {
            _ = try await service.meetings.reopen(m.id ?? 0, reason: f["reason"], self.caller(ctx))
            return .redirect(to: "/agreements/\(Pages.escape(id))/meetings/\(m.id ?? 0)", type: .normal)
        } catch { try f.absorb(error, fallback: "reason", lang) }
        forms.reopen = f
        return try await meetingPage(req, ctx, forms: forms, status: .unprocessableContent, template: "meeting-reopen").response(from: req, context: ctx)
    }
}
