import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteService

/// `entente in-force ID --on DATE [--received DATE] [--note TEXT]`: records the event that
/// brings an agreement into force (the last notification that internal procedures are
/// complete, an exchange of instruments), audited; the entry-into-force rule then applies.
struct InForce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "in-force",
        abstract: "Record the event that brings an agreement into force (last notification of completed internal procedures).")
    @OptionGroup var g: GlobalOptions
    @Argument(help: "Agreement id.") var id: String
    @Option(help: "Date of the event (the last notification, the exchange of instruments).") var on: String
    @Option(help: "Date the last notification was received, when it differs (it then counts).") var received: String?
    @Option(help: "A note kept with the record (e.g. the note's reference).") var note: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await g.withService { ctx, service in
            let event = EntryIntoForceEvent(agreementID: id, on: try parseDate(on, option: "--on"),
                                            receivedOn: try received.map { try parseDate($0, option: "--received") }, note: note)
            let r = try await service.notices.recordEntryIntoForce(event, ctx.caller)
            if format == .json {
                print(JSONValue.object([("id", .int(Int(r.event.id ?? 0))), ("agreement", .string(id)), ("on", .string(r.event.on.iso)),
                                        ("receivedOn", .date(r.event.receivedOn)), ("entryIntoForce", .date(r.entryIntoForce)),
                                        ("rule", .string(r.rule[ctx.lang]))]).serialized())
            } else {
                print(ctx.text("Événement enregistré le \(r.event.on.long(.fr)).", "Event recorded on \(r.event.on.long(.en))."))
                if let eif = r.entryIntoForce {
                    print(ctx.text("Entrée en vigueur : \(eif.long(.fr)) (\(r.rule.fr)).", "Entry into force: \(eif.long(.en)) (\(r.rule.en))."))
                }
            }
        }
    }
}
