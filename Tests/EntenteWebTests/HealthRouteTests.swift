import EntenteCore
import EntenteService
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/healthz` asks the database (`MaintenanceService.health`): a monitor or a load balancer
/// learns whether this process can serve. The 503 side needs a database that stops answering:
/// `PostgresRecoveryTests` stops a real PostgreSQL cluster under a running server, and
/// `PostgresHealthTests` asks an address where nothing listens (a closed SQLite connection
/// stops the process in GRDB instead of failing, so it cannot stand in).
@Suite struct HealthRouteTests {
    @Test func healthzSaysTheDatabaseAnswersAsStableJSON() async throws {
        let h = try await WebHarness()
        try await h.app().test(.router) { client in
            var b = Browser()
            let ok = try await b.get(client, "/healthz")
            #expect(ok.status == .ok)
            #expect(ok.text == #"{"status":"ok","database":"ok"}"#)
            #expect(ok.headers[.contentType] == "application/json; charset=utf-8")
            // Open without a session, like /static/ (the shared contract).
            #expect(!ok.headers[values: .setCookie].contains { $0.hasPrefix("entente_session=") })
        }
    }
}
