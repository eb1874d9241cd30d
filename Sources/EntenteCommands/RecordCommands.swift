import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteService
import EntenteStorage
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Biennial action plans: create, add items, approve, list.",
        subcommands: [Create.self, Item.self, Approve.self, List.self])
    @OptionGroup var g: GlobalOptions

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a draft biennial action plan for a period.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option var from: String
        @Option var to: String

        func run() async throws {
            try await g.withService { ctx, service in
                let plan = ActionPlan(agreementID: id, periodStart: try parseDate(from, option: "--from"), periodEnd: try parseDate(to, option: "--to"))
                let saved = try await service.plans.create(plan, ctx.caller)
                print(ctx.text("Plan d'action #\(saved.id ?? 0) créé (brouillon).", "Action plan #\(saved.id ?? 0) created (draft)."))
            }
        }
    }

    struct Item: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a planned item with its timeline to a plan.")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Plan id.") var plan: Int64
        @Option var title: String
        @Option var domain: [String] = []
        @Option var start: String?
        @Option var due: String?
        @Option(name: .customLong("lead-party")) var leadParty: String?
        @Option var progress: Int = 0

        func run() async throws {
            try await g.withService { ctx, service in
                let item = PlanItem(title: title, domains: domain, start: try start.map { try parseDate($0, option: "--start") },
                                    due: try due.map { try parseDate($0, option: "--due") }, leadParty: leadParty, progress: progress)
                let saved = try await service.plans.addItem(to: plan, item, ctx.caller)
                print(ctx.text("Élément #\(saved.id ?? 0) ajouté au plan #\(plan).", "Item #\(saved.id ?? 0) added to plan #\(plan)."))
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a plan at a joint committee meeting.")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Plan id.") var plan: Int64
        @Option var on: String
        @Option var meeting: Int64?

        func run() async throws {
            try await g.withService { ctx, service in
                _ = try await service.plans.approve(plan, on: try parseDate(on, option: "--on"), meetingID: meeting, ctx.caller)
                print(ctx.text("Plan #\(plan) approuvé.", "Plan #\(plan) approved."))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List plans and their items.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await g.withService { ctx, service in
                for p in try await service.plans.list(id, ctx.caller) {
                    print("#\(p.id ?? 0) \(p.periodStart.iso) → \(p.periodEnd.iso) [\(p.status.rawValue)\(p.approvedOn.map { " \($0.iso)" } ?? "")]")
                    for i in p.items { print("   #\(i.id ?? 0) \(i.title) \(i.due.map { "(\($0.iso))" } ?? "") \(i.progress)%") }
                }
            }
        }
    }
}

struct MeetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting", abstract: "Committee and working-group meetings.",
        subcommands: [Add.self, Close.self, List.self])
    @OptionGroup var g: GlobalOptions

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a meeting (or a correction of closed minutes with --corrects).")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option(help: "Body id (see 'entente show').") var body: String
        @Option var date: String
        @Option var agenda: [String] = []
        @Option(help: "Attendee as 'Name (party)' (repeatable).") var attendee: [String] = []
        @Option(help: "Decision text (repeatable).") var decision: [String] = []
        @Option(name: .customLong("approves-plan")) var approvesPlan: Int64?
        @Option(name: .customLong("approves-report")) var approvesReport: Int64?
        @Option(help: "Id of the meeting whose closed minutes this entry corrects.") var corrects: Int64?

        func run() async throws {
            try await g.withService { ctx, service in
                let m = Meeting(agreementID: id, body: body, date: try parseDate(date, option: "--date"), agenda: agenda,
                                attendees: try attendee.map(parseParticipant), decisions: decision.map { Decision(text: $0) },
                                approvedPlanID: approvesPlan, approvedReportID: approvesReport, corrects: corrects)
                let saved = try await service.meetings.add(m, ctx.caller)
                print(ctx.text("Réunion #\(saved.id ?? 0) enregistrée.", "Meeting #\(saved.id ?? 0) recorded."))
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a meeting's minutes: no more edits, only corrections.")
        @OptionGroup var g: GlobalOptions
        @Argument var meeting: Int64

        func run() async throws {
            try await g.withService { ctx, service in
                _ = try await service.meetings.close(meeting, ctx.caller)
                print(ctx.text("Procès-verbal de la réunion #\(meeting) clos.", "Minutes of meeting #\(meeting) closed."))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List meetings.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String

        func run() async throws {
            try await g.withService { ctx, service in
                for m in try await service.meetings.list(id, ctx.caller) {
                    print("#\(m.id ?? 0) \(m.date.iso) \(m.body)\(m.minutesClosed ? ctx.text(" [clos]", " [closed]") : "")\(m.corrects.map { ctx.text(" corrige #\($0)", " corrects #\($0)") } ?? "")")
                }
            }
        }
    }
}

struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Progress reports to the Coordination Committee, and its requests.",
        subcommands: [Submit.self, Request.self])
    @OptionGroup var g: GlobalOptions

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a progress report sent to a committee.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option var body: String
        @Option var date: String
        @Option var meeting: Int64?
        @Option var request: Int64?
        @Option var title: String?

        func run() async throws {
            try await g.withService { ctx, service in
                let saved = try await service.progress.submit(ProgressReport(agreementID: id, body: body, submittedOn: try parseDate(date, option: "--date"),
                                                                             meetingID: meeting, requestID: request, title: title), ctx.caller)
                print(ctx.text("Rapport d'étape #\(saved.id ?? 0) enregistré.", "Progress report #\(saved.id ?? 0) recorded."))
            }
        }
    }

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a committee's request for a progress report, with its due date.")
        @OptionGroup var g: GlobalOptions
        @Argument var id: String
        @Option var body: String
        @Option var requested: String
        @Option var due: String
        @Option var note: String?

        func run() async throws {
            try await g.withService { ctx, service in
                let r = ProgressReportRequest(agreementID: id, body: body, requestedOn: try parseDate(requested, option: "--requested"),
                                              due: try parseDate(due, option: "--due"), note: note)
                let saved = try await service.progress.request(r, ctx.caller)
                print(ctx.text("Demande #\(saved.id ?? 0) enregistrée (échéance \(r.due.long(.fr))).", "Request #\(saved.id ?? 0) recorded (due \(r.due.long(.en)))."))
            }
        }
    }
}

struct BiennialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biennial", abstract: "Record a biennial report: its period, approval and the copy sent to the Commission.")
    @OptionGroup var g: GlobalOptions
    @Argument var id: String
    @Option var from: String
    @Option var to: String
    @Option var approved: String?
    @Option(name: .customLong("copy-sent")) var copySent: String?

    func run() async throws {
        try await g.withService { ctx, service in
            let r = BiennialReportRecord(agreementID: id, periodStart: try parseDate(from, option: "--from"), periodEnd: try parseDate(to, option: "--to"),
                                         approvedOn: try approved.map { try parseDate($0, option: "--approved") },
                                         copySentOn: try copySent.map { try parseDate($0, option: "--copy-sent") })
            let saved = try await service.biennial.record(r, ctx.caller)
            print(ctx.text("Rapport biennal #\(saved.id ?? 0) enregistré.", "Biennial report #\(saved.id ?? 0) recorded."))
        }
    }
}

struct AmendmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amendment", abstract: "Record a signed amendment with the new text (the old text stays readable).")
    @OptionGroup var g: GlobalOptions
    @Argument var id: String
    @Option var signed: String
    @Option var summary: String
    @Option(help: "The amended agreement text (Akoma Ntoso).") var text: String

    func run() async throws {
        try await g.withService { ctx, service in
            let saved = try await service.amendments.record(id, signedOn: try parseDate(signed, option: "--signed"), summary: summary,
                                                            textFile: text, ctx.caller)
            print(ctx.text("Modification enregistrée : texte version \(saved.textVersion ?? 0).", "Amendment recorded: text version \(saved.textVersion ?? 0)."))
        }
    }
}

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The audit log: who changed what, when, before and after.")
    @OptionGroup var g: GlobalOptions
    @Option var agreement: String?
    @Option var entity: String?
    @Option var id: Int64?
    @Option var limit: Int = 50
    @Option var format: OutputFormat = .text

    func run() async throws {
        try await g.withService { ctx, service in
            let entries = try await service.history.entries(AuditQuery(entity: entity, entityID: id, agreementID: agreement, limit: limit), ctx.caller)
            if format == .json {
                print(JSONValue.array(entries.map { e in
                    .object([("id", .int(Int(e.id))), ("at", .string(e.timestamp)), ("user", .string(e.user)),
                             ("action", .string(e.action)), ("entity", .string(e.entityType)), ("entityId", .str(e.entityID)),
                             ("agreement", .str(e.agreementID)), ("before", .str(e.before)), ("after", .str(e.after))])
                }).serialized())
            } else {
                if entries.isEmpty { print(ctx.text("Journal vide.", "The log is empty.")) }
                for e in entries {
                    print("\(e.timestamp)  \(e.user)  \(e.action) \(e.entityType)\(e.entityID.map { " #\($0)" } ?? "")\(e.agreementID.map { " [\($0)]" } ?? "")")
                    if let b = e.before { print("    \(ctx.text("avant", "before")): \(b)") }
                    if let a = e.after { print("    \(ctx.text("après", "after")): \(a)") }
                }
            }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the workspace database to FILE (SQLite online backup).")
    @OptionGroup var g: GlobalOptions
    @Argument var file: String

    func run() async throws {
        try await g.withService(sync: false) { ctx, service in
            try await service.maintenance.backup(to: file, ctx.caller)
            print(ctx.text("Copie de sauvegarde écrite : \(file)", "Backup written: \(file)"))
        }
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the database: integrity, foreign keys, schema version.")
    @OptionGroup var g: GlobalOptions
    @Option var format: OutputFormat = .text

    func run() async throws {
        try await g.withService(sync: false) { ctx, service in
            let r = try await service.maintenance.check(ctx.caller)
            print(r.describe(ctx.lang))
            if !r.ok { throw ExitCode(1) }
        }
    }
}
