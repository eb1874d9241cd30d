import ArgumentParser

@main
struct Entente: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "entente", abstract: "Tracks intergovernmental cooperation agreements.")
}
