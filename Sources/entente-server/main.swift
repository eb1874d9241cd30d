import EntenteCommands
import EntentePostgres
import EntenteWeb

// The full executable: the command tree of `entente`, plus storage on a PostgreSQL server
// (`--database postgres://…`, ENTENTE_DATABASE_URL, `db copy --to postgres://…`) and the web
// server (`serve`).
Extensions.registerStore(schemes: ["postgres", "postgresql"]) { url, _ in
    try await PostgresStore.open(url: url)
}
Extensions.registerServer { req in
    try await WebServer.run(host: req.host, port: req.port, service: req.service, caller: req.caller)
}
await Entente.runMain()
