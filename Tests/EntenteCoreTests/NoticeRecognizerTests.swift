@testable import EntenteCore
import Testing

@Suite struct NoticeRecognizerTests {
    @Test(arguments: [
        // The two seeds.
        ("Chacune des Parties peut, à tout moment, y mettre fin au moyen d'un préavis écrit d'au moins six (6) mois transmis à l'autre Partie.", 6, PeriodUnit.month, true, true),
        ("L'une ou l'autre des Parties peut mettre fin à la présente entente, au moyen d'un préavis écrit d'au moins six mois (6).", 6, .month, true, true),
        ("Chacune des Parties peut y mettre fin au moyen d’un préavis écrit d’au moins six (6) mois transmis à l’autre Partie.", 6, .month, true, true),
        // Phrasings written by other hands.
        ("La présente entente peut être résiliée par l'une des Parties moyennant un préavis de 90 jours.", 90, .day, false, false),
        ("Une Partie peut dénoncer l'entente par un préavis écrit de trois mois adressé à l'autre Partie.", 3, .month, true, false),
        ("Elle peut être résiliée par avis écrit d'un an.", 1, .year, true, false),
        ("Chaque Partie peut y mettre fin en donnant un préavis écrit d'au moins quatre-vingt-dix (90) jours.", 90, .day, true, true),
        ("Il peut être mis fin à l'entente moyennant un préavis de douze (12) mois donné par écrit.", 12, .month, true, false),
        ("L'entente prend fin soixante jours après la réception d'un avis écrit de résiliation.", 60, .day, true, false),
        ("Either Party may terminate this Agreement by giving at least six (6) months' written notice to the other Party.", 6, .month, true, true),
        ("This Agreement may be terminated by either Party upon six months written notice.", 6, .month, true, false),
        ("Either Party may terminate this agreement on ninety (90) days' notice.", 90, .day, false, false),
        ("A Party may withdraw from this Agreement by giving one year's notice in writing.", 1, .year, true, false),
        ("This MOU may be terminated by either participant with 12 months notice in writing.", 12, .month, true, false),
        ("Either Party may terminate this Arrangement by notice in writing of not less than three months.", 3, .month, true, true),
        ("This agreement may be terminated by either party giving no less than thirty (30) days written notice.", 30, .day, true, true),
        ("Termination: either Party may end this Agreement with two (2) years' prior written notice.", 2, .year, true, false),
        ("Each Party may terminate this agreement upon giving the other a written notice of 180 days.", 180, .day, true, false),
        ("Les Parties peuvent mettre fin à l'entente moyennant un préavis de cent quatre-vingts jours.", 180, .day, false, false),
        ("La présente entente peut être résiliée par l’une ou l’autre des Parties, au moyen d’un préavis écrit de six\u{00A0}mois.", 6, .month, true, false),
        ("PRÉAVIS : L'ENTENTE PEUT ÊTRE RÉSILIÉE MOYENNANT UN PRÉAVIS ÉCRIT DE DEUX (2) MOIS.", 2, .month, true, false),
        ("Either Party may terminate this Agreement at any time by giving the other Party a year's written notice.", 1, .year, true, false),
        ("This Agreement may be terminated upon four weeks' notice.", 28, .day, false, false),
        ("Chacune des Parties peut y mettre fin moyennant un préavis écrit d'au moins 6 mois.", 6, .month, true, true),
    ])
    func recognises(_ text: String, _ length: Int, _ unit: PeriodUnit, _ written: Bool, _ minimum: Bool) throws {
        let r = try #require(NoticeRecognizer.recognize(text), "not recognised: \(text)")
        #expect(r.period == Period(length, unit), "\(text)")
        #expect(r.written == written, "written: \(text)")
        #expect(r.minimum == minimum, "minimum: \(text)")
        #expect(!r.quote.isEmpty)
    }

    @Test(arguments: [
        "Le comité mixte se réunit au plus tard deux (2) ans après la signature de la présente entente.",
        "The committee shall report within 30 days of receipt of the report.",
        "Les groupes de travail se rencontreront à une fréquence semestrielle.",
        "La présente entente entre en vigueur à la date de la dernière signature. Elle est d'une durée indéterminée.",
        "Notice of each meeting shall be given ten days before the meeting.",
        "Toute disposition de la présente entente peut être modifiée au moyen d'une entente écrite entre les deux Parties.",
        "This Agreement shall remain in force for five (5) years.",
        "Les frais résultant des différentes formes d'actions sont à la charge de la Partie d'origine.",
        "",
        "préavis",
    ])
    func ignores(_ text: String) {
        #expect(NoticeRecognizer.recognize(text) == nil, "recognised: \(text)")
    }

    /// Short forms, repeats in words, fillers, notices split over two sentences, other treaty styles.
    @Test(arguments: [
        ("un préavis de 90 jours", 90, PeriodUnit.day, false, false),
        ("préavis de trois mois", 3, .month, false, false),
        ("préavis d'un an", 1, .year, false, false),
        ("Le préavis est de quatre-vingt-dix jours.", 90, .day, false, false),
        ("Either Party may terminate this Agreement upon 90 (ninety) days' written notice.", 90, .day, true, false),
        ("Une Partie peut y mettre fin moyennant un préavis de 3 (trois) mois.", 3, .month, false, false),
        ("Either party may terminate this Agreement on sixty (60) calendar days written notice.", 60, .day, true, false),
        ("Chacune des Parties peut mettre fin à l'entente avec un préavis minimal de six mois.", 6, .month, false, true),
        ("Either Party may terminate the Agreement by giving not fewer than 30 days' notice.", 30, .day, false, true),
        ("Chacune des Parties peut mettre fin à l'entente au moyen d'un préavis écrit. Ce préavis doit être d'au moins six mois.", 6, .month, true, true),
        ("Either Party may terminate this Agreement. Such termination requires one hundred and eighty days' notice.", 180, .day, false, false),
        ("This Agreement may be terminated by either Party upon twelve months\u{2019} notice in writing to the other Party.", 12, .month, true, false),
        ("Either Party may give the other Party written notice of its intention to terminate this Agreement, such termination to take effect six (6) months after the date of the notice.", 6, .month, true, false),
        ("La présente entente pourra être dénoncée par l'une ou l'autre des Parties moyennant un préavis écrit de six mois adressé à l'autre Partie.", 6, .month, true, false),
        ("Elle demeure en vigueur jusqu'à ce que l'une des Parties la résilie par un avis écrit de soixante-dix jours.", 70, .day, true, false),
        ("Each Party may terminate this Memorandum by a written notification addressed to the other Party at least three months in advance.", 3, .month, true, true),
        ("La présente entente est conclue pour une durée indéterminée. Chacune des Parties peut la résilier en tout temps moyennant un préavis écrit de trente (30) jours.", 30, .day, true, false),
        ("This Arrangement shall remain in effect for five years. Either Participant may terminate it by giving at least one year's written notice.", 1, .year, true, true),
        ("Chaque Partie peut se retirer de l'entente moyennant un préavis écrit d'au moins deux ans.", 2, .year, true, true),
        ("Either Party may withdraw from this Agreement with six-month notice.", 6, .month, false, false),
        ("La résiliation prend effet à l'expiration d'un préavis de quinze jours francs.", 15, .day, false, false),
        ("L'entente peut être résiliée avec un préavis écrit de vingt et un jours.", 21, .day, true, false),
        ("Either Party may terminate this Agreement on twenty-four months\u{2019} prior notice in writing.", 24, .month, true, false),
        ("Either Party may terminate this agreement by providing the other Party with not less than ninety (90) calendar days’ written notice of termination.", 90, .day, true, true),
        ("Chacune des Parties peut mettre fin à la présente entente en tout temps, sur préavis écrit de 6 mois (six) transmis à l'autre Partie.", 6, .month, true, false),
        ("TERMINATION. THIS AGREEMENT MAY BE TERMINATED BY EITHER PARTY ON THIRTY DAYS NOTICE.", 30, .day, false, false),
        ("La présente entente peut être résiliée moyennant un préavis de deux semaines.", 14, .day, false, false),
        ("Le présent protocole peut être dénoncé par écrit, avec un préavis d’une année.", 1, .year, true, false),
    ])
    func recognisesOtherHands(_ text: String, _ length: Int, _ unit: PeriodUnit, _ written: Bool, _ minimum: Bool) throws {
        let r = try #require(NoticeRecognizer.recognize(text), "not recognised: \(text)")
        #expect(r.period == Period(length, unit), "\(text)")
        #expect(r.written == written, "written: \(text)")
        #expect(r.minimum == minimum, "minimum: \(text)")
    }

    @Test(arguments: [
        // A period about something else in one sentence, a bare notice in the next.
        "Le comité mixte se réunit au plus tard deux (2) ans après la signature. Chacune des Parties peut y mettre fin au moyen d'un avis.",
        "Le préavis de convocation des réunions est de dix jours.",
        "Les Parties se consultent avant de donner tout préavis de résiliation.",
        "The Parties shall meet at least twice a year; notice of termination may be given at any time.",
        "Either Party may terminate this Agreement by written notice to the other Party.",
        "L'entente prend fin le 31 mars 2030.",
        "This Agreement shall expire five (5) years after its entry into force.",
        "Avis : les rapports sont transmis dans les trente (30) jours suivant la fin de l'exercice.",
        "The Joint Committee shall meet within six (6) months of the signature of this Agreement.",
        "Chaque Partie désigne un coordonnateur dans un délai de trois mois et en avise l'autre Partie.",
    ])
    func ignoresOtherHands(_ text: String) {
        #expect(NoticeRecognizer.recognize(text) == nil, "recognised: \(text)")
    }

    @Test func quotesTheWordsItRead() throws {
        let r = try #require(NoticeRecognizer.recognize("au moyen d'un préavis écrit d'au moins six (6) mois transmis à l'autre Partie pour y mettre fin"))
        #expect(r.quote == "six (6) mois")
    }
}
