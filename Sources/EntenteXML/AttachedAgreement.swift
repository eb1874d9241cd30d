import CLibXML2
import EntenteCore

/// The act that approved an agreement published as its attachment (a law, a decree):
/// a fact of the agreement's life, kept with it.
public struct ApprovingAct: Sendable, Hashable, Codable {
    /// `act`, `bill`, `doc`… and its `name` attribute.
    public var documentType: String
    /// The act's own date (`FRBRWork/FRBRdate`), when it has one.
    public var date: CivilDate?
    /// Its reference: the work URI (`/akn/lu/act/2019-07-12/42`) or its number.
    public var reference: String?
    public var title: String?
    /// Which attachment(s) held the agreement, said for people ("attachment 1 of 2 (fra)").
    public var taken: Localized
}

/// A pre-step of the import (kept out of `AgreementMapper`): when a file's document is not
/// `<doc name="agreement">` but an act whose `attachments` hold the agreement — as
/// parliaments publish the treaties they approve (Luxembourg, Italy) — the agreement is
/// lifted out into a document of its own, in one of three shapes:
/// 1. one attachment `doc` holding the whole agreement (preface with the parties, articles, conclusions);
/// 2. one `doc` per article: the one with the preface gives meta, preface and preamble, every
///    attachment gives its articles in order, the one with conclusions gives them;
/// 3. the text in two languages (one attachment per `FRBRlanguage`): the act's language is
///    taken (else French), the other is named as left aside.
/// The act's date and reference are kept as a lifecycle event (`evt_approbation`, with a
/// `passiveRef` to the act) in the agreement's text, and returned as `ApprovingAct`.
enum AttachedAgreement {
    struct Picked {
        var xml: String
        var act: ApprovingAct
    }

    static func localName(_ n: xmlNodePtr) -> String { xmlString(n.pointee.name) ?? "" }

    static func elements(_ n: xmlNodePtr?) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var c = n?.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE, Node(p: x).inNS(.akn) { out.append(x) }
            c = x.pointee.next
        }
        return out
    }

    static func child(_ n: xmlNodePtr?, _ name: String) -> xmlNodePtr? { elements(n).first { localName($0) == name } }

    static func descendants(_ n: xmlNodePtr, _ name: String, into out: inout [xmlNodePtr]) {
        for c in elements(n) {
            if localName(c) == name { out.append(c); continue }
            descendants(c, name, into: &out)
        }
    }

    static func plainAttr(_ n: xmlNodePtr, _ name: String) -> String? {
        guard let v = xmlGetProp(n, name) else { return nil }
        defer { cxml_free(v) }
        return String(cString: v)
    }

    static func language(_ doc: xmlNodePtr) -> String? {
        child(child(child(child(doc, "meta"), "identification"), "FRBRExpression"), "FRBRlanguage").flatMap { plainAttr($0, "language") }
    }

    static func articles(_ doc: xmlNodePtr) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        descendants(doc, "article", into: &out)
        return out
    }

    static func partyCount(_ doc: xmlNodePtr) -> Int {
        guard let preface = child(doc, "preface") else { return 0 }
        var out: [xmlNodePtr] = []
        descendants(preface, "party", into: &out)
        return out.count
    }

    /// The agreement inside `root`'s attachments, or nil when the document is an agreement
    /// itself or holds none.
    static func pick(root: Node) -> Picked? {
        guard let top = elements(root.p).first else { return nil }
        if localName(top) == "doc", plainAttr(top, "name") == "agreement" { return nil }
        var attachments: [xmlNodePtr] = []
        descendants(top, "attachment", into: &attachments)
        let docs: [(index: Int, doc: xmlNodePtr)] = attachments.enumerated().compactMap { k, a in
            elements(a).first { ["doc", "act", "bill", "statement", "portion"].contains(localName($0)) }.map { (k + 1, $0) }
        }
        let candidates = docs.filter { !articles($0.doc).isEmpty }
        guard !candidates.isEmpty else { return nil }

        // The act itself.
        let work = child(child(child(top, "meta"), "identification"), "FRBRWork")
        let actLanguage = language(top)
        let dateText = child(work, "FRBRdate").flatMap { plainAttr($0, "date") }
        let reference = child(work, "FRBRuri").flatMap { plainAttr($0, "value") } ?? child(work, "FRBRnumber").flatMap { plainAttr($0, "value") }
        let title = child(work, "FRBRname").flatMap { plainAttr($0, "value") }
        let typeName = localName(top) + (plainAttr(top, "name").map { " name=\"\($0)\"" } ?? "")

        // Two languages: the act's (else French), the other left aside.
        let languages = Array(Set(candidates.compactMap { language($0.doc) })).sorted()
        var chosen = candidates
        var languageNote = ""
        if languages.count > 1 {
            let want = languages.contains(actLanguage ?? "") ? actLanguage! : (languages.contains("fra") ? "fra" : languages[0])
            chosen = candidates.filter { language($0.doc) == want }
            languageNote = " (\(want); " + languages.filter { $0 != want }.joined(separator: ", ") + " left aside / laissé de côté)"
        }
        let whole = chosen.filter { partyCount($0.doc) >= 2 || plainAttr($0.doc, "name") == "agreement" }
        let lead = whole.first ?? chosen[0]
        let assemble = chosen.count > 1 && chosen.filter { child($0.doc, "preface") != nil }.count <= 1
            && chosen.allSatisfy { articles($0.doc).count <= 2 }

        // A fresh document: akomaNtoso / doc name="agreement", copies of the chosen parts.
        guard let newDoc = xmlNewDoc("1.0") else { return nil }
        defer { xmlFreeDoc(newDoc) }
        let rootNode = xmlNewNode(nil, "akomaNtoso")!
        let ns = xmlNewNs(rootNode, AKN.namespace, nil)
        xmlSetNs(rootNode, ns)
        xmlDocSetRootElement(newDoc, rootNode)
        let agreement = xmlNewChild(rootNode, ns, "doc", nil)!
        xmlSetProp(agreement, "name", "agreement")
        func copy(_ n: xmlNodePtr, into parent: xmlNodePtr) {
            if let c = xmlDocCopyNode(n, newDoc, 1) { xmlAddChild(parent, c) }
        }
        let parts = assemble ? chosen.map(\.doc) : [lead.doc]
        let withPreface = parts.first { child($0, "preface") != nil } ?? parts[0]
        if let meta = child(withPreface, "meta") { copy(meta, into: agreement) }
        for name in ["coverPage", "preface", "preamble"] { if let n = child(withPreface, name) { copy(n, into: agreement) } }
        if assemble {
            let body = xmlNewChild(agreement, ns, "mainBody", nil)!
            for d in parts { for a in articles(d) { copy(a, into: body) } }
        } else if let body = child(lead.doc, "mainBody") ?? child(lead.doc, "body") {
            copy(body, into: agreement)
            if localName(body) == "body", let last = agreement.pointee.last { xmlNodeSetName(last, "mainBody") }
        }
        if let conclusions = parts.reversed().compactMap({ child($0, "conclusions") }).first { copy(conclusions, into: agreement) }
        xmlReconciliateNs(newDoc, rootNode)

        // The act as a fact of the agreement's life: a lifecycle event and a reference to it.
        let date = dateText.flatMap { CivilDate(iso: String($0.prefix(10))) }
        if let meta = child(agreement, "meta") {
            if let date {
                var lifecycle = child(meta, "lifecycle")
                if lifecycle == nil {
                    lifecycle = xmlNewNode(ns, "lifecycle")
                    xmlSetProp(lifecycle, "source", "#entente")
                    // After identification/publication/classification, as AKN orders meta.
                    let after = elements(meta).last { ["identification", "publication", "classification"].contains(localName($0)) }
                    if let after { xmlAddNextSibling(after, lifecycle) } else { xmlAddChild(meta, lifecycle) }
                }
                let ev = xmlNewChild(lifecycle, ns, "eventRef", nil)!
                xmlSetProp(ev, "eId", "evt_approbation")
                xmlSetProp(ev, "date", date.iso)
                xmlSetProp(ev, "source", "#src_acte_approbation")
                xmlSetProp(ev, "refersTo", "#approbation")
            }
            var references = child(meta, "references")
            if references == nil {
                references = xmlNewChild(meta, ns, "references", nil)
                xmlSetProp(references, "source", "#entente")
            }
            if let references {
                let src = xmlNewNode(ns, "passiveRef")!
                xmlSetProp(src, "eId", "src_acte_approbation")
                xmlSetProp(src, "href", reference ?? "#")
                xmlSetProp(src, "showAs", title ?? typeName)
                // passiveRef before the TLC* entries, as the schema orders references.
                if let firstTLC = elements(references).first(where: { localName($0).hasPrefix("TLC") }) {
                    xmlAddPrevSibling(firstTLC, src)
                } else {
                    xmlAddChild(references, src)
                }
                if date != nil {
                    let ev = xmlNewChild(references, ns, "TLCEvent", nil)!
                    xmlSetProp(ev, "eId", "approbation")
                    xmlSetProp(ev, "href", "/ontology/event/approbation")
                    xmlSetProp(ev, "showAs", "Approbation")
                }
            }
        }
        var mem: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(newDoc, &mem, &size, "UTF-8", 1)
        guard let mem else { return nil }
        defer { cxml_free(mem) }
        let xml = String(decoding: UnsafeBufferPointer(start: mem, count: Int(size)), as: UTF8.self)

        let total = docs.count
        let which: Localized
        if assemble {
            let list = parts.compactMap { p in chosen.first { $0.doc == p }?.index }.map(String.init).joined(separator: ", ")
            which = Localized(fr: "entente reconstituée à partir des annexes \(list) sur \(total) (un article par annexe)\(languageNote)",
                              en: "agreement assembled from attachments \(list) of \(total) (one article each)\(languageNote)")
        } else {
            which = Localized(fr: "entente prise dans l'annexe \(lead.index) sur \(total)\(languageNote)",
                              en: "agreement taken from attachment \(lead.index) of \(total)\(languageNote)")
        }
        return Picked(xml: xml, act: ApprovingAct(documentType: typeName, date: date, reference: reference, title: title, taken: which))
    }
}
