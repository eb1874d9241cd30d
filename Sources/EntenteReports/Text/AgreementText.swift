import EntenteCore

/// `entente show` for people.
public enum AgreementText {
    public static func render(_ a: Agreement, state: AgreementState, asOf: CivilDate, lang: Language,
                              version: Int? = nil, warnings: [String] = [], events: [EntryIntoForceEvent] = []) -> String {
        let fr = lang == .fr
        let unk = Labels.unknown(lang)
        var out: [String] = []
        out.append(a.title(lang))
        for t in a.titles where t.language != (a.titles.first?.language) {
            out.append("  (\(t.language.rawValue)\(t.official ? "" : fr ? ", traduction non officielle" : ", unofficial translation")) \(t.text)")
        }
        out.append("")
        out.append("\(fr ? "Identifiant :" : "Id:") \(a.id)\(version.map { " (version \($0))" } ?? "")")
        if let r = a.referenceNumber { out.append("\(fr ? "Numéro de référence :" : "Reference number:") \(r)") }
        out.append("\(fr ? "État au" : "State as of") \(asOf.long(lang))\(fr ? " :" : ":") \(Labels.state(state, lang))")
        out.append("")
        out.append(fr ? "Parties" : "Parties")
        for p in a.parties {
            let current = p.name(on: asOf)
            var line = "  - \(current) [\(p.id)]"
            if current != p.originalName {
                let since = p.names.last { $0.name == current }?.from.map { $0.long(lang) } ?? ""
                line += fr ? " — signataire sous le nom « \(p.originalName) », renommée le \(since)"
                           : " — signed as \"\(p.originalName)\", renamed on \(since)"
            }
            out.append(line)
            for r in a.representatives where r.party == p.id {
                out.append("      \(fr ? "représentant :" : "representative:") \([r.person, r.role].compactMap { $0 }.joined(separator: ", "))")
            }
        }
        out.append("")
        out.append(fr ? "Signatures" : "Signatures")
        if a.signatures.isEmpty { out.append("  \(fr ? "aucune signature connue" : "no known signature")") }
        for s in a.signatures {
            let who = a.party(s.party)?.name(on: s.date) ?? s.party
            let date = s.date.map { $0.long(lang) } ?? unk
            let person = [s.signatory ?? (fr ? "signataire inconnu" : "signatory unknown"), s.role].compactMap { $0 }.joined(separator: ", ")
            out.append("  - \(who)\(fr ? " :" : ":") \(person); \(s.place ?? unk), \(date)")
            if s.basis == .external {
                out.append("      (\(fr ? "d'après" : "from") \(s.sourceNote ?? Labels.basis(.external, lang)); \(fr ? "le texte ne l'indique pas" : "the text does not state it"))")
            }
        }
        out.append("")
        out += LifeText.finalClauses(a, asOf: asOf, lang: lang, events: events)
        if a.onNotice == .completeOngoingJointProjects {
            out.append(fr ? "  En cas de préavis : les projets conjoints en cours doivent être menés à terme." : "  On notice: joint projects under way must be completed.")
        }
        if a.costRule == .ownParticipants {
            out.append(fr ? "Frais : à la charge de la Partie d'origine des participants." : "Costs: borne by the participants' own party.")
        }
        if let am = a.amendmentsInWriting {
            out.append("\(fr ? "Modifications : par écrit" : "Amendments: in writing") (\(Citation.describe(am, lang)))")
        }
        out.append("")
        out.append("\(fr ? "Domaines de coopération" : "Domains of cooperation") (\(a.domains.count))")
        func walk(_ d: Domain, _ depth: Int) {
            out.append(String(repeating: "  ", count: depth + 1) + "\(d.num) \(d.label)")
            d.items.forEach { walk($0, depth + 1) }
        }
        a.domains.forEach { walk($0, 0) }
        if !a.meansOfAction.isEmpty {
            out.append("")
            out.append("\(fr ? "Moyens d'action" : "Means of action") (\(a.meansOfAction.count))")
            for m in a.meansOfAction { out.append("  \(m.num). \(m.text)") }
        }
        if !a.bodies.isEmpty {
            out.append("")
            out.append(fr ? "Instances" : "Bodies")
            for b in a.bodies {
                var line = "  - \(b.name) (\(Labels.body(b.kind, lang)))"
                if let w = b.firstMeetingWithin, let from = b.firstMeetingFrom {
                    line += fr ? "; première réunion au plus tard \(PeriodText.describe(w, lang)) après \(from.describe(lang))"
                               : "; first meeting no later than \(PeriodText.describe(w, lang)) after \(from.describe(lang))"
                    if let d = a.date(of: from) { line += " (\(w.after(d).long(lang)))" }
                }
                if let c = b.coordinatorsPerParty {
                    line += fr ? "; \(c) coordonnateur par Partie" : "; \(c) coordinator per party"
                }
                if let c = b.cadence { line += fr ? "; se réunit tous les \(PeriodText.describe(c, lang))" : "; meets every \(PeriodText.describe(c, lang))" }
                out.append(line)
                if let alt = b.firstMeetingAlternative, let w = b.firstMeetingWithin, let d = a.date(of: alt) {
                    out.append(fr ? "      autre lecture : \(PeriodText.describe(w, lang)) après \(alt.describe(lang)) (\(w.after(d).long(lang)))"
                                  : "      other reading: \(PeriodText.describe(w, lang)) after \(alt.describe(lang)) (\(w.after(d).long(lang)))")
                }
            }
        }
        if !a.obligations.isEmpty {
            out.append("")
            out.append(fr ? "Obligations de rapport" : "Reporting duties")
            for o in a.obligations {
                var line = "  - \(obligationName(o.kind, lang))"
                if let e = o.every { line += fr ? ", tous les \(PeriodText.describe(e, lang))" : ", every \(PeriodText.describe(e, lang))" }
                if o.triggers.contains(.beforeEachMeeting) { line += fr ? ", avant chaque réunion" : ", before each meeting" }
                if o.triggers.contains(.onRequest) { line += fr ? ", et sur demande" : ", and on request" }
                if let to = o.to { line += " → " + (a.bodies.first { $0.id == to }?.name ?? to) }
                if let c = o.copyTo { line += fr ? "; copie à : \(c)" : "; copy to: \(c)" }
                if let s = o.source { line += " [\(s.eId)]" }
                out.append(line)
            }
        }
        if !warnings.isEmpty {
            out.append("")
            out.append(fr ? "Avertissements à l'import" : "Import warnings")
            warnings.forEach { out.append("  - \($0)") }
        }
        return out.joined(separator: "\n")
    }

    public static func obligationName(_ k: ObligationKind, _ lang: Language) -> String {
        switch k {
        case .biennialActionPlan: return lang == .fr ? "Plan d'action biennal" : "Biennial action plan"
        case .biennialReport: return lang == .fr ? "Rapport biennal des activités" : "Biennial report of activities"
        case .progressReport: return lang == .fr ? "Rapport d'étape" : "Progress report"
        }
    }
}
