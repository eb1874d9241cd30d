import EntenteCore

extension JSONViews {
    /// A person for programs (`entente user list --format json`): login, name, language,
    /// role, agreements, party (null when unknown), active. Never a password or a hash.
    public static func person(_ p: Person) -> JSONValue {
        .object([
            ("login", .string(p.login)),
            ("name", .string(p.displayName)),
            ("language", .string(p.language.rawValue)),
            ("role", .string(p.role.rawValue)),
            ("agreements", .strings(p.agreements)),
            ("party", .str(p.party)),
            ("active", .bool(p.active)),
        ])
    }
}

/// People as text for people (`entente user list`).
public enum PeopleText {
    /// One line per person: login, role, agreements, state, name.
    public static func list(_ people: [Person], _ lang: Language) -> String {
        guard !people.isEmpty else {
            return lang == .fr ? "Aucune personne. Ajoutez-en : entente user add LOGIN --role admin --password-stdin"
                               : "No one yet. Add someone: entente user add LOGIN --role admin --password-stdin"
        }
        return people.map { p in
            var line = "\(p.login)  \(p.role.name(lang))"
            if !p.agreements.isEmpty { line += "  [\(p.agreements.joined(separator: ", "))]" }
            if let party = p.party { line += "  (\(party))" }
            if !p.active { line += lang == .fr ? "  désactivé" : "  disabled" }
            if p.displayName != p.login { line += "  — \(p.displayName)" }
            return line
        }.joined(separator: "\n")
    }
}
