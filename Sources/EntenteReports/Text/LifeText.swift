import EntenteCore

/// Entry into force, term, renewal and termination in words and in JSON, for `show`,
/// `notice` and the dashboard. Sources are cited for people (« art. 2, al. 1 »); raw `eId`s
/// appear in JSON `source` only.
public enum LifeText {
    /// The "final clauses" lines of `entente show`.
    public static func finalClauses(_ a: Agreement, asOf: CivilDate, lang: Language, events: [EntryIntoForceEvent] = []) -> [String] {
        let fr = lang == .fr
        var out: [String] = []
        let eif = a.entryIntoForce
        let label = fr ? "Entrée en vigueur :" : "Entry into force:"
        let cite = eif.source.map { " (\(Citation.describe($0, lang)))" } ?? ""
        let unreadable = a.unrecognised.filter { $0.kind == .entryIntoForce }
        if eif.rule == .unknown {
            if let u = unreadable.first {
                out.append("\(label) \(fr ? "clause non reconnue" : "clause not recognised") (\(Citation.describe(u.source, lang)), « \(u.quote) »)")
            } else if let d = eif.date {
                out.append("\(label) \(d.long(lang))")
            } else if let start = TerminationRules.effectiveStart(of: a, events: events) {
                out.append("\(label) \(fr ? "inconnue : le texte ne contient pas de clause d'entrée en vigueur" : "unknown: the text has no entry-into-force clause")")
                out.append(fr ? "  (état compté depuis la dernière signature, le \(start.long(.fr)))" : "  (state counted from the last signature, \(start.long(.en)))")
            } else {
                out.append("\(label) \(fr ? "inconnue : le texte ne contient pas de clause d'entrée en vigueur" : "unknown: the text has no entry-into-force clause")")
            }
        } else {
            let words = LifeRules.describeEntryIntoForce(a, events: events)[lang]
            if let d = LifeRules.entryIntoForceDate(of: a, events: events) {
                out.append("\(label) \(d.long(lang)) (\(words))\(cite)")
            } else if eif.waitsForEvent {
                out.append("\(label) \(fr ? "en attente de l'événement" : "waiting for the event"): \(words)\(cite)")
                out.append(fr ? "  Enregistrez-le avec : entente in-force \(a.id) --on AAAA-MM-JJ" : "  Record it with: entente in-force \(a.id) --on YYYY-MM-DD")
            } else {
                out.append("\(label) \(Labels.unknown(lang)) (\(words))\(cite)")
            }
            if let q = eif.quote { out.append("  « \(q) »") }
            if let alt = eif.alternative { out.append("  \(alt[lang])") }
        }
        let start = TerminationRules.effectiveStart(of: a, events: events)
        if let term = a.resolvedTerm {
            out.append("\(fr ? "Durée :" : "Term:") \(describe(term, entryIntoForce: start, lang: lang))")
            if let q = term.quote { out.append("  « \(q) »") }
            if let alt = term.alternative { out.append("  \(alt[lang])") }
        }
        for u in a.unrecognised where u.kind == .term {
            out.append("\(fr ? "Durée :" : "Term:") \(fr ? "clause non reconnue" : "clause not recognised") (\(Citation.describe(u.source, lang)), « \(u.quote) »)")
        }
        if let n = a.notice {
            let p = PeriodText.describe(n.period, lang)
            let min = n.minimum ? (fr ? "au moins " : "at least ") : ""
            let form = n.written ? (fr ? ", par écrit" : ", in writing") : ""
            let from = (n.countsFrom ?? .sending) == .receipt ? (fr ? ", à compter de la réception" : ", counted from receipt") : ""
            let kind = n.timing == .beforeExpiry ? (fr ? "avis de non-reconduction" : "notice of non-renewal") : (fr ? "préavis de résiliation" : "termination notice")
            out.append("\(fr ? "Résiliation :" : "Termination:") \(kind), \(min)\(p)\(form)\(from) (\(Citation.describe(n.source, lang))) [\(Labels.basis(n.basis, lang))]")
            if let q = n.quote { out.append("  « \(q) »") }
            let answer = LifeRules.termination(a, sent: asOf, events: events)
            if let end = answer.end {
                out.append("  \(fr ? "Fin au plus tôt si l'avis était donné le" : "Earliest end if notice were given on") \(asOf.long(lang))\(fr ? " :" : ":") \(end.long(lang))")
            }
            out.append("  \(fr ? "Règle" : "Rule")\(fr ? " :" : ":") \(answer.rule[lang])")
        } else if let u = a.unrecognised.first(where: { $0.kind == .termination }) {
            out.append("\(fr ? "Résiliation :" : "Termination:") \(fr ? "clause non reconnue" : "clause not recognised") (\(Citation.describe(u.source, lang)), « \(u.quote) »)")
        } else {
            out.append("\(fr ? "Préavis de résiliation :" : "Termination notice:") \(fr ? "aucune clause reconnue" : "no clause recognised")")
        }
        return out
    }

    /// « durée déterminée de 15 ans, jusqu'au 2 mai 2031, reconduite tacitement … ».
    public static func describe(_ term: Term, entryIntoForce: CivilDate?, lang: Language) -> String {
        let fr = lang == .fr
        var s: String
        switch term.kind {
        case .indefinite: s = fr ? "indéterminée" : "indefinite"
        case .fixed:
            s = fr ? "déterminée" : "fixed"
            if let l = term.length { s += fr ? ", \(PeriodText.describe(l, lang)) à compter de l'entrée en vigueur" : ", \(PeriodText.describe(l, lang)) from entry into force" }
            if let e = LifeRules.initialTermEnd(term, entryIntoForce: entryIntoForce) { s += fr ? ", jusqu'au \(e.long(lang)) inclus" : ", until \(e.long(lang)) included" }
        }
        if let r = term.renewal {
            if !r.tacit {
                s += fr ? "; prorogation seulement d'un commun accord (jamais tacite)" : "; extension only by mutual agreement (never tacit)"
            } else if r.successive {
                s += fr ? "; reconduite tacitement par périodes successives de \(PeriodText.describe(r.period, lang))" : "; renewed tacitly for successive periods of \(PeriodText.describe(r.period, lang))"
            } else {
                s += fr ? "; reconduite tacitement une fois pour \(PeriodText.describe(r.period, lang))" : "; renewed tacitly once for \(PeriodText.describe(r.period, lang))"
            }
        }
        if let src = term.source { s += " (\(Citation.describe(src, lang)))" }
        return s
    }

    /// `term` in `show --format json`: `{kind, ends, renewal, source, quote}`; `ends` is the
    /// end of the current period (the end of the term when it cannot renew), null when indefinite.
    public static func termJSON(_ a: Agreement, asOf: CivilDate, events: [EntryIntoForceEvent] = []) -> JSONValue {
        guard let term = a.resolvedTerm else { return .null }
        let start = TerminationRules.effectiveStart(of: a, events: events)
        var ends: CivilDate?
        if term.kind == .fixed {
            ends = LifeRules.expiry(of: a, entryIntoForce: start) ?? LifeRules.currentPeriodEnd(on: asOf, term: term, entryIntoForce: start)
        }
        return .object([
            ("kind", .string(term.kind.rawValue)),
            ("ends", .date(ends)),
            ("renewal", term.renewal.map { r in
                .object([("length", .int(r.period.length)), ("unit", .string(r.period.unit.rawValue)),
                         ("tacit", .bool(r.tacit)), ("successive", .bool(r.successive))])
            } ?? .null),
            ("source", .str(term.source?.eId ?? (term.basis == .metadata ? "metadata" : nil))),
            ("quote", .str(term.quote)),
            ("initialLength", term.length.map { .object([("length", .int($0.length)), ("unit", .string($0.unit.rawValue))]) } ?? .null),
            ("until", .date(term.until)),
        ])
    }

    /// The answer of `notice --given` in words.
    public static func given(_ a: Agreement, _ answer: TerminationAnswer, lang: Language) -> [String] {
        let fr = lang == .fr
        let written = a.notice?.written == true ? (fr ? " écrit" : " written") : ""
        let verb = answer.countsFrom == .receipt && answer.provisional == nil ? (fr ? "reçu" : "received") : (fr ? "donné" : "given")
        var out: [String] = []
        if let end = answer.end {
            out.append(fr ? "Un avis\(written) \(verb) le \(answer.countedFrom.long(.fr)) permet de mettre fin à l'entente au plus tôt le \(end.long(.fr)) (elle est en vigueur ce jour-là)."
                          : "A\(written) notice \(verb) on \(answer.countedFrom.long(.en)) lets the agreement end on \(end.long(.en)) at the earliest (it is in force that day).")
        } else {
            out.append(fr ? "Fin impossible à calculer : l'entrée en vigueur n'est pas encore connue." : "End cannot be computed: the entry into force is not yet known.")
        }
        out.append("\(fr ? "Règle :" : "Rule:") \(answer.rule[lang])")
        out.append(fr ? "Compté à partir de : \(answer.countsFrom == .receipt ? "la réception de l'avis" : "l'envoi de l'avis")"
                      : "Counted from: \(answer.countsFrom == .receipt ? "receipt of the notice" : "the day the notice is sent")")
        for note in [answer.premature, answer.provisional, answer.alternative].compactMap({ $0 }) { out.append(note[lang]) }
        return out
    }

    /// The answer of `notice --terminate-on` in words.
    public static func latest(_ a: Agreement, _ answer: LatestNoticeAnswer, lang: Language) -> [String] {
        let fr = lang == .fr
        let written = a.notice?.written == true ? (fr ? " écrit" : " written") : ""
        let verb = answer.countsFrom == .receipt ? (fr ? "reçu" : "received") : (fr ? "donné" : "given")
        var out: [String] = []
        if let latest = answer.latest {
            out.append(fr ? "Pour que l'entente prenne fin au plus tard le \(answer.terminateOn.long(.fr)), l'avis\(written) doit être \(verb) au plus tard le \(latest.long(.fr))."
                          : "For the agreement to end on or before \(answer.terminateOn.long(.en)), the\(written) notice must be \(verb) no later than \(latest.long(.en)).")
            if latest.weekday >= 6 {
                out.append(fr ? "Ce jour tombe un \(latest.weekday == 6 ? "samedi" : "dimanche") : la date n'est jamais reportée ; donnez l'avis avant."
                              : "That day is a \(latest.weekday == 6 ? "Saturday" : "Sunday"): the date is never moved later; give notice before it.")
            }
        } else if let e = answer.earliestPossibleEnd {
            out.append(fr ? "L'entente ne peut prendre fin avant le \(e.long(.fr))." : "The agreement cannot end before \(e.long(.en)).")
        } else {
            out.append(fr ? "Calcul impossible : l'entrée en vigueur n'est pas encore connue." : "Cannot compute: the entry into force is not yet known.")
        }
        out.append("\(fr ? "Règle :" : "Rule:") \(answer.rule[lang])")
        if let alt = answer.alternative { out.append(alt[lang]) }
        return out
    }
}

extension CivilDate {
    /// ISO weekday: 1 = Monday … 7 = Sunday (day number 0 is 1970-01-01, a Thursday).
    var weekday: Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }
}
