import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteService
import Foundation

/// `entente user …`: people who sign in to the web interface or use the API (issue 13). The
/// command line acts as the local administrator of the workspace (audit `local:USER`).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "People who sign in: add, list, set-role, disable, password, token.",
        subcommands: [Add.self, List.self, SetRole.self, Disable.self, Password.self, Token.self]
    )
    @OptionGroup var g: GlobalOptions

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "entente user add LOGIN --role admin|coordinator|committee|staff [--agreement ID]... [--name NAME] [--password-stdin]")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Login: lowercase letters, digits, '.', '_', '-'.") var login: String
        @Option(help: "admin, coordinator, committee or staff.") var role: String
        @Option(name: .customLong("agreement"), help: "An agreement a coordinator or committee member acts on (repeat for several).")
        var agreements: [String] = []
        @Option(help: "Name shown to others (default: the login).") var name: String?
        @Option(help: "Preferred language: fr or en (default fr).") var language: String?
        @Option(help: "The party the person belongs to (a party id of the agreement).") var party: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input (never echoed).")
        var passwordStdin = false

        func run() async throws {
            try await g.withService { ctx, service in
                let person = Person(login: login, displayName: name, language: try parseLanguage(language) ?? .fr,
                                    role: try parseRole(role), agreements: agreements, party: party)
                let password = passwordStdin ? try readPassword(ctx) : nil
                let saved = try await service.people.add(person, password: password, ctx.caller)
                print(ctx.text("Personne ajoutée : \(saved.login) (\(saved.role.name(.fr)))\(password == nil ? "; sans mot de passe : entente user password \(saved.login) --password-stdin" : "").",
                               "Person added: \(saved.login) (\(saved.role.name(.en)))\(password == nil ? "; no password yet: entente user password \(saved.login) --password-stdin" : "")."))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Everyone, by login.")
        @OptionGroup var g: GlobalOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await g.withService { ctx, service in
                let people = try await service.people.list(ctx.caller)
                print(format == .json ? JSONValue.array(people.map(JSONViews.person)).serializedLines() : PeopleText.list(people, ctx.lang))
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "entente user set-role LOGIN --role ROLE [--agreement ID]... (agreements replaced when given)")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Login.") var login: String
        @Option(help: "admin, coordinator, committee or staff.") var role: String
        @Option(name: .customLong("agreement"), help: "The agreements the person acts on from now on (repeat; replaces the list).")
        var agreements: [String] = []

        func run() async throws {
            try await g.withService { ctx, service in
                let p = try await service.people.setRole(login, role: try parseRole(role), agreements: agreements.isEmpty ? nil : agreements, ctx.caller)
                let scope = p.agreements.isEmpty ? "" : " [\(p.agreements.joined(separator: ", "))]"
                print(ctx.text("\(p.login) : \(p.role.name(.fr))\(scope).", "\(p.login): \(p.role.name(.en))\(scope)."))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "No more sign-ins or tokens for this person (nothing is deleted).")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Login.") var login: String

        func run() async throws {
            try await g.withService { ctx, service in
                let p = try await service.people.disable(login, ctx.caller)
                print(ctx.text("\(p.login) est désactivé.", "\(p.login) is disabled."))
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "password", abstract: "entente user password LOGIN --password-stdin")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Login.") var login: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input (never echoed).")
        var passwordStdin = false

        func run() async throws {
            try await g.withService { ctx, service in
                guard passwordStdin else {
                    throw CLIError.usage(Localized(
                        fr: "le mot de passe se lit sur l'entrée standard, jamais sur la ligne de commande : entente user password \(login) --password-stdin",
                        en: "the password is read from standard input, never from the command line: entente user password \(login) --password-stdin"))
                }
                try await service.people.setPassword(login, try readPassword(ctx), ctx.caller)
                print(ctx.text("Mot de passe de \(login) changé.", "Password of \(login) changed."))
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "entente user token LOGIN [--label TEXT]: prints a new API token once on standard output; --list lists them, --revoke ID revokes one.")
        @OptionGroup var g: GlobalOptions
        @Argument(help: "Login.") var login: String
        @Option(help: "What the token is for (e.g. calendar).") var label: String?
        @Option(help: "Revoke this token (its id, the part after 'ent_') instead of making one.") var revoke: String?
        @Flag(help: "List the person's tokens (ids, never secrets) instead of making one.") var list = false

        func run() async throws {
            try await g.withService { ctx, service in
                if list {
                    let tokens = try await service.people.tokens(login, ctx.caller)
                    if tokens.isEmpty { print(ctx.text("Aucun jeton.", "No token.")) }
                    for t in tokens {
                        let state = t.revokedAt.map { ctx.text("révoqué \($0)", "revoked \($0)") } ?? ctx.text("actif", "active")
                        print("\(t.id)  \(t.createdAt)  \(state)\(t.label.map { "  \($0)" } ?? "")")
                    }
                    return
                }
                if let revoke {
                    let owned = try await service.people.tokens(login, ctx.caller).contains { $0.id == revoke }
                    guard owned else {
                        throw CLIError.badOption("--revoke", revoke, Localized(fr: "aucun jeton de \(login) n'a cet identifiant", en: "no token of \(login) has this id"))
                    }
                    try await service.people.revokeToken(revoke, ctx.caller)
                    print(ctx.text("Jeton \(revoke) révoqué.", "Token \(revoke) revoked."))
                    return
                }
                let made = try await service.people.newToken(for: login, label: label, ctx.caller)
                // The token alone on standard output (for scripts); how to keep it, on standard error.
                print(made.token)
                Console.warn(ctx.text("Jeton de \(login) : il ne sera plus jamais affiché; gardez-le en lieu sûr (Authorization: Bearer …).",
                                      "Token for \(login): it will never be shown again; keep it safe (Authorization: Bearer …)."))
            }
        }
    }
}

func parseRole(_ s: String) throws -> Role {
    guard let r = Role(rawValue: s.lowercased()) else {
        throw CLIError.badOption("--role", s, Localized(fr: "admin, coordinator, committee ou staff", en: "admin, coordinator, committee or staff"))
    }
    return r
}

func parseLanguage(_ s: String?) throws -> Language? {
    guard let s else { return nil }
    guard let l = Language(code: s) else { throw CLIError.badOption("--language", s, Localized(fr: "fr ou en", en: "fr or en")) }
    return l
}

/// The first line of standard input, without its line end. On a terminal the typing is not
/// echoed (the prompt goes to standard error); a password is never an argument, which other
/// users of the machine could read in the process list.
/// - Throws: `CLIError.usage` when standard input is empty.
func readPassword(_ ctx: Context) throws -> String {
    var line: String?
    if isatty(STDIN_FILENO) == 1 {
        Console.warn(ctx.text("Mot de passe : ", "Password: "))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        line = readLine(strippingNewline: true)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    } else {
        line = readLine(strippingNewline: true)
    }
    if line?.hasSuffix("\r") == true { line?.removeLast() }
    guard let password = line, !password.isEmpty else {
        throw CLIError.usage(Localized(fr: "aucun mot de passe sur l'entrée standard (première ligne); ex. : printf '%s\\n' \"$MOT_DE_PASSE\" | entente user …",
                                       en: "no password on standard input (first line); e.g. printf '%s\\n' \"$PASSWORD\" | entente user …"))
    }
    return password
}
