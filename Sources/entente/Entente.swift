import ArgumentParser

/// The `entente` command. Parsing and printing only: the rules live in EntenteCore, XML in
/// EntenteXML, storage in EntenteStore, documents in EntenteReports.
@main
struct Entente: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entente",
        abstract: "Tracks intergovernmental cooperation agreements / Suivi des ententes de coopération intergouvernementales.",
        discussion: """
        A workspace is a folder with agreements/ (Akoma Ntoso XML), optional templates/ and \
        .entente/entente.sqlite (created on first use). The agreements/ folder is imported \
        automatically before each command.
        """,
        subcommands: [
            Status.self, Import.self, Show.self, Export.self, Notice.self, InForce.self, Deadlines.self,
            ActivityCommand.self, PlanCommand.self, MeetingCommand.self, ProgressCommand.self,
            BiennialCommand.self, AmendmentCommand.self, Report.self, History.self,
            Backup.self, Check.self, Demo.self,
        ]
    )

    /// Global options may come before the command (`entente --workspace DIR status`, as the
    /// contract writes it); argument-parser reads them on each command, so they are moved
    /// after it.
    static func main() async {
        await main(hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
    }

    static let globalOptions: Set<String> = ["--workspace", "--db", "--as-of", "--lang", "--user", "--schema"]

    static func hoistingGlobalOptions(_ args: [String]) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if globalOptions.contains(a), i + 1 < args.count {
                leading += [a, args[i + 1]]
                i += 2
            } else if let eq = a.firstIndex(of: "="), globalOptions.contains(String(a[..<eq])) {
                leading.append(a)
                i += 1
            } else {
                break
            }
        }
        let rest = Array(args[i...])
        if let dd = rest.firstIndex(of: "--") { return Array(rest[..<dd]) + leading + Array(rest[dd...]) }
        return rest + leading
    }
}
