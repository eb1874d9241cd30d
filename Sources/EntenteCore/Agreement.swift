/// Where a fact about an agreement comes from.
///
/// Every fact the tool tracks says whether the signed text states it, whether it was
/// recognised in the text by the tool, or whether it comes from outside the text.
public enum FactBasis: String, Sendable, Hashable, Codable {
    /// Stated by the tracking metadata (`<proprietary>`), which points back to the text.
    case metadata
    /// Read from the text itself (markup such as `<signature>` or the recogniser).
    case text
    /// Known from a public source outside the text (named in `sourceNote`).
    case external
}

/// A pointer to the provision a fact was read from (its `eId`) and its printed number.
public struct ProvisionRef: Sendable, Hashable, Codable {
    /// The `eId` of the provision, e.g. `art_9__para_1`.
    public var eId: String
    /// The printed number of the enclosing article or paragraph, e.g. `9` or `4.2`, when known.
    public var num: String?

    public init(eId: String, num: String? = nil) {
        self.eId = eId
        self.num = num
    }
}

/// A title of the agreement in one language.
public struct AgreementTitle: Sendable, Hashable, Codable {
    public var language: Language
    public var text: String
    /// False for a translation made here rather than published by the parties.
    public var official: Bool

    public init(language: Language, text: String, official: Bool = true) {
        self.language = language
        self.text = text
        self.official = official
    }
}

/// A name a party bears from a given date (Pôle emploi → France Travail on 2024-01-01).
public struct PartyName: Sendable, Hashable, Codable {
    public var name: String
    /// nil: the name it bore at signature.
    public var from: CivilDate?

    public init(name: String, from: CivilDate?) {
        self.name = name
        self.from = from
    }
}

/// A contracting party (Partie): a government, ministry or agency. Keeps its identity when renamed.
public struct Party: Sendable, Hashable, Codable, Identifiable {
    /// The party's `eId` in the text, e.g. `pole-emploi`.
    public var id: String
    /// Its names over time, the name at signature first (`from == nil`).
    public var names: [PartyName]

    public init(id: String, name: String, laterNames: [PartyName] = []) {
        self.id = id
        let dated = laterNames.compactMap { n in n.from.map { (n, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
        self.names = [PartyName(name: name, from: nil)] + dated
    }

    /// The name as signed.
    public var originalName: String { names.first?.name ?? id }

    /// The name in force on `date` (the current one when `date` is nil).
    public func name(on date: CivilDate?) -> String {
        var current = originalName
        for n in names.dropFirst() {
            guard let from = n.from else { continue }
            if let date, date < from { break }
            current = n.name
        }
        return current
    }
}

/// A person designated to act for a party (représentant désigné), or who represents it in the preface.
public struct Representative: Sendable, Hashable, Codable {
    public var party: String
    /// nil when the text names only the office.
    public var person: String?
    public var role: String?
    public var source: ProvisionRef?

    public init(party: String, person: String?, role: String?, source: ProvisionRef?) {
        self.party = party
        self.person = person
        self.role = role
        self.source = source
    }
}

/// A signature: who signed for a party, as what, where and when.
public struct Signature: Sendable, Hashable, Codable {
    public var party: String
    /// nil when unknown: the tool never invents a name.
    public var signatory: String?
    public var role: String?
    public var place: String?
    public var date: CivilDate?
    public var basis: FactBasis
    /// For `external`: the public source the facts come from.
    public var sourceNote: String?

    public init(party: String, signatory: String?, role: String?, place: String?, date: CivilDate?,
                basis: FactBasis, sourceNote: String? = nil) {
        self.party = party
        self.signatory = signatory
        self.role = role
        self.place = place
        self.date = date
        self.basis = basis
        self.sourceNote = sourceNote
    }
}

/// How the agreement enters into force (entrée en vigueur). Raw values are the metadata's
/// `ent:rule` spellings (docs/tracking-metadata.md).
///
/// Sources: VCLT art. 24 (in force as the treaty provides, else when all have consented);
/// shared/design/clause-kinds.md kinds A1–A7.
public enum EntryIntoForceRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// On the date of the last signature (Québec–Pôle emploi art. 9; A1).
    case lastSignature
    /// On a date the text states (A6).
    case date
    /// The text has no clause, or none was recognised: unknown.
    case unknown
    /// On the date of the signature of one named party (`EntryIntoForce.party`).
    case signature
    /// On the anchor's date (an event users record: A7 with no offset).
    case onAnchor
    /// N days/months after the anchor: X = d + N, the day of the act not counted (A2).
    case afterPeriod
    /// The first day of the Nth month following the anchor's month (A3).
    case firstDayOfNthMonth
    /// The first day of the month following the expiry of a period after the anchor (A4, CoE model).
    case firstDayOfMonthAfterPeriod
    /// On an event users record (the last notification that internal procedures are complete, A7).
    case event
}

/// What an entry-into-force rule counts from (`ent:anchor`).
public enum EntryAnchor: String, Sendable, Hashable, Codable, CaseIterable {
    /// The last signature (« la dernière signature »).
    case lastSignature
    /// The signature of one named party.
    case signature
    /// The last notification that internal procedures are complete (« la dernière des notifications »): an event users record.
    case lastNotification
    /// The exchange of instruments of ratification: an event users record.
    case exchangeOfInstruments

    /// True when the anchor is an event the text cannot date: it waits for a record.
    public var isEvent: Bool { self == .lastNotification || self == .exchangeOfInstruments }
}

public struct EntryIntoForce: Sendable, Hashable, Codable {
    public var rule: EntryIntoForceRule
    /// The stated or derived date; nil while unknown or waiting for an event.
    public var date: CivilDate?
    public var source: ProvisionRef?
    /// What the rule counts from; nil means the last signature (or, for `event`, the last notification).
    public var anchor: EntryAnchor?
    /// The offset of `afterPeriod` and `firstDayOfMonthAfterPeriod`.
    public var period: Period?
    /// N of `firstDayOfNthMonth` (« premier jour du deuxième mois suivant » → 2).
    public var nth: Int?
    /// For `signature`: the party whose signature counts.
    public var party: String?
    /// The words the rule was read from.
    public var quote: String?
    /// The other reading, when the wording admits two (shown to users).
    public var alternative: Localized?

    public init(rule: EntryIntoForceRule, date: CivilDate?, source: ProvisionRef?, anchor: EntryAnchor? = nil,
                period: Period? = nil, nth: Int? = nil, party: String? = nil, quote: String? = nil, alternative: Localized? = nil) {
        self.rule = rule
        self.date = date
        self.source = source
        self.anchor = anchor
        self.period = period
        self.nth = nth
        self.party = party
        self.quote = quote
        self.alternative = alternative
    }

    /// True when the date can only come from an event users record (A7).
    public var waitsForEvent: Bool { rule == .event || (anchor?.isEvent ?? false) }
}

/// The termination notice clause (préavis écrit de résiliation).
///
/// The new fields are optional so that models stored before them read unchanged; nil means
/// the plain rule of the seeds: notice at any time, effective N after it is sent.
public struct NoticeClause: Sendable, Hashable, Codable {
    public var period: Period
    /// Whether the notice must be written: true only when the clause says so.
    public var written: Bool
    /// "at least" (au moins): the period is a minimum.
    public var minimum: Bool
    public var source: ProvisionRef
    public var basis: FactBasis
    /// The words the period was read from, when recognised in the text.
    public var quote: String?
    /// When notice may be given; nil: at any time.
    public var timing: NoticeTiming?
    /// When it takes effect once the period has run; nil: at the end of the period.
    public var effect: NoticeEffect?
    /// What the period counts from; nil: the day the notice is sent.
    public var countsFrom: NoticeCount?
    /// A minimum duration from entry into force (C8: « au plus tôt trois ans après »).
    public var notBefore: Period?
    /// What that minimum restricts: the notice itself or its effect.
    public var restricts: MinimumRestriction?
    /// The other reading, when the wording admits two (shown to users).
    public var alternative: Localized?

    public init(period: Period, written: Bool, minimum: Bool, source: ProvisionRef, basis: FactBasis, quote: String? = nil,
                timing: NoticeTiming? = nil, effect: NoticeEffect? = nil, countsFrom: NoticeCount? = nil,
                notBefore: Period? = nil, restricts: MinimumRestriction? = nil, alternative: Localized? = nil) {
        self.period = period
        self.written = written
        self.minimum = minimum
        self.source = source
        self.basis = basis
        self.quote = quote
        self.timing = timing
        self.effect = effect
        self.countsFrom = countsFrom
        self.notBefore = notBefore
        self.restricts = restricts
        self.alternative = alternative
    }
}

/// What happens once notice is given.
public enum OnNoticeRule: String, Sendable, Hashable, Codable {
    /// Joint projects under way must be completed (Québec–Pôle emploi art. 9).
    case completeOngoingJointProjects
}

/// A domain of cooperation (domaine de coopération / domaine visé). Domains nest with no fixed depth.
public struct Domain: Sendable, Hashable, Codable {
    /// The provision's `eId`.
    public var eId: String
    /// The full number users type: `2.1`, `2.1.1`, `2.1.1.4`; for unnumbered bullets, the position (`3`).
    public var num: String
    /// The number as printed in the text (`2.1`, `1.`), nil when the item is a bullet.
    public var printedNum: String?
    public var heading: String?
    /// The item's own text (without its sub-items).
    public var text: String
    public var items: [Domain]

    public init(eId: String, num: String, printedNum: String?, heading: String?, text: String, items: [Domain] = []) {
        self.eId = eId
        self.num = num
        self.printedNum = printedNum
        self.heading = heading
        self.text = text
        self.items = items
    }

    /// Heading if any, else the text: what to show in a list.
    public var label: String { heading ?? text }

    /// This domain and every nested item, depth first.
    public var flattened: [Domain] { [self] + items.flatMap(\.flattened) }
}

/// A means of action (moyen d'action).
public struct MeansOfAction: Sendable, Hashable, Codable {
    public var eId: String
    public var num: String
    public var text: String

    public init(eId: String, num: String, text: String) {
        self.eId = eId
        self.num = num
        self.text = text
    }
}

/// The kinds of bodies an agreement sets up or reports to.
public enum BodyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Comité mixte.
    case jointCommittee = "joint-committee"
    /// Comité de coordination (outside the agreement, e.g. the Ontario–Québec Protocol's).
    case coordinationCommittee = "coordination-committee"
    /// Groupe de travail / comité de pilotage opérationnel.
    case workingGroup = "working-group"

    /// From the metadata's camelCase spelling or the JSON's kebab-case one.
    public init?(code: String) {
        switch code {
        case "jointCommittee", "joint-committee": self = .jointCommittee
        case "coordinationCommittee", "coordination-committee": self = .coordinationCommittee
        case "workingGroup", "working-group": self = .workingGroup
        default: return nil
        }
    }
}

/// The reference date a "within N years after the signature" counts from.
public enum DateAnchor: String, Sendable, Hashable, Codable {
    case firstSignature, lastSignature, entryIntoForce

    /// "la dernière signature" / "the last signature".
    public func describe(_ lang: Language) -> String {
        switch self {
        case .firstSignature: return lang == .fr ? "la première signature" : "the first signature"
        case .lastSignature: return lang == .fr ? "la dernière signature" : "the last signature"
        case .entryIntoForce: return lang == .fr ? "l'entrée en vigueur" : "entry into force"
        }
    }
}

/// A committee, working group or outside body.
public struct Body: Sendable, Hashable, Codable, Identifiable {
    /// Its `eId` in the references (`comite-mixte`).
    public var id: String
    public var kind: BodyKind
    public var name: String
    /// True for a body outside the agreement (the Coordination Committee of the Protocol).
    public var external: Bool
    /// First meeting no later than this period after `firstMeetingFrom`.
    public var firstMeetingWithin: Period?
    public var firstMeetingFrom: DateAnchor?
    /// The other reading of an ambiguous anchor, shown to users.
    public var firstMeetingAlternative: DateAnchor?
    /// How often it meets (P6M = semi-annually), if the text says.
    public var cadence: Period?
    public var coordinatorsPerParty: Int?
    public var source: ProvisionRef?

    public init(id: String, kind: BodyKind, name: String, external: Bool = false,
                firstMeetingWithin: Period? = nil, firstMeetingFrom: DateAnchor? = nil,
                firstMeetingAlternative: DateAnchor? = nil, cadence: Period? = nil,
                coordinatorsPerParty: Int? = nil, source: ProvisionRef? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.external = external
        self.firstMeetingWithin = firstMeetingWithin
        self.firstMeetingFrom = firstMeetingFrom
        self.firstMeetingAlternative = firstMeetingAlternative
        self.cadence = cadence
        self.coordinatorsPerParty = coordinatorsPerParty
        self.source = source
    }
}

public enum ObligationKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plan d'action biennal.
    case biennialActionPlan
    /// Rapport biennal des activités des années précédentes.
    case biennialReport
    /// Rapport d'étape to the Coordination Committee.
    case progressReport
}

public enum ObligationTrigger: String, Sendable, Hashable, Codable {
    case beforeEachMeeting, onRequest
}

/// A reporting duty the agreement creates.
public struct Obligation: Sendable, Hashable, Codable {
    public var kind: ObligationKind
    public var every: Period?
    public var triggers: [ObligationTrigger]
    /// Who prepares it (a role or body reference, without `#`).
    public var by: String?
    /// The body it goes to (`comite-mixte`, `comite-coordination`).
    public var to: String?
    /// Who gets a copy: the name of the organisation (the Commission permanente …).
    public var copyTo: String?
    public var source: ProvisionRef?

    public init(kind: ObligationKind, every: Period? = nil, triggers: [ObligationTrigger] = [],
                by: String? = nil, to: String? = nil, copyTo: String? = nil, source: ProvisionRef? = nil) {
        self.kind = kind
        self.every = every
        self.triggers = triggers
        self.by = by
        self.to = to
        self.copyTo = copyTo
        self.source = source
    }
}

/// Who bears the costs of activities.
public enum CostRule: String, Sendable, Hashable, Codable {
    /// Each party bears the costs of its own participants (Québec–Pôle emploi art. 6).
    case ownParticipants
}

/// An article's number and heading, for listings and round-trip checks.
public struct ArticleSummary: Sendable, Hashable, Codable {
    public var eId: String
    public var num: String?
    public var heading: String?

    public init(eId: String, num: String?, heading: String?) {
        self.eId = eId
        self.num = num
        self.heading = heading
    }
}

/// A signed cooperation agreement (entente), as read from its Akoma Ntoso text.
public struct Agreement: Sendable, Hashable, Codable, Identifiable {
    /// The Entente id (`FRBRalias name="entente"`, else the file name).
    public var id: String
    /// Titles; the one in the text's language first.
    public var titles: [AgreementTitle]
    /// Language of the text (`fr`/`en`), nil if neither.
    public var language: Language?
    /// The AKN language code as written (`fra`).
    public var languageCode: String?
    public var workURI: String?
    public var expressionURI: String?
    /// Reference number (`FRBRnumber`).
    public var referenceNumber: String?
    /// A short title for listings (`FRBRalias name="shortTitle"`), in the text's language.
    public var shortTitle: String?
    public var parties: [Party]
    public var representatives: [Representative]
    public var signatures: [Signature]
    public var entryIntoForce: EntryIntoForce
    /// nil when the text says nothing; `indefinite` otherwise (or an ISO duration).
    public var duration: String?
    public var notice: NoticeClause?
    public var onNotice: OnNoticeRule?
    /// Term and renewal (durée, reconduction), when the text or the metadata states them.
    public var term: Term?
    /// Final clauses the recogniser found but could not read: said, never guessed.
    public var unrecognised: [UnrecognisedClause]
    public var domains: [Domain]
    public var meansOfAction: [MeansOfAction]
    public var bodies: [Body]
    public var obligations: [Obligation]
    public var costRule: CostRule?
    /// Amendments must be in writing (source provision), when the text says so.
    public var amendmentsInWriting: ProvisionRef?
    public var recitals: [String]
    public var articles: [ArticleSummary]

    public init(id: String, titles: [AgreementTitle] = [], language: Language? = nil, languageCode: String? = nil,
                workURI: String? = nil, expressionURI: String? = nil, referenceNumber: String? = nil,
                parties: [Party] = [], representatives: [Representative] = [], signatures: [Signature] = [],
                entryIntoForce: EntryIntoForce = .init(rule: .unknown, date: nil, source: nil),
                duration: String? = nil, notice: NoticeClause? = nil, onNotice: OnNoticeRule? = nil,
                term: Term? = nil, unrecognised: [UnrecognisedClause] = [],
                domains: [Domain] = [], meansOfAction: [MeansOfAction] = [], bodies: [Body] = [],
                obligations: [Obligation] = [], costRule: CostRule? = nil, amendmentsInWriting: ProvisionRef? = nil,
                recitals: [String] = [], articles: [ArticleSummary] = []) {
        self.id = id
        self.titles = titles
        self.language = language
        self.languageCode = languageCode
        self.workURI = workURI
        self.expressionURI = expressionURI
        self.referenceNumber = referenceNumber
        self.parties = parties
        self.representatives = representatives
        self.signatures = signatures
        self.entryIntoForce = entryIntoForce
        self.duration = duration
        self.notice = notice
        self.onNotice = onNotice
        self.term = term
        self.unrecognised = unrecognised
        self.domains = domains
        self.meansOfAction = meansOfAction
        self.bodies = bodies
        self.obligations = obligations
        self.costRule = costRule
        self.amendmentsInWriting = amendmentsInWriting
        self.recitals = recitals
        self.articles = articles
    }

    /// A name for listings: the short title in the text's language, else `title(lang)`.
    public func displayTitle(_ lang: Language) -> String {
        if let shortTitle, language == lang || !titles.contains(where: { $0.language == lang }) { return shortTitle }
        return title(lang)
    }

    /// The title in `lang` when there is one, else the text's own title.
    public func title(_ lang: Language) -> String {
        titles.first { $0.language == lang }?.text ?? titles.first?.text ?? id
    }

    public func party(_ id: String) -> Party? {
        let key = id.hasPrefix("#") ? String(id.dropFirst()) : id
        return parties.first { $0.id == key }
    }

    /// Every domain and nested item, depth first.
    public var allDomains: [Domain] { domains.flatMap(\.flattened) }

    /// The domain with this full number (`2.1.1`) or eId.
    public func domain(_ numOrEId: String) -> Domain? {
        allDomains.first { $0.num == numOrEId || $0.eId == numOrEId }
    }

    public func bodies(of kind: BodyKind) -> [Body] { bodies.filter { $0.kind == kind } }

    /// Signature dates in order; the first and last signatures.
    public var signatureDates: [CivilDate] { signatures.compactMap(\.date).sorted() }
    public var firstSignature: CivilDate? { signatureDates.first }
    public var lastSignature: CivilDate? { signatureDates.last }

    /// The agreement without its text-heavy parts (domains, means of action, articles,
    /// recitals, representatives): all that dashboards and the deadline engine read.
    public var summary: Agreement {
        var s = self
        s.domains = []
        s.meansOfAction = []
        s.articles = []
        s.recitals = []
        s.representatives = []
        return s
    }

    /// The date an anchor stands for, if known.
    public func date(of anchor: DateAnchor) -> CivilDate? {
        switch anchor {
        case .firstSignature: return firstSignature
        case .lastSignature: return lastSignature
        case .entryIntoForce: return entryIntoForce.date
        }
    }
}
