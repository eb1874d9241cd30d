import EntenteService
import Hummingbird

extension Site {
    /// `GET /healthz`: 200 `{"status":"ok","database":"ok"}` when the database answers, else
    /// 503 with the reason in French and English (for a load balancer: take this process out
    /// of rotation until it answers again). Open to all, like `/static/`; says nothing of the records.
    func healthz() async -> Response {
        let report = await service.maintenance.health()
        return JSONResponse.make(report.json, status: report.databaseAnswers ? .ok : .serviceUnavailable)
    }
}
