import EntenteCore

/// A CSV file that cannot be read safely: the line, the column, the real cause and the fix.
///
/// `line` is the physical line of the file on which the record starts, the header being
/// line 1 (a line break is CRLF, CR or LF, inside quotes as outside): the number a text
/// editor shows, the same in both languages and for every kind of error.
public struct CSVError: UserFacingError, Hashable {
    public var line: Int
    /// The header's name of the column, or its 1-based position when the header has none;
    /// empty for what concerns the whole file.
    public var column: String
    public var problem: Localized

    public init(line: Int, column: String, problem: Localized) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    public func message(_ lang: Language) -> String {
        if lang == .fr {
            let at = column.isEmpty ? "CSV, ligne \(line) : " : "CSV, ligne \(line), colonne « \(column) » : "
            return at + problem.fr + " Rien n'a été importé."
        }
        let at = column.isEmpty ? "CSV, line \(line): " : "CSV, line \(line), column '\(column)': "
        return at + problem.en + " Nothing was imported."
    }
}

/// The character between fields (séparateur).
public enum CSVSeparator: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180's, and Entente's on export.
    case comma = ","
    /// What Excel writes in a French locale, where the comma is the decimal mark.
    case semicolon = ";"

    var byte: UInt8 { self == .comma ? UInt8(ascii: ",") : UInt8(ascii: ";") }
    var named: Localized {
        self == .comma ? Localized(fr: "« , » (virgule)", en: "',' (comma)") : Localized(fr: "« ; » (point-virgule)", en: "';' (semicolon)")
    }
}

/// How dates are written in the `start` and `end` columns.
public enum CSVDateOrder: String, Sendable, Hashable, CaseIterable {
    /// `YYYY-MM-DD` (ISO 8601) only.
    case iso
    /// `DD/MM/YYYY` (jour/mois/année, what French Excel writes; one-digit day or month
    /// accepted); `YYYY-MM-DD` is read too, since it cannot be taken for anything else.
    case dmy
}

/// The decimal mark of amounts in the `costs` column (séparateur décimal).
public enum CSVDecimalMark: String, Sendable, Hashable, CaseIterable {
    /// `1250.50`.
    case point
    /// `1250,50`, what French Excel writes.
    case comma
}

/// The conventions of one CSV file: separator, date order, decimal mark.
public struct CSVDialect: Sendable, Hashable {
    public var separator: CSVSeparator
    public var dates: CSVDateOrder
    public var decimal: CSVDecimalMark

    public init(separator: CSVSeparator, dates: CSVDateOrder, decimal: CSVDecimalMark) {
        self.separator = separator
        self.dates = dates
        self.decimal = decimal
    }

    /// RFC 4180 with ISO dates and a decimal point: what `activity export` writes.
    public static let rfc4180 = CSVDialect(separator: .comma, dates: .iso, decimal: .point)
    /// What Excel writes in a French locale when saving as "CSV UTF-8": `;`, dd/mm/yyyy,
    /// decimal comma (its older "CSV (séparateur : point-virgule)" is Windows-1252, refused
    /// on import with how to save as UTF-8).
    public static let frenchExcel = CSVDialect(separator: .semicolon, dates: .dmy, decimal: .comma)
}

/// What the person importing says about the file; nil leaves it to the file's separator
/// (a `;` file reads as French Excel writes it, a `,` file as RFC 4180 and ISO dates).
public struct CSVReadOptions: Sendable, Hashable {
    public var dates: CSVDateOrder?
    public var decimal: CSVDecimalMark?

    public init(dates: CSVDateOrder? = nil, decimal: CSVDecimalMark? = nil) {
        self.dates = dates
        self.decimal = decimal
    }
}

/// How a file was read, to be said in the import summary.
public struct CSVReading: Sendable, Hashable {
    /// Where a convention came from.
    public enum Source: String, Sendable, Hashable {
        /// Found in the header line (the separator).
        case header
        /// Given by the person (`--dates`, `--decimal`).
        case option
        /// Follows from the separator: a `;` file is read as French Excel writes it.
        case separator
        /// Nothing to go by (a one-column header): RFC 4180.
        case fallback
    }

    /// A value as written in the file and what it was read as, for the summary.
    public struct Example: Sendable, Hashable {
        public var written: String
        public var read: String
    }

    public var dialect: CSVDialect
    public var separatorSource: Source
    public var datesSource: Source
    public var decimalSource: Source
    public var byteOrderMark: Bool
    /// The first date of the file and the first amount, as written and as read.
    public var dateExample: Example?
    public var amountExample: Example?

    /// Bilingual summary lines: separator and encoding; dates; amounts.
    public func summary(_ lang: Language) -> [String] {
        let fr = lang == .fr
        let sep = dialect.separator.named[lang]
        var out: [String] = []
        let found: String
        switch separatorSource {
        case .header: found = fr ? "trouvé dans l'en-tête" : "found in the header"
        default: found = fr ? "par défaut (l'en-tête n'en contient aucun)" : "by default (the header holds none)"
        }
        let bom = byteOrderMark ? (fr ? "UTF-8 avec BOM" : "UTF-8 with BOM") : "UTF-8"
        out.append(fr ? "Séparateur : \(sep), \(found). Encodage : \(bom)." : "Separator: \(sep), \(found). Encoding: \(bom).")

        func why(_ source: Source, option: String) -> String {
            switch source {
            case .option: return fr ? "comme demandé (\(option))" : "as asked (\(option))"
            case .separator: return fr ? "comme l'écrit Excel en français dans un fichier « ; »" : "as French Excel writes them in a ';' file"
            default: return fr ? "la règle d'un fichier « , »" : "the rule for a ',' file"
            }
        }
        let dateWay = dialect.dates == .dmy
            ? (fr ? "JJ/MM/AAAA, jour d'abord (AAAA-MM-JJ aussi)" : "DD/MM/YYYY, day first (YYYY-MM-DD too)")
            : (fr ? "AAAA-MM-JJ" : "YYYY-MM-DD")
        var dates = (fr ? "Dates lues " : "Dates read as ") + dateWay + ", " + why(datesSource, option: "--dates \(dialect.dates.rawValue)")
        if let e = dateExample {
            dates += fr ? " ; ex. « \(e.written) » lu \(e.read)." : "; e.g. '\(e.written)' read as \(e.read)."
        } else { dates += "." }
        out.append(dates)
        let amountWay = dialect.decimal == .comma
            ? (fr ? "avec la virgule décimale (1 250,50)" : "with a decimal comma (1 250,50)")
            : (fr ? "avec le point décimal (1250.50)" : "with a decimal point (1250.50)")
        var amounts = (fr ? "Montants lus " : "Amounts read ") + amountWay + ", " + why(decimalSource, option: "--decimal \(dialect.decimal.rawValue)")
        if let e = amountExample {
            amounts += fr ? " ; ex. « \(e.written) » lu \(e.read)." : "; e.g. '\(e.written)' read as \(e.read)."
        } else {
            amounts += fr ? " ; aucun montant dans le fichier." : "; no amount in the file."
        }
        out.append(amounts)
        return out
    }
}

/// The activities read from a CSV file, with where each came from and how the file was read.
public struct ActivityCSVImport: Sendable {
    public var activities: [Activity]
    /// For each activity, the CSV line on which its record starts.
    public var lines: [Int]
    public var reading: CSVReading

    /// The error for a problem found later in the n-th activity (1-based, as
    /// `Workspace.addActivities` reports it), placed on its CSV line so that every message
    /// counts lines one way.
    public func error(row: Int, column: String, problem: Localized) -> CSVError {
        let line = row >= 1 && row <= lines.count ? lines[row - 1] : row
        return CSVError(line: line, column: Self.columns[column] ?? column, problem: problem)
    }

    /// Record validation names fields as the command line does; the CSV's columns differ.
    static let columns = ["domain": "domains", "party": "parties", "participant": "participants", "cost": "costs",
                          "plan item": "plan_item", "plan-item": "plan_item", "planItem": "plan_item"]

    public init(activities: [Activity], lines: [Int], reading: CSVReading) {
        self.activities = activities
        self.lines = lines
        self.reading = reading
    }
}

/// Activities as CSV (RFC 4180) for people who keep spreadsheets.
///
/// Columns: id,title,description,start,end,domains,means,parties,participants,costs,status,outcomes,plan_item.
/// Lists are separated by `;` inside their cell; participants are `Name (party)`; costs are
/// `AMOUNT CUR party [label]` (a `;` in a label is written `,`, since `;` separates costs).
/// The id column is informative: importing always adds new activities.
///
/// `title`, `description` and `outcomes` are kept exactly as written, spaces and line breaks
/// included, so export → import → export gives the same bytes; other cells are codes, dates,
/// numbers and names, read without their surrounding spaces.
public enum ActivityCSV {
    public static let header = ["id", "title", "description", "start", "end", "domains", "means", "parties",
                                "participants", "costs", "status", "outcomes", "plan_item"]

    // MARK: Writing

    /// The activities as CSV: UTF-8 (no BOM), CRLF after every record, a field quoted when it
    /// holds the separator, a quote, CR or LF, quotes inside doubled (RFC 4180 §2).
    /// `.frenchExcel` writes what French Excel opens as columns.
    public static func format(_ activities: [Activity], dialect: CSVDialect = .rfc4180) -> String {
        let sep = dialect.separator.rawValue
        var out = header.joined(separator: sep) + "\r\n"
        out.reserveCapacity(out.utf8.count + activities.count * 160)
        for a in activities {
            let fields: [String] = [
                a.id.map(String.init) ?? "", a.title, a.description ?? "", date(a.start, dialect), a.end.map { date($0, dialect) } ?? "",
                a.domains.joined(separator: ";"), a.meansOfAction.joined(separator: ";"), a.parties.joined(separator: ";"),
                a.participants.map { "\($0.name) (\($0.party))" }.joined(separator: ";"),
                a.costs.map { c in
                    var s = amount(c.amountMinor, dialect) + " " + c.currency + " " + c.party
                    if let l = c.label { s += " " + l.replacingAll(";", ",") }
                    return s
                }.joined(separator: ";"),
                a.status.rawValue, a.outcomes ?? "", a.planItemID.map(String.init) ?? "",
            ]
            for (i, f) in fields.enumerated() {
                if i > 0 { out += sep }
                append(f, to: &out, separator: dialect.separator.byte)
            }
            out += "\r\n"
        }
        return out
    }

    static func append(_ s: String, to out: inout String, separator: UInt8) {
        // Bytes, not Characters: "\r\n" is one Character in Swift, equal neither to "\r" nor
        // to "\n", and a test on Characters let CRLF through unquoted.
        guard s.utf8.contains(where: { $0 == separator || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
            out += s
            return
        }
        // Quotes doubled scalar by scalar: a quote followed by a combining mark is one
        // Character, which a Character-level replacement would miss.
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for u in s.unicodeScalars {
            quoted.append(u)
            if u == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        out += String(quoted)
    }

    static func date(_ d: CivilDate, _ dialect: CSVDialect) -> String {
        guard dialect.dates == .dmy else { return d.iso }
        let iso = d.iso // YYYY-MM-DD
        let u = Array(iso.utf8)
        guard u.count == 10 else { return iso }
        return String(decoding: u[8..<10] + [UInt8(ascii: "/")] + u[5..<7] + [UInt8(ascii: "/")] + u[0..<4], as: UTF8.self)
    }

    static func amount(_ minor: Int64, _ dialect: CSVDialect) -> String {
        let t = Cost(amountMinor: minor, currency: "", party: "").amountText
        return dialect.decimal == .comma ? t.replacingAll(".", ",") : t
    }

    // MARK: Reading

    /// Parses the text into activities of `agreementID`; the first bad row stops everything.
    /// - Throws: `CSVError` with the CSV line, the column, the cause and the fix.
    public static func parse(_ text: String, agreementID: String, options: CSVReadOptions = .init()) throws(CSVError) -> [Activity] {
        try read(Array(text.utf8), agreementID: agreementID, options: options).activities
    }

    /// Reads a CSV file's bytes: UTF-8 with or without BOM; `,` or `;` as the header line
    /// shows; quoted line breaks of any kind (CR, LF, CRLF) kept exactly; in a `;` file (or
    /// with `options`) dates as DD/MM/YYYY and amounts with a decimal comma, as French Excel
    /// writes them. Anything that cannot be read safely (an ambiguous date, an unterminated
    /// quote, a record with more or fewer fields than the header, a byte that is not UTF-8)
    /// is refused: nothing is returned but the first error.
    /// - Throws: `CSVError` with the CSV line where the record starts (header = 1).
    public static func read(_ bytes: [UInt8], agreementID: String, options: CSVReadOptions = .init()) throws(CSVError) -> ActivityCSVImport {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw CSVError(line: 1, column: "", problem: Localized(
                fr: "le fichier est en UTF-16 (« Texte Unicode »), pas en UTF-8. Dans Excel : Fichier > Enregistrer sous > « CSV UTF-8 (délimité par des virgules) ».",
                en: "the file is UTF-16 (\"Unicode Text\"), not UTF-8. In Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"."))
        }
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let start = bom ? 3 : 0

        // The separator, from the header line; when both appear, the one giving known names.
        let known = Set(header)
        let (detected, commas, semicolons) = CSVScanner.detectSeparator(bytes, from: start) { sep in
            var s = CSVScanner(bytes, separator: sep, from: start)
            guard let r = try? s.next() else { return 0 }
            return r.fields.filter { known.contains($0.trimmingSpaces.lowercased()) }.count
        }
        if detected == nil, commas > 0, semicolons > 0 {
            throw CSVError(line: 1, column: "", problem: Localized(
                fr: "l'en-tête contient à la fois des « , » et des « ; » hors guillemets, et aucun des deux ne donne les noms de colonnes attendus (\(header.joined(separator: ","))); gardez un seul séparateur.",
                en: "the header holds both ',' and ';' outside quotes, and neither gives the expected column names (\(header.joined(separator: ","))); keep one separator."))
        }
        let separator: CSVSeparator = detected == UInt8(ascii: ";") ? .semicolon : .comma
        let excelDefaults = separator == .semicolon
        var reading = CSVReading(
            dialect: CSVDialect(separator: separator,
                                dates: options.dates ?? (excelDefaults ? .dmy : .iso),
                                decimal: options.decimal ?? (excelDefaults ? .comma : .point)),
            separatorSource: detected == nil ? .fallback : .header,
            datesSource: options.dates != nil ? .option : (excelDefaults ? .separator : .fallback),
            decimalSource: options.decimal != nil ? .option : (excelDefaults ? .separator : .fallback),
            byteOrderMark: bom)

        var scanner = CSVScanner(bytes, separator: separator.byte, from: start)
        var names: [String] = []
        func place(_ e: CSVScanner.ScanError) -> CSVError {
            let column = e.field < names.count ? names[e.field] : "\(e.field + 1)"
            switch e.failure {
            case .unterminatedQuote:
                return CSVError(line: e.line, column: column, problem: Localized(
                    fr: "un guillemet ouvre ce champ et n'est jamais refermé : tout le reste du fichier y tomberait. Fermez le champ par un guillemet, et doublez (\"\") les guillemets qui font partie du texte.",
                    en: "a quote opens this field and is never closed: the rest of the file would fall into it. Close the field with a quote, and double (\"\") the quotes that are part of the text."))
            case .textAfterClosingQuote(let rest):
                return CSVError(line: e.line, column: column, problem: Localized(
                    fr: "texte « \(rest) » après le guillemet qui ferme le champ. Doublez (\"\") les guillemets qui font partie du texte, ou mettez le champ entier entre guillemets.",
                    en: "text '\(rest)' after the quote that closes the field. Double (\"\") the quotes that are part of the text, or put the whole field in quotes."))
            case .notUTF8(let byte):
                let hex = String(byte, radix: 16, uppercase: true)
                return CSVError(line: e.line, column: column, problem: Localized(
                    fr: "octet 0x\(hex) : ce n'est pas de l'UTF-8 (le fichier semble enregistré en Windows-1252 ou Latin-1). Dans Excel : Fichier > Enregistrer sous > « CSV UTF-8 (délimité par des virgules) ».",
                    en: "byte 0x\(hex) is not UTF-8 (the file looks saved as Windows-1252 or Latin-1). In Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"."))
            }
        }

        let head: CSVScanner.Record
        do {
            guard let h = try scanner.next() else {
                return ActivityCSVImport(activities: [], lines: [], reading: reading)
            }
            head = h
        } catch { throw place(error) }
        names = head.fields.map { $0.trimmingSpaces.lowercased() }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        let expected = header.joined(separator: separator.rawValue)
        for required in ["title", "start"] where index[required] == nil {
            let hint = detected == nil
                ? Localized(fr: " L'en-tête n'a qu'une colonne : séparez les noms par « , » ou « ; ».", en: " The header has one column only: separate the names with ',' or ';'.")
                : Localized(fr: "", en: "")
            throw CSVError(line: head.line, column: required, problem: Localized(
                fr: "colonne obligatoire absente de l'en-tête (séparateur \(separator.named.fr)); en-tête attendu : \(expected).\(hint.fr)",
                en: "required column missing from the header (separator \(separator.named.en)); expected header: \(expected).\(hint.en)"))
        }
        for (i, n) in names.enumerated() where n.isEmpty {
            throw CSVError(line: head.line, column: "\(i + 1)", problem: Localized(
                fr: "colonne sans nom dans l'en-tête; supprimez-la (avec son séparateur) ou donnez-lui l'un des noms permis : \(expected).",
                en: "a column without a name in the header; delete it (with its separator) or give it one of the allowed names: \(expected)."))
        }
        for n in names where !known.contains(n) {
            throw CSVError(line: head.line, column: n, problem: Localized(
                fr: "colonne inconnue; colonnes permises : \(expected).", en: "unknown column; allowed columns: \(expected)."))
        }
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw CSVError(line: head.line, column: twice, problem: Localized(
                fr: "colonne répétée dans l'en-tête; gardez-en une seule.", en: "column repeated in the header; keep only one."))
        }

        var out: [Activity] = [], lines: [Int] = []
        let dialect = reading.dialect
        while true {
            let record: CSVScanner.Record
            do {
                guard let r = try scanner.next() else { break }
                record = r
            } catch { throw place(error) }
            let fields = record.fields, line = record.line
            if fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            if fields.count != names.count {
                let sepName = separator.named
                if fields.count > names.count {
                    throw CSVError(line: line, column: "\(names.count + 1)", problem: Localized(
                        fr: "\(fields.count) champs pour \(names.count) colonnes; mettez entre guillemets (\"…\") toute valeur qui contient le séparateur \(sepName.fr).",
                        en: "\(fields.count) fields for \(names.count) columns; put any value that holds the separator \(sepName.en) in double quotes (\"…\")."))
                }
                throw CSVError(line: line, column: names[fields.count], problem: Localized(
                    fr: "\(fields.count) champs pour \(names.count) colonnes. Une valeur qui contient un saut de ligne doit être entre guillemets (\"…\"), sinon la ligne est coupée en deux; complétez les champs manquants (même vides) avec \(sepName.fr).",
                    en: "\(fields.count) fields for \(names.count) columns. A value holding a line break must be in double quotes (\"…\"), or the record is cut in two; add the missing fields (even empty) with \(sepName.en)."))
            }
            func raw(_ name: String) -> String {
                guard let i = index[name] else { return "" }
                return fields[i]
            }
            func field(_ name: String) -> String { raw(name).trimmingSpaces }
            func list(_ name: String) -> [String] {
                field(name).unicodeScalars.split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            }
            func date(_ name: String) throws(CSVError) -> CivilDate? {
                let v = field(name)
                if v.isEmpty { return nil }
                let d = try readDate(v, dialect: dialect, separator: separator, line: line, column: name)
                if reading.dateExample == nil {
                    reading.dateExample = CSVReading.Example(written: v, read: d.iso)
                }
                return d
            }
            let title = raw("title")
            if title.allSatisfy(\.isWhitespace) {
                throw CSVError(line: line, column: "title", problem: Localized(fr: "titre vide; chaque activité a besoin d'un titre.", en: "empty title; every activity needs a title."))
            }
            guard let start = try date("start") else {
                throw CSVError(line: line, column: "start", problem: Localized(
                    fr: "date de début manquante; écrivez-la \(dialect.dates == .dmy ? "JJ/MM/AAAA ou " : "")AAAA-MM-JJ.",
                    en: "missing start date; write it as \(dialect.dates == .dmy ? "DD/MM/YYYY or " : "")YYYY-MM-DD."))
            }
            var participants: [Participant] = []
            for p in list("participants") {
                guard let open = p.lastIndex(of: "("), p.hasSuffix(")") else {
                    throw CSVError(line: line, column: "participants", problem: Localized(
                        fr: "« \(p) » : forme attendue « Nom (partie) »; séparez les participants par « ; ».",
                        en: "'\(p)': expected 'Name (party)'; separate participants with ';'."))
                }
                participants.append(Participant(name: String(p[..<open]).trimmingSpaces,
                                                party: String(p[p.index(after: open)..<p.index(before: p.endIndex)]).trimmingSpaces))
            }
            var costs: [Cost] = []
            for c in list("costs") {
                let cost = try readCost(c, dialect: dialect, line: line)
                if reading.amountExample == nil {
                    reading.amountExample = CSVReading.Example(written: cost.written, read: cost.cost.amountText)
                }
                costs.append(cost.cost)
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
            let description = raw("description"), outcomes = raw("outcomes")
            out.append(Activity(agreementID: agreementID, title: title, description: description.isEmpty ? nil : description,
                                start: start, end: end, domains: list("domains"), meansOfAction: list("means"),
                                parties: list("parties"), participants: participants, costs: costs, status: status,
                                outcomes: outcomes.isEmpty ? nil : outcomes, planItemID: planItem))
            lines.append(line)
        }
        return ActivityCSVImport(activities: out, lines: lines, reading: reading)
    }

    /// A date in the file's convention. In `.iso`, a `DD/MM/YYYY` or `MM/DD/YYYY` value is
    /// refused as ambiguous rather than guessed; in `.dmy`, a two-digit year is refused (which
    /// century?) and so is a month above 12 (a month-first file read day-first).
    static func readDate(_ v: String, dialect: CSVDialect, separator: CSVSeparator, line: Int, column: String) throws(CSVError) -> CivilDate {
        if let d = CivilDate(iso: v) { return d }
        let parts = v.split(separator: "/", omittingEmptySubsequences: false)
        let slashed = parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        let iso = Localized(fr: "AAAA-MM-JJ (ex. 2025-03-11)", en: "YYYY-MM-DD (e.g. 2025-03-11)")
        guard slashed else {
            let forms = dialect.dates == .dmy ? Localized(fr: "JJ/MM/AAAA (ex. 11/03/2025) ou \(iso.fr)", en: "DD/MM/YYYY (e.g. 11/03/2025) or \(iso.en)") : iso
            throw CSVError(line: line, column: column, problem: Localized(
                fr: "« \(v) » n'est pas une date lisible; écrivez-la \(forms.fr).",
                en: "'\(v)' is not a readable date; write it as \(forms.en)."))
        }
        guard dialect.dates == .dmy else {
            throw CSVError(line: line, column: column, problem: Localized(
                fr: "« \(v) » est ambiguë : jour/mois ou mois/jour ? Un fichier séparé par « , » se lit avec des dates AAAA-MM-JJ. Écrivez \(iso.fr), ou, si les dates de ce fichier commencent par le jour, importez avec --dates dmy.",
                en: "'\(v)' is ambiguous: day/month or month/day? A ','-separated file is read with YYYY-MM-DD dates. Write \(iso.en), or, if this file's dates start with the day, import with --dates dmy."))
        }
        guard parts[0].count <= 2, parts[1].count <= 2 else {
            throw CSVError(line: line, column: column, problem: Localized(
                fr: "« \(v) » n'est pas une date lisible; écrivez-la JJ/MM/AAAA (ex. 11/03/2025) ou \(iso.fr).",
                en: "'\(v)' is not a readable date; write it as DD/MM/YYYY (e.g. 11/03/2025) or \(iso.en)."))
        }
        guard parts[2].count == 4 else {
            throw CSVError(line: line, column: column, problem: Localized(
                fr: "« \(v) » : l'année doit avoir quatre chiffres (une année à deux chiffres laisse le siècle à deviner); écrivez JJ/MM/AAAA, ex. 11/03/2025.",
                en: "'\(v)': the year must have four digits (a two-digit year leaves the century to guess); write DD/MM/YYYY, e.g. 11/03/2025."))
        }
        let day = Int(parts[0])!, month = Int(parts[1])!, year = Int(parts[2])!
        guard let d = CivilDate(year: year, month: month, day: day) else {
            let hint = month > 12 && day <= 12
                ? Localized(fr: " Le mois vaut \(month) : les dates de ce fichier commencent-elles par le mois ? Écrivez-les alors \(iso.fr).",
                            en: " The month would be \(month): do this file's dates start with the month? Then write them \(iso.en).")
                : Localized(fr: "", en: "")
            throw CSVError(line: line, column: column, problem: Localized(
                fr: "« \(v) » n'est pas une date valide lue jour/mois/année (\(separator == .semicolon ? "fichier « ; »" : "--dates dmy")).\(hint.fr)",
                en: "'\(v)' is not a valid date read day/month/year (\(separator == .semicolon ? "';' file" : "--dates dmy")).\(hint.en)"))
        }
        return d
    }

    /// One cost, `AMOUNT CUR party [label]`, the amount in the file's decimal convention.
    /// The amount may group thousands with spaces (ordinary, no-break U+00A0 or narrow
    /// no-break U+202F, as French Excel writes them), in groups of three; the label is kept
    /// as written after the single space that follows the party.
    static func readCost(_ c: String, dialect: CSVDialect, line: Int) throws(CSVError) -> (cost: Cost, written: String) {
        let mark: Character = dialect.decimal == .comma ? "," : "."
        let example = dialect.decimal == .comma ? "1250,50 CAD gouvernement-quebec" : "1250.50 CAD gouvernement-quebec"
        let form = Localized(fr: "forme attendue « MONTANT DEVISE partie [libellé] », ex. « \(example) »; séparez les coûts par « ; ».",
                             en: "expected 'AMOUNT CURRENCY party [label]', e.g. '\(example)'; separate costs with ';'.")
        // The currency is the first word after the amount that starts with a letter.
        // Words cut on the scalar U+0020: a space followed by a combining mark is one Character.
        let scalars = c.unicodeScalars
        let words = scalars.split(separator: " ", omittingEmptySubsequences: true)
        guard let k = words.indices.dropFirst().first(where: { words[$0].first?.properties.isAlphabetic == true }), k + 1 < words.count else {
            throw CSVError(line: line, column: "costs", problem: Localized(fr: "« \(c) » : \(form.fr)", en: "'\(c)': \(form.en)"))
        }
        let written = words[..<k].map(String.init).joined(separator: " ")
        let partyEnd = words[k + 1].endIndex
        let label = partyEnd < scalars.endIndex ? String(scalars[scalars.index(after: partyEnd)...]) : nil
        var text = Substring(written)
        if text.hasPrefix("-") {
            throw CSVError(line: line, column: "costs", problem: Localized(
                fr: "coût négatif « \(c) »; un coût est un montant positif ou nul.", en: "negative cost '\(c)'; a cost is zero or more."))
        }
        let other: Character = mark == "," ? "." : ","
        if text.contains(other) {
            let problem = mark == ","
                ? Localized(fr: "« \(written) » : un point dans un montant, alors que ce fichier se lit avec la virgule décimale (\(dialect.separator == .semicolon ? "fichier « ; », comme Excel en français" : "--decimal comma")); le point pourrait séparer les milliers ou les décimales. Écrivez 1250,50 ou 1 250,50, ou, si le point est la marque décimale de ce fichier, importez avec --decimal point.",
                            en: "'\(written)': a point in an amount, while this file is read with a decimal comma (\(dialect.separator == .semicolon ? "';' file, as French Excel writes it" : "--decimal comma")); the point could separate thousands or decimals. Write 1250,50 or 1 250,50, or, if the point is this file's decimal mark, import with --decimal point.")
                : Localized(fr: "« \(written) » : une virgule dans un montant, alors que ce fichier se lit avec le point décimal (\(dialect.separator == .comma ? "fichier « , »" : "--decimal point")); la virgule pourrait séparer les milliers ou les décimales. Écrivez 1250.50, ou, si la virgule est la marque décimale de ce fichier, importez avec --decimal comma.",
                            en: "'\(written)': a comma in an amount, while this file is read with a decimal point (\(dialect.separator == .comma ? "',' file" : "--decimal point")); the comma could separate thousands or decimals. Write 1250.50, or, if the comma is this file's decimal mark, import with --decimal comma.")
            throw CSVError(line: line, column: "costs", problem: problem)
        }
        var fraction: Substring = ""
        if let m = text.firstIndex(of: mark) {
            fraction = text[text.index(after: m)...]
            text = text[..<m]
        }
        let groups = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" })
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        let grouped = groups.count == 1 || (groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 })
        guard groups.allSatisfy(digits), grouped, groups.joined().count <= 15,
              fraction.isEmpty || (fraction.count <= 2 && digits(fraction)),
              !(text.isEmpty), let whole = Int64(groups.joined()) else {
            throw CSVError(line: line, column: "costs", problem: Localized(
                fr: "« \(written) » n'est pas un montant lisible (au plus deux décimales, milliers groupés par trois); \(form.fr)",
                en: "'\(written)' is not a readable amount (two decimals at most, thousands grouped by three); \(form.en)"))
        }
        let cents = fraction.isEmpty ? 0 : Int64(fraction)! * (fraction.count == 1 ? 10 : 1)
        let cost = Cost(amountMinor: whole * 100 + cents, currency: String(words[k]),
                        party: String(words[k + 1]), label: label)
        return (cost, written)
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
