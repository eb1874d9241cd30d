import EntenteCore
@testable import EntenteStore
import Foundation
import Testing

/// The recorded event that brings an agreement into force (A7): a real SQLite file, audited.
@Suite struct EntryIntoForceEventTests {
    static let waiting = Agreement(
        id: "waiting",
        parties: [Party(id: "qc", name: "Québec"), Party(id: "be", name: "Wallonie")],
        signatures: [Signature(party: "qc", signatory: nil, role: nil, place: nil, date: CivilDate(iso: "2026-10-20"), basis: .text),
                     Signature(party: "be", signatory: nil, role: nil, place: nil, date: CivilDate(iso: "2026-11-10"), basis: .text)],
        entryIntoForce: EntryIntoForce(rule: .firstDayOfNthMonth, date: nil, source: ProvisionRef(eId: "art_2__para_1", num: "2.1"),
                                       anchor: .lastNotification, nth: 1))

    @Test func recordedAuditedAndReadBackIntoTheRules() throws {
        let ws = try Workspace(path: temporaryDatabase(), user: "agent")
        _ = try ws.importAgreement(Self.waiting, xml: "<akomaNtoso>w</akomaNtoso>", file: "agreements/w.xml", warnings: [])
        #expect(TerminationRules.state(of: Self.waiting, notices: [], events: try ws.history(agreementID: "waiting").entryIntoForceEvents,
                                       on: CivilDate(iso: "2027-06-01")!) == .notYetInForce)
        let saved = try ws.addEntryIntoForceEvent(EntryIntoForceEvent(agreementID: "waiting", on: CivilDate(iso: "2027-01-20")!,
                                                                      receivedOn: CivilDate(iso: "2027-02-02")!, note: "note n° 12"))
        #expect(saved.id != nil)
        let events = try ws.history(agreementID: "waiting").entryIntoForceEvents
        #expect(events == [saved])
        #expect(try ws.allHistories()["waiting"]?.entryIntoForceEvents == [saved])
        // Counted from the receipt of the last notification: 2 February → 1 March 2027.
        #expect(TerminationRules.effectiveStart(of: Self.waiting, events: events) == CivilDate(iso: "2027-03-01"))
        #expect(TerminationRules.state(of: Self.waiting, notices: [], events: events, on: CivilDate(iso: "2027-03-01")!) == .inForce)
        let audit = try ws.auditLog(entity: "entry-into-force-event", limit: 10)
        #expect(audit.count == 1)
        #expect(audit.first?.user == "agent")
    }

    /// Core's rule (`RecordValidator`), applied by the service before it writes; here it runs
    /// first, as the service does, and the store writes nothing when it refuses.
    @Test func refusedBeforeTheLastSignatureOrWhenTheTextDatesIt() throws {
        let ws = try Workspace(path: temporaryDatabase(), user: "agent")
        func add(_ e: EntryIntoForceEvent) throws {
            let a = try #require(try ws.agreement(id: e.agreementID)).agreement
            try RecordValidator.validate(e, against: a)
            _ = try ws.addEntryIntoForceEvent(e)
        }
        _ = try ws.importAgreement(Self.waiting, xml: "<akomaNtoso>w</akomaNtoso>", file: "agreements/w.xml", warnings: [])
        var dated = Self.waiting
        dated.id = "dated"
        dated.entryIntoForce = EntryIntoForce(rule: .lastSignature, date: CivilDate(iso: "2026-11-10"), source: nil)
        _ = try ws.importAgreement(dated, xml: "<akomaNtoso>d</akomaNtoso>", file: "agreements/d.xml", warnings: [])
        let early = try expectRefused(ValidationError.self, ws) {
            try add(EntryIntoForceEvent(agreementID: "waiting", on: CivilDate(iso: "2026-11-09")!))
        }
        #expect(early?.message(.en).contains("2026-11-10") == true)
        try expectRefused(ValidationError.self, ws) {
            try add(EntryIntoForceEvent(agreementID: "waiting", on: CivilDate(iso: "2027-01-20")!, receivedOn: CivilDate(iso: "2027-01-19")!))
        }
        // In force at the last signature: the text dates it, there is no event to record.
        try expectRefused(ValidationError.self, ws) {
            try add(EntryIntoForceEvent(agreementID: "dated", on: CivilDate(iso: "2027-01-20")!))
        }
    }
}
