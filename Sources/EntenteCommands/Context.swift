import ArgumentParser
import EntenteCore
import EntentePasswords
import EntenteService
import EntenteStore
import Foundation

/// Options every command takes (see shared/design/cli.md), accepted before or after the
/// command's name.
public struct GlobalOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "Workspace folder (default: ENTENTE_WORKSPACE or the current folder).")
    var workspace: String?

    @Option(name: .long, help: "Database file (default: ENTENTE_DB or WORKSPACE/.entente/entente.sqlite).")
    var db: String?

    @Option(name: .long, help: "Shared database: postgres://USER[:PASSWORD]@HOST:PORT/DB (ENTENTE_DATABASE_URL); a plain path is a SQLite file.")
    var database: String?

    @Option(name: .customLong("as-of"), help: "Today's date for every date-dependent answer, YYYY-MM-DD (ENTENTE_AS_OF).")
    var asOf: String?

    @Option(name: .long, help: "Language of text for people: fr or en (default from LANG).")
    var lang: String?

    @Option(name: .long, help: "Who is making the change, for the audit log: local:NAME on a workspace, operator:NAME on a shared database (ENTENTE_USER, else the system user).")
    var user: String?

    @Option(name: .long, help: "Official Akoma Ntoso XSD to validate against (ENTENTE_AKN_SCHEMA).")
    var schema: String?

    /// The language asked for, or the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    /// - Throws: `CLIError.badOption` for a language other than fr or en.
    func language() throws -> Language {
        if let l = lang {
            guard let parsed = Language(code: l) else {
                throw CLIError.badOption("--lang", l, Localized(fr: "valeurs permises : fr, en", en: "allowed values: fr, en"))
            }
            return parsed
        }
        return Context.environmentLanguage
    }

    func context() throws -> Context {
        let env = ProcessInfo.processInfo.environment
        let language = try language()
        let today: CivilDate
        if let s = asOf ?? env["ENTENTE_AS_OF"] {
            guard let d = CivilDate(iso: s) else {
                throw CLIError.badDate(asOf != nil ? "--as-of" : "ENTENTE_AS_OF", s)
            }
            today = d
        } else {
            today = Context.systemToday()
        }
        let ws = workspace ?? env["ENTENTE_WORKSPACE"] ?? FileManager.default.currentDirectoryPath
        var databaseURL: String?
        var dbPath = db ?? env["ENTENTE_DB"] ?? (ws as NSString).appendingPathComponent(".entente/entente.sqlite")
        if let d = database ?? env["ENTENTE_DATABASE_URL"], !d.isEmpty {
            if d.contains("://") { databaseURL = d } else { dbPath = d }
        }
        let who = user ?? env["ENTENTE_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? NSUserName()
        // The command line holds the rights of whoever holds the database (issue 13 §3): a
        // local administrator on a workspace file, the operator of a shared database.
        let acting: ActingUser = databaseURL == nil ? .local(who) : .operator(who)
        return Context(workspace: ws, dbPath: dbPath, databaseURL: databaseURL,
                       caller: Caller(user: acting, lang: language, asOf: today), schemaPath: schema ?? env["ENTENTE_AKN_SCHEMA"])
    }
}

/// What a command runs with: resolved workspace, database, caller (user, language, date).
struct Context: Sendable {
    let workspace: String
    let dbPath: String
    /// A database server's URL (`postgres://…`); nil: the SQLite file at `dbPath`.
    var databaseURL: String? = nil
    let caller: Caller
    let schemaPath: String?

    var lang: Language { caller.lang }
    var asOf: CivilDate { caller.asOf }

    /// The language of the environment, for messages before options are read.
    static var environmentLanguage: Language {
        let env = ProcessInfo.processInfo.environment
        if let l = env["LC_ALL"] ?? env["LC_MESSAGES"] ?? env["LANG"], l.lowercased().hasPrefix("fr") { return .fr }
        return .en
    }

    /// Today in the machine's local calendar: the one place a clock is read.
    static func systemToday() -> CivilDate {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return CivilDate(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday))!
    }

    var agreementsFolder: String { (workspace as NSString).appendingPathComponent("agreements") }
    var templatesFolder: String { (workspace as NSString).appendingPathComponent("templates") }

    /// The official schema to validate against: the option, else the shared copy kept
    /// outside the repository when present.
    var resolvedSchemaPath: String? {
        if let schemaPath { return schemaPath }
        let candidate = ((workspace as NSString).appendingPathComponent("../shared/akn/schema/akomantoso30.xsd") as NSString).standardizingPath
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// The storage chosen: a database server's URL (through the opener `entente-server`
    /// registers; the lean binary hands over to it), else the workspace's SQLite file.
    /// - Parameter server: opened for a server (SQLite: readers side by side).
    func store(server: Bool = false) async throws -> any AgreementStore {
        guard let url = databaseURL else {
            return try Workspace(path: dbPath, user: caller.user.auditName, readers: server ? Self.serverReaders : 1)
        }
        let scheme = String(url[..<url.range(of: "://")!.lowerBound])
        guard let open = Extensions.opener(scheme: scheme) else {
            guard ["postgres", "postgresql"].contains(scheme.lowercased()) else {
                throw CLIError.badOption("--database", url, Localized(fr: "postgres://UTILISATEUR@HÔTE:PORT/BASE, ou le chemin d'un fichier SQLite",
                                                                      en: "postgres://USER@HOST:PORT/DB, or the path of a SQLite file"))
            }
            try Extensions.handOverToServerExecutable()
        }
        return try await open(url, caller.user)
    }

    /// The service on the chosen database (a workspace's is created on first use), after
    /// bringing in any new or changed file of agreements/ (a broken file is reported and
    /// skipped). A database server does not read a local folder: texts reach it by `import`.
    var configuration: ServiceConfiguration {
        ServiceConfiguration(agreementsFolder: databaseURL == nil ? agreementsFolder : nil, templatesFolder: templatesFolder,
                             schemaPath: resolvedSchemaPath)
    }

    /// SQLite connections a server reads through side by side (GRDB's default).
    static let serverReaders = 5

    func service(sync: Bool = true, server: Bool = false) async throws -> EntenteService {
        let store = try await store(server: server)
        // People live beside agreements when the backend keeps them (the SQLite workspace
        // does); otherwise people commands say that this database holds none yet.
        let service = EntenteService(store: store, people: store as? any PeopleStore, passwords: BcryptHasher(), configuration: configuration)
        if sync {
            for problem in try await service.agreements.syncFolder(caller) { Console.warn(problem) }
        }
        return service
    }

    func text(_ fr: String, _ en: String) -> String { lang == .fr ? fr : en }
}

/// Errors of the command line itself.
enum CLIError: UserFacingError {
    case badOption(String, String, Localized)
    case badDate(String, String)
    case io(String, String)
    case usage(Localized)

    func message(_ lang: Language) -> String {
        switch self {
        case .badOption(let opt, let v, let hint):
            return lang == .fr ? "\(opt) : valeur « \(v) » invalide (\(hint.fr))." : "\(opt): invalid value '\(v)' (\(hint.en))."
        case .badDate(let opt, let v):
            return lang == .fr ? "\(opt) : « \(v) » n'est pas une date AAAA-MM-JJ valide (ex. 2024-11-07)."
                               : "\(opt): '\(v)' is not a valid YYYY-MM-DD date (e.g. 2024-11-07)."
        case .io(let path, let why):
            return lang == .fr ? "\(path) : \(why)" : "\(path): \(why)"
        case .usage(let m): return m[lang]
        }
    }
}

enum Console {
    static func warn(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Bytes to standard output, after whatever `print` buffered (so the two stay in order);
    /// long outputs skip the copy into a String.
    static func write(_ bytes: [UInt8]) {
        fflush(nil)
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(STDOUT_FILENO, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return } // a closed pipe: nothing more to say
                done += n
            }
        }
    }
}

extension GlobalOptions {
    /// Runs a command with its resolved context; a user-facing error (bad option value
    /// included) becomes a message on standard error and exit status 1.
    func withContext(_ body: (Context) async throws -> Void) async throws {
        var lang = (try? language()) ?? Context.environmentLanguage
        do {
            let ctx = try context()
            lang = ctx.lang
            try await body(ctx)
        } catch let e as UserFacingError {
            Console.warn(lang == .fr ? "erreur : \(e.message(.fr))" : "error: \(e.message(.en))")
            throw ExitCode(1)
        }
    }

    /// Same, with the service on the workspace (agreements/ brought in first when `sync`).
    func withService(sync: Bool = true, server: Bool = false, _ body: (Context, EntenteService) async throws -> Void) async throws {
        try await withContext { ctx in try await body(ctx, try await ctx.service(sync: sync, server: server)) }
    }
}

func parseDate(_ s: String, option: String) throws -> CivilDate {
    guard let d = CivilDate(iso: s) else { throw CLIError.badDate(option, s) }
    return d
}

func writeOutput(_ text: String, to path: String?) throws {
    // Bytes: a text ending in CRLF (CSV, iCalendar) ends in the Character "\r\n", not "\n".
    guard let path else { print(text, terminator: text.utf8.last == 0x0A ? "" : "\n"); return }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw CLIError.io(path, error.localizedDescription)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
