import EntenteCore
@testable import EntenteStore
import EntenteXML
import Foundation
import Testing

/// Stored models are written by hand (`AgreementJSON`) for speed; these tests hold the text to
/// what `JSONEncoder` with sorted keys writes, so rows written by either read the same.
@Suite struct AgreementJSONTests {
    static let agreementsDir: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/agreements"
    }()

    func foundation<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    func realAgreements() throws -> [Agreement] {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.agreementsDir).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files.count >= 2)
        return try files.map { try AKNImporter.importFile(path: Self.agreementsDir + "/" + $0).agreement }
    }

    /// Every field set, none left at its default: a field added to the model but not to the
    /// hand-written `AgreementJSON` makes `everyFieldIsSet` or the comparison fail.
    static let full: Agreement = {
        let ref = ProvisionRef(eId: "art_1", num: "1")
        var a = Agreement(id: "full « \"x\" »")
        a.titles = [AgreementTitle(language: .fr, text: "Entente / titre"), AgreementTitle(language: .en, text: "Title", official: false)]
        a.language = .fr
        a.languageCode = "fra"
        a.workURI = "/akn/ca-qc/doc/agreement/2022-06-22/1"
        a.expressionURI = "/akn/ca-qc/doc/agreement/2022-06-22/1/fra@"
        a.referenceNumber = "2022-01"
        a.shortTitle = "Court"
        a.parties = [Party(id: "pole-emploi", name: "Pôle emploi", laterNames: [PartyName(name: "France Travail", from: CivilDate(iso: "2024-01-01"))])]
        a.representatives = [Representative(party: "pole-emploi", person: "Luc", role: "coordonnateur", source: ref)]
        a.signatures = [Signature(party: "pole-emploi", signatory: "Zoé", role: "directrice", place: "Paris", date: CivilDate(iso: "2022-11-07"),
                                  basis: .text, sourceNote: "note")]
        a.entryIntoForce = EntryIntoForce(rule: .firstDayOfNthMonth, date: CivilDate(iso: "2022-11-07"), source: ref, anchor: .lastNotification,
                                          period: Period(3, .month), nth: 2, party: "pole-emploi", quote: "premier jour du deuxième mois",
                                          alternative: Localized(fr: "autre « lecture »", en: "other \"reading\""))
        a.duration = "P5Y"
        a.notice = NoticeClause(period: Period(6, .month), written: true, minimum: true, source: ref, basis: .metadata, quote: "six mois",
                                timing: .beforeExpiry, effect: .followingDec31, countsFrom: .receipt, notBefore: Period(3, .year),
                                restricts: .effect, alternative: Localized(fr: "strict", en: "strict"))
        a.term = Term(kind: .fixed, length: Period(15, .year), until: CivilDate(iso: "2031-05-02"),
                      renewal: Renewal(period: Period(10, .year), tacit: true, successive: false), source: ref, quote: "quinze ans",
                      basis: .text, alternative: Localized(fr: "une seule", en: "one only"))
        a.unrecognised = [UnrecognisedClause(kind: .entryIntoForce, source: ref, quote: "entre en vigueur selon les usages")]
        a.onNotice = .completeOngoingJointProjects
        a.domains = [Domain(eId: "d1", num: "1", printedNum: "1°", heading: "Emploi", text: "texte",
                            items: [Domain(eId: "d1a", num: "1.1", printedNum: "a)", heading: "Sous", text: "t")])]
        a.meansOfAction = [MeansOfAction(eId: "m1", num: "1", text: "missions")]
        a.bodies = [Body(id: "comite-mixte", kind: .jointCommittee, name: "Comité mixte", external: true, firstMeetingWithin: Period(2, .year),
                         firstMeetingFrom: .lastSignature, firstMeetingAlternative: .firstSignature, cadence: Period(6, .month),
                         coordinatorsPerParty: 1, source: ref)]
        a.obligations = [Obligation(kind: .progressReport, every: Period(2, .year), triggers: [.beforeEachMeeting, .onRequest],
                                    by: "representatives", to: "comite", copyTo: "commission", source: ref)]
        a.costRule = .ownParticipants
        a.amendmentsInWriting = ref
        a.recitals = ["Considérant « a »", "b\nc"]
        a.articles = [ArticleSummary(eId: "art_1", num: "1", heading: "Objet")]
        return a
    }()

    @Test func everyFieldIsSet() {
        // A field counts as set when at least one element of a list has it (a party's first
        // name has no start date; the deepest domain has no items).
        var set: Set<String> = [], seen: Set<String> = []
        func visit(_ value: Any, _ path: String) {
            for child in Mirror(reflecting: value).children {
                let name = "\(path).\(child.label ?? "?")"
                seen.insert(name)
                var inner: Any? = child.value
                let m = Mirror(reflecting: child.value)
                if m.displayStyle == .optional { inner = m.children.first?.value }
                guard let inner else { continue }
                if let list = inner as? [Any] {
                    if !list.isEmpty { set.insert(name) }
                    for e in list where Mirror(reflecting: e).displayStyle == .struct { visit(e, name) }
                } else {
                    set.insert(name)
                    if Mirror(reflecting: inner).displayStyle == .struct { visit(inner, name) }
                }
            }
        }
        visit(Self.full, "Agreement")
        #expect(seen.count > 60)
        #expect(seen.subtracting(set).subtracting(["Agreement.domains.items.items"]).sorted() == [])
    }

    @Test func agreementsAreWrittenByHandAsJSONEncoderWritesThem() throws {
        for a in try realAgreements() + [Self.full] {
            for value in [a, a.summary] {
                let mine = AgreementJSON.encode(value)
                #expect(mine == (try foundation(value)), "\(a.id)")
                #expect(try JSONDecoder().decode(Agreement.self, from: Data(mine.utf8)) == value)
                #expect(AgreementJSON.decode(mine) == value)
                let both = AgreementJSON.encodeWithSummary(value)
                #expect(both.model == mine && both.summary == AgreementJSON.encode(value.summary))
                #expect(AgreementJSON.decode(try foundation(value).replacingOccurrences(of: "/", with: "\\/")) == value)
            }
        }
    }

    @Test func awkwardTextIsEscapedAsJSONEncoderEscapesIt() throws {
        var a = Self.full
        a.recitals = ListCodecTests.awkward + ["\u{08}\u{0C}\u{7F}", "clé\"}{][", "</p>"]
        a.titles[0].text = "« Entente » \\ \"citée\"\n\t/"
        let mine = AgreementJSON.encode(a)
        #expect(mine == (try foundation(a)))
        #expect(try JSONDecoder().decode(Agreement.self, from: Data(mine.utf8)) == a)
        #expect(AgreementJSON.decode(mine) == a)
    }

    @Test func readingSkipsUnknownFieldsAndRefusesWhatIsNotAnAgreement() throws {
        let mine = AgreementJSON.encode(Self.full)
        let later = "{\"addedLater\":{\"x\":[1,2.5e3,true,null,\"s\"]}," + mine.dropFirst()
        #expect(AgreementJSON.decode(later) == Self.full)
        #expect(AgreementJSON.decode("{\"id\": 3}") == nil)
        #expect(AgreementJSON.decode(String(mine.dropLast())) == nil)
        #expect(AgreementJSON.decode(mine.replacingOccurrences(of: "\"month\"", with: "\"fortnight\"")) == nil)
        #expect(AgreementJSON.decode(mine + "x") == nil)
    }
}
