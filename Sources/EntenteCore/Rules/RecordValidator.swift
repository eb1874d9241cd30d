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
                fr: "moyen d'action inconnu « \(m) »; donnez le numéro ou le texte exact d'un moyen de l'entente. Numéros valides : \(valid.isEmpty ? "aucun (l'entente n'en énumère pas)" : valid).",
                en: "unknown means of action '\(m)'; give the number or exact text of one of the agreement's means. Valid numbers: \(valid.isEmpty ? "none (the agreement lists none)" : valid)."))
        }
        for p in a.parties { try checkParty(p, agreement, field: "party") }
        for p in a.participants {
            if p.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError(field: "participant", problem: Localized(fr: "un participant n'a pas de nom; donnez le nom de chaque participant.",
                                                                           en: "a participant has no name; give each participant's name."))
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
                fr: "la fin de la période (\(plan.periodEnd.iso)) doit suivre son début (\(plan.periodStart.iso)); donnez une date de fin postérieure au début (un plan biennal couvre deux ans).",
                en: "the period's end (\(plan.periodEnd.iso)) must come after its start (\(plan.periodStart.iso)); give an end date after the start (a biennial plan covers two years)."))
        }
        for item in plan.items { try validate(item, against: agreement) }
    }

    public static func validate(_ item: PlanItem, against agreement: Agreement) throws(ValidationError) {
        if item.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(field: "title", problem: Localized(fr: "l'élément du plan n'a pas de titre; donnez-lui un titre.",
                                                                     en: "the plan item has no title; give it a title."))
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
        try checkBody(meeting.body, agreement)
        for a in meeting.attendees {
            if a.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError(field: "attendee", problem: Localized(fr: "un participant à la réunion n'a pas de nom; donnez le nom de chacun.",
                                                                            en: "a meeting attendee has no name; give each attendee's name."))
            }
            try checkParty(a.party, agreement, field: "attendee")
        }
    }

    public static func validate(_ request: ProgressReportRequest, against agreement: Agreement) throws(ValidationError) {
        if request.due < request.requestedOn {
            throw ValidationError(field: "due", problem: Localized(
                fr: "l'échéance (\(request.due.iso)) précède la date de la demande (\(request.requestedOn.iso)); donnez une échéance le jour de la demande ou après.",
                en: "the due date (\(request.due.iso)) is before the request date (\(request.requestedOn.iso)); give a due date on or after the request date."))
        }
        try checkBody(request.body, agreement)
    }

    /// A biennial report: a real period, and no copy to the Commission before approval.
    public static func validate(_ report: BiennialReportRecord, against agreement: Agreement) throws(ValidationError) {
        if report.periodEnd <= report.periodStart {
            throw ValidationError(field: "to", problem: Localized(
                fr: "la fin de la période (\(report.periodEnd.iso)) doit suivre son début (\(report.periodStart.iso)); donnez une date de fin postérieure au début.",
                en: "the period's end (\(report.periodEnd.iso)) must come after its start (\(report.periodStart.iso)); give an end date after the start."))
        }
        if let copy = report.copySentOn {
            guard let approved = report.approvedOn else {
                throw ValidationError(field: "copy-sent", problem: Localized(
                    fr: "une copie ne peut être transmise avant l'approbation du rapport; donnez d'abord la date d'approbation.",
                    en: "a copy cannot be sent before the report is approved; give the approval date first."))
            }
            if copy < approved {
                throw ValidationError(field: "copy-sent", problem: Localized(
                    fr: "la copie (\(copy.iso)) précède l'approbation du rapport (\(approved.iso)); donnez une date d'envoi le jour de l'approbation ou après.",
                    en: "the copy (\(copy.iso)) predates the report's approval (\(approved.iso)); give a sending date on or after the approval."))
            }
        }
    }

    /// The recorded event that brings an agreement into force: only for an agreement whose
    /// rule waits for one (or whose rule is unknown), not before the last signature, and
    /// received no earlier than sent.
    public static func validate(_ e: EntryIntoForceEvent, against agreement: Agreement) throws(ValidationError) {
        guard agreement.entryIntoForce.waitsForEvent || agreement.entryIntoForce.rule == .unknown else {
            throw ValidationError(field: "agreement", problem: Localized(
                fr: "l'entrée en vigueur de \(e.agreementID) découle du texte (\(LifeRules.describeEntryIntoForce(agreement).fr)) : aucun événement à enregistrer.",
                en: "the entry into force of \(e.agreementID) follows from the text (\(LifeRules.describeEntryIntoForce(agreement).en)): no event to record."))
        }
        if let last = agreement.lastSignature, e.on < last {
            throw ValidationError(field: "on", problem: Localized(
                fr: "la date (\(e.on.iso)) précède la dernière signature (\(last.iso)); vérifiez la date de la notification.",
                en: "the date (\(e.on.iso)) is before the last signature (\(last.iso)); check the notification's date."))
        }
        if let r = e.receivedOn, r < e.on {
            throw ValidationError(field: "received", problem: Localized(
                fr: "la réception (\(r.iso)) précède l'envoi (\(e.on.iso)); vérifiez les deux dates.",
                en: "receipt (\(r.iso)) is before sending (\(e.on.iso)); check both dates."))
        }
    }

    /// A progress report: sent to one of the agreement's bodies.
    public static func validate(_ report: ProgressReport, against agreement: Agreement) throws(ValidationError) {
        try checkBody(report.body, agreement)
    }

    // MARK: - Shared checks

    static func checkBody(_ id: String, _ agreement: Agreement) throws(ValidationError) {
        if !agreement.bodies.contains(where: { $0.id == id }) {
            let ids = agreement.bodies.map(\.id).joined(separator: ", ")
            throw ValidationError(field: "body", problem: Localized(
                fr: "instance inconnue « \(id) »; utilisez l'identifiant d'une instance de l'entente : \(ids.isEmpty ? "aucune" : ids).",
                en: "unknown body '\(id)'; use the id of one of the agreement's bodies: \(ids.isEmpty ? "none" : ids)."))
        }
    }

    static func checkPeriod(_ start: CivilDate, _ end: CivilDate?, field: String) throws(ValidationError) {
        if let end, end < start {
            throw ValidationError(field: field, problem: Localized(
                fr: "la date de fin (\(end.iso)) précède la date de début (\(start.iso)); corrigez l'une ou l'autre.",
                en: "the end date (\(end.iso)) is before the start date (\(start.iso)); correct one of them."))
        }
    }

    public static func checkParty(_ id: String, _ agreement: Agreement, field: String) throws(ValidationError) {
        if agreement.party(id) == nil {
            let ids = agreement.parties.map(\.id).joined(separator: ", ")
            throw ValidationError(field: field, problem: Localized(
                fr: "partie inconnue « \(id) »; utilisez l'identifiant d'une partie de l'entente : \(ids).",
                en: "unknown party '\(id)'; use the id of one of the agreement's parties: \(ids)."))
        }
    }

    static func checkDomains(_ nums: [String], _ agreement: Agreement) throws(ValidationError) {
        guard !nums.isEmpty else { return }
        let valid = Set(agreement.allDomains.map(\.num))
        for d in nums where !valid.contains(d) {
            var list = agreement.allDomains.map(\.num)
            if list.count > 24 { list = Array(list.prefix(24)) + ["…"] }
            throw ValidationError(field: "domain", problem: Localized(
                fr: "domaine inconnu « \(d) »; donnez le numéro complet d'un domaine de l'entente : \(list.joined(separator: ", ")).",
                en: "unknown domain '\(d)'; give the full number of one of the agreement's domains: \(list.joined(separator: ", "))."))
        }
    }
}
