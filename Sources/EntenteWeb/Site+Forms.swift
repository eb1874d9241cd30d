import EntenteCore
import EntenteForms
import EntenteService
import EntenteStorage
import Hummingbird

/// What a posted form said and what is wrong with it, field by field: kept to show the form
/// again with the values typed and each error at its field (WCAG 3.3.1, 3.3.3).
struct PostedForm {
    /// The form's prefix in the page's ids (`item`, `r12`): pages hold several forms.
    var prefix: String
    var values: [String: String] = [:]
    var lists: [String: [String]] = [:]
    var errors: [(field: String, message: String)] = []

    init(_ prefix: String, _ fields: FormFields? = nil, names: [String] = [], lists listNames: [String] = []) {
        self.prefix = prefix
        for n in names { values[n] = fields?.first(n) ?? "" }
        for n in listNames { lists[n] = fields?.list(n) ?? [] }
    }

    subscript(_ name: String) -> String {
        get { values[name] ?? "" }
        set { values[name] = newValue }
    }

    mutating func fail(_ field: String, _ message: String) { errors.append((field, message)) }

    /// A required date: its value, or an error at the field (empty, or not YYYY-MM-DD).
    mutating func date(_ name: String, required: Bool, _ lang: Language) -> CivilDate? {
        let raw = self[name].trimmingCharacters(in: .whitespaces)
        let (d, valid) = FormValue.date(raw)
        if !valid { fail(name, Site.badDate(raw, lang)) }
        if valid, d == nil, required { fail(name, lang == .fr ? "Cette date est obligatoire (AAAA-MM-JJ)." : "This date is required (YYYY-MM-DD).") }
        return d
    }

    /// An optional record number (a meeting, a request): nil when empty.
    mutating func number(_ name: String, _ lang: Language) -> Int64? {
        let raw = self[name].trimmingCharacters(in: .whitespaces)
        let (n, valid) = FormValue.number(raw)
        if !valid { fail(name, lang == .fr ? "« \(raw) » n'est pas un numéro; choisissez dans la liste." : "'\(raw)' is not a number; choose from the list.") }
        return n
    }

    /// Puts a refusal of the domain at its field (`ValidationError`), or a store's refusal of a
    /// reference (an unknown or other agreement's record, an approval repeated) at `fallback`;
    /// anything else (a forbidden action, a failing database) is rethrown for the error page.
    mutating func absorb(_ error: any Error, fields map: [String: String] = [:], fallback: String, _ lang: Language) throws {
        switch error {
        case let e as ValidationError:
            let f = map[e.field] ?? e.field
            fail(values.keys.contains(f) || lists.keys.contains(f) ? f : fallback, e.problem[lang])
        case let e as StoreError:
            switch e {
            case .database, .unreadable, .fileExists: throw error
            default: fail(fallback, e.message(lang))
            }
        case let e as ServiceError:
            if case .forbidden = e { throw error }
            if case .unknownAgreement = e { throw error }
            fail(fallback, e.message(lang))
        default:
            throw error
        }
    }

    /// The field's model for the `field` partial: label, value, error, kind.
    func field(_ name: String, _ label: String, kind: FieldKind = .text, hint: String? = nil) -> [String: Any] {
        var o: [String: Any] = ["fid": "\(prefix)-\(name)", "fname": name, "flabel": label, "fvalue": self[name]]
        let error = errors.first(where: { $0.field == name })?.message
        if let error { o["ferror"] = error }
        if let hint { o["fhint"] = hint }
        // The hint and the error are read with the field (WCAG 1.3.1, 3.3.1).
        o["fdescribed"] = [hint.map { _ in "\(prefix)-\(name)-hint" }, error.map { _ in "\(prefix)-\(name)-error" }]
            .compactMap { $0 }.joined(separator: " ")
        switch kind {
        case .text: o["ftext"] = true
        case .date: o["ftext"] = true; o["fdate"] = true
        case .number: o["ftext"] = true; o["fnumeric"] = true
        case .textarea: o["ftextarea"] = true
        case .select(let choices, let blank):
            o["fselect"] = true
            var opts: [[String: Any]] = blank.map { [["ovalue": "", "olabel": $0, "oselected": self[name].isEmpty]] } ?? []
            opts += choices.map { ["ovalue": $0.value, "olabel": $0.label, "oselected": $0.value == self[name]] }
            o["foptions"] = opts
        }
        return o
    }

    /// The error summary's model: each error linked to its field's id.
    var summary: [String: Any] {
        ["hasErrors": !errors.isEmpty, "errors": errors.map { ["field": "\(prefix)-\($0.field)", "message": $0.message] }]
    }

    enum FieldKind {
        case text, date, number, textarea
        /// A list to choose from; `blank`: the label of the empty choice, when one is allowed.
        case select([(value: String, label: String)], blank: String?)
    }
}

extension Site {
    /// The posted form fields, read within the upload bound.
    static func fields(_ req: Request, _ ctx: WebContext) async throws -> FormFields {
        var req = req
        return FormFields(String(buffer: try await req.collectBody(upTo: ctx.maxUploadSize)))
    }

    /// Words of these pages (the catalogue), with a fallback that shows a missing key plainly.
    static func word(_ ctx: WebContext, _ key: String) -> String { Catalog.words(ctx.lang)[key] ?? key }
}
