import EntenteCore
import EntenteService
import Foundation
import Hummingbird
import Logging

/// The web interface (issue 12): server-rendered pages in French and English and a JSON API
/// under `/api/v1`, over the service layer.
public enum WebServer {
    /// The routes, with their middleware (request log, security headers, error pages,
    /// language and anti-forgery token).
    /// - Parameters:
    ///   - service: the service on the workspace's database.
    ///   - caller: the operator who starts the server (audit name) and "today".
    public static func router(service: EntenteService, caller: Caller, pages: Pages) -> Router<WebContext> {
        let site = Site(service: service, base: caller, pages: pages)
        let router = Router(context: WebContext.self)
        router.addMiddleware {
            LogRequestsMiddleware(.info)
            // default-src 'self': no inline script or style, no CDN; forms post here only.
            ContentSecurityMiddleware(contentSecurityPolicy: [.defaultSrc(.self), .formAction(.self), .frameAncestors(.none), .baseURI(.self)])
            ErrorPageMiddleware(pages: pages)
            SessionBasicsMiddleware()
        }
        router.get("/healthz") { _, _ in await site.healthz() }
        router.get("/static/entente.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: pages.stylesheet)))
        }
        router.get("/") { req, ctx in try await site.dashboard(req, ctx) }
        router.get("/agreements") { req, ctx in try await site.register(req, ctx) }
        router.get("/agreements/:id") { req, ctx in try await site.agreement(req, ctx) }
        router.get("/agreements/:id/activities") { req, ctx in try await site.activities(req, ctx) }
        router.post("/agreements/:id/activities") { req, ctx in try await site.addActivity(req, ctx) }
        router.post("/agreements/:id/activities/:activity/cancel") { req, ctx in try await site.cancelActivity(req, ctx) }
        router.post("/agreements/:id/activities/import") { req, ctx in try await site.previewImport(req, ctx) }
        router.post("/agreements/:id/activities/import/confirm") { req, ctx in try await site.confirmImport(req, ctx) }
        router.get("/agreements/:id/activities.csv") { req, ctx in try await site.activitiesCSV(req, ctx) }
        router.get("/agreements/:id/reports") { req, ctx in try await site.reports(req, ctx) }
        router.get("/agreements/:id/report.html") { req, ctx in try await site.reportFile(req, ctx, format: .html) }
        router.get("/agreements/:id/report.md") { req, ctx in try await site.reportFile(req, ctx, format: .markdown) }
        router.get("/history") { req, ctx in try await site.history(req, ctx) }
        router.get("/agreements/:id/notice") { req, ctx in try await site.notice(req, ctx) }
        router.post("/agreements/:id/notice") { req, ctx in try await site.recordNotice(req, ctx) }
        router.get("/deadlines") { req, ctx in try await site.deadlines(req, ctx) }
        router.get("/deadlines.ics") { req, ctx in try await site.deadlinesICS(req, ctx) }
        let api = router.group("api/v1")
        api.get("agreements") { req, ctx in try await site.apiAgreements(req, ctx) }
        api.get("agreements/:id") { req, ctx in try await site.apiAgreement(req, ctx) }
        api.get("agreements/:id/activities") { req, ctx in try await site.apiActivities(req, ctx) }
        api.get("agreements/:id/notice") { req, ctx in try await site.apiNotice(req, ctx) }
        api.get("deadlines") { req, ctx in try await site.apiDeadlines(req, ctx) }
        // Anything else: a page saying so, in the page's language.
        router.get("**") { _, _ -> Response in throw WebError.notFound }
        return router
    }

    /// The application on an address; `onReady` gets the port actually bound (useful with port 0).
    public static func application(service: EntenteService, caller: Caller, host: String, port: Int, logger: Logger? = nil,
                                   onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
        let pages = try await Pages.load()
        var log = logger ?? Logger(label: "entente-server", factory: { StreamLogHandler.standardError(label: $0) })
        if logger == nil { log.logLevel = .info }
        return Application(router: router(service: service, caller: caller, pages: pages),
                           configuration: .init(address: .hostname(host, port: port), serverName: "entente"),
                           onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
                           logger: log)
    }

    /// Serves until SIGTERM or SIGINT; requests in flight finish first (graceful shutdown).
    /// Prints `Listening on http://HOST:PORT` on standard output once ready.
    /// - Throws: when the address cannot be bound, or a template does not parse.
    public static func run(host: String, port: Int, service: EntenteService, caller: Caller) async throws {
        let app = try await application(service: service, caller: caller, host: host, port: port) { bound in
            print("Listening on http://\(host):\(bound)")
            fflush(nil)
        }
        try await app.runService()
    }
}
