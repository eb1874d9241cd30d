// The model of an agreement's life as its final clauses state it: term, renewal, the kinds of
// termination clause, and the recorded event that brings an agreement into force.
// The kinds and their sources: shared/design/clause-kinds.md (A entry into force, B term,
// C notice); the arithmetic lives in `LifeRules`.

/// Term of the agreement (durée): indefinite, or fixed.
public enum TermKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// « durée indéterminée », "until terminated" (B1).
    case indefinite
    /// A length from entry into force (B2) or an end date (B3).
    case fixed
}

/// Tacit renewal (reconduction tacite) for periods of a given length (B5, B6).
public struct Renewal: Sendable, Hashable, Codable {
    /// The length of each renewal period (« périodes de dix ans » → P10Y).
    public var period: Period
    /// True: renewed unless notice is given (« reconduite tacitement »). False: only by
    /// agreement of the parties (B4): the tool never renews it by itself.
    public var tacit: Bool
    /// True: renewed again and again (« périodes successives », "from year to year"); false:
    /// one further period, then expiry (B6, the reading taken for « une nouvelle période »).
    public var successive: Bool

    public init(period: Period, tacit: Bool = true, successive: Bool = true) {
        self.period = period
        self.tacit = tacit
        self.successive = successive
    }
}

/// The agreement's term as the text (or the metadata) states it.
public struct Term: Sendable, Hashable, Codable {
    public var kind: TermKind
    /// For a fixed term counted from entry into force (« pour une période de cinq ans »).
    public var length: Period?
    /// For a fixed term with a stated end date, included (« jusqu'au 31 mars 2028 », B3).
    public var until: CivilDate?
    public var renewal: Renewal?
    public var source: ProvisionRef?
    /// The words it was read from.
    public var quote: String?
    public var basis: FactBasis
    /// The other reading, when the wording admits two.
    public var alternative: Localized?

    public init(kind: TermKind, length: Period? = nil, until: CivilDate? = nil, renewal: Renewal? = nil,
                source: ProvisionRef? = nil, quote: String? = nil, basis: FactBasis = .text, alternative: Localized? = nil) {
        self.kind = kind
        self.length = length
        self.until = until
        self.renewal = renewal
        self.source = source
        self.quote = quote
        self.basis = basis
        self.alternative = alternative
    }
}

/// When notice may be given (`ent:timing`).
public enum NoticeTiming: String, Sendable, Hashable, Codable, CaseIterable {
    /// At any time (« à tout moment »): the agreement ends a period after the notice (C1).
    case anyTime
    /// Notice of non-renewal at least a period before the end of the current term (B5).
    case beforeExpiry
}

/// When a notice takes effect once its period has run (`ent:effect`).
public enum NoticeEffect: String, Sendable, Hashable, Codable, CaseIterable {
    /// At the end of the period: X = d + N (C1–C4).
    case afterPeriod
    /// The first day of the month following the end of the period (C5, CoE model).
    case firstDayOfFollowingMonth
    /// From 1 January after the first calendar year whose end is at least the period after the notice (C6).
    case endOfCalendarYear
    /// The 31 December following the end of the period, "following" taken strictly (C7).
    case followingDec31
}

/// What a notice period counts from (`countsFrom` in JSON, `ent:countsFrom` in metadata).
public enum NoticeCount: String, Sendable, Hashable, Codable, CaseIterable {
    /// The day the notice is sent, or the date of the note (C1, C3).
    case sending
    /// The day the other party (or the depositary) receives it (C2; VCLT art. 78(b)).
    case receipt
}

/// What a minimum duration restricts (C8).
public enum MinimumRestriction: String, Sendable, Hashable, Codable, CaseIterable {
    /// No notice may be given before it (« peut la dénoncer … après l'expiration d'un délai de trois ans »).
    case notice
    /// Notice may be given, but takes effect no earlier (« demeure en vigueur au moins cinq ans »).
    case effect
}

/// Which final clause a fact (or an unreadable clause) is about.
public enum ClauseKind: String, Sendable, Hashable, Codable, CaseIterable {
    case entryIntoForce = "entry-into-force"
    case term
    case termination

    public func describe(_ lang: Language) -> String {
        switch self {
        case .entryIntoForce: return lang == .fr ? "entrée en vigueur" : "entry into force"
        case .term: return lang == .fr ? "durée" : "term"
        case .termination: return lang == .fr ? "résiliation" : "termination"
        }
    }
}

/// A final clause the recogniser found (its words are about entry into force, term or
/// termination) but could not read: it is reported as "not recognised" with its article and
/// words, never turned into a date.
public struct UnrecognisedClause: Sendable, Hashable, Codable {
    public var kind: ClauseKind
    public var source: ProvisionRef
    public var quote: String

    public init(kind: ClauseKind, source: ProvisionRef, quote: String) {
        self.kind = kind
        self.source = source
        self.quote = quote
    }
}

/// The recorded event that brings an agreement into force (A7): the last notification that
/// internal procedures are complete, or the exchange of instruments. An audited record.
public struct EntryIntoForceEvent: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var agreementID: String
    /// The date of the act (the note, the exchange).
    public var on: CivilDate
    /// When the last notification was received, if known: the text decides which date counts.
    public var receivedOn: CivilDate?
    public var note: String?

    public init(id: Int64? = nil, agreementID: String, on: CivilDate, receivedOn: CivilDate? = nil, note: String? = nil) {
        self.id = id
        self.agreementID = agreementID
        self.on = on
        self.receivedOn = receivedOn
        self.note = note
    }

    /// The date that counts: receipt when known and the text counts from notifications
    /// ("notification" alone means receipt, VCLT art. 78(b)), else the act's date.
    public var countingDate: CivilDate { receivedOn ?? on }
}

extension Agreement {
    /// The term stated by `term`, else by the older `duration` field (`indefinite` or an ISO
    /// duration such as `P5Y`), else nil (the text says nothing).
    public var resolvedTerm: Term? {
        if let term { return term }
        guard let duration else { return nil }
        if duration == "indefinite" { return Term(kind: .indefinite, source: notice?.source, basis: .metadata) }
        if let p = Period(iso: duration) { return Term(kind: .fixed, length: p, basis: .metadata) }
        return nil
    }
}
