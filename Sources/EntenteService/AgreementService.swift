import EntenteCore
import EntenteReports
import EntenteStorage
import EntenteXML
import Foundation

/// An agreement as shown to people: the stored text's model and its state on the caller's day.
public struct AgreementView: Sendable {
    public var stored: StoredAgreement
    public var state: AgreementState
    /// Recorded events that bring it into force (entry into force on notification).
    public var events: [EntryIntoForceEvent] = []
    /// Termination notices recorded under it, by sending date (the one in effect decides the
    /// end date shown with the state).
    public var notices: [TerminationNotice] = []
}

/// What the dashboard's filters can offer (`AgreementService.dashboardFacets`).
public struct DashboardFacets: Sendable {
    public struct Party: Sendable, Hashable {
        public var id: String
        /// Its name on the caller's day.
        public var name: String
    }
    /// Agreements in all.
    public var count: Int
    public var states: [AgreementState]
    public var parties: [Party]
    /// Kinds of the deadlines still open (not met).
    public var kinds: [DeadlineKind]
}

/// What importing one file did: the agreement stored, or why not.
public struct ImportOutcome: Sendable {
    public var file: String
    public var id: String?
    public var result: ImportResult?
    public var warnings: [String]
    /// Why the file was refused (in the caller's language), nil when imported.
    public var error: String?
}

/// Agreements and their texts: import, the register, one agreement, the dashboard.
public struct AgreementService: Sendable {
    let store: any AgreementStore
    let configuration: ServiceConfiguration
    var views = ViewCache()
    var articles = ArticleTextCache()

    /// Import options; the official schema is compiled once per process, only when needed.
    /// - Throws: `XMLImportError` when the schema file cannot be compiled.
    public func importOptions(strict: Bool) throws -> AKNImportOptions {
        AKNImportOptions(schema: try configuration.schemaPath.map { try AKNSchema.shared(path: $0) }, strict: strict)
    }

    /// Brings in every new or changed `.xml` file of the workspace's `agreements/` folder (a
    /// changed text becomes a new version). Files whose size and modification time are
    /// unchanged are not read (keeps `status` instant). A broken file is skipped.
    /// - Returns: the messages for the files skipped, in the caller's language.
    /// - Throws: `ServiceError.forbidden` when the caller may not import texts.
    public func syncFolder(_ caller: Caller) async throws -> [String] {
        guard let folder = configuration.agreementsFolder else { return [] }
        try caller.require(.importText, on: nil)
        var options: AKNImportOptions?
        var problems: [String] = []
        for file in AgreementFiles.list(in: folder) {
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: file) else { continue }
            let stamp = FileStamp(size: (attrs[.size] as? NSNumber)?.int64Value ?? -1,
                                  mtime: (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
            if try await store.fileStamp(path: file) == stamp { continue }
            do {
                if options == nil { options = try importOptions(strict: false) }
                let r = try AKNImporter.importFile(path: file, options: options!)
                _ = try await store.importAgreement(store.prepare(r.agreement), xml: r.xml, file: file,
                                                    warnings: r.warnings.map { $0.formatted(file: file, caller.lang) }, by: caller.user)
                try await store.recordFileStamp(path: file, stamp, agreementID: r.agreement.id)
            } catch let e as XMLImportError {
                problems.append(e.message(caller.lang))
            }
        }
        return problems
    }

    /// The `.xml` files named, folders expanded to the `.xml` files directly in them.
    /// - Throws: `ServiceError.missingFile`.
    public func files(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { throw ServiceError.missingFile(p) }
            files += isDir.boolValue ? AgreementFiles.list(in: p) : [p]
        }
        return files
    }

    /// Imports texts, one transaction per file, in file order. Files are read, parsed and
    /// encoded on every core while they are stored one by one (`AKNImporter.importFiles`).
    /// - Parameter progress: called with the number of files done so far.
    /// - Throws: `ServiceError.forbidden`, `.missingFile`; a file that fails is reported in its outcome.
    public func importFiles(_ paths: [String], strict: Bool, _ caller: Caller,
                            progress: (Int) -> Void = { _ in }) async throws -> [ImportOutcome] {
        try caller.require(.importText, on: nil)
        let files = try files(in: paths)
        let options = try importOptions(strict: strict)
        let lang = caller.lang
        let store = self.store
        var outcomes: [ImportOutcome] = []
        try await AKNImporter.importFiles(files, options: options, prepare: { r in
            // Only what storing needs crosses to the writer; the model is freed here.
            (r.xml, store.prepare(r.agreement), r.warnings.map { $0.formatted(file: r.fileName, lang) })
        }) { i, result in
            progress(i)
            let file = files[i]
            do {
                let (xml, prepared, warnings) = try result.get()
                let outcome = try await store.importAgreement(prepared, xml: xml, file: file, warnings: warnings, by: caller.user)
                outcomes.append(ImportOutcome(file: file, id: prepared.id, result: outcome, warnings: warnings, error: nil))
            } catch let e as UserFacingError {
                outcomes.append(ImportOutcome(file: file, id: nil, result: nil, warnings: [], error: e.message(lang)))
            }
        }
        return outcomes
    }

    /// The ids of the stored agreements, sorted.
    /// - Throws: `ServiceError.forbidden`.
    public func ids(_ caller: Caller) async throws -> [String] {
        try caller.require(.view, on: nil)
        return try await store.agreementIDs()
    }

    /// One agreement as signed (a given text version, or the latest), with its state.
    /// - Throws: `ServiceError.unknownAgreement`, `.unknownVersion`.
    public func show(_ id: String, version: Int? = nil, _ caller: Caller) async throws -> AgreementView {
        try caller.require(.view, on: id)
        var stored = try await store.require(id)
        if let version, version != stored.version {
            guard let old = try await store.agreement(id: id, version: version) else {
                throw ServiceError.unknownVersion(agreement: id, version: version)
            }
            stored = old
        }
        let history = try await store.history(agreementID: id)
        let events = history.entryIntoForceEvents
        return AgreementView(stored: stored, state: TerminationRules.state(of: stored.agreement, notices: history.notices, events: events, on: caller.asOf),
                             events: events, notices: history.notices.sorted { $0.sentOn < $1.sentOn })
    }

    /// The exact stored text of a version (nil: the latest), as it was imported.
    /// - Throws: `ServiceError.forbidden`, `.unknownAgreement`, `.unknownVersion`.
    public func text(_ id: String, version: Int? = nil, _ caller: Caller) async throws -> String {
        try caller.require(.view, on: id)
        _ = try await store.require(id)
        guard let text = try await store.text(id: id, version: version) else {
            throw ServiceError.unknownVersion(agreement: id, version: version ?? 0)
        }
        return text
    }

    /// The dashboard: each agreement, its state, its deadlines, the earliest end if notice
    /// were given on the caller's day; in the store's order (by id).
    /// - Throws: `ServiceError.forbidden`.
    public func dashboard(leadTimes: [Int], _ caller: Caller) async throws -> [DashboardRow] {
        try await dashboard(leadTimes: leadTimes, order: .stored, caller)
    }

    /// The orders the dashboard's rows come in.
    public enum DashboardOrder: String, Sendable {
        /// By id, as stored.
        case stored
        /// The most pressing first (`DashboardRow.byUrgency`): what a person should look at
        /// first when there are more agreements than fit on a page.
        case urgency
        /// The register's order (répertoire des ententes): French alphabetical order of the
        /// short titles in the caller's language (`FrenchCollation`, the same on every
        /// backend), then by id.
        case title
    }

    /// The dashboard's rows in an order. Kept between calls while nothing is committed to the
    /// database (`ViewCache`): the same rows as computing them afresh, in the same order.
    /// - Throws: `ServiceError.forbidden`.
    public func dashboard(leadTimes: [Int], order: DashboardOrder, _ caller: Caller) async throws -> [DashboardRow] {
        try caller.require(.view, on: nil)
        let mark = try await store.changeMark()
        let base = "\(caller.asOf.iso)|\(leadTimes.map(String.init).joined(separator: ","))"
        let store = self.store
        let views = self.views
        func stored() async throws -> [DashboardRow] {
            try await views.rows(mark: mark, key: "stored|" + base) {
                let engine = DeadlineEngine(leadTimes: leadTimes)
                let histories = try await store.allHistories(activities: false)
                return try await store.agreements(summaries: true).map { s in
                    let h = histories[s.agreement.id] ?? AgreementHistory()
                    return DashboardRow(
                        agreement: s.agreement,
                        state: TerminationRules.state(of: s.agreement, notices: h.notices, events: h.entryIntoForceEvents, on: caller.asOf),
                        deadlines: engine.deadlines(for: s.agreement, history: h, asOf: caller.asOf),
                        earliestEnd: s.agreement.notice == nil ? nil : LifeRules.termination(s.agreement, sent: caller.asOf, events: h.entryIntoForceEvents).end,
                        notices: h.notices, events: h.entryIntoForceEvents)
                }
            }
        }
        switch order {
        case .stored:
            return try await stored()
        case .urgency:
            let rows = try await stored()
            return try await views.rows(mark: mark, key: "urgency|" + base) { DashboardRow.byUrgency(rows) }
        case .title:
            let rows = try await stored()
            let lang = caller.lang
            return try await views.rows(mark: mark, key: "title|\(lang.rawValue)|" + base) {
                FrenchCollation.sorted(rows) { $0.agreement.displayTitle(lang) + "\u{1}" + $0.agreement.id }
            }
        }
    }

    /// The store's change mark (`AgreementStore.changeMark()`), for a face that keeps what it
    /// rendered from the agreements while nothing is committed. With `agreement`, the caller
    /// must be one who may see that agreement (what was kept from it is shown only to them).
    /// - Throws: `ServiceError.forbidden`.
    public func changeMark(for agreement: String? = nil, _ caller: Caller) async throws -> ChangeMark {
        try caller.require(.view, on: agreement)
        return try await store.changeMark()
    }

    /// What the dashboard's filters offer: the states, parties (under their names on the
    /// caller's day, in French alphabetical order) and kinds of open deadlines present among
    /// all agreements. Kept as the rows are.
    /// - Throws: `ServiceError.forbidden`.
    public func dashboardFacets(leadTimes: [Int], _ caller: Caller) async throws -> DashboardFacets {
        // The mark before the rows, never after: facets of older rows must not be kept
        // under a newer mark.
        try caller.require(.view, on: nil)
        let mark = try await store.changeMark()
        let rows = try await dashboard(leadTimes: leadTimes, order: .stored, caller)
        let asOf = caller.asOf
        return try await views.value(mark: mark, key: "facets|\(asOf.iso)|\(leadTimes.map(String.init).joined(separator: ","))") {
            var parties: [String: String] = [:]
            var states = Set<AgreementState>()
            var kinds = Set<DeadlineKind>()
            for r in rows {
                states.insert(r.state)
                for p in r.agreement.parties where parties[p.id] == nil { parties[p.id] = p.name(on: asOf) }
                for d in r.deadlines where d.status != .met { kinds.insert(d.kind) }
            }
            return DashboardFacets(
                count: rows.count,
                states: states.sorted { $0.rawValue < $1.rawValue },
                parties: FrenchCollation.sorted(parties.map { DashboardFacets.Party(id: $0.key, name: $0.value) }) { $0.name + "\u{1}" + $0.id },
                kinds: kinds.sorted { $0.rawValue < $1.rawValue })
        }
    }

    /// The register of agreements (répertoire des ententes): the dashboard's rows in the
    /// register's order (`DashboardOrder.title`).
    /// - Throws: `ServiceError.forbidden`.
    public func register(leadTimes: [Int], _ caller: Caller) async throws -> [DashboardRow] {
        try await dashboard(leadTimes: leadTimes, order: .title, caller)
    }

    /// Every party of the stored agreements, once, under its name on the caller's day, in
    /// French alphabetical order (`FrenchCollation`): for lists and filters.
    /// - Throws: `ServiceError.forbidden`.
    public func parties(_ caller: Caller) async throws -> [(id: String, name: String)] {
        try caller.require(.view, on: nil)
        var seen: [String: String] = [:]
        for s in try await store.agreements(summaries: true) {
            for p in s.agreement.parties where seen[p.id] == nil { seen[p.id] = p.name(on: caller.asOf) }
        }
        return FrenchCollation.sorted(seen.map { (id: $0.key, name: $0.value) }) { $0.name + "\u{1}" + $0.id }
    }
}

/// The agreement texts of a folder.
public enum AgreementFiles {
    /// `.xml` files directly in a folder, sorted; not its subfolders (agreements/schema holds schemas).
    public static func list(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".xml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }
}
