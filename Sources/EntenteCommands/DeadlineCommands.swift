import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteService
import Foundation

struct LeadTimeOption: ParsableArguments {
    @Option(name: .customLong("lead-times"), help: "Days before a due date at which a deadline is due soon (default 90,30,7).")
    var leadTimes: String = "90,30,7"

    /// The lead times in days. - Throws: `CLIError.badOption` for anything but day counts.
    func days() throws -> [Int] {
        let values = leadTimes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw CLIError.badOption("--lead-times", leadTimes, Localized(fr: "des nombres de jours séparés par des virgules, ex. 90,30,7",
                                                                           en: "day counts separated by commas, e.g. 90,30,7"))
        }
        return values.compactMap { $0 }
    }
}

struct Notice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Termination notice: earliest end for a notice, latest notice for an end, or record a notice given.",
        subcommands: [Compute.self, Record.self],
        defaultSubcommand: Compute.self
    )
    @OptionGroup var g: GlobalOptions

    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compute", abstract: "entente notice ID --given DATE | --terminate-on DATE")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Agreement id.") var id: String
        @Option(help: "Date notice is given: when can the agreement end at the earliest? (default: the as-of date)") var given: String?
        @Option(name: .customLong("terminate-on"), help: "Wanted end date: by when must notice be given?") var terminateOn: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await g.withService { ctx, service in
                let answer: NoticeAnswer
                if let terminateOn {
                    answer = try await service.notices.latestNotice(id, toTerminateOn: try parseDate(terminateOn, option: "--terminate-on"), ctx.caller)
                } else {
                    answer = try await service.notices.earliestEnd(id, noticeGivenOn: try given.map { try parseDate($0, option: "--given") } ?? ctx.asOf, ctx.caller)
                }
                print(format == .json ? NoticeText.json(answer, lang: ctx.lang).serialized() : NoticeText.render(answer, ctx.lang))
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "record", abstract: "Record a written termination notice actually given.")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Agreement id.") var id: String
        @Option(help: "Party giving notice (its id).") var party: String
        @Option(help: "Date the notice was sent (YYYY-MM-DD).") var sent: String
        @Option(help: "Date the other party received it (YYYY-MM-DD).") var received: String?
        @Option(name: .customLong("end"), help: "End date the notice asks for (default: the earliest possible).") var end: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await g.withService { ctx, service in
                let r = try await service.notices.record(
                    id, party: party, sentOn: try parseDate(sent, option: "--sent"),
                    receivedOn: try received.map { try parseDate($0, option: "--received") },
                    requestedEnd: try end.map { try parseDate($0, option: "--end") }, ctx.caller)
                print(format == .json ? NoticeText.json(r, lang: ctx.lang).serialized() : NoticeText.render(r, ctx.lang))
            }
        }
    }
}

struct Deadlines: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What falls due: deadlines derived from the agreements and their records.")
    @OptionGroup var g: GlobalOptions
    @OptionGroup var lead: LeadTimeOption
    @Option(help: "Only this agreement (id).") var agreement: String?
    @Option(help: "Due on or after this date (YYYY-MM-DD).") var from: String?
    @Option(help: "Due on or before this date (YYYY-MM-DD).") var to: String?
    @Option(help: "text, json or ics.") var format: DeadlineFormat = .text

    enum DeadlineFormat: String, ExpressibleByArgument { case text, json, ics }

    func run() async throws {
        try await g.withService { ctx, service in
            let result = try await service.deadlines.list(
                agreement: agreement, from: try from.map { try parseDate($0, option: "--from") },
                to: try to.map { try parseDate($0, option: "--to") }, leadTimes: try lead.days(), ctx.caller)
            let list = result.deadlines
            switch format {
            case .json:
                let lang = ctx.lang
                JSONValue.writeLines(count: list.count, write: { JSONViews.writeDeadline(list[$0], lang: lang, into: &$1) }, emit: Console.write)
            case .ics: print(ICalendar.render(list, language: ctx.lang, stamp: ctx.asOf), terminator: "")
            case .text: print(DashboardText.deadlines(list, agreements: result.agreements, asOf: ctx.asOf, lang: ctx.lang))
            }
        }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Dashboard: each agreement, its state, parties, next deadlines, earliest end if notice were given today.")
    @OptionGroup var g: GlobalOptions
    @OptionGroup var lead: LeadTimeOption
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await g.withService { ctx, service in
            let rows = try await service.agreements.dashboard(leadTimes: try lead.days(), ctx.caller)
            print(format == .json ? DashboardText.json(rows, asOf: ctx.asOf, lang: ctx.lang).serialized()
                                  : DashboardText.render(rows, asOf: ctx.asOf, lang: ctx.lang))
        }
    }
}
