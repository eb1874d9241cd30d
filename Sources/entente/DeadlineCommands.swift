import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteStore
import Foundation

struct LeadTimeOption: ParsableArguments {
    @Option(name: .customLong("lead-times"), help: "Days before a due date at which a deadline is due soon (default 90,30,7).")
    var leadTimes: String = "90,30,7"

    func engine() throws -> DeadlineEngine {
        let values = leadTimes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw CLIError.badOption("--lead-times", leadTimes, Localized(fr: "des nombres de jours séparés par des virgules, ex. 90,30,7",
                                                                           en: "day counts separated by commas, e.g. 90,30,7"))
        }
        return DeadlineEngine(leadTimes: values.compactMap { $0 }.sorted(by: >))
    }
}

struct Notice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Termination notice: earliest end for a notice, latest notice for an end, or record a notice given.",
        subcommands: [Compute.self, Record.self],
        defaultSubcommand: Compute.self
    )

    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compute", abstract: "entente notice ID --given DATE | --terminate-on DATE")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option(help: "Date notice is given: when can the agreement end at the earliest?") var given: String?
        @Option(name: .customLong("terminate-on"), help: "Wanted end date: by when must notice be given?") var terminateOn: String?
        @Option var format: OutputFormat = .text

        func run() async throws {
            try await g.withWorkspace { ctx, ws in
                let a = try ctx.agreement(id, in: ws).agreement
                guard let clause = a.notice else {
                    throw CLIError.usage(Localized(fr: "L'entente \(id) n'a pas de clause de préavis connue : aucun calcul possible.",
                                                   en: "Agreement \(id) has no known notice clause: nothing to compute."))
                }
                let p = clause.period
                let events = try ws.history(agreementID: id).entryIntoForceEvents
                let noticeJSON = JSONValue.object([("length", .int(p.length)), ("unit", .string(p.unit.rawValue))])
                if let terminateOn {
                    let end = try parseDate(terminateOn, option: "--terminate-on")
                    let answer = LifeRules.latestNotice(a, toEndBy: end, events: events)
                    if format == .json {
                        print(JSONValue.object([("agreement", .string(id)), ("terminateOn", .string(end.iso)),
                                                ("latestNoticeDate", .date(answer.latest)),
                                                ("notice", noticeJSON), ("source", .string(clause.source.eId)),
                                                ("rule", .string(answer.rule[ctx.lang])), ("countsFrom", .string(answer.countsFrom.rawValue)),
                                                ("earliestPossibleEnd", .date(answer.earliestPossibleEnd)),
                                                ("alternative", .str(answer.alternative?[ctx.lang]))]).serialized())
                    } else {
                        LifeText.latest(a, answer, lang: ctx.lang).forEach { print($0) }
                    }
                } else {
                    let givenDate = try given.map { try parseDate($0, option: "--given") } ?? ctx.asOf
                    let answer = LifeRules.termination(a, sent: givenDate, events: events)
                    if format == .json {
                        print(JSONValue.object([("agreement", .string(id)), ("given", .string(givenDate.iso)),
                                                ("notice", noticeJSON),
                                                ("earliestTermination", .date(answer.end)),
                                                ("source", .string(clause.source.eId)),
                                                ("rule", .string(answer.rule[ctx.lang])), ("countsFrom", .string(answer.countsFrom.rawValue)),
                                                ("alternative", .str(answer.alternative?[ctx.lang])),
                                                ("premature", .str(answer.premature?[ctx.lang])),
                                                ("provisional", .str(answer.provisional?[ctx.lang]))]).serialized())
                    } else {
                        LifeText.given(a, answer, lang: ctx.lang).forEach { print($0) }
                    }
                }
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "record", abstract: "Record a written termination notice actually given.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option(help: "Party giving notice (its id).") var party: String
        @Option(help: "Date the notice was sent.") var sent: String
        @Option(help: "Date the other party received it.") var received: String?
        @Option(name: .customLong("end"), help: "End date the notice asks for (default: the earliest possible).") var end: String?
        @Option var format: OutputFormat = .text

        func run() async throws {
            try await g.withWorkspace { ctx, ws in
                let a = try ctx.agreement(id, in: ws).agreement
                let events = try ws.history(agreementID: id).entryIntoForceEvents
                let notice = try TerminationRules.makeNotice(
                    agreement: a, party: party, sentOn: try parseDate(sent, option: "--sent"),
                    receivedOn: try received.map { try parseDate($0, option: "--received") },
                    requestedEnd: try end.map { try parseDate($0, option: "--end") }, events: events)
                let answer = LifeRules.termination(a, sent: notice.sentOn, received: notice.receivedOn, events: events)
                let saved = try ws.addNotice(notice)
                let history = try ws.history(agreementID: id)
                let ongoing = TerminationRules.jointProjectsToComplete(agreement: a, history: history, asOf: ctx.asOf)
                if format == .json {
                    print(JSONValue.object([("id", .int(Int(saved.id ?? 0))), ("agreement", .string(id)), ("party", .string(party)),
                                            ("sentOn", .string(saved.sentOn.iso)), ("effectiveEnd", .string(saved.effectiveEnd.iso)),
                                            ("receivedOn", .date(saved.receivedOn)), ("countsFrom", .string(answer.countsFrom.rawValue)),
                                            ("provisional", .bool(answer.provisional != nil)), ("rule", .string(answer.rule[ctx.lang])),
                                            ("jointProjectsToComplete", .array(ongoing.map(JSONViews.activity)))]).serialized())
                } else {
                    let name = a.party(party)?.name(on: saved.sentOn) ?? party
                    print(ctx.text("Préavis enregistré : \(name), envoyé le \(saved.sentOn.long(.fr)); l'entente prend fin le \(saved.effectiveEnd.long(.fr)).",
                                   "Notice recorded: \(name), sent \(saved.sentOn.long(.en)); the agreement ends on \(saved.effectiveEnd.long(.en))."))
                    print("\(ctx.text("Règle :", "Rule:")) \(answer.rule[ctx.lang])")
                    if let p = answer.provisional { print(p[ctx.lang]) }
                    if a.onNotice == .completeOngoingJointProjects {
                        print(ctx.text("Projets conjoints en cours à mener à terme (\(ongoing.count)) :", "Joint projects under way to be completed (\(ongoing.count)):"))
                        for act in ongoing { print("  - #\(act.id ?? 0) \(act.title) (\(act.start.iso))") }
                    }
                }
            }
        }
    }
}

struct Deadlines: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What falls due: deadlines derived from the agreements and their records.")
    @OptionGroup var g: GlobalOptions
    @OptionGroup var lead: LeadTimeOption
    @Option var agreement: String?
    @Option var from: String?
    @Option var to: String?
    @Option(help: "text, json or ics") var format: DeadlineFormat = .text

    enum DeadlineFormat: String, ExpressibleByArgument { case text, json, ics }

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            let engine = try lead.engine()
            let fromDate = try from.map { try parseDate($0, option: "--from") }
            let toDate = try to.map { try parseDate($0, option: "--to") }
            let stored: [StoredAgreement]
            if let agreement { stored = [try ctx.agreement(agreement, in: ws)] } else { stored = try ws.agreements(summaries: true) }
            let histories = try ws.allHistories(activities: false)
            let list = engine.deadlines(for: stored.map { ($0.agreement, histories[$0.agreement.id] ?? AgreementHistory()) },
                                        asOf: ctx.asOf, from: fromDate, to: toDate)
            switch format {
            case .json:
                let lang = ctx.lang
                JSONValue.writeLines(count: list.count, write: { JSONViews.writeDeadline(list[$0], lang: lang, into: &$1) }, emit: Console.write)
            case .ics: print(ICalendar.render(list, language: ctx.lang, stamp: ctx.asOf), terminator: "")
            case .text: print(DashboardText.deadlines(list, agreements: stored.map(\.agreement), asOf: ctx.asOf, lang: ctx.lang))
            }
        }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Dashboard: each agreement, its state, parties, next deadlines, earliest end if notice were given today.")
    @OptionGroup var g: GlobalOptions
    @OptionGroup var lead: LeadTimeOption
    @Option var format: OutputFormat = .text

    func run() async throws {
        try await g.withWorkspace { ctx, ws in
            let engine = try lead.engine()
            let histories = try ws.allHistories(activities: false)
            var rows: [DashboardRow] = []
            for s in try ws.agreements(summaries: true) {
                let h = histories[s.agreement.id] ?? AgreementHistory()
                rows.append(DashboardRow(
                    agreement: s.agreement,
                    state: TerminationRules.state(of: s.agreement, notices: h.notices, events: h.entryIntoForceEvents, on: ctx.asOf),
                    deadlines: engine.deadlines(for: s.agreement, history: h, asOf: ctx.asOf),
                    earliestEnd: s.agreement.notice == nil ? nil : LifeRules.termination(s.agreement, sent: ctx.asOf, events: h.entryIntoForceEvents).end,
                    notices: h.notices, events: h.entryIntoForceEvents))
            }
            if format == .json {
                print(DashboardText.json(rows, asOf: ctx.asOf, lang: ctx.lang).serialized())
            } else {
                print(DashboardText.render(rows, asOf: ctx.asOf, lang: ctx.lang))
            }
        }
    }
}
