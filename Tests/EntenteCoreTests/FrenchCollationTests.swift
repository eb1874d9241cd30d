import EntenteCore
import Testing

@Suite struct FrenchCollationTests {
    /// The order a French reader expects (and ICU's `fr-CA`, measured on PostgreSQL 15, gives
    /// for every name here but the quoted one, which ICU puts first).
    static let expected = ["cote", "côte", "coté", "côté", "Ecole", "école", "Eté", "été", "Été", "ile", "Île",
                           "« Île-du-Prince-Édouard »", "oeuvre", "Œuvre", "Ontario", "Zoé"]

    @Test func sortsAccentsCaseLigaturesAndQuotesTheFrenchWay() {
        // Whatever the input order: reversed, rotated, and Swift's own order (Zoé before école).
        for input in [Self.expected.reversed(), Array(Self.expected[7...] + Self.expected[..<7]), Self.expected.sorted()] {
            #expect(input.sorted(by: FrenchCollation.areInIncreasingOrder) == Self.expected)
            #expect(FrenchCollation.sorted(input) { $0 } == Self.expected)
        }
        #expect(["Zoé", "école"].sorted() == ["Zoé", "école"]) // why a rule is needed at all
    }

    @Test func accentsAreComparedFromTheEndOfTheWord() {
        // Canadian French: the last accent decides first (coté < côte would be French of France's newer rule).
        #expect(FrenchCollation.areInIncreasingOrder("côte", "coté"))
        #expect(!FrenchCollation.areInIncreasingOrder("coté", "côte"))
    }

    @Test func theOrderIsTotalAndStable() {
        // Equal at every level but the text: still ordered, never equal, for distinct strings.
        #expect(FrenchCollation.key("de la") != FrenchCollation.key("dela"))
        #expect(FrenchCollation.areInIncreasingOrder("de la", "dela") != FrenchCollation.areInIncreasingOrder("dela", "de la"))
        #expect(FrenchCollation.key("Île") == FrenchCollation.key("Île"))
        // A decomposed accent (e + U+0301, as some PDFs paste it) is the same accented letter.
        #expect(["étf", "Éte", "e\u{301}te", "ete"].sorted(by: FrenchCollation.areInIncreasingOrder) == ["ete", "e\u{301}te", "Éte", "étf"])
    }
}
