import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import Foundation

/// Parses "Name (party)" for participants.
func parseParticipant(_ s: String) throws -> Participant {
    guard let open = s.lastIndex(of: "("), s.hasSuffix(")") else {
        throw CLIError.badOption("--participant", s, Localized(fr: "forme attendue : « Nom (partie) », ex. « Marie Tremblay (gouvernement-quebec) »",
                                                                en: "expected 'Name (party)', e.g. 'Marie Tremblay (gouvernement-quebec)'"))
    }
    let name = s[..<open].trimmingCharacters(in: .whitespaces)
    let party = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmingCharacters(in: .whitespaces)
    return Participant(name: name, party: party)
}

/// Parses "AMOUNT CUR party [label]" for costs.
func parseCost(_ s: String) throws -> Cost {
    let parts = s.split(separator: " ", maxSplits: 3).map(String.init)
    let hint = Localized(fr: "forme attendue : « MONTANT DEVISE partie », ex. « 1250.00 CAD gouvernement-quebec »",
                         en: "expected 'AMOUNT CURRENCY party', e.g. '1250.00 CAD gouvernement-quebec'")
    guard parts.count >= 3, let amount = Cost.parseAmount(parts[0]) else { throw CLIError.badOption("--cost", s, hint) }
    return Cost(amountMinor: amount, currency: parts[1], party: parts[2], label: parts.count > 3 ? parts[3] : nil)
}

struct ActivityFields: ParsableArguments {
    @Option(help: "Title.") var title: String?
    @Option(help: "Description.") var description: String?
    @Option(help: "Start date (YYYY-MM-DD).") var date: String?
    @Option(help: "End date (YYYY-MM-DD).") var end: String?
    @Option(help: "Domain number, e.g. 2.1.1 (repeatable).") var domain: [String] = []
    @Option(help: "Means of action, by number or text (repeatable).") var means: [String] = []
    @Option(help: "Party id (repeatable).") var party: [String] = []
    @Option(help: "Participant as 'Name (party)' (repeatable).") var participant: [String] = []
    @Option(help: "Cost as 'AMOUNT CURRENCY party' (repeatable).") var cost: [String] = []
    @Option(help: "planned, under-way, done or cancelled.") var status: String?
    @Option(help: "Outcomes.") var outcomes: String?
    @Option(name: .customLong("plan-item"), help: "Id of the action-plan item it carries out.") var planItem: Int64?

    /// The options as a change to an activity. - Throws: `CLIError` for a value that does not parse.
    func patch() throws -> ActivityPatch {
        var p = ActivityPatch()
        p.title = title
        p.description = description
        p.start = try date.map { try parseDate($0, option: "--date") }
        p.end = try end.map { try parseDate($0, option: "--end") }
        p.domains = domain
        p.meansOfAction = means
        p.parties = party
        p.participants = try participant.map(parseParticipant)
        p.costs = try cost.map(parseCost)
        if let status {
            guard let s = ActivityStatus(rawValue: status) else {
                throw CLIError.badOption("--status", status, Localized(fr: "planned, under-way, done ou cancelled", en: "planned, under-way, done or cancelled"))
            }
            p.status = s
        }
        p.outcomes = outcomes
        p.planItemID = planItem
        return p
    }
}

struct ActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity", abstract: "Log and list activities carried out under an agreement.",
        subcommands: [Add.self, Edit.self, Cancel.self, List.self, ImportCSV.self, ExportCSV.self])
    @OptionGroup var g: GlobalOptions

    static func printActivity(_ a: Activity, _ format: OutputFormat, _ ctx: Context) {
        if format == .json { print(JSONViews.activity(a).serialized()) }
        else { print(ctx.text("Activité #\(a.id ?? 0) : \(a.title) (\(a.start.iso), \(a.status.rawValue))",
                              "Activity #\(a.id ?? 0): \(a.title) (\(a.start.iso), \(a.status.rawValue))")) }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an activity.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @OptionGroup var fields: ActivityFields
        @Option var format: OutputFormat = .text

        func run() async throws {
            try await g.withContext { ctx in
                guard let title = fields.title, let date = fields.date else {
                    throw CLIError.usage(Localized(fr: "--title et --date sont obligatoires.", en: "--title and --date are required."))
                }
                var a = Activity(agreementID: id, title: title, start: try parseDate(date, option: "--date"))
                try fields.patch().apply(to: &a)
                ActivityCommand.printActivity(try await ctx.service().activities.add(a, ctx.caller), format, ctx)
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Edit an activity (the previous values stay in the audit log).")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Activity id.") var activity: Int64
        @OptionGroup var fields: ActivityFields
        @Option var format: OutputFormat = .text

        func run() async throws {
            try await g.withContext { ctx in
                let patch = try fields.patch()
                let updated = try await ctx.service().activities.edit(activity, ctx.caller) { patch.apply(to: &$0) }
                ActivityCommand.printActivity(updated, format, ctx)
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an activity (it is kept, marked cancelled).")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Activity id.") var activity: Int64
        @Option var reason: String?
        @Option var format: OutputFormat = .text

        func run() async throws {
            try await g.withService { ctx, service in
                ActivityCommand.printActivity(try await service.activities.cancel(activity, reason: reason, ctx.caller), format, ctx)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List activities, filtered by domain, party, status or period.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option var domain: String?
        @Option var party: String?
        @Option var status: String?
        @Option var from: String?
        @Option var to: String?
        @Option var format: OutputFormat = .text

        func run() async throws {
            try await g.withService { ctx, service in
                var filter = ActivityFilter(agreementID: id)
                filter.domain = domain
                filter.party = party
                if let status {
                    guard let s = ActivityStatus(rawValue: status) else {
                        throw CLIError.badOption("--status", status, Localized(fr: "planned, under-way, done ou cancelled", en: "planned, under-way, done or cancelled"))
                    }
                    filter.status = s
                }
                filter.from = try from.map { try parseDate($0, option: "--from") }
                filter.to = try to.map { try parseDate($0, option: "--to") }
                let list = try await service.activities.list(filter, ctx.caller)
                if format == .json {
                    print(JSONValue.array(list.map(JSONViews.activity)).serializedLines())
                } else if list.isEmpty {
                    print(ctx.text("Aucune activité.", "No activity."))
                } else {
                    for a in list {
                        let dates = a.end.map { "\(a.start.iso) → \($0.iso)" } ?? a.start.iso
                        print("#\(a.id ?? 0)  \(dates)  [\(a.status.rawValue)]  \(a.title)  \(a.domains.isEmpty ? "" : "(\(a.domains.joined(separator: ", ")))")")
                    }
                }
            }
        }
    }

    struct ImportCSV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import activities from a CSV file (all rows or none).",
            discussion: """
            Reads UTF-8 with or without BOM, ',' or ';' as the header line shows, quoted line breaks. \
            A ';' file is read as French Excel writes it: dates DD/MM/YYYY (YYYY-MM-DD too), amounts with a \
            decimal comma (1 250,50). A ',' file: dates YYYY-MM-DD, amounts 1250.50. --dates and --decimal \
            override either. The summary says how the file was read; errors give the CSV line where the \
            record starts (header = line 1).
            """)
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Argument var file: String
        @Option(help: "Dates in the file: iso (YYYY-MM-DD) or dmy (DD/MM/YYYY). Default: dmy in a ';' file, iso otherwise.")
        var dates: CSVDateOrder?
        @Option(help: "Decimal mark of amounts: point or comma. Default: comma in a ';' file, point otherwise.")
        var decimal: CSVDecimalMark?

        func run() async throws {
            try await g.withContext { ctx in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError.io(file, ctx.text("illisible ou introuvable.", "unreadable or not found."))
                }
                let imported = try await ctx.service().activities.importCSV(
                    [UInt8](data), into: id, options: CSVReadOptions(dates: dates, decimal: decimal), ctx.caller)
                print(ctx.text("\(imported.activities.count) activité(s) importée(s) depuis \(file).",
                               "\(imported.activities.count) activities imported from \(file)."))
                for line in imported.reading.summary(ctx.lang) { print(line) }
            }
        }
    }

    struct ExportCSV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Export activities as CSV (RFC 4180: UTF-8, CRLF rows; import reads it back byte for byte).")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option var output: String?

        func run() async throws {
            try await g.withService { ctx, service in
                try writeOutput(try await service.activities.exportCSV(id, ctx.caller), to: output)
            }
        }
    }
}

extension CSVDateOrder: ExpressibleByArgument {}
extension CSVDecimalMark: ExpressibleByArgument {}
