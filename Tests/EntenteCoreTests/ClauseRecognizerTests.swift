@testable import EntenteCore
import Testing

/// The final-clause recogniser on phrasings written from real treaty formulas (paraphrased:
/// CoE model final clauses, Rome Statute, Kyoto, OECD Model art. 31–32, Swiss and Canadian
/// bilateral agreements, MRIF ententes), none of them the three cases in shared/cases.
@Suite struct ClauseRecognizerTests {
    func read(_ texts: String...) -> ClauseReading {
        ClauseRecognizer.read(texts.enumerated().map { i, t in
            ProvisionText(ref: ProvisionRef(eId: "art_9__para_\(i + 1)", num: "9"), article: "art_9", text: t)
        })
    }

    // MARK: Entry into force

    struct EIFCase: Sendable, CustomTestStringConvertible {
        let text: String
        let rule: EntryIntoForceRule
        var period: Period? = nil
        var nth: Int? = nil
        var anchor: EntryAnchor? = nil
        var date: CivilDate? = nil
        var testDescription: String { text }
    }

    static let eifCases: [EIFCase] = [
        EIFCase(text: "La présente Entente entre en vigueur à la date de la dernière signature.", rule: .lastSignature),
        EIFCase(text: "This Agreement shall enter into force on the date of the later signature by the Parties.", rule: .lastSignature),
        EIFCase(text: "Le présent Accord entrera en vigueur le trentième jour suivant la date de la dernière signature.", rule: .afterPeriod, period: Period(30, .day)),
        EIFCase(text: "This Protocol shall enter into force on the ninetieth day after the date of deposit of the last instrument of ratification.",
                rule: .afterPeriod, period: Period(90, .day), anchor: .exchangeOfInstruments),
        EIFCase(text: "The Agreement shall enter into force thirty (30) days after the date of the last notification.", rule: .afterPeriod,
                period: Period(30, .day), anchor: .lastNotification),
        EIFCase(text: "Le présent Accord entre en vigueur le premier jour du troisième mois suivant la date de la dernière signature.",
                rule: .firstDayOfNthMonth, nth: 3),
        EIFCase(text: "This Agreement shall enter into force on the first day of the second month following the date of the last notification.",
                rule: .firstDayOfNthMonth, nth: 2, anchor: .lastNotification),
        EIFCase(text: "La Convention entrera en vigueur le premier jour du mois qui suit l'expiration d'une période de trois mois après la date du dépôt du cinquième instrument de ratification.",
                rule: .firstDayOfMonthAfterPeriod, period: Period(3, .month), anchor: .exchangeOfInstruments),
        EIFCase(text: "This Convention shall enter into force on the first day of the month following the expiration of a period of three months after the date on which five States have expressed their consent, by the exchange of instruments of ratification.",
                rule: .firstDayOfMonthAfterPeriod, period: Period(3, .month), anchor: .exchangeOfInstruments),
        EIFCase(text: "This Statute shall enter into force on the first day of the month after the 60th day following the date of the deposit of the instrument of ratification.",
                rule: .firstDayOfMonthAfterPeriod, period: Period(60, .day), anchor: .exchangeOfInstruments),
        EIFCase(text: "La présente entente entre en vigueur à la date de réception de la dernière des notifications par lesquelles les Parties s'informent de l'accomplissement de leurs procédures internes requises.",
                rule: .event, anchor: .lastNotification),
        EIFCase(text: "This Agreement shall enter into force upon the exchange of instruments of ratification.", rule: .event, anchor: .exchangeOfInstruments),
        EIFCase(text: "La présente entente entre en vigueur le 1er avril 2027.", rule: .date, date: day("2027-04-01")),
        EIFCase(text: "This Memorandum will come into effect on 1 April 2027.", rule: .date, date: day("2027-04-01")),
        EIFCase(text: "L'entente entre en vigueur dès sa signature par les Parties.", rule: .lastSignature),
    ]

    @Test(arguments: eifCases)
    func entryIntoForceFormulas(_ c: EIFCase) throws {
        let r = read(c.text)
        let e = try #require(r.entryIntoForce, "\(c.text)")
        #expect(e.rule == c.rule)
        #expect(e.period == c.period)
        if let nth = c.nth { #expect(e.nth == nth) }
        #expect(e.anchor == c.anchor)
        if let date = c.date { #expect(e.date == date) }
        #expect(e.source?.eId == "art_9__para_1")
        #expect(e.quote == c.text)
        #expect(r.unrecognised.isEmpty)
    }

    @Test func signatureAloneGivesBothReadings() throws {
        let e = try #require(read("This Agreement shall enter into force upon signature.").entryIntoForce)
        #expect(e.rule == .lastSignature)
        #expect(e.alternative?.en.contains("first signature") == true)
    }

    // MARK: Term and renewal

    @Test func termFormulas() throws {
        let indefinite = try #require(read("Elle est conclue pour une durée indéterminée.").term)
        #expect(indefinite.kind == .indefinite)
        #expect(try #require(read("This Agreement shall remain in force until terminated in accordance with Article 10.").term).kind == .indefinite)

        let five = try #require(read("Le présent Accord est conclu pour une période de cinq (5) ans à compter de son entrée en vigueur.").term)
        #expect(five.kind == .fixed)
        #expect(five.length == Period(5, .year))
        #expect(five.renewal == nil)

        let swiss = try #require(read("L'Accord est conclu pour une durée de douze ans. Il est ensuite reconduit tacitement par périodes successives de six ans, sauf dénonciation notifiée au moins six mois avant l'expiration de la période en cours.").term)
        #expect(swiss.length == Period(12, .year))
        #expect(swiss.renewal == Renewal(period: Period(6, .year), tacit: true, successive: true))

        let yearly = try #require(read("The present Agreement is concluded for a period of three years; it shall thereafter be renewed automatically from year to year unless terminated.").term)
        #expect(yearly.length == Period(3, .year))
        #expect(yearly.renewal?.period == Period(1, .year))
        #expect(yearly.renewal?.successive == true)

        let once = try #require(read("This Agreement shall remain in force for five years and shall be automatically renewed for a further period of five years.").term)
        #expect(once.renewal == Renewal(period: Period(5, .year), tacit: true, successive: false))
        #expect(once.alternative?.en.contains("successive") == true)

        let mutual = try #require(read("Le présent Accord demeure en vigueur pour une durée de quatre ans et peut être prorogé pour une période de quatre ans d'un commun accord, par écrit.").term)
        #expect(mutual.length == Period(4, .year))
        #expect(mutual.renewal?.tacit == false)

        let until = try #require(read("The Agreement shall remain in force until 31 March 2028.").term)
        #expect(until.until == day("2028-03-31"))
        #expect(until.kind == .fixed)
    }

    // MARK: Termination

    @Test func terminationFormulas() throws {
        let c1 = try #require(read("Chaque Partie peut, à tout moment, dénoncer la présente Entente par notification écrite adressée à l'autre Partie. La dénonciation prend effet six mois après la date de réception de la notification.").notice)
        #expect(c1.period == Period(6, .month))
        #expect(c1.countsFrom == .receipt)
        #expect(c1.written)
        #expect(c1.timing == nil)

        let note = try #require(read("Either Party may terminate this Agreement by diplomatic note; termination shall take effect six months after the date of the note.").notice)
        #expect(note.countsFrom == .sending)
        #expect(!note.written)

        let coe = try #require(read("Any Party may denounce this Convention by means of a notification addressed to the Secretary General. Such denunciation shall become effective on the first day of the month following the expiration of a period of six months after the date of receipt of the notification.").notice)
        #expect(coe.period == Period(6, .month))
        #expect(coe.effect == .firstDayOfFollowingMonth)
        #expect(coe.countsFrom == .receipt)

        let oecd = try #require(read("Either Contracting State may terminate the Convention by giving notice of termination at least six months before the end of any calendar year. In such event, the Convention shall cease to have effect from 1 January following.").notice)
        #expect(oecd.effect == .endOfCalendarYear)
        #expect(oecd.period == Period(6, .month))

        let dec31 = try #require(read("La dénonciation prend effet le 31 décembre suivant l'expiration d'un délai de douze mois à compter de la réception de la notification.").notice)
        #expect(dec31.effect == .followingDec31)
        #expect(dec31.countsFrom == .receipt)
        #expect(dec31.alternative != nil)

        let kyoto = try #require(read("At any time after three years from the date on which this Protocol has entered into force for a Party, that Party may withdraw from this Protocol by giving written notification. Any such withdrawal shall take effect upon expiry of one year from the date of receipt of the notification.").notice)
        #expect(kyoto.period == Period(1, .year))
        #expect(kyoto.notBefore == Period(3, .year))
        #expect(kyoto.restricts == .notice)
        #expect(kyoto.countsFrom == .receipt)

        let nonRenewal = try #require(read("Elle est reconduite tacitement par périodes successives de cinq ans, sauf si l'une des Parties notifie à l'autre, au moins douze (12) mois avant l'expiration de la période en cours, son intention d'y mettre fin.").notice)
        #expect(nonRenewal.period == Period(12, .month))
        #expect(nonRenewal.timing == .beforeExpiry)

        let resiliation = try #require(read("L'une ou l'autre des Parties peut résilier la présente entente en tout temps, moyennant un préavis de quatre-vingt-dix (90) jours.").notice)
        #expect(resiliation.period == Period(90, .day))
        #expect(!resiliation.written)
        #expect(resiliation.timing == nil)

        let mou = try #require(read("Either Participant may discontinue this Memorandum by giving the other Participant at least three months' written notice.").notice)
        #expect(mou.period == Period(3, .month))
        #expect(mou.written)
    }

    @Test func fixedTermWithNonRenewalReadTogether() throws {
        let r = read("Le présent Accord est conclu pour une durée de cinq ans à compter de son entrée en vigueur.",
                     "Il est renouvelé automatiquement par périodes successives de deux ans, sauf dénonciation par l'une des Parties au moins six mois avant l'expiration de la période en cours.")
        let term = try #require(r.term)
        #expect(term.length == Period(5, .year))
        #expect(term.renewal?.period == Period(2, .year))
        #expect(r.notice?.timing == .beforeExpiry)
        #expect(r.notice?.source.eId == "art_9__para_2")
    }

    // MARK: Not recognised, never guessed

    @Test func unreadableClausesAreNotRecognisedNotGuessed() {
        let r = read("La présente entente entre en vigueur selon les modalités convenues entre les Parties.",
                     "Chacune des Parties peut se retirer de la présente entente conformément aux usages diplomatiques.")
        #expect(r.entryIntoForce == nil)
        #expect(r.notice == nil)
        #expect(r.unrecognised.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.entryIntoForce, .termination])
        #expect(r.unrecognised.first { $0.kind == .entryIntoForce }?.source.eId == "art_9__para_1")
        #expect(r.unrecognised.first { $0.kind == .termination }?.quote.contains("se retirer") == true)
    }

    @Test func trapsAreNotClauses() {
        // An amendment clause's notice, a meeting deadline, a reporting period.
        let r = read("Ninety days notice is required before a proposed amendment is considered.",
                     "Le comité mixte se réunit au plus tard deux (2) ans après la signature.",
                     "Les Parties présentent un rapport tous les six mois.",
                     "Les modifications entrent en vigueur à la date de leur signature.")
        #expect(r.notice == nil)
        #expect(r.entryIntoForce == nil)
        #expect(r.term == nil)
        #expect(r.unrecognised.isEmpty)
    }
}
