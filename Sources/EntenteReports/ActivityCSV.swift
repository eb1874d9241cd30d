import EntenteCore

/// A CSV row that cannot be read: line, column, what to do.
public struct CSVError: UserFacingError, Hashable {
    public var line: Int
    public var column: String
    public var problem: Localized

    public func message(_ lang: Language) -> String {
        lang == .fr ? "CSV, ligne \(line), colonne « \(column) » : \(problem.fr)" : "CSV, line \(line), column '\(column)': \(problem.en)"
    }
}

/// Activities as CSV (RFC 4180) for people who keep spreadsheets.
///
/// Columns: id,title,description,start,end,domains,means,parties,participants,costs,status,outcomes,plan_item.
/// Lists are separated by `;`; participants are `Name (party)`; costs are `AMOUNT CUR party [label]`.
/// The id column is informative: importing always adds new activities.
public enum ActivityCSV {
    public static let header = ["id", "title", "description", "start", "end", "domains", "means", "parties",
                                "participants", "costs", "status", "outcomes", "plan_item"]

    public static func format(_ activities: [Activity]) -> String {
        var out = header.joined(separator: ",") + "\r\n"
        for a in activities {
            let fields: [String] = [
                a.id.map(String.init) ?? "", a.title, a.description ?? "", a.start.iso, a.end?.iso ?? "",
                a.domains.joined(separator: ";"), a.meansOfAction.joined(separator: ";"), a.parties.joined(separator: ";"),
                a.participants.map { "\($0.name) (\($0.party))" }.joined(separator: ";"),
                a.costs.map { c in ["\(c.amountText) \(c.currency) \(c.party)", c.label.map { $0.replacingAll(";", ",") }].compactMap { $0 }.joined(separator: " ") }
                    .joined(separator: ";"),
                a.status.rawValue, a.outcomes ?? "", a.planItemID.map(String.init) ?? "",
            ]
            out += fields.map(quote).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingAll("\"", "\"\"") + "\""
    }

    /// Parses the text into activities of `agreementID`; the first bad row stops everything.
    public static func parse(_ text: String, agreementID: String) throws(CSVError) -> [Activity] {
        let records = try records(text)
        guard let (headerLine, head) = records.first else { return [] }
        let names = head.map { $0.trimmingSpaces.lowercased() }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() { index[n] = i }
        for required in ["title", "start"] where index[required] == nil {
            throw CSVError(line: headerLine, column: required, problem: Localized(
                fr: "colonne obligatoire absente de l'en-tête; en-tête attendu : \(header.joined(separator: ",")).",
                en: "required column missing from the header; expected header: \(header.joined(separator: ","))."))
        }
        for n in names where !header.contains(n) {
            throw CSVError(line: headerLine, column: n, problem: Localized(
                fr: "colonne inconnue; colonnes permises : \(header.joined(separator: ",")).",
                en: "unknown column; allowed columns: \(header.joined(separator: ","))."))
        }
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw CSVError(line: headerLine, column: twice, problem: Localized(
                fr: "colonne répétée dans l'en-tête; gardez-en une seule.", en: "column repeated in the header; keep only one."))
        }
        var out: [Activity] = []
        for (line, fields) in records.dropFirst() {
            if fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            // More fields than columns almost always means a comma inside an unquoted value.
            if fields.count > names.count {
                throw CSVError(line: line, column: "\(fields.count)", problem: Localized(
                    fr: "\(fields.count) champs pour \(names.count) colonnes; mettez entre guillemets (\"…\") toute valeur qui contient une virgule.",
                    en: "\(fields.count) fields for \(names.count) columns; put any value that holds a comma in double quotes (\"…\")."))
            }
            func field(_ name: String) -> String {
                guard let i = index[name], i < fields.count else { return "" }
                return fields[i].trimmingSpaces
            }
            func list(_ name: String) -> [String] {
                field(name).split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            }
            func date(_ name: String) throws(CSVError) -> CivilDate? {
                let v = field(name)
                if v.isEmpty { return nil }
                guard let d = CivilDate(iso: v) else {
                    throw CSVError(line: line, column: name, problem: Localized(
                        fr: "« \(v) » n'est pas une date valide; écrivez-la AAAA-MM-JJ, ex. 2024-03-11.",
                        en: "'\(v)' is not a valid date; write it as YYYY-MM-DD, e.g. 2024-03-11."))
                }
                return d
            }
            let title = field("title")
            if title.isEmpty {
                throw CSVError(line: line, column: "title", problem: Localized(fr: "titre vide; chaque activité a besoin d'un titre.", en: "empty title; every activity needs a title."))
            }
            guard let start = try date("start") else {
                throw CSVError(line: line, column: "start", problem: Localized(fr: "date de début manquante; écrivez-la AAAA-MM-JJ.", en: "missing start date; write it as YYYY-MM-DD."))
            }
            var participants: [Participant] = []
            for p in list("participants") {
                guard let open = p.lastIndex(of: "("), p.hasSuffix(")") else {
                    throw CSVError(line: line, column: "participants", problem: Localized(
                        fr: "« \(p) » : forme attendue « Nom (partie) ».", en: "'\(p)': expected 'Name (party)'."))
                }
                participants.append(Participant(name: String(p[..<open]).trimmingSpaces,
                                                party: String(p[p.index(after: open)..<p.index(before: p.endIndex)]).trimmingSpaces))
            }
            var costs: [Cost] = []
            for c in list("costs") {
                let parts = c.split(separator: " ").map(String.init)
                guard parts.count >= 3, let amount = Cost.parseAmount(parts[0]) else {
                    throw CSVError(line: line, column: "costs", problem: Localized(
                        fr: "« \(c) » : forme attendue « MONTANT DEVISE partie », ex. « 1250.00 CAD gouvernement-quebec ».",
                        en: "'\(c)': expected 'AMOUNT CURRENCY party', e.g. '1250.00 CAD gouvernement-quebec'."))
                }
                if amount < 0 {
                    throw CSVError(line: line, column: "costs", problem: Localized(
                        fr: "coût négatif « \(c) »; un coût est un montant positif ou nul.", en: "negative cost '\(c)'; a cost is zero or more."))
                }
                costs.append(Cost(amountMinor: amount, currency: parts[1], party: parts[2],
                                  label: parts.count > 3 ? parts[3...].joined(separator: " ") : nil))
            }
            var status = ActivityStatus.planned
            if !field("status").isEmpty {
                guard let s = ActivityStatus(rawValue: field("status")) else {
                    throw CSVError(line: line, column: "status", problem: Localized(
                        fr: "statut « \(field("status")) » inconnu; valeurs : planned, under-way, done, cancelled.",
                        en: "unknown status '\(field("status"))'; values: planned, under-way, done, cancelled."))
                }
                status = s
            }
            var planItem: Int64?
            if !field("plan_item").isEmpty {
                guard let n = Int64(field("plan_item")) else {
                    throw CSVError(line: line, column: "plan_item", problem: Localized(fr: "« \(field("plan_item")) » : le numéro d'un élément de plan est un entier.", en: "'\(field("plan_item"))': a plan item number is a whole number."))
                }
                planItem = n
            }
            let end = try date("end")
            if let end, end < start {
                throw CSVError(line: line, column: "end", problem: Localized(
                    fr: "la fin (\(end.iso)) précède le début (\(start.iso)); corrigez l'une des deux dates.",
                    en: "the end (\(end.iso)) is before the start (\(start.iso)); correct one of the two dates."))
            }
            let description = field("description"), outcomes = field("outcomes")
            out.append(Activity(agreementID: agreementID, title: title, description: description.isEmpty ? nil : description,
                                start: start, end: end, domains: list("domains"), meansOfAction: list("means"),
                                parties: list("parties"), participants: participants, costs: costs, status: status,
                                outcomes: outcomes.isEmpty ? nil : outcomes, planItemID: planItem))
        }
        return out
    }

    /// RFC 4180 records with the 1-based line each starts on. Tolerates a BOM, LF or CRLF.
    static func records(_ text: String) throws(CSVError) -> [(Int, [String])] {
        var out: [(Int, [String])] = []
        var field = "", fields: [String] = []
        var inQuotes = false, quoteStartLine = 0, quoteField = 0
        var line = 1, recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\""); i += 1
                    } else {
                        inQuotes = false
                        // After a closing quote only a separator or a line end may follow.
                        if i + 1 < chars.count, !",\r\n".unicodeScalars.contains(chars[i + 1]) {
                            throw CSVError(line: line, column: columnName(fields.count, out), problem: Localized(
                                fr: "texte après un guillemet fermant; doublez les guillemets à l'intérieur d'un champ (\"\").",
                                en: "text after a closing quote; double the quotes inside a field (\"\")."))
                        }
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteStartLine = line
                quoteField = fields.count
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                fields.append(field); field = ""
                out.append((recordLine, fields)); fields = []
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if inQuotes {
            throw CSVError(line: quoteStartLine, column: columnName(quoteField, out), problem: Localized(
                fr: "guillemet ouvert jamais fermé; fermez le champ par un guillemet.", en: "an opening quote is never closed; close the field with a quote."))
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); out.append((recordLine, fields)) }
        return out
    }

    /// The header's name for a field index once the header is read, else its 1-based number.
    static func columnName(_ index: Int, _ records: [(Int, [String])]) -> String {
        if let head = records.first?.1, index < head.count { return head[index].trimmingSpaces.lowercased() }
        return "\(index + 1)"
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
