import EntenteCore
import EntenteJSON
@testable import EntenteReports
import Foundation
import Testing

/// Output for programs: long lists are written one element per line, in pieces on several
/// cores; the text must be standard JSON with every element, in order, once.
@Suite struct JSONValueTests {
    func parse(_ bytes: [UInt8]) throws -> Any { try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) }

    @Test(arguments: [0, 1, 2, 19_999, 20_000, 45_001])
    func longListsAreOneElementPerLineInOrder(count: Int) throws {
        let items = Array(0..<count)
        var bytes: [UInt8] = []
        JSONValue.writeLines(count: count, write: { i, out in
            JSONWriter.appending(to: &out) { JSONValue.object([("n", .int(items[i])), ("s", .string("« \(items[i]) »\n\"q\""))]).write(into: &$0) }
        }, emit: { bytes += $0 })
        let parsed = try #require(try parse(bytes) as? [[String: Any]])
        #expect(parsed.map { $0["n"] as? Int } == items.map { $0 })
        #expect(parsed.allSatisfy { ($0["s"] as? String)?.hasSuffix("»\n\"q\"") == true })
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if count > 0 {
            #expect(lines.count == count + 3) // "[", one per element, "]", and the empty tail
            #expect(lines.first == "[" && lines[lines.count - 2] == "]" && lines.last == "")
        }
    }

    /// The package's one escaper writes every string as `JSONEncoder` does (slashes apart):
    /// each control character, `\b` and `\f` included, quotes and backslashes.
    @Test func stringsAreEscapedAsJSONEncoderEscapesThem() throws {
        let all = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\"\\/é🇨🇦\u{7F}\u{2028}"
        for s in [all, "", "plain", "\u{08}\u{0C}"] {
            var w = JSONWriter()
            w.string(s)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            #expect(w.text == String(decoding: try encoder.encode(s), as: UTF8.self))
            #expect(try JSONDecoder().decode(String.self, from: Data(w.out)) == s)
        }
        #expect(JSONValue.string("\u{08}\u{0C}").serialized() == "\"\\b\\f\"")
    }

    @Test func prettyAndLinesSayTheSame() throws {
        let v = JSONValue.array([.object([("a", .null), ("b", .bool(true)), ("c", .array([])), ("d", .string("\u{01}\\"))]), .int(-3)])
        #expect(try parse(Array(v.serialized().utf8)) as? NSArray == parse(v.linesBytes()) as? NSArray)
        #expect(v.serialized(pretty: false) == "[{\"a\":null,\"b\":true,\"c\":[],\"d\":\"\\u0001\\\\\"},-3]")
    }
}

/// `{{%CONTENT_TYPE: HTML}}` escapes byte by byte (swift-mustache's own escaper went through a
/// dictionary of Characters): the same five replacements, every other byte kept.
@Suite struct HTMLEscapingTests {
    @Test func theFiveCharactersAreReplacedAndNothingElse() {
        let e = HTMLEscaping()
        #expect(e.escapeText("") == "")
        #expect(e.escapeText("Québec « Ontario » 🇨🇦") == "Québec « Ontario » 🇨🇦")
        #expect(e.escapeText("<a href=\"x\">R&D's</a>") == "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;")
        // Even when a combining mark follows it (a single Character with "&"), "&" is escaped.
        #expect(e.escapeText("&\u{301}") == "&amp;\u{301}")
    }
}

@Suite struct DeadlineJSONTests {
    /// Written straight into bytes for speed; must be exactly the value's compact text.
    @Test func writtenDeadlinesAreTheValuesText() {
        let day = CivilDate(iso: "2024-11-07")!
        let all = [
            Deadline(agreementID: "quebec-pole-emploi-2022", kind: .biennialReport, title: Localized(fr: "Rapport « biennal »", en: "Biennial \"report\""),
                     due: day, status: .met, source: "art_4__para_5", metBy: Localized(fr: "réunion\\n2", en: "meeting\t2"), metOn: day,
                     note: Localized(fr: "<autre> lecture", en: "other reading"), leadTime: 30),
            Deadline(agreementID: "x", kind: .entryIntoForce, title: Localized(fr: "", en: ""), due: CivilDate(iso: "0005-01-31")!,
                     status: .upcoming, source: "record"),
        ]
        for d in all {
            for lang in [Language.fr, .en] {
                var bytes: [UInt8] = []
                JSONViews.writeDeadline(d, lang: lang, into: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == JSONViews.deadline(d, lang: lang).serialized(pretty: false))
            }
        }
    }
}
