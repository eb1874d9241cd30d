import ArgumentParser
import EntenteCore
import EntenteService
import EntenteStorage
import Foundation

/// What the web server needs from the command line that starts it.
public struct ServeRequest: Sendable {
    public var host: String
    public var port: Int
    /// The service on the chosen database, and the caller whose language and date apply
    /// when a request names none.
    public var service: EntenteService
    public var caller: Caller
    public var workspace: String

    public init(host: String, port: Int, service: EntenteService, caller: Caller, workspace: String) {
        self.host = host
        self.port = port
        self.service = service
        self.caller = caller
        self.workspace = workspace
    }
}

/// Pieces the full executable (`entente-server`) adds to the same command tree: the web
/// server, and storage on a database server. The lean `entente` registers none and hands
/// over to `entente-server` when one is needed, so that its own build and start-up stay free
/// of NIO, Hummingbird and PostgresNIO.
public enum Extensions {
    public typealias StoreOpener = @Sendable (_ url: String, _ user: ActingUser) async throws -> any AgreementStore
    public typealias Server = @Sendable (ServeRequest) async throws -> Void

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var openers: [String: StoreOpener] = [:]
        var server: Server?
    }
    private static let registry = Registry()

    /// Storage for database URLs of a scheme (`postgres`, `postgresql`).
    public static func registerStore(schemes: [String], _ open: @escaping StoreOpener) {
        registry.lock.withLock { for s in schemes { registry.openers[s.lowercased()] = open } }
    }

    public static func registerServer(_ serve: @escaping Server) {
        registry.lock.withLock { registry.server = serve }
    }

    static func opener(scheme: String) -> StoreOpener? { registry.lock.withLock { registry.openers[scheme.lowercased()] } }
    static var server: Server? { registry.lock.withLock { registry.server } }

    /// Replaces this process by `entente-server` beside it, with the same arguments and
    /// environment. Returns only when that is impossible (not built).
    /// - Throws: `CLIError.usage` saying how to build it.
    static func handOverToServerExecutable() throws -> Never {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let server = ((me as NSString).deletingLastPathComponent as NSString).appendingPathComponent("entente-server")
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw CLIError.usage(Localized(
                fr: "cette commande demande « entente-server », qui n'est pas construit à côté de \(me). Construisez-le : swift build --product entente-server",
                en: "this command needs 'entente-server', which is not built beside \(me). Build it: swift build --product entente-server"))
        }
        fflush(nil)
        var argv: [UnsafeMutablePointer<CChar>?] = ([server] + CommandLine.arguments.dropFirst()).map { strdup($0) }
        argv.append(nil)
        execv(server, argv)
        throw CLIError.io(server, String(cString: strerror(errno)))
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the web interface on this workspace or database (prints 'Listening on http://HOST:PORT' once ready; SIGTERM stops it).")
    @OptionGroup var g: GlobalOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080

    func run() async throws {
        try await g.withContext { _ in
            if Extensions.server == nil { try Extensions.handOverToServerExecutable() }
        }
        guard let server = Extensions.server else { return }
        try await g.withService(server: true) { ctx, service in
            try await server(ServeRequest(host: host, port: port, service: service, caller: ctx.caller, workspace: ctx.workspace))
        }
    }
}
