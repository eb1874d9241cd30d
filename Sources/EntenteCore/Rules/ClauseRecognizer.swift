/// One provision of a text, as the recogniser reads it.
public struct ProvisionText: Sendable, Hashable {
    /// The provision's `eId` and printed number.
    public var ref: ProvisionRef
    /// The `eId` of its article (paragraphs of one article are read together for "not recognised").
    public var article: String
    public var text: String

    public init(ref: ProvisionRef, article: String, text: String) {
        self.ref = ref
        self.article = article
        self.text = text
    }
}

/// What the final clauses say, read from the text.
public struct ClauseReading: Sendable, Hashable {
    public var entryIntoForce: EntryIntoForce?
    public var term: Term?
    public var notice: NoticeClause?
    /// Clauses whose words are about entry into force, term or termination but could not be read.
    public var unrecognised: [UnrecognisedClause] = []
}

/// Reads entry into force, term, renewal and termination clauses from article texts, in
/// French and English, numbers in words or digits (the cues of shared/design/clause-kinds.md,
/// "Recogniser cues"). Every fact carries its provision and the exact sentence; a phrase that
/// admits two readings says which one is taken (`alternative`); a clause whose words are
/// recognised but whose rule is not gives `UnrecognisedClause`, never a date.
public enum ClauseRecognizer {
    typealias Token = NoticeRecognizer.Token

    struct Sentence {
        var tokens: [Token]
        /// Folded words joined by single spaces, with a space at each end.
        var joined: String
        var quote: String
        /// Byte search: `joined` is folded to lowercase without accents (profiled: Unicode
        /// `contains` here made a bulk import half as slow again).
        func has(_ phrases: String...) -> Bool { phrases.contains { joined.containsASCIIIgnoringCase(" \($0) ") } }
    }

    static func sentences(_ text: String) -> [Sentence] {
        let tokens = NoticeRecognizer.tokenize(text)
        var out: [Sentence] = []
        var start = 0
        for i in tokens.indices where tokens[i].folded == NoticeRecognizer.boundary || i == tokens.count - 1 {
            let end = tokens[i].folded == NoticeRecognizer.boundary ? i : i + 1
            if end > start {
                let slice = Array(tokens[start..<end])
                let quoteEnd = i < tokens.count && tokens[i].folded == NoticeRecognizer.boundary ? tokens[i].range.upperBound : slice.last!.range.upperBound
                out.append(Sentence(tokens: slice, joined: " " + slice.map(\.folded).joined(separator: " ") + " ",
                                    quote: String(text[slice.first!.range.lowerBound..<quoteEnd])))
            }
            start = i + 1
        }
        return out
    }

    /// Reads every provision; the first clause of each kind found wins. `needs`: the kinds to
    /// read (those the tracking metadata leaves unstated); the others are not looked for.
    public static func read<S: Sequence<ProvisionText>>(_ provisions: S, needs: Set<ClauseKind> = Set(ClauseKind.allCases)) -> ClauseReading {
        // A lazy sequence is read only as far as needed (the mapper extracts each text on demand).
        var seen: [ProvisionText] = []
        var r = ClauseReading()
        var noticeArticles: Set<String> = []
        var endingSentence: [String: (ProvisionRef, String)] = [:]
        var minimumEffect: Period?
        for p in provisions {
            seen.append(p)
            // Most provisions of a text say nothing of its life: a byte search rules them out
            // before any tokenising (the recogniser runs on every file without metadata).
            guard mayHoldFinalClause(p.text, needs: needs) else { continue }
            let all = sentences(p.text)
            for s in all {
                if needs.contains(.entryIntoForce), isEntryIntoForceSentence(s) {
                    if r.entryIntoForce == nil {
                        if let e = entryIntoForce(s, ref: p.ref) { r.entryIntoForce = e } else {
                            r.unrecognised.append(UnrecognisedClause(kind: .entryIntoForce, source: p.ref, quote: s.quote))
                        }
                    }
                }
                if needs.contains(.term) || needs.contains(.termination), let t = term(s, ref: p.ref) {
                    if r.term == nil { r.term = t.term } else if var current = r.term, current.renewal == nil, let ren = t.term.renewal {
                        // "for fifteen years" then "extended tacitly for periods of ten years".
                        current.renewal = ren
                        current.alternative = t.term.alternative ?? current.alternative
                        current.quote = [current.quote, t.term.quote].compactMap { $0 }.joined(separator: " ")
                        r.term = current
                    }
                    if let m = t.minimum { minimumEffect = m }
                }
                if needs.contains(.termination), isEndingSentence(s), endingSentence[p.article] == nil { endingSentence[p.article] = (p.ref, s.quote) }
            }
            if needs.contains(.termination), r.notice == nil, let n = notice(p, sentences: all) { r.notice = n; noticeArticles.insert(p.article) }
            // Everything needed found: the remaining provisions need no reading.
            if r.entryIntoForce != nil || !needs.contains(.entryIntoForce), r.notice != nil || !needs.contains(.termination),
               !needs.contains(.term) || r.term.map({ $0.kind == .indefinite || $0.renewal != nil }) == true { break }
        }
        if !needs.contains(.term) { r.term = nil }
        if let m = minimumEffect, r.notice != nil, r.notice?.notBefore == nil {
            r.notice?.notBefore = m
            r.notice?.restricts = .effect
        }
        if r.notice == nil, needs.contains(.termination) {
            for p in seen {
                guard let (ref, quote) = endingSentence[p.article], !noticeArticles.contains(p.article),
                      !r.unrecognised.contains(where: { $0.kind == .termination }) else { continue }
                r.unrecognised.append(UnrecognisedClause(kind: .termination, source: ref, quote: quote))
            }
        }
        return r
    }

    /// Words (or their accent-free parts) without which no clause of a kind is read.
    /// Needles are lowercase ASCII where they can be: the search lowercases ASCII only, so
    /// « DURÉE » in capitals is found by "durÉe".
    static let cues: [ClauseKind: [String]] = [
        .entryIntoForce: ["vigueur", "force", "effe"],
        .term: ["durée", "durÉe", "duration", "period", "riode", "term", "recondu", "renouvel", "prorog", "renew", "extend", "until",
                "jusqu", "indefinite", "indétermin", "indÉtermin", "tacit", "year to year", "année en année", "force", "vigueur"],
        .termination: ["withdraw", "retrait", "retir", "mettre fin", "met fin", "sili", "nonc", "denoun", "discontinu", "expir",
                       "notif", "avis", "notice", "note", "termin"],
    ]

    /// True unless the text has none of the words a clause of a needed kind uses.
    static func mayHoldFinalClause(_ text: String, needs: Set<ClauseKind>) -> Bool {
        needs.contains { kind in cues[kind, default: []].contains { text.containsASCIIIgnoringCase($0) } }
    }

    // MARK: Entry into force

    static func isEntryIntoForceSentence(_ s: Sentence) -> Bool {
        s.has("entre en vigueur", "entrera en vigueur", "entrent en vigueur", "entreront en vigueur", "entrer en vigueur",
              "enter into force", "enters into force", "entered into force", "come into force", "comes into force",
              "come into effect", "comes into effect", "prend effet a compter de sa signature")
            && !s.has("modification", "modifications", "amendment", "amendments", "avenant")
    }

    static let ordinalWords: [String: Int] = [
        "premier": 1, "premiere": 1, "first": 1, "deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3, "third": 3,
        "quatrieme": 4, "fourth": 4, "cinquieme": 5, "fifth": 5, "sixieme": 6, "sixth": 6, "septieme": 7, "seventh": 7,
        "huitieme": 8, "eighth": 8, "neuvieme": 9, "ninth": 9, "dixieme": 10, "tenth": 10, "onzieme": 11, "eleventh": 11,
        "douzieme": 12, "twelfth": 12, "quinzieme": 15, "fifteenth": 15, "vingtieme": 20, "twentieth": 20,
        "trentieme": 30, "thirtieth": 30, "quarantieme": 40, "fortieth": 40, "soixantieme": 60, "sixtieth": 60,
        "ninetieth": 90, "centieme": 100, "hundredth": 100,
    ]

    /// An ordinal at `i` ("30e", "30th", "trentième", "quatre-vingt-dixième", "ninetieth"): value and the index after it.
    static func ordinal(_ t: [Token], at i: Int) -> (Int, Int)? {
        guard i < t.count else { return nil }
        let w = t[i].folded
        let digits = w.prefix { $0.isNumber }
        if !digits.isEmpty, let n = Int(digits), ["e", "eme", "er", "re", "th", "st", "nd", "rd"].contains(String(w.dropFirst(digits.count))) {
            return (n, i + 1)
        }
        if let v = ordinalWords[w] { return (v, i + 1) }
        // Compounds: cardinal words then an ordinal word (quatre-vingt-dixième = 80 + 10).
        if let (c, j) = NoticeRecognizer.number(t, at: i, limit: t.count), j < t.count, let v = ordinalWords[t[j].folded], v < 100 {
            return (c + v, j + 1)
        }
        if let (c, j) = NoticeRecognizer.number(t, at: i, limit: t.count), j < t.count, t[j].folded.hasPrefix("vingtieme") {
            return (c * 20, j + 1) // quatre-vingtième
        }
        return nil
    }

    static func index(_ t: [Token], of word: String, from: Int = 0) -> Int? {
        guard from < t.count else { return nil }
        return (from..<t.count).first { t[$0].folded == word }
    }

    static func anchor(_ s: Sentence) -> EntryAnchor {
        if s.has("instruments de ratification", "instruments of ratification", "echange des instruments", "exchange of instruments",
                 "instrument de ratification", "instrument of ratification", "depot", "deposit", "instrument d approbation", "instrument of approval") {
            return .exchangeOfInstruments
        }
        if s.has("notification", "notifications", "notes", "note diplomatique", "diplomatic note", "procedures internes", "internal procedures",
                 "procedures constitutionnelles", "constitutional procedures", "legal requirements", "exigences legales", "formalites") {
            return .lastNotification
        }
        return .lastSignature
    }

    static let monthNames: [String: Int] = [
        "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8, "septembre": 9,
        "octobre": 10, "novembre": 11, "decembre": 12, "january": 1, "february": 2, "march": 3, "april": 4, "may": 5,
        "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    ]

    /// A written date in the sentence: « 1er avril 2027 », "1 April 2027", "April 1, 2027".
    static func writtenDate(_ t: [Token], from: Int = 0) -> CivilDate? {
        var i = from
        while i + 2 < t.count {
            let w = t[i].folded
            let dayDigits = w.hasSuffix("er") ? String(w.dropLast(2)) : w
            if let d = Int(dayDigits), let m = monthNames[t[i + 1].folded], let y = Int(t[i + 2].folded), y > 1900,
               let date = CivilDate(year: y, month: m, day: d) { return date }
            if let m = monthNames[w], let d = Int(t[i + 1].folded), let y = Int(t[i + 2].folded), y > 1900,
               let date = CivilDate(year: y, month: m, day: d) { return date }
            i += 1
        }
        return nil
    }

    static func entryIntoForce(_ s: Sentence, ref: ProvisionRef) -> EntryIntoForce? {
        let t = s.tokens
        let a = anchor(s)
        var e = EntryIntoForce(rule: .unknown, date: nil, source: ref, quote: s.quote)
        if a != .lastSignature { e.anchor = a }
        // « premier jour du mois qui suit l'expiration d'une période de trois mois » (A4), or
        // « premier jour du mois suivant le soixantième jour » (A5).
        if let first = (0..<t.count).first(where: { k in
            (t[k].folded == "premier" || t[k].folded == "first" || t[k].folded == "1er") && k + 1 < t.count && t[k + 1].folded == "jour"
                || (t[k].folded == "first" && k + 1 < t.count && t[k + 1].folded == "day")
        }) {
            var k = first + 2
            while k < t.count, ["du", "of", "the", "de", "la", "le"].contains(t[k].folded) { k += 1 }
            var nth = 1
            if let (n, after) = ordinal(t, at: k), after < t.count, t[after].folded == "mois" || t[after].folded == "month" {
                nth = n
                k = after
            }
            guard k < t.count, t[k].folded == "mois" || t[k].folded == "month" else { return nil }
            let rest = " " + t[(k + 1)...].map(\.folded).joined(separator: " ") + " "
            if rest.contains(" expiration ") || rest.contains(" expiry ") || rest.contains(" periode ") || rest.contains(" period ") {
                // The period after which the month follows.
                for j in (k + 1)..<t.count {
                    if let f = NoticeRecognizer.quantity(t, at: j, limit: t.count) {
                        e.rule = .firstDayOfMonthAfterPeriod
                        e.period = f.period
                        return e
                    }
                }
                return nil
            }
            // « suivant le soixantième jour après » (A5): strictly after d + N days.
            for j in (k + 1)..<t.count {
                if let (n, after) = ordinal(t, at: j), after < t.count, t[after].folded == "jour" || t[after].folded == "day", n > 1 {
                    e.rule = .firstDayOfMonthAfterPeriod
                    e.period = Period(n, .day)
                    return e
                }
            }
            e.rule = .firstDayOfNthMonth
            e.nth = nth
            return e
        }
        // « le trentième jour suivant », "on the ninetieth day after" (A2).
        for j in t.indices {
            if let (n, after) = ordinal(t, at: j), n > 1, after < t.count, t[after].folded == "jour" || t[after].folded == "day",
               after + 1 < t.count, ["suivant", "apres", "after", "following", "qui"].contains(t[after + 1].folded) {
                e.rule = .afterPeriod
                e.period = Period(n, .day)
                return e
            }
        }
        // "thirty (30) days after", « trois mois après » (A2).
        for j in t.indices {
            if let f = NoticeRecognizer.quantity(t, at: j, limit: t.count), f.end + 1 < t.count,
               ["apres", "after", "following", "suivant", "from", "a"].contains(t[f.end + 1].folded) {
                e.rule = .afterPeriod
                e.period = f.period
                return e
            }
        }
        if let d = writtenDate(t) {
            e.rule = .date
            e.date = d
            return e
        }
        if a != .lastSignature {
            e.rule = .event
            return e
        }
        if s.has("signature", "signatures", "signe", "signed", "signing") {
            e.rule = .lastSignature
            if !s.has("derniere signature", "last signature", "la derniere des signatures", "later signature", "latter of the signatures", "signature par les parties") {
                e.alternative = Localized(fr: "« la signature » : la dernière signature est retenue (le consentement de toutes les Parties est requis, CVDT art. 24(2)) ; autre lecture : la première signature.",
                                          en: "\"signature\": the last signature is taken (every party's consent is needed, VCLT art. 24(2)); other reading: the first signature.")
            }
            return e
        }
        return nil
    }

    // MARK: Term and renewal

    static let renewalWords = ["reconduit", "reconduite", "reconduction", "renouvele", "renouvelee", "renouvellement", "renewed", "renewal",
                               "extended", "extension", "prorogee", "proroge", "prorogation", "prolongee", "prolonged", "continue", "continues"]

    /// A term, and a minimum duration that restricts the effect of notice (« demeure en vigueur au moins cinq ans »).
    static func term(_ s: Sentence, ref: ProvisionRef) -> (term: Term, minimum: Period?)? {
        let t = s.tokens
        let aboutAgreement = s.has("vigueur", "force", "conclue", "conclu", "concluded", "valable", "valid", "validity", "applicable", "effect", "effet", "duree", "term")
        guard aboutAgreement || s.tokens.contains(where: { renewalWords.contains($0.folded) }) else { return nil }
        if s.has("duree indeterminee", "periode indeterminee", "duree illimitee", "indefinite period", "indefinite duration", "indefinitely",
                 "until terminated", "unlimited duration", "unlimited period") {
            return (Term(kind: .indefinite, source: ref, quote: s.quote), nil)
        }
        var result: Term?
        var minimum: Period?
        let renewalAt = t.firstIndex { renewalWords.contains($0.folded) || $0.folded.hasPrefix("tacit") || $0.folded.hasPrefix("reconduc") }
        for j in t.indices {
            guard let f = NoticeRecognizer.quantity(t, at: j, limit: t.count), f.period.unit != .day else { continue }
            let before = t[max(0, j - 3)..<j].map(\.folded)
            let b1 = before.last ?? ""
            let b2 = before.count >= 2 ? before[before.count - 2] : ""
            // A notice period ("at least six months before") is not a term.
            let after = f.end + 1 < t.count ? t[f.end + 1].folded : ""
            if ["avant", "before", "prior"].contains(after) || before.contains("preavis") || before.contains("notice") { continue }
            if b1 == "moins" || b1 == "least" {
                if s.has("demeure en vigueur", "reste en vigueur", "remain in force", "remains in force") { minimum = f.period }
                continue
            }
            let singularPeriod = ((b1 == "de" || b1 == "d") && (b2 == "duree" || b2 == "periode")) || (b1 == "of" && (b2 == "period" || b2 == "term"))
            let pluralPeriod = ((b1 == "de" || b1 == "d") && b2 == "periodes") || (b1 == "of" && b2 == "periods")
                || ((b1 == "de" || b1 == "d") && b2 == "successives") || (b1 == "of" && b2 == "successive")
            let further = before.contains("nouvelle") || before.contains("further") || before.contains("additional") || before.contains("supplementaire")
            let inRenewal = renewalAt.map { $0 < j } ?? false
            if (singularPeriod || b1 == "pour" || b1 == "for" || b1 == "pendant" || b1 == "during") && !inRenewal && !further && result == nil {
                result = Term(kind: .fixed, length: f.period, source: ref, quote: s.quote)
                continue
            }
            if inRenewal || pluralPeriod || further {
                let tacit = !s.has("commun accord", "mutual agreement", "mutual written agreement", "mutual consent", "accord mutuel", "by agreement")
                let successive = pluralPeriod || s.has("successive", "successives", "chaque fois", "each time", "de periode en periode", "et ainsi de suite", "and so on", "thereafter", "from period to period")
                var renewal = Renewal(period: f.period, tacit: tacit, successive: successive)
                var alternative: Localized?
                if tacit && !successive {
                    renewal.successive = false
                    alternative = Localized(fr: "« une nouvelle période » : une seule reconduction est retenue, puis l'entente expire ; autre lecture : des reconductions successives.",
                                            en: "\"a further period\": one renewal is taken, then the agreement expires; other reading: successive renewals.")
                }
                var term = result ?? Term(kind: .fixed, source: ref, quote: s.quote)
                term.renewal = renewal
                term.alternative = alternative
                return (term, minimum)
            }
        }
        if result == nil, s.has("d annee en annee", "from year to year", "annually renewed", "year to year") {
            var term = Term(kind: .fixed, source: ref, quote: s.quote)
            term.renewal = Renewal(period: Period(1, .year), tacit: true, successive: true)
            return (term, minimum)
        }
        if result == nil, s.has("jusqu au", "until", "prend fin le", "expire le", "expires on", "expire on", "terminate on"),
           let d = writtenDate(t) {
            result = Term(kind: .fixed, until: d, source: ref, quote: s.quote)
        }
        if let result { return (result, minimum) }
        if let minimum { return (Term(kind: .indefinite, source: ref, quote: s.quote), minimum) }
        return nil
    }

    // MARK: Termination

    static func isEndingSentence(_ s: Sentence) -> Bool {
        s.has("mettre fin", "met fin", "denoncer", "denonce", "denonciation", "resilier", "resiliation", "se retirer", "retrait",
              "terminate", "termination", "withdraw", "withdrawal", "denounce", "denunciation", "discontinue", "non renewal")
            && !s.has("modification", "amendment")
    }

    static func notice(_ p: ProvisionText, sentences all: [Sentence]) -> NoticeClause? {
        guard let found = NoticeRecognizer.recognize(p.text) else { return nil }
        let joined = " " + all.map { $0.joined }.joined(separator: " ") + " "
        func has(_ phrases: String...) -> Bool { phrases.contains { joined.containsASCIIIgnoringCase(" \($0) ") } }
        var clause = NoticeClause(period: found.period, written: found.written, minimum: found.minimum, source: p.ref, basis: .text,
                                  quote: all.first { $0.quote.contains(found.quote) }?.quote ?? found.quote)
        if has("par ecrit", "in writing", "written notice", "notification ecrite", "preavis ecrit", "avis ecrit", "written notification") {
            clause.written = true
        }
        let anyTime = has("a tout moment", "en tout temps", "at any time")
        if has("annee civile", "calendar year") {
            clause.effect = .endOfCalendarYear
        } else if has("31 decembre", "31 december", "december 31") {
            clause.effect = .followingDec31
            clause.alternative = Localized(fr: "« le 31 décembre suivant » pris au sens strict ; autre lecture : le 31 décembre qui clôt le délai lorsqu'il y tombe.",
                                           en: "\"the 31 December following\" taken strictly; other reading: the 31 December on which the period ends, when it does.")
        } else if has("premier jour du mois", "first day of the month", "1er jour du mois") {
            clause.effect = .firstDayOfFollowingMonth
        } else if !anyTime, has("avant l expiration", "avant la fin", "avant la date d expiration", "avant l echeance", "before the expiry",
                                "before the expiration", "before the date of expiry", "before the end", "prior to the expiry",
                                "prior to the expiration", "prior to the end", "before the date of expiration") {
            clause.timing = .beforeExpiry
        }
        if has("date de la note", "date of the note", "date de l envoi", "date of dispatch") {
            clause.countsFrom = .sending
        } else if has("reception", "recoit", "recue", "receipt", "received", "receives", "receiving") {
            clause.countsFrom = .receipt
        }
        // A minimum duration from entry into force (C8): « après l'expiration d'un délai de trois ans à compter de son entrée en vigueur ».
        for s in all {
            let t = s.tokens
            for j in t.indices {
                guard let f = NoticeRecognizer.quantity(t, at: j, limit: t.count), f.period != found.period || !s.quote.contains(found.quote) else { continue }
                let after = " " + t[(f.end + 1)..<min(t.count, f.end + 14)].map(\.folded).joined(separator: " ") + " "
                guard after.contains(" en vigueur ") || after.contains(" into force ") else { continue }
                clause.notBefore = f.period
                clause.restricts = s.has("prend effet", "prendre effet", "take effect", "takes effect", "demeure en vigueur", "remain in force", "remains in force")
                    && !s.has("denoncer", "withdraw", "notice may be given", "dénoncer") ? .effect : .notice
            }
        }
        return clause
    }
}
