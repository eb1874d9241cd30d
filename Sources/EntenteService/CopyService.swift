import EntenteCore
import EntenteStorage
import Foundation

/// One table set as copied: rows and content checksum read back from each side.
public struct CopiedTable: Sendable, Equatable {
    /// Domain name of the set (`activities`, `audit`, …), the same on every backend.
    public var name: String
    public var sourceRows: Int
    public var targetRows: Int
    /// FNV-1a 64 of the set's canonical JSON (one record per line, keys sorted, by number),
    /// 16 hex digits: equal on both sides when every field of every record arrived unchanged.
    public var sourceChecksum: String
    public var targetChecksum: String

    public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
}

/// What `entente db copy` did.
public struct CopyReport: Sendable {
    public var tables: [CopiedTable]
    public var matches: Bool { tables.allSatisfy(\.matches) }

    public func describe(_ lang: Language) -> String {
        let fr = lang == .fr
        var lines = [fr ? "ensemble              lignes (source → cible)   somme de contrôle (source → cible)"
                        : "set                   rows (source → target)    checksum (source → target)"]
        for t in tables {
            let name = t.name.padding(toLength: 21, withPad: " ", startingAt: 0)
            let rows = "\(t.sourceRows) → \(t.targetRows)".padding(toLength: 25, withPad: " ", startingAt: 0)
            lines.append("\(name) \(rows) \(t.sourceChecksum) → \(t.targetChecksum)\(t.matches ? "" : (fr ? "  DIFFÉRENT" : "  DIFFERENT"))")
        }
        lines.append(fr ? "Non copiés : les sessions de navigateur et les compteurs d'échecs de connexion, tenue à jour éphémère d'un serveur (une copie, comme une sauvegarde, n'ouvre aucune session); on se reconnecte sur la cible."
                        : "Not copied: browser sessions and failed sign-in counters, a server's short-lived bookkeeping (a copy, like a backup, opens no session); people sign in again on the target.")
        lines.append(matches ? (fr ? "Copie complète : chaque ensemble est identique des deux côtés." : "Copy complete: every set is identical on both sides.")
                             : (fr ? "PROBLÈME : la cible diffère de la source." : "PROBLEM: the target differs from the source."))
        return lines.joined(separator: "\n")
    }
}

/// Moving a whole database from one backend to another (SQLite ↔ PostgreSQL).
public struct CopyService: Sendable {
    let store: any AgreementStore

    /// Copies everything `store` holds into `target`, which must be empty: texts and versions,
    /// records with their numbers, the audit log as written. The source is read in one view,
    /// the target written in one transaction (a failed copy leaves it empty), then read back:
    /// the report compares rows and checksums of each set on both sides.
    /// - Throws: `StoreError.mismatch` when the target is not empty (nothing written), and the
    ///   stores' errors. A target that reads back differently is reported, not thrown
    ///   (`CopyReport.matches`; the command then exits 1).
    public func copy(to target: any AgreementStore) async throws -> CopyReport {
        let source = try await store.exportAll()
        try await target.importAll(source)
        let written = try await target.exportAll()
        let a = Self.sets(source), b = Self.sets(written)
        return CopyReport(tables: a.indices.map { i in
            CopiedTable(name: a[i].name, sourceRows: a[i].rows, targetRows: b[i].rows,
                        sourceChecksum: a[i].checksum, targetChecksum: b[i].checksum)
        })
    }

    /// Each set's name, row count and checksum.
    static func sets(_ s: StoreSnapshot) -> [(name: String, rows: Int, checksum: String)] {
        func set<T: Encodable>(_ name: String, _ rows: [T]) -> (name: String, rows: Int, checksum: String) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var hash = FNV1a()
            for r in rows {
                hash.add((try? encoder.encode(r)) ?? Data())
                hash.add([0x0A])
            }
            return (name, rows.count, hash.hex)
        }
        let items = s.plans.flatMap { p in p.items.map { PlanItemRow(planID: p.id, item: $0) } }
        var plans = s.plans
        for i in plans.indices { plans[i].items = [] }
        return [
            set("agreement-versions", s.versions), set("file-stamps", s.fileStamps), set("plans", plans), set("plan-items", items),
            set("biennial-reports", s.biennialReports), set("meetings", s.meetings), set("activities", s.activities),
            set("progress-requests", s.progressRequests), set("progress-reports", s.progressReports), set("notices", s.notices),
            set("amendments", s.amendments), set("entry-into-force-events", s.entryIntoForceEvents), set("audit", s.audit),
            set("people", s.people), set("api-tokens", s.tokens),
        ]
    }

    struct PlanItemRow: Encodable {
        var planID: Int64?
        var item: PlanItem
    }
}

/// FNV-1a, 64 bits (Fowler, Noll, Vo; IETF draft-eastlake-fnv): a content fingerprint to
/// compare two copies, not a defence against tampering.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for b in bytes {
            value ^= UInt64(b)
            value &*= 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let h = String(value, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }
}

extension EntenteService {
    public var copy: CopyService { CopyService(store: store) }
}
