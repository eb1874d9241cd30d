import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteStore

/// `entente in-force ID --on DATE [--received DATE] [--note TEXT]`: records the event that
/// brings an agreement into force (the last notification that internal procedures are
/// complete, an exchange of instruments), audited; the entry-into-force rule then applies.
struct InForce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "in-force",
        abstract: "Record the event that brings an agreement into force (last notification of completed internal procedures).")
    @OptionGroup var g: GlobalOptions
    @Argument var id: String
    @Option(help: "Date of the event (the last notification, the exchange of instruments).") var on: String
    @Option(help: "Date the last notification was received, when it differs (it then counts).") var received: String?
    @Option(help: "A note kept with the record (e.g. the note's reference).") var note: String?
    @Option var format: OutputFormat = .text

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            let a = try ctx.agreement(id, in: ws).agreement
            let event = EntryIntoForceEvent(agreementID: id, on: try parseDate(on, option: "--on"),
                                            receivedOn: try received.map { try parseDate($0, option: "--received") }, note: note)
            let saved = try ws.addEntryIntoForceEvent(event)
            let events = try ws.history(agreementID: id).entryIntoForceEvents
            let eif = TerminationRules.effectiveStart(of: a, events: events)
            if format == .json {
                print(JSONValue.object([("id", .int(Int(saved.id ?? 0))), ("agreement", .string(id)), ("on", .string(saved.on.iso)),
                                        ("receivedOn", .date(saved.receivedOn)), ("entryIntoForce", .date(eif)),
                                        ("rule", .string(LifeRules.describeEntryIntoForce(a, events: events)[ctx.lang]))]).serialized())
            } else {
                print(ctx.text("Événement enregistré le \(saved.on.long(.fr)).", "Event recorded on \(saved.on.long(.en))."))
                if let eif {
                    print(ctx.text("Entrée en vigueur : \(eif.long(.fr)) (\(LifeRules.describeEntryIntoForce(a, events: events).fr)).",
                                   "Entry into force: \(eif.long(.en)) (\(LifeRules.describeEntryIntoForce(a, events: events).en))."))
                }
            }
        }
    }
}
