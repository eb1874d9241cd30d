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
    ///   - setup: the first administrator's one-time link (none by default).
    ///   - clock: "now", for sessions (tests move it).
    public static func router(service: EntenteService, caller: Caller, pages: Pages, setup: SetupLink = SetupLink(token: nil),
                              clock: @escaping @Sendable () -> Date = { Date() }) -> Router<WebContext> {
        let site = Site(service: service, base: caller, pages: pages, setup: setup, clock: clock)
        let router = Router(context: WebContext.self)
        router.addMiddleware {
            RedactedRequestLog(level: .info)
            // default-src 'self': no inline script or style, no CDN; forms post here only.
            ContentSecurityMiddleware(contentSecurityPolicy: [.defaultSrc(.self), .formAction(.self), .frameAncestors(.none), .baseURI(.self)])
            ErrorPageMiddleware(pages: pages)
            SignInMiddleware(service: service, base: caller, clock: clock)
        }
        router.get("/healthz") { _, _ in await site.healthz() }
        router.get("/static/entente.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: pages.stylesheet)))
        }
        // shared/design/cli.md names the form `/login` (binding); `/sign-in` is kept as an alias.
        router.get("/login") { req, ctx in try await site.signInPage(req, ctx) }
        router.post("/login") { req, ctx in try await site.signIn(req, ctx) }
        router.get("/sign-in") { req, ctx in try await site.signInPage(req, ctx) }
        router.post("/sign-in") { req, ctx in try await site.signIn(req, ctx) }
        router.post("/sign-out") { req, ctx in try await site.signOut(req, ctx) }
        router.get("/setup/:token") { req, ctx in try await site.setupPage(req, ctx) }
        router.post("/setup/:token") { req, ctx in try await site.createFirstAdministrator(req, ctx) }
        router.get("/account") { req, ctx in try await site.account(req, ctx) }
        router.post("/account/tokens") { req, ctx in try await site.createToken(req, ctx) }
        router.post("/account/tokens/:token/revoke") { req, ctx in try await site.revokeToken(req, ctx) }
        router.get("/calendar/:file") { req, ctx in try await site.calendarFeed(req, ctx) }
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
        router.get("/deadlines/calendar") { req, ctx in try await site.calendar(req, ctx) }
        router.get("/agreements/:id/activities/:activity/edit") { req, ctx in try await site.editActivityForm(req, ctx) }
        router.post("/agreements/:id/activities/:activity/edit") { req, ctx in try await site.editActivity(req, ctx) }
        router.get("/agreements/:id/plans") { req, ctx in try await site.plans(req, ctx) }
        router.post("/agreements/:id/plans") { req, ctx in try await site.createPlan(req, ctx) }
        router.get("/agreements/:id/plans/:plan") { req, ctx in try await site.plan(req, ctx) }
        router.post("/agreements/:id/plans/:plan/items") { req, ctx in try await site.addPlanItem(req, ctx) }
        router.post("/agreements/:id/plans/:plan/items/:item/progress") { req, ctx in try await site.setItemProgress(req, ctx) }
        router.post("/agreements/:id/plans/:plan/approve") { req, ctx in try await site.approvePlan(req, ctx) }
        router.get("/agreements/:id/meetings") { req, ctx in try await site.meetings(req, ctx) }
        router.post("/agreements/:id/meetings") { req, ctx in try await site.addMeeting(req, ctx) }
        router.get("/agreements/:id/meetings/:meeting") { req, ctx in try await site.meeting(req, ctx) }
        router.post("/agreements/:id/meetings/:meeting/agenda") { req, ctx in try await site.editMeeting(req, ctx, part: "agenda") }
        router.post("/agreements/:id/meetings/:meeting/attendees") { req, ctx in try await site.editMeeting(req, ctx, part: "attendees") }
        router.post("/agreements/:id/meetings/:meeting/decisions") { req, ctx in try await site.editMeeting(req, ctx, part: "decisions") }
        router.post("/agreements/:id/meetings/:meeting/close") { req, ctx in try await site.editMeeting(req, ctx, part: "close") }
        router.get("/agreements/:id/meetings/:meeting/reopen") { req, ctx in try await site.reopenMeetingForm(req, ctx) }
        router.post("/agreements/:id/meetings/:meeting/reopen") { req, ctx in try await site.reopenMeeting(req, ctx) }
        router.get("/agreements/:id/progress") { req, ctx in try await site.progress(req, ctx) }
        router.post("/agreements/:id/progress") { req, ctx in try await site.recordProgressReport(req, ctx) }
        router.post("/agreements/:id/progress/requests") { req, ctx in try await site.recordProgressRequest(req, ctx) }
        router.get("/agreements/:id/biennial") { req, ctx in try await site.biennial(req, ctx) }
        router.post("/agreements/:id/biennial") { req, ctx in try await site.recordBiennial(req, ctx) }
        router.post("/agreements/:id/biennial/:report") { req, ctx in try await site.updateBiennial(req, ctx) }
        // Import page (issue 12) and review of a converted text (issue 15 step 4).
        let intakeDrafts = IntakeDrafts()
        router.get("/import") { req, ctx in try await site.importText(req, ctx) }
        router.post("/import") { req, ctx in try await site.uploadText(req, ctx, drafts: intakeDrafts) }
        router.get("/import/review/:token") { req, ctx in try await site.intakeReview(req, ctx, drafts: intakeDrafts) }
        router.post("/import/review/:token") { req, ctx in try await site.confirmIntake(req, ctx, drafts: intakeDrafts) }
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
                                   setup: SetupLink = SetupLink(token: nil),
                                   onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
        let pages = try await Pages.load()
        var log = logger ?? Logger(label: "entente-server", factory: { StreamLogHandler.standardError(label: $0) })
        if logger == nil { log.logLevel = .info }
        return Application(router: router(service: service, caller: caller, pages: pages, setup: setup),
                           configuration: .init(address: .hostname(host, port: port), serverName: "entente"),
                           onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
                           logger: log)
    }

    /// Serves until SIGTERM or SIGINT; requests in flight finish first (graceful shutdown).
    /// Prints `Listening on http://HOST:PORT` on standard output once ready; on a database with
    /// no active administrator, then one line `Setup: http://HOST:PORT/setup/TOKEN` (issue 13
    /// §2): the link that creates the first one, from this machine only, valid until used.
    /// - Throws: when the address cannot be bound, a template does not parse, or the database
    ///   holds no people (`ServiceError.noPeople`).
    public static func run(host: String, port: Int, service: EntenteService, caller: Caller) async throws {
        // A database that holds no people yet (a backend without them): nobody can sign in,
        // and there is nobody to set up; the server still serves /healthz.
        let needsSetup: Bool
        do { needsSetup = try await !service.people.hasActiveAdministrator() } catch ServiceError.noPeople { needsSetup = false }
        let setup = SetupLink(token: needsSetup ? SetupLink.newToken() : nil)
        let app = try await application(service: service, caller: caller, host: host, port: port, setup: setup) { bound in
            print("Listening on http://\(host):\(bound)")
            if let token = setup.current {
                print("Setup: http://\(host):\(bound)/setup/\(token)")
                print("  (FR) Aucun administrateur : ouvrez ce lien sur cette machine pour créer le premier, ou utilisez « entente user add LOGIN --role admin --password-stdin ».")
                print("  (EN) No administrator: open this link on this machine to create the first one, or use 'entente user add LOGIN --role admin --password-stdin'.")
            }
            fflush(nil)
        }
        try await app.runService()
    }
}
