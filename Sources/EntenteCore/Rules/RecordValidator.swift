import Foundation

/// Validation of user-entered records against the agreement they fall under.
/// Each error says which field, what is wrong and how to fix it, in both languages.
public enum RecordValidator {
    public static func validate(_ a: Activity, against agreement: Agreement) throws(ValidationError) {
        if a.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(field: "title", problem: Localized(fr: "le titre est vide; donnez un titre à l'activité.",
                                                                     en: "the title is empty; give the activity a title."))
        }
        try checkPeriod(a.start, a.end, field: "end")
        try checkDomains(a.domains, agreement)
        for m in a.meansOfAction where !agreement.meansOfAction.contains(where: { $0.num == m || $0.text == m || $0.eId == m }) {
            let valid = agreement.meansOfAction.map(\.num).joined(separator: ", ")
            throw ValidationError(field: "means", problem: Localized(
                fr: "moyen d'action inconnu « \(m) »; numéros valides : \(valid.isEmpty ? "aucun (l'entente n'en énumère pas)" : valid).",
                en: "unknown means of action '\(m)'; valid numbers: \(valid.isEmpty ? "none (the agreement lists none)" : valid)."))
        }
        for p in a.parties { try checkParty(p, agreement, field: "party") }
        for p in a.participants {
            if p.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError(field: "participant", problem: Localized(fr: "un participant n'a pas de nom.", en: "a participant has no name."))
            }
            try checkParty(p.party, agreement, field: "participant")
        }
        for c in a.costs {
            if c.amountMinor < 0 {
                throw ValidationError(field: "cost", problem: Localized(
                    fr: "coût négatif (\(c.amountText) \(c.currency)); un coût est un montant positif ou nul.",
                    en: "negative cost (\(c.amountText) \(c.currency)); a cost is zero or more."))
            }
            if c.currency.count != 3 || !c.currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                throw ValidationError(field: "cost", problem: Localized(
                    fr: "devise « \(c.currency) » invalide; utilisez un code ISO 4217 à trois lettres majuscules (CAD, EUR).",
                    en: "invalid currency '\(c.currency)'; use a three-letter ISO 4217 code (CAD, EUR)."))
            }
            try checkParty(c.party, agreement, field: "cost")
        }
    }

    public static func validate(_ plan: ActionPlan, against agreement: Agreement) throws(ValidationError) {
        if plan.periodEnd <= plan.periodStart {
            throw ValidationError(field: "to", problem: Localized(
                fr: "la fin de la période (\(plan.periodEnd.iso)) doit suivre son début (\(plan.periodStart.iso)).",
                en: "the period's end (\(plan.periodEnd.iso)) must come after its start (\(plan.periodStart.iso))."))
        }
        for item in plan.items { try validate(item, against: agreement) }
    }

    public static func validate(_ item: PlanItem, against agreement: Agreement) throws(ValidationError) {
        if item.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(field: "title", problem: Localized(fr: "l'élément du plan n'a pas de titre.", en: "the plan item has no title."))
        }
        if !(0...100).contains(item.progress) {
            throw ValidationError(field: "progress", problem: Localized(
                fr: "avancement \(item.progress) hors bornes; donnez un pourcentage de 0 à 100.",
                en: "progress \(item.progress) out of range; give a percentage from 0 to 100."))
        }
        if let start = item.start { try checkPeriod(start, item.due, field: "due") }
        if let lead = item.leadParty { try checkParty(lead, agreement, field: "lead-party") }
        try checkDomains(item.domains, agreement)
    }

    public static func validate(_ meeting: Meeting, against agreement: Agreement) throws(ValidationError) {
        if !agreement.bodies.contains(where: { $0.id == meeting.body }) {
            let ids = agreement.bodies.map(\.id).joined(separator: ", ")
            throw ValidationError(field: "body", problem: Localized(
                fr: "instance inconnue « \(meeting.body) »; instances de l'entente : \(ids.isEmpty ? "aucune" : ids).",
                en: "unknown body '\(meeting.body)'; the agreement's bodies are: \(ids.isEmpty ? "none" : ids)."))
        }
        for a in meeting.attendees { try checkParty(a.party, agreement, field: "attendee") }
    }

    public static func validate(_ request: ProgressReportRequest, against agreement: Agreement) throws(ValidationError) {
        if request.due < request.requestedOn {
            throw ValidationError(field: "due", problem: Localized(
                fr: "l'échéance (\(request.due.iso)) précède la date de la demande (\(request.requestedOn.iso)).",
                en: "the due date (\(request.due.iso)) is before the request date (\(request.requestedOn.iso))."))
        }
        if !agreement.bodies.contains(where: { $0.id == request.body }) {
            let ids = agreement.bodies.map(\.id).joined(separator: ", ")
            throw ValidationError(field: "body", problem: Localized(
                fr: "instance inconnue « \(request.body) »; instances de l'entente : \(ids).",
                en: "unknown body '\(request.body)'; the agreement's bodies are: \(ids)."))
        }
    }

    // MARK: - Shared checks

    static func checkPeriod(_ start: CivilDate, _ end: CivilDate?, field: String) throws(ValidationError) {
        if let end, end < start {
            throw ValidationError(field: field, problem: Localized(
                fr: "la date de fin (\(end.iso)) précède la date de début (\(start.iso)); corrigez l'une ou l'autre.",
                en: "the end date (\(end.iso)) is before the start date (\(start.iso)); correct one of them."))
        }
    }

    static func checkParty(_ id: String, _ agreement: Agreement, field: String) throws(ValidationError) {
        if agreement.party(id) == nil {
            let ids = agreement.parties.map(\.id).joined(separator: ", ")
            throw ValidationError(field: field, problem: Localized(
                fr: "partie inconnue « \(id) »; parties de l'entente : \(ids).",
                en: "unknown party '\(id)'; the agreement's parties are: \(ids)."))
        }
    }

    static func checkDomains(_ nums: [String], _ agreement: Agreement) throws(ValidationError) {
        guard !nums.isEmpty else { return }
        let valid = Set(agreement.allDomains.map(\.num))
        for d in nums where !valid.contains(d) {
            var list = agreement.allDomains.map(\.num)
            if list.count > 24 { list = Array(list.prefix(24)) + ["…"] }
            throw ValidationError(field: "domain", problem: Localized(
                fr: "domaine inconnu « \(d) »; domaines de l'entente : \(list.joined(separator: ", ")).",
                en: "unknown domain '\(d)'; the agreement's domains are: \(list.joined(separator: ", "))."))
        }
    }
}
