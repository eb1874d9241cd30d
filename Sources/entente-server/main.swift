import EntenteCommands
import EntenteWeb

// The full executable: the command tree of `entente` plus the web server (`serve`).
Extensions.registerServer { req in
    try await WebServer.run(host: req.host, port: req.port, service: req.service, caller: req.caller)
}
await Entente.runMain()
