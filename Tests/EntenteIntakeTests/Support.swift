import EntenteCore
@testable import EntenteIntake
import EntenteXML
import Foundation
import Testing

/// Files the intake tests read, found from this source file.
enum Intake {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ name: String) -> String { packageRoot + "/Tests/EntenteIntakeTests/Fixtures/" + name }
    static func agreement(_ name: String) -> String { packageRoot + "/agreements/\(name).xml" }
    static let profileRNG = packageRoot + "/agreements/schema/entente-profile.rng"

    /// The official XSD, kept outside the repository (as Tests/EntenteXMLTests/Fixtures.swift finds it).
    static let schemaPath: String? = [packageRoot + "/../shared/akn/schema/akomantoso30.xsd", "/work/shared/akn/schema/akomantoso30.xsd"]
        .first { FileManager.default.fileExists(atPath: $0) }
    static var schema: AKNSchema? { schemaPath.flatMap { try? AKNSchema.shared(path: $0) } }

    /// On CI a missing tool fails the test instead of skipping it.
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let xmllint = "/usr/bin/xmllint"
    static var hasXmllint: Bool { FileManager.default.fileExists(atPath: xmllint) }
    static let wordList = WordList.system()

    static let today = CivilDate(year: 2026, month: 11, day: 29)!

    static func convert(_ name: String, id: String? = nil, words: Bool = false) throws -> Conversion {
        try Converter.convert(path: fixture(name), options: ConvertOptions(id: id, markupDate: today, wordList: words ? wordList : nil))
    }

    /// `xmllint --relaxng` on a text: exit status and messages.
    static func profileCheck(_ xml: String) throws -> (Int32, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: xmllint)
        p.arguments = ["--noout", "--nonet", "--relaxng", profileRNG, file.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    static func tree(_ xml: String) throws -> XMLElementNode {
        try SafeXMLParser().parseTree(XMLSource(bytes: Array(xml.utf8), fileName: "mem.xml"))
    }
}

/// A unit of an Akoma Ntoso text, for comparing a converted text with a hand-encoded one.
struct Unit: Hashable {
    var element: String
    var eId: String
    var num: String?
    var heading: String?
    /// Own words (nested units left out), folded.
    var words: [String]
}

enum Units {
    static let kinds: Set<String> = ["article", "paragraph", "point", "list", "recital", "formula", "signature"]

    static func fold(_ s: String?) -> String? {
        s.map { TextTools.fold($0).replacingOccurrences(of: "\u{A0}", with: " ").split(separator: " ").joined(separator: " ") }
    }

    static func collect(_ xml: String) throws -> [String: Unit] {
        var out: [String: Unit] = [:]
        func own(_ e: XMLElementNode) -> String {
            var parts: [String] = []
            for c in e.children {
                switch c {
                case .text(let t): parts.append(t)
                case .element(let x):
                    if x.attributes["eId"] != nil && kinds.contains(x.name) { continue }
                    if ["num", "heading"].contains(x.name) { continue }
                    parts.append(" " + own(x) + " ")
                }
            }
            return parts.joined()
        }
        func walk(_ e: XMLElementNode, inBody: Bool) {
            if let id = e.attributes["eId"], kinds.contains(e.name) || (e.name == "p" && (id.hasPrefix("preface") || id.hasPrefix("conclusions"))) {
                let words = TextTools.fold(own(e)).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
                out[id] = Unit(element: e.name, eId: id, num: fold(e.first("num")?.rawText), heading: fold(e.first("heading")?.rawText), words: words)
            }
            for c in e.elements where c.name != "meta" { walk(c, inBody: inBody) }
        }
        walk(try Intake.tree(xml), inBody: false)
        return out
    }

    /// Word overlap (Jaccard) of two units' texts: 1 for the same words.
    static func similarity(_ a: [String], _ b: [String]) -> Double {
        let x = Set(a), y = Set(b)
        if x.isEmpty && y.isEmpty { return 1 }
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    struct Score: CustomStringConvertible {
        var element: String
        var expected = 0
        var matched = 0
        var misses: [String] = []
        var description: String {
            let share = expected == 0 ? 100 : matched * 100 / expected
            return "\(element): \(matched)/\(expected) (\(share) %)" + (misses.isEmpty ? "" : " — \(misses.joined(separator: "; "))")
        }
    }

    /// Per element kind: how many of the hand file's units the converted text has with the
    /// same eId, number, heading and (≥ `threshold` word overlap) text.
    static func compare(converted: String, hand: String, threshold: Double = 0.6) throws -> [String: Score] {
        let c = try collect(converted), h = try collect(hand)
        var scores: [String: Score] = [:]
        for (id, u) in h.sorted(by: { $0.key < $1.key }) {
            var s = scores[u.element] ?? Score(element: u.element)
            s.expected += 1
            if let v = c[id] {
                let sim = similarity(u.words, v.words)
                if u.num == v.num, u.heading == v.heading, sim >= threshold {
                    s.matched += 1
                } else {
                    s.misses.append("\(id): num \(v.num ?? "-")≠\(u.num ?? "-")? heading \(v.heading ?? "-")≠\(u.heading ?? "-")? text \(Int(sim * 100)) %")
                }
            } else {
                s.misses.append("\(id) missing")
            }
            scores[u.element] = s
        }
        return scores
    }
}

/// Tracking items of a text (`ent:` block) as comparable strings: kind, key values, source.
enum Facts {
    static let keys: [String: [String]] = [
        "noticePeriod": ["length", "unit", "form", "minimum"], "onNotice": ["rule"], "entryIntoForce": ["rule"],
        "duration": ["value"], "body": ["ref", "kind", "cadence", "external"], "firstMeeting": ["within", "from", "alternative"],
        "coordinators": ["perParty", "role"], "obligation": ["kind", "every", "trigger", "by", "to", "copyTo"],
        "costs": ["rule"], "amendments": ["form"], "domains": [], "meansOfAction": [],
        // Offices get ids of their own in each file: compared by party and provision.
        "representative": ["party"],
    ]

    static func of(_ xml: String) throws -> Set<String> {
        var out: Set<String> = []
        func walk(_ e: XMLElementNode) {
            if e.namespace == "urn:entente:akn:tracking:1.0", let ks = keys[e.name] {
                let values = ks.compactMap { k in e.attributes[k].map { "\(k)=\($0)" } }.joined(separator: " ")
                out.insert("\(e.name)[\(values)]@\(e.attributes["source"] ?? "-")")
            }
            for c in e.elements { walk(c) }
        }
        walk(try Intake.tree(xml))
        return out
    }
}
