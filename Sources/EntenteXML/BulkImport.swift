import EntenteCore
import Foundation

extension AKNImporter {
    /// Imports many files: reads, parses, checks and maps them on one thread per core while
    /// `consume` runs on the calling thread in file order (storage is serial; one transaction
    /// per file). Workers stay at most `window` files ahead of `consume`, so memory does not
    /// grow with the number of files. `prepare` runs on the workers too, for work that belongs
    /// to the caller but need not be serial (encoding a model for storage).
    ///
    /// Plain threads, not `DispatchQueue.concurrentPerform`: called from an async command, the
    /// dispatch pool (two threads on two cores) was already busy and the parsing ran on one
    /// core (measured in Benchmarks/README.md).
    public static func importFiles<T: Sendable>(
        _ paths: [String], options: AKNImportOptions, window: Int = 32,
        prepare: @escaping @Sendable (AKNImport) -> T,
        consume: (Int, Result<T, XMLImportError>) async throws -> Void
    ) async rethrows {
        let work: @Sendable (Int) -> Result<T, XMLImportError> = { i in
            Result { () throws(XMLImportError) in prepare(try importFile(path: paths[i], options: options)) }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard paths.count > 1, cores > 1 else {
            for i in paths.indices { try await consume(i, work(i)) }
            return
        }
        _ = LibXML.ready
        let queue = AheadQueue<T>(count: paths.count, window: Swift.max(1, window))
        for _ in 0..<Swift.min(cores, paths.count) {
            let t = Thread { queue.runWorker(work) }
            t.stackSize = 8 << 20 // deep documents recurse in the mapper
            t.start()
        }
        defer { queue.cancel() }
        for i in paths.indices { try await consume(i, queue.take(i)) }
    }
}

/// Results computed ahead by worker threads and taken in index order.
private final class AheadQueue<T: Sendable>: @unchecked Sendable {
    // Every field is read and written under `lock` only.
    private let lock = NSCondition()
    private let count: Int
    private let window: Int
    private var next = 0
    private var taken = 0
    private var cancelled = false
    private var ready: [Int: Result<T, XMLImportError>] = [:]

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    func runWorker(_ work: (Int) -> Result<T, XMLImportError>) {
        while true {
            lock.lock()
            while !cancelled && next < count && next >= taken + window { lock.wait() }
            guard !cancelled, next < count else { lock.unlock(); return }
            let i = next
            next += 1
            lock.unlock()
            let r = work(i)
            lock.lock()
            ready[i] = r
            lock.broadcast()
            lock.unlock()
        }
    }

    func take(_ i: Int) -> Result<T, XMLImportError> {
        lock.lock()
        defer { lock.unlock() }
        while ready[i] == nil { lock.wait() }
        taken = i + 1
        lock.broadcast()
        return ready.removeValue(forKey: i)!
    }

    /// Lets the workers stop (after the last result, or when the caller gave up).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }
}
