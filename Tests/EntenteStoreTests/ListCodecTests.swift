import EntenteCore
@testable import EntenteStore
import Foundation
import Testing

/// The activity list columns are written and read by hand for speed; these tests hold them to
/// what `JSONEncoder`/`JSONDecoder` write and read, so rows written either way stay readable.
@Suite struct ListCodecTests {
    static let awkward = ["", "plain", "guillemets « » et \"quotes\"", "back\\slash", "a/b", "line\nbreak\ttab\r",
                          "\u{01}\u{1F}", "back\u{08}space form\u{0C}feed", "émoji 🇨🇦 日本", "\\u00e9 literally"]

    static let richActivity = Activity(
        id: 42, agreementID: "quebec-pole-emploi-2022", title: "Mission « Paris » \"2025\"", description: "ligne 1\nligne 2 / fin\u{08}\u{0C}",
        start: CivilDate(iso: "2025-02-03")!, end: CivilDate(iso: "2025-02-07")!, domains: ["2.1", "4"], meansOfAction: ["4"],
        parties: ["gouvernement-quebec", "pole-emploi"],
        participants: [Participant(name: "Zoé \\ Tremblay", party: "gouvernement-quebec", role: "analyste"), Participant(name: "Luc", party: "pole-emploi")],
        costs: [Cost(amountMinor: 9_007_199_254_740_993, currency: "EUR", party: "pole-emploi", label: "Vols 🛫"),
                Cost(amountMinor: 0, currency: "CAD", party: "gouvernement-quebec")],
        status: .underWay, outcomes: "Rapport", planItemID: 7)

    func encoded<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    @Test func stringListsRoundTripBothWays() throws {
        let list = Self.awkward
        let mine = ListCodec.strings(list)
        #expect(ListCodec.readStrings(mine) == list)
        #expect(try JSONDecoder().decode([String].self, from: Data(mine.utf8)) == list)
        #expect(ListCodec.readStrings(try encoded(list)) == list)
        #expect(ListCodec.readStrings(" [ \"a\" , \"\\u00e9\\ud83c\\udde8\" ] ") == ["a", "é🇨"])
        #expect(ListCodec.readStrings("[]") == [] && ListCodec.strings([]) == "[]")
    }

    @Test func participantsAndCostsRoundTripBothWays() throws {
        let a = Self.richActivity
        #expect(ListCodec.readParticipants(ListCodec.participants(a.participants)) == a.participants)
        #expect(ListCodec.readParticipants(try encoded(a.participants)) == a.participants)
        #expect(try JSONDecoder().decode([Participant].self, from: Data(ListCodec.participants(a.participants).utf8)) == a.participants)
        #expect(ListCodec.readCosts(ListCodec.costs(a.costs)) == a.costs)
        #expect(ListCodec.readCosts(try encoded(a.costs)) == a.costs)
        #expect(try JSONDecoder().decode([Cost].self, from: Data(ListCodec.costs(a.costs).utf8)) == a.costs)
        #expect(ListCodec.costs([Cost(amountMinor: -5, currency: "CAD", party: "p")]) == "[{\"amountMinor\":-5,\"currency\":\"CAD\",\"party\":\"p\"}]")
        #expect(ListCodec.readCosts("[{\"amountMinor\":-5,\"currency\":\"CAD\",\"party\":\"p\",\"label\":null}]")
                == [Cost(amountMinor: -5, currency: "CAD", party: "p")])
    }

    @Test func unexpectedTextIsRefusedSoTheCallerFallsBack() {
        for bad in ["", "[", "[\"a\"", "[\"a\",]", "[\"a\"] x", "{\"a\":1}", "[1]", "[\"\\x\"]", "[\"\\ud800\"]", "[\"a\nb\"]"] {
            #expect(ListCodec.readStrings(bad) == nil, "\(bad)")
        }
        for bad in ["[{\"amountMinor\":1.5,\"currency\":\"CAD\",\"party\":\"p\"}]", "[{\"amountMinor\":99999999999999999999,\"currency\":\"CAD\",\"party\":\"p\"}]",
                    "[{\"currency\":\"CAD\",\"party\":\"p\"}]", "[{\"amountMinor\":1,\"currency\":\"CAD\",\"party\":{\"id\":\"p\"}}]"] {
            #expect(ListCodec.readCosts(bad) == nil, "\(bad)")
        }
        #expect(ListCodec.readParticipants("[{\"name\":\"x\"}]") == nil)
        // Rows still read through JSONDecoder when the fast reader gives up.
        #expect(Rows.strings("[\"a\", true]") == [])
        #expect(Rows.strings(nil) == [])
    }

    @Test func anActivityForTheAuditLogIsWhatJSONEncoderWrites() throws {
        for a in [Self.richActivity, Activity(agreementID: "x", title: "t", start: CivilDate(iso: "2025-01-01")!)] {
            let mine = ListCodec.activity(a)
            #expect(try JSONDecoder().decode(Activity.self, from: Data(mine.utf8)) == a)
            // Same text apart from the slash JSONEncoder escapes.
            #expect(mine == (try encoded(a)).replacingOccurrences(of: "\\/", with: "/"))
        }
    }
}
