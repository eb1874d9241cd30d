import EntenteCore
import Foundation

/// Adds proposed facts to a text's `meta/proprietary[@source='#entente']` block
/// (docs/tracking-metadata.md), creating it when absent, and the `TLCOrganization` /
/// `TLCRole` entries the facts point at. Facts already in the block (same item, same body
/// or obligation kind) are kept as they are: a person's confirmed facts are never overwritten.
public enum TrackingBlock {
    static let ns = "urn:entente:akn:tracking:1.0"

    /// The text with the facts added; unchanged when there is nothing new.
    public static func insert(_ proposals: [FactProposal], references: [ReferenceNeed] = [], into xml: String) -> String {
        var x = xml
        var prefix = "ent"
        if let m = x.firstMatch(#"xmlns:([A-Za-z_][\w.-]*)="urn:entente:akn:tracking:1\.0""#) { prefix = m[1]! }
        let existing = x.range(of: "</\(prefix):agreement>")
        func present(_ p: FactProposal) -> Bool {
            guard existing != nil else { return false }
            switch p.kind {
            case "body": return p.value("ref").map { x.contains("\(prefix):ref=\"\($0)\"") } ?? false
            case "obligation": return p.value("kind").map { x.contains("\(prefix):kind=\"\($0)\"") && x.contains("<\(prefix):obligation") } ?? false
            case "firstMeeting", "coordinators": return x.contains("<\(prefix):\(p.kind)")
            case "representative":
                return x.contains("<\(prefix):representative \(prefix):party=\"\(p.value("party") ?? "")\" \(prefix):role=\"\(p.value("role") ?? "")\"")
            default: return x.contains("<\(prefix):\(p.kind) ") || x.contains("<\(prefix):\(p.kind)/")
            }
        }
        let fresh = proposals.filter { $0.writable && !present($0) }
        let top = fresh.filter { $0.parent == nil }
        let nested = fresh.filter { $0.parent != nil }
        guard !top.isEmpty || !nested.isEmpty else { return x }

        func item(_ p: FactProposal, indent: String) -> String {
            var s = "\(indent)<\(prefix):\(p.kind)"
            for a in p.attributes { s += " \(prefix):\(a.name)=\"\(AKNWriter.esc(a.value))\"" }
            if let src = p.source { s += " \(prefix):source=\"#\(AKNWriter.esc(src))\"" }
            let children = nested.filter { $0.parent != nil && $0.parent == p.value("ref") && p.kind == "body" }
            if children.isEmpty { return s + "/>\n" }
            s += ">\n"
            for c in children { s += item(c, indent: indent + "  ") }
            return s + "\(indent)</\(prefix):\(p.kind)>\n"
        }
        var lines = ""
        for p in top { lines += item(p, indent: "          ") }
        // Nested items whose body is already in the block: into it.
        for n in nested where !top.contains(where: { $0.kind == "body" && $0.value("ref") == n.parent }) {
            guard let parent = n.parent, let bodyStart = x.range(of: "\(prefix):ref=\"\(parent)\"") else { continue }
            if let selfClose = x.range(of: "/>", range: bodyStart.upperBound..<x.endIndex),
               x.range(of: ">", range: bodyStart.upperBound..<x.endIndex)!.lowerBound == x.index(after: selfClose.lowerBound) {
                x.replaceSubrange(selfClose, with: ">\n\(item(n, indent: "            "))          </\(prefix):body>")
            } else if let close = x.range(of: "</\(prefix):body>", range: bodyStart.upperBound..<x.endIndex) {
                x.insert(contentsOf: item(n, indent: "            "), at: close.lowerBound)
            }
        }
        let comment = "          <!-- Proposed by entente extract from the text (each item cites its provision); reviewed by a person. -->\n"
        if let end = x.range(of: "</\(prefix):agreement>") {
            var at = end.lowerBound
            while at > x.startIndex, x[x.index(before: at)] == " " { at = x.index(before: at) }
            if !lines.isEmpty { x.insert(contentsOf: comment + lines, at: at) }
        } else if let metaEnd = x.range(of: "</meta>") {
            let at = x.range(of: "<presentation")?.lowerBound ?? metaEnd.lowerBound
            var lineStart = at
            while lineStart > x.startIndex, x[x.index(before: lineStart)] == " " { lineStart = x.index(before: lineStart) }
            let block = "      <proprietary source=\"#entente\">\n        <\(prefix):agreement xmlns:\(prefix)=\"\(ns)\" \(prefix):version=\"1\">\n"
                + comment + lines + "        </\(prefix):agreement>\n      </proprietary>\n"
            x.insert(contentsOf: block, at: lineStart)
        }
        // The bodies and offices the facts point at.
        var tlc = ""
        for r in Set(references).sorted(by: { $0.eId < $1.eId }) where !x.contains("eId=\"\(r.eId)\"") {
            let kind = r.element == "TLCRole" ? "role" : "organization"
            tlc += "        <\(r.element) eId=\"\(r.eId)\" href=\"/ontology/\(kind)/\(r.eId)\" showAs=\"\(AKNWriter.esc(r.showAs))\"/>\n"
        }
        if !tlc.isEmpty, let refEnd = x.range(of: "</references>") {
            var at = refEnd.lowerBound
            while at > x.startIndex, x[x.index(before: at)] == " " { at = x.index(before: at) }
            x.insert(contentsOf: tlc, at: at)
        }
        return x
    }
}
