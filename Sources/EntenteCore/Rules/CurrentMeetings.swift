/// The meetings of a history as they stand once corrections are applied.
///
/// Closed minutes are never edited: a new entry `corrects` them and replaces them. When
/// several entries correct the same meeting, the latest (highest id) stands; corrections of
/// corrections chain. Records that point at a replaced meeting (a progress report sent for
/// it) follow the chain with `resolve`.
public struct CurrentMeetings: Sendable, Hashable {
    /// The entries that stand, in their original order.
    public var meetings: [Meeting]
    /// Any replaced id → the id of the entry that stands in its place.
    var replacement: [Int64: Int64]

    public init(_ all: [Meeting]) {
        guard all.contains(where: { $0.corrects != nil }) else {
            self.meetings = all
            self.replacement = [:]
            return
        }
        var latest: [Int64: Int64] = [:] // corrected id → its latest correction's id
        for m in all {
            guard let id = m.id, let target = m.corrects, target != id else { continue }
            if latest[target].map({ id > $0 }) ?? true { latest[target] = id }
        }
        // One step: a corrected meeting goes to its latest correction; an earlier correction of
        // the same meeting goes there too.
        var next: [Int64: Int64] = latest
        for m in all {
            guard let id = m.id, let target = m.corrects, let winner = latest[target], winner != id else { continue }
            next[id] = winner
        }
        var replacement: [Int64: Int64] = [:]
        for id in next.keys {
            var cur = id, steps = 0
            while let n = next[cur], steps <= next.count { cur = n; steps += 1 }
            replacement[id] = cur
        }
        self.replacement = replacement
        self.meetings = all.filter { m in m.id.map { replacement[$0] == nil } ?? true }
    }

    /// The id of the entry that stands for `id` (itself when not replaced).
    public func resolve(_ id: Int64) -> Int64 { replacement[id] ?? id }
}

extension AgreementHistory {
    /// The meetings with corrections applied.
    public var currentMeetings: CurrentMeetings { CurrentMeetings(meetings) }
}
