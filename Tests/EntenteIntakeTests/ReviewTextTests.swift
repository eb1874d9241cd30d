import EntenteCore
import EntenteIntake
import EntenteXML
import Testing

/// The left column of the web review: articles, provisions, and the marked phrases.
@Suite struct ReviewTextTests {
    @Test func phrasesAreMarkedSharedAndNeverOverlapping() {
        let text = "Le comité se réunit une fois par an. Il rend un rapport annuel."
        let s = ReviewText.highlight(text, quotes: [(3, "Il rend un rapport annuel."), (0, "Le comité se réunit une fois par an."),
                                                   (5, "Le comité se réunit une fois par an."), (7, "réunit une fois"), (9, "absent")])
        #expect(s.map(\.text).joined() == text, "nothing lost or repeated")
        #expect(s == [TextSegment(text: "Le comité se réunit une fois par an.", facts: [0, 5]), TextSegment(text: " "),
                      TextSegment(text: "Il rend un rapport annuel.", facts: [3])])
        #expect(ReviewText.highlight(text, quotes: []) == [TextSegment(text: text)])
        #expect(ReviewText.highlight("", quotes: [(1, "x")]) == [TextSegment(text: "")])
    }

    @Test func everyQuotedPhraseOfTheSeedIsFoundInItsProvision() throws {
        let c = try Converter.convert(path: Intake.fixture("seed-003-quebec-pole-emploi.txt"),
                                      options: ConvertOptions(id: "pole", markupDate: Intake.today, writesRequiredFacts: false))
        #expect(!c.xml.contains("<ent:noticePeriod"), "the review leaves the tracking facts to the person")
        let articles = try ReviewText.articles(xml: c.xml, fileName: "pole.xml")
        let hand = try AKNImporter.importFile(path: Intake.agreement("quebec-pole-emploi-2022")).agreement
        #expect(articles.map(\.eId) == hand.articles.map(\.eId))
        #expect(articles.allSatisfy { !$0.num.isEmpty && !$0.provisions.isEmpty })
        let e = try Extractor.extract(xml: c.xml, fileName: "pole.xml")
        let provisions = Dictionary(articles.flatMap(\.provisions).map { ($0.eId, $0.text) }, uniquingKeysWith: { a, _ in a })
        var marked = 0
        for (i, p) in e.proposals.enumerated() {
            guard let src = p.source, let q = p.quote, let text = provisions[src] else { continue }
            #expect(text.contains(q), "\(p.kind) \(src)")
            if ReviewText.highlight(text, quotes: [(i, q)]).contains(where: { $0.facts == [i] }) { marked += 1 }
        }
        #expect(marked >= 5, "\(marked) phrases marked")
    }
}
