import EntenteCore
import EntenteForms
import EntenteReports
import EntenteService
import EntenteStorage
import Foundation
import Hummingbird
import Logging

/// The `_csrf` field of a form body, url-encoded or multipart: the anti-forgery check reads
/// it before any handler runs.
enum FormToken {
    static func sent(in body: ByteBuffer, contentType: String?) -> String? {
        if let type = contentType, type.lowercased().hasPrefix("multipart/form-data") {
            return (try? MultipartForm(body: body, contentType: type))?.field("_csrf")
        }
        return FormFields(String(buffer: body)).first("_csrf")
    }
}

/// What the web face refuses by itself (not a rule of the domain).
enum WebError: Error {
    case forbiddenForgery
    case notFound
    /// `/api/v1/*` without a valid bearer token (401).
    case unauthorized
    case badRequest(Localized)
}

/// Errors as pages (or JSON under `/api/`): a person's mistake shows its message in the page's
/// language; anything else shows a request id only, and the detail goes to the log, never to
/// the browser (no stack, SQL or file path).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let pages: Pages

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            // Runs outside the language middleware (so that its refusals get a page too).
            var context = context
            context.lang = SignInMiddleware.language(of: request)
            let lang = context.lang
            let status: HTTPResponse.Status
            let message: String
            switch error {
            case WebError.forbiddenForgery:
                status = .forbidden
                message = lang == .fr ? "Requête refusée : le jeton du formulaire (_csrf) manque ou ne correspond pas. Rechargez la page et recommencez; rien n'a été enregistré."
                                      : "Request refused: the form's token (_csrf) is missing or wrong. Reload the page and try again; nothing was saved."
            case WebError.unauthorized:
                status = .unauthorized
                // Both languages: a program reads it, and it is not known who.
                message = "Authentification requise : envoyez « Authorization: Bearer ent_… » (un jeton de votre page « Mon compte »). / "
                    + "Authentication required: send 'Authorization: Bearer ent_…' (a token from your 'My account' page)."
            case WebError.notFound:
                status = .notFound
                message = lang == .fr ? "Cette page n'existe pas." : "There is no such page."
            case WebError.badRequest(let m):
                status = .badRequest
                message = m[lang]
            case let e as ServiceError:
                switch e {
                case .unknownAgreement, .unknownVersion, .unknownMeeting: status = .notFound
                case .forbidden: status = .forbidden
                default: status = .badRequest
                }
                message = e.message(lang)
            case let e as StoreError:
                switch e {
                case .notFound, .unknownAgreement: status = .notFound; message = e.message(lang)
                case .database(let f) where f.kind == .unavailable:
                    // The database went away: say so (it is no one's mistake, and it passes);
                    // the detail, which names the server, goes to the log only.
                    context.logger.error("request failed: \(String(reflecting: error))")
                    status = .serviceUnavailable; message = e.message(lang)
                // Another program holds the database longer than the busy timeout, or the
                // disk is full: the person's request was refused whole and can be tried
                // again; the store's message says so, without a path (RFC 9110 §15.6.4, 503;
                // RFC 4918 §11.5, 507).
                case .database(let f) where f.kind == .busy || f.kind == .full:
                    context.logger.warning("request refused: \(f.kind.rawValue): \(f.detail)")
                    status = f.kind == .busy ? .serviceUnavailable : .init(code: 507, reasonPhrase: "Insufficient Storage")
                    message = e.message(lang)
                case .database, .unreadable, .fileExists:
                    context.logger.error("request failed: \(String(reflecting: error))")
                    status = .internalServerError; message = Self.generic(lang)
                default: status = .conflict; message = e.message(lang)
                }
            case let e as ValidationError:
                status = .badRequest
                message = e.message(lang)
            case let e as HTTPError:
                status = e.status
                if e.status == .contentTooLarge {
                    message = lang == .fr ? "Envoi trop volumineux (plus de \(WebLimits.maxBody / 1024) Kio); rien n'a été enregistré."
                                          : "Upload too large (over \(WebLimits.maxBody / 1024) KiB); nothing was saved."
                } else if e.status.code >= 500 {
                    context.logger.error("request failed: \(String(reflecting: error))")
                    message = Self.generic(lang)
                } else {
                    message = lang == .fr ? "Requête invalide (\(e.status.code))." : "Bad request (\(e.status.code))."
                }
            default:
                context.logger.error("request failed: \(String(reflecting: error))")
                status = .internalServerError
                message = Self.generic(lang)
            }
            if request.uri.path.hasPrefix("/api/") {
                var r = JSONResponse.make(JSONValue.object([("error", .object([("status", .int(Int(status.code))), ("message", .string(message)),
                                                                      ("requestId", .string(context.id))]))]).serialized(), status: status)
                if status == .unauthorized { r.headers[.wwwAuthenticate] = "Bearer realm=\"entente\"" }
                return r
            }
            let html = pages.error(status: Int(status.code), message: message, requestID: context.id, context: context, request: request)
            var response = HTML(html, status: status).response(from: request, context: context)
            if status == .serviceUnavailable { response.headers[.retryAfter] = "5" }
            return response
        }
    }

    static func generic(_ lang: Language) -> String {
        lang == .fr ? "Une erreur inattendue est survenue; rien n'a été enregistré. Donnez le numéro de requête ci-dessous à l'administrateur."
                    : "An unexpected error occurred; nothing was saved. Give the request number below to the administrator."
    }
}
