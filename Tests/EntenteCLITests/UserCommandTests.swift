import Foundation
import Testing

/// `entente user …` end to end, through the built binary.
@Suite struct UserCommandTests {
    @Test func addListAndTokenThroughTheCommandLine() throws {
        let ws = try CLI.workspace()
        let base = ["--workspace", ws.path, "--user", "claude", "--as-of", "2026-11-22"]
        let password = "correct horse battery staple"
        let add = try CLI.run(["user", "add", "marie", "--role", "coordinator", "--agreement", "quebec-pole-emploi-2022",
                               "--name", "Marie Tremblay", "--password-stdin"] + base, input: password + "\n")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(!add.stdout.contains(password) && !add.stderr.contains(password), "the password was echoed")
        let staff = try CLI.run(["user", "add", "sam", "--role", "staff", "--password-stdin"] + base, input: "another long passphrase\r\n")
        #expect(staff.status == 0, "\(staff.stderr)")

        let list = try CLI.run(["user", "list", "--format", "json"] + base)
        #expect(list.status == 0, "\(list.stderr)")
        let people = try #require(try CLI.json(list.stdout) as? [[String: Any]])
        #expect(people.map { $0["login"] as? String } == ["marie", "sam"])
        #expect(people[0]["role"] as? String == "coordinator" && people[0]["name"] as? String == "Marie Tremblay")
        #expect(people[0]["agreements"] as? [String] == ["quebec-pole-emploi-2022"] && people[0]["active"] as? Bool == true)
        #expect(people[1]["agreements"] as? [String] == [] && people[1]["party"] is NSNull)
        // Stable keys in a stable order.
        #expect(list.stdout.split(separator: "\n")[1].hasPrefix(#"{"login":"marie","name":"Marie Tremblay","language":"fr","role":"coordinator","agreements":"#))

        let token = try CLI.run(["user", "token", "marie"] + base)
        #expect(token.status == 0, "\(token.stderr)")
        let printed = token.stdout.trimmingCharacters(in: .newlines)
        #expect(printed.wholeMatch(of: /ent_[0-9a-f]{16}_[0-9a-f]{64}/) != nil, "\(token.stdout)")
        #expect(token.stdout.split(separator: "\n").count == 1, "the token alone on standard output")
        let again = try CLI.run(["user", "token", "marie"] + base)
        #expect(again.stdout != token.stdout, "a new token each time")
        let id = String(printed.split(separator: "_")[1])
        let revoke = try CLI.run(["user", "token", "marie", "--revoke", id] + base)
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let tokens = try CLI.run(["user", "token", "marie", "--list"] + base)
        #expect(tokens.stdout.split(separator: "\n").count == 2)
        #expect(tokens.stdout.split(separator: "\n").contains { $0.hasPrefix(id) && $0.contains("revoked") })
        #expect(!tokens.stdout.contains(String(printed.split(separator: "_")[2])))
        #expect(try CLI.run(["user", "token", "marie", "--revoke", id] + base).status == 1, "revoked twice")

        // Changes to people are audited as the local administrator; nothing in clear.
        let history = try CLI.run(["history", "--entity", "person", "--format", "json"] + base)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("local:claude") && history.stdout.contains("set-password"))
        let dump = try CLI.dump(ws.appendingPathComponent(".entente/entente.sqlite"))
        #expect(dump.contains("marie") && dump.contains("$2b$12$"))
        for clear in [password, "another long passphrase", String(printed.split(separator: "_")[2])] {
            #expect(!dump.contains(clear), "a password or token secret in the database in clear")
        }

        // A refused password writes nothing; so does a missing one.
        let before = try CLI.dump(ws.appendingPathComponent(".entente/entente.sqlite"))
        let short = try CLI.run(["user", "password", "marie", "--password-stdin"] + base, input: "short\n")
        #expect(short.status == 1 && short.stderr.contains("15"))
        let empty = try CLI.run(["user", "add", "luc", "--role", "admin", "--password-stdin"] + base, input: "")
        #expect(empty.status == 1 && empty.stderr.contains("standard input"))
        let role = try CLI.run(["user", "add", "luc", "--role", "chief"] + base)
        #expect(role.status == 1 && role.stderr.contains("admin, coordinator, committee or staff"))
        #expect(try CLI.dump(ws.appendingPathComponent(".entente/entente.sqlite")) == before)

        let changed = try CLI.run(["user", "set-role", "marie", "--role", "committee"] + base)
        #expect(changed.status == 0 && changed.stdout.contains("committee member"), "\(changed.stderr)")
        let disabled = try CLI.run(["user", "disable", "sam", "--lang", "fr"] + base)
        #expect(disabled.status == 0 && disabled.stdout.contains("désactivé"), "\(disabled.stderr)")
        let text = try CLI.run(["user", "list"] + base)
        #expect(text.stdout.contains("marie  committee member  [quebec-pole-emploi-2022]") && text.stdout.contains("disabled"))
    }
}
