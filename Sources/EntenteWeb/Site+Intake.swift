import EntenteCore
import EntenteForms
import EntenteIntake
import EntenteService
import EntenteXML
import Foundation
import Hummingbird

/// The import page (issue 12) and the review of a converted text (issue 15 step 4): upload
/// an Akoma Ntoso text (imported, or refused with `FILE:LINE:COLUMN` and the line), or a
/// plain text or Word file (converted, its proposed tracking facts reviewed one by one
/// beside their phrases, then stored with the accepted ones).
extension Site {
    /// What the upload form shows again after a refusal.
    struct UploadFormState {
        var language = ""
        var id = ""
        var errors: [(field: String, message: String)] = []
        /// The line of an Akoma Ntoso refusal, with a caret under the column.
        var excerpt: SourceExcerpt?
    }

    /// `GET /import`: the upload form.
    func importText(_ req: Request, _ ctx: WebContext) async throws -> HTML {
        try IntakeService.requireImport(caller(ctx))
        return uploadPage(req, ctx, form: UploadFormState(), status: .ok)
    }

    func uploadPage(_ req: Request, _ ctx: WebContext, form: UploadFormState, status: HTTPResponse.Status) -> HTML {
        let w = Self.words(ctx)
        let errorFor = Dictionary(form.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        return page("intake", w["importText"]!, [
            "hasErrors": !form.errors.isEmpty,
            "errors": form.errors.map { ["field": $0.field, "message": $0.message] },
            "fileError": errorFor["file"] as Any, "idError": errorFor["id"] as Any, "languageError": errorFor["language"] as Any,
            "excerpt": form.excerpt.map { ["line": $0.line, "caret": $0.caret] } as Any,
            "id": form.id, "maxKiB": WebLimits.maxBody / 1024,
            "languages": [("", w["guessLanguage"]!), ("fr", "français"), ("en", "English")].map { code, label -> [String: Any] in
                ["value": code, "label": label, "selected": code == form.language, "lang": code == "en" ? "en" : code == "fr" ? "fr" : ""]
            },
        ], req, ctx, status: status)
    }

    /// `POST /import` (multipart): `.xml` is imported at once; `.txt` and `.docx` are converted
    /// and kept for review (303 to the review page); a refusal shows the form again, nothing stored.
    func uploadText(_ req: Request, _ ctx: WebContext, drafts: IntakeDrafts) async throws -> Response {
        try IntakeService.requireImport(caller(ctx))
        var req = req
        let lang = ctx.lang
        let body = try await req.collectBody(upTo: ctx.maxUploadSize)
        let form: MultipartForm
        do { form = try MultipartForm(body: body, contentType: req.headers[.contentType] ?? "") } catch {
            throw WebError.badRequest(error.text)
        }
        var state = UploadFormState(language: form.field("language") ?? "",
                                    id: (form.field("id") ?? "").trimmingCharacters(in: .whitespaces))
        var language: Language?
        if !state.language.isEmpty {
            language = Language(code: state.language)
            if language == nil {
                state.errors.append(("language", lang == .fr ? "Langue « \(state.language) » inconnue : choisissez français ou English."
                                                             : "Unknown language \"\(state.language)\": choose français or English."))
            }
        }
        let caller = self.caller(ctx)
        guard let file = form.file("file"), let name = file.fileName, !name.isEmpty else {
            state.errors.append(("file", lang == .fr ? "Choisissez un fichier (.xml, .txt ou .docx) ; rien n'a été enregistré."
                                                     : "Choose a file (.xml, .txt or .docx); nothing was saved."))
            return uploadPage(req, ctx, form: state, status: .unprocessableContent).response(from: req, context: ctx)
        }
        let ext = (name as NSString).pathExtension.lowercased()
        if state.errors.isEmpty {
            switch ext {
            case "xml":
                do {
                    let outcome = try await service.agreements.importUpload(bytes: file.bytes, fileName: name, caller)
                    return .redirect(to: "/agreements/\(Pages.escape(outcome.id ?? ""))", type: .normal)
                } catch let e as XMLImportError {
                    state.errors.append(("file", e.message(lang)))
                    state.excerpt = SourceExcerpt(bytes: file.bytes, line: e.line, column: e.column)
                }
            case "txt", "docx":
                do {
                    let review = try IntakeService.review(bytes: file.bytes, fileName: name, id: state.id.isEmpty ? nil : state.id,
                                                          language: language, configuration: service.configuration, caller)
                    let token = await drafts.keep(review, owner: caller.user.auditName)
                    return .redirect(to: "/import/review/\(token)", type: .normal)
                } catch let e as IntakeError {
                    if case .badID = e { state.errors.append(("id", e.text[lang])) } else { state.errors.append(("file", e.message(lang))) }
                } catch let e as XMLImportError {
                    state.errors.append(("file", e.message(lang)))
                } catch let e as ServiceError {
                    guard case .convertedTextInvalid = e else { throw e }
                    state.errors.append(("file", e.message(lang)))
                }
            default:
                state.errors.append(("file", lang == .fr
                    ? "« \(name) » : fichier .\(ext) non accepté ; donnez un texte Akoma Ntoso (.xml), un texte brut (.txt) ou un document Word (.docx)."
                    : "\"\(name)\": a .\(ext) file is not accepted; give an Akoma Ntoso text (.xml), plain text (.txt) or a Word document (.docx)."))
            }
        }
        return try uploadPage(req, ctx, form: state, status: .unprocessableContent).response(from: req, context: ctx)
    }

    /// The page of a review that is gone (expired, server restarted, someone else's): the
    /// upload form, saying so.
    func reviewGone(_ req: Request, _ ctx: WebContext) -> HTML {
        var state = UploadFormState()
        state.errors = [("file", ctx.lang == .fr
            ? "Cette vérification n'existe plus (plus de 30 minutes, serveur redémarré, ou ouverte par une autre personne) ; rien n'a été enregistré. Téléversez le fichier de nouveau."
            : "This review no longer exists (over 30 minutes old, server restarted, or opened by someone else); nothing was saved. Upload the file again.")]
        return uploadPage(req, ctx, form: state, status: .notFound)
    }

    /// `GET /import/review/:token`: the converted agreement on the left, the proposed facts on
    /// the right, each phrase marked in the text and linked both ways.
    func intakeReview(_ req: Request, _ ctx: WebContext, drafts: IntakeDrafts) async throws -> HTML {
        let token = try ctx.parameters.require("token")
        let caller = self.caller(ctx)
        try IntakeService.requireImport(caller)
        guard let review = await drafts.review(token, owner: caller.user.auditName) else { return reviewGone(req, ctx) }
        let lang = ctx.lang
        let w = Self.words(ctx)
        let proposals = review.extraction.proposals
        // The left column: every provision cut around the phrases quoted from it.
        var markOf: [Int: String] = [:]
        let articles = review.articles.map { a -> [String: Any] in
            let provisions = a.provisions.map { p -> [String: Any] in
                let quotes = proposals.indices.compactMap { i -> (fact: Int, quote: String)? in
                    guard proposals[i].source == p.eId, let q = proposals[i].quote else { return nil }
                    return (i, q)
                }
                let segments = ReviewText.highlight(p.text, quotes: quotes).map { s -> [String: Any] in
                    guard let first = s.facts.first else { return ["text": s.text, "marked": false] }
                    let id = "phrase-\(first + 1)"
                    for f in s.facts { markOf[f] = id }
                    return ["text": s.text, "marked": true, "markID": id,
                            "facts": s.facts.map { ["n": $0 + 1, "label": "\(w["fact"]!) \($0 + 1)"] }]
                }
                return ["eId": p.eId == a.eId ? "" : p.eId, "segments": segments]
            }
            return ["eId": a.eId, "num": a.num, "heading": a.heading, "provisions": provisions]
        }
        let anchors = Set(review.articles.flatMap { a in [a.eId] + a.provisions.map(\.eId) })
        let facts = proposals.enumerated().map { i, p -> [String: Any] in
            var o: [String: Any] = [
                "n": i + 1, "index": i, "kind": p.kind, "writable": p.writable,
                "values": p.attributes.map { "\($0.name) = \($0.value)" }.joined(separator: " · "),
                "reading": p.reading[lang], "alternative": p.alternative?[lang] as Any, "quote": p.quote as Any,
                "source": p.source.map { Citation.describe($0, lang) } ?? "—",
            ]
            if let s = p.source, anchors.contains(s) { o["sourceURL"] = "#" + s }
            if let m = markOf[i] { o["phraseURL"] = "#" + m }
            return o
        }
        // Saving under an id already stored makes a new version of that agreement's text: say so.
        let existing = try? await service.agreements.show(review.id, caller)
        return page("intake-review", "\(w["reviewTitle"]!) — \(review.id)", [
            "existing": existing.map { ["version": String($0.stored.version)] } as Any,
            "token": token, "file": review.fileName, "id": review.id, "title": review.title,
            "textLang": review.language.rawValue, "articles": articles, "facts": facts, "hasFacts": !facts.isEmpty,
            "warnings": review.warnings, "hasWarnings": !review.warnings.isEmpty,
            "suspects": review.suspectWords.map { ["word": $0.word, "candidate": $0.candidate] },
            "hasSuspects": !review.suspectWords.isEmpty,
        ], req, ctx)
    }

    /// `POST /import/review/:token`: stores the text with the facts whose `accept[]` box is
    /// checked, then 303 to the agreement's page.
    func confirmIntake(_ req: Request, _ ctx: WebContext, drafts: IntakeDrafts) async throws -> Response {
        let token = try ctx.parameters.require("token")
        let caller = self.caller(ctx)
        try IntakeService.requireImport(caller)
        guard let review = await drafts.review(token, owner: caller.user.auditName) else {
            return try reviewGone(req, ctx).response(from: req, context: ctx)
        }
        var req = req
        let fields = FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
        var accepted: Set<Int> = []
        for raw in fields.all("accept[]") {
            guard let i = Int(raw), review.extraction.proposals.indices.contains(i) else {
                throw WebError.badRequest(Localized(fr: "accept[] = « \(raw) » ne désigne aucun fait proposé ; rien n'a été enregistré.",
                                                    en: "accept[] = \"\(raw)\" names no proposed fact; nothing was saved."))
            }
            accepted.insert(i)
        }
        _ = try await service.intake.storeReviewed(review, accepted: accepted, caller)
        await drafts.remove(token)
        return .redirect(to: "/agreements/\(Pages.escape(review.id))", type: .normal)
    }
}
