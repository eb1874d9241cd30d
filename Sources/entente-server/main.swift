import EntenteCommands
import EntentePostgres

// The full command line: the lean `entente`'s commands, plus storage on a PostgreSQL server
// for `--database postgres://…` / ENTENTE_DATABASE_URL and `db copy --to postgres://…`.
Extensions.registerStore(schemes: ["postgres", "postgresql"]) { url, _ in
    try await PostgresStore.open(url: url)
}
await Entente.runMain()
