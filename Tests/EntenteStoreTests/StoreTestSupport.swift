import EntenteCore
@testable import EntenteStore

/// Short forms the store tests read better with; each is one call of the store's API.
extension Workspace {
    func auditLog(entity: String? = nil, id: Int64? = nil, agreementID: String? = nil, limit: Int = 50) throws -> [AuditEntry] {
        try auditLog(AuditQuery(entity: entity, entityID: id, agreementID: agreementID, limit: limit))
    }

    func closeMinutes(id: Int64) throws -> Meeting { try updateMeeting(id: id) { m, _ in m.minutesClosed = true } }

    func updateActivity(id: Int64, _ change: (inout Activity) -> Void) throws -> Activity { try updateActivity(id: id) { a, _ in change(&a) } }
    func updateMeeting(id: Int64, _ change: (inout Meeting) -> Void) throws -> Meeting { try updateMeeting(id: id) { m, _ in change(&m) } }
    func updatePlanItem(id: Int64, _ change: (inout PlanItem) -> Void) throws -> PlanItem { try updatePlanItem(id: id) { i, _ in change(&i) } }
    func updateBiennialReport(id: Int64, _ change: (inout BiennialReportRecord) -> Void) throws -> BiennialReportRecord {
        try updateBiennialReport(id: id) { r, _ in change(&r) }
    }
    func addPlanItem(planID: Int64, _ item: PlanItem) throws -> PlanItem { try addPlanItem(planID: planID, item, check: { _, _ in }) }
    func addAmendment(_ a: Amendment, agreement: Agreement, xml: String, file: String, warnings: [String]) throws -> Amendment {
        try addAmendment(a, text: PreparedAgreement(agreement), xml: xml, file: file, warnings: warnings)
    }
}
