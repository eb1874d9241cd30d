import ArgumentParser
import EntenteCore
import EntenteReports
import EntenteStore
import EntenteXML
import Foundation

/// Options every command takes (see shared/design/cli.md).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace folder (default: ENTENTE_WORKSPACE or the current folder).")
    var workspace: String?

    @Option(name: .long, help: "Database file (default: ENTENTE_DB or WORKSPACE/.entente/entente.sqlite).")
    var db: String?

    @Option(name: .customLong("as-of"), help: "Today's date for every date-dependent answer, YYYY-MM-DD (ENTENTE_AS_OF).")
    var asOf: String?

    @Option(name: .long, help: "Language of text for people: fr or en (default from LANG).")
    var lang: String?

    @Option(name: .long, help: "Who is making the change, for the audit log (ENTENTE_USER, else the system user).")
    var user: String?

    @Option(name: .long, help: "Official Akoma Ntoso XSD to validate against (ENTENTE_AKN_SCHEMA).")
    var schema: String?

    func context() throws -> Context {
        let env = ProcessInfo.processInfo.environment
        let language: Language
        if let l = lang {
            guard let parsed = Language(code: l) else {
                throw CLIError.badOption("--lang", l, Localized(fr: "valeurs permises : fr, en", en: "allowed values: fr, en"))
            }
            language = parsed
        } else if let l = env["LC_ALL"] ?? env["LC_MESSAGES"] ?? env["LANG"], l.lowercased().hasPrefix("fr") {
            language = .fr
        } else {
            language = .en
        }
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
        let dbPath = db ?? env["ENTENTE_DB"] ?? (ws as NSString).appendingPathComponent(".entente/entente.sqlite")
        let who = user ?? env["ENTENTE_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? NSUserName()
        return Context(workspace: ws, dbPath: dbPath, asOf: today, lang: language, user: who,
                       schemaPath: schema ?? env["ENTENTE_AKN_SCHEMA"])
    }
}

/// What a command runs with: resolved workspace, date, language and user.
struct Context: Sendable {
    let workspace: String
    let dbPath: String
    let asOf: CivilDate
    let lang: Language
    let user: String
    let schemaPath: String?

    /// Today in the machine's local calendar: the one place a clock is read.
    static func systemToday() -> CivilDate {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return CivilDate(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday))!
    }

    var agreementsFolder: String { (workspace as NSString).appendingPathComponent("agreements") }
    var templatesFolder: String { (workspace as NSString).appendingPathComponent("templates") }

    /// Opens (creating on first use) the workspace database, after bringing in any new or
    /// changed file of agreements/. A broken file there is reported and skipped.
    func open(sync: Bool = true) throws -> Workspace {
        let ws = try Workspace(path: dbPath, user: user)
        if sync { try syncAgreementsFolder(ws) }
        return ws
    }

    func syncAgreementsFolder(_ ws: Workspace) throws {
        let files = AgreementFiles.list(in: agreementsFolder)
        guard !files.isEmpty else { return }
        var options: AKNImportOptions?
        for file in files {
            // Unchanged size and modification time: nothing to parse (keeps `status` instant).
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: file) else { continue }
            let size = (attrs[.size] as? NSNumber)?.int64Value ?? -1
            let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            if let known = try ws.syncState(path: file), known.size == size, known.mtime == mtime { continue }
            do {
                if options == nil { options = try importOptions(strict: false) }
                let result = try AKNImporter.importFile(path: file, options: options!)
                _ = try ws.importAgreement(result.agreement, xml: result.xml, file: file,
                                           warnings: result.warnings.map { $0.formatted(file: file, lang) })
                try ws.recordSync(path: file, size: size, mtime: mtime, agreementID: result.agreement.id)
            } catch let e as UserFacingError {
                Console.warn(e.message(lang))
            }
        }
    }

    /// Import options; the official schema is compiled once per process, only when needed.
    func importOptions(strict: Bool) throws -> AKNImportOptions {
        var schema = schemaPath
        if schema == nil {
            // The official schema stays outside the repository; use the shared copy when present.
            let candidate = ((workspace as NSString).appendingPathComponent("../shared/akn/schema/akomantoso30.xsd") as NSString).standardizingPath
            if FileManager.default.fileExists(atPath: candidate) { schema = candidate }
        }
        return AKNImportOptions(schema: try schema.map { try AKNSchema.shared(path: $0) }, strict: strict)
    }

    func text(_ fr: String, _ en: String) -> String { lang == .fr ? fr : en }

    /// The stored agreement, or an error listing the known ids.
    func agreement(_ id: String, in ws: Workspace) throws -> StoredAgreement {
        if let a = try ws.agreement(id: id) { return a }
        throw CLIError.unknownAgreement(id, try ws.agreementIDs())
    }
}

enum AgreementFiles {
    /// `.xml` files directly in a folder, sorted; not its subfolders (agreements/schema holds schemas).
    static func list(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".xml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }
}

/// Errors of the command line itself.
enum CLIError: UserFacingError {
    case badOption(String, String, Localized)
    case badDate(String, String)
    case unknownAgreement(String, [String])
    case io(String, String)
    case usage(Localized)

    func message(_ lang: Language) -> String {
        switch self {
        case .badOption(let opt, let v, let hint):
            return lang == .fr ? "\(opt) : valeur « \(v) » invalide (\(hint.fr))." : "\(opt): invalid value '\(v)' (\(hint.en))."
        case .badDate(let opt, let v):
            return lang == .fr ? "\(opt) : « \(v) » n'est pas une date AAAA-MM-JJ valide (ex. 2024-11-07)."
                               : "\(opt): '\(v)' is not a valid YYYY-MM-DD date (e.g. 2024-11-07)."
        case .unknownAgreement(let id, let known):
            let list = known.isEmpty ? (lang == .fr ? "aucune" : "none") : known.joined(separator: ", ")
            return lang == .fr ? "Entente inconnue « \(id) ». Ententes connues : \(list). Importez-la avec « entente import FICHIER »."
                               : "Unknown agreement '\(id)'. Known agreements: \(list). Import it with 'entente import FILE'."
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
        var lang: Language = (ProcessInfo.processInfo.environment["LANG"] ?? "").lowercased().hasPrefix("fr") ? .fr : .en
        do {
            let ctx = try context()
            lang = ctx.lang
            try await body(ctx)
        } catch let e as UserFacingError {
            Console.warn(lang == .fr ? "erreur : \(e.message(.fr))" : "error: \(e.message(.en))")
            throw ExitCode(1)
        }
    }

    /// Same, with the workspace database opened (and agreements/ brought in when `sync`).
    func withWorkspace(sync: Bool = true, _ body: (Context, Workspace) async throws -> Void) async throws {
        try await withContext { ctx in try await body(ctx, try ctx.open(sync: sync)) }
    }
}

func parseDate(_ s: String, option: String) throws -> CivilDate {
    guard let d = CivilDate(iso: s) else { throw CLIError.badDate(option, s) }
    return d
}

func writeOutput(_ text: String, to path: String?) throws {
    guard let path else { print(text, terminator: text.hasSuffix("\n") ? "" : "\n"); return }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw CLIError.io(path, error.localizedDescription)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
