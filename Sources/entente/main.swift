import EntenteCommands

// The lean command line: the embedded SQLite workspace only. `serve` and a PostgreSQL
// `--database` hand over to `entente-server`, built by the same package.
await Entente.runMain()
