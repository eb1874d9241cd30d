import Foundation

/// One process run: wall time and the child's peak resident memory.
struct Measurement {
    var seconds: Double
    var maxRSSKiB: Int
    var status: Int32
}

enum Measure {
    /// Spawns `argv` with stdout/stderr to /dev/null (or stdout to `stdoutPath`) and waits with wait4
    /// to read that child's own peak RSS.
    static func run(_ argv: [String], stdoutPath: String = "/dev/null") -> Measurement {
        var fa: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        posix_spawn_file_actions_addopen(&fa, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0)
        let cargs = argv.map { strdup($0) } + [nil]
        defer { cargs.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawnp(&pid, argv[0], &fa, nil, cargs, environ)
        guard rc == 0 else { return Measurement(seconds: 0, maxRSSKiB: 0, status: -1) }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let end = DispatchTime.now().uptimeNanoseconds
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        return Measurement(seconds: Double(end - start) / 1e9, maxRSSKiB: Int(usage.ru_maxrss), status: exit)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Runs `prepare` then the command `runs` times; returns the median wall time and max RSS.
    static func repeatRun(_ runs: Int, prepare: () throws -> Void = {}, _ argv: () -> [String]) rethrows -> (median: Double, rss: Int, all: [Double]) {
        var times: [Double] = [], rss = 0
        for _ in 0..<runs {
            try prepare()
            let m = run(argv())
            if m.status != 0 {
                FileHandle.standardError.write(Data("command failed (\(m.status)): \(argv().joined(separator: " "))\n".utf8))
            }
            times.append(m.seconds)
            rss = max(rss, m.maxRSSKiB)
        }
        return (median(times), rss, times)
    }

    /// Two commands run in turns (a, b, a, b, …), so that a shared machine's slow and fast
    /// moments fall on both: their ratio is the figure, and measuring all of one then all of
    /// the other let drift between the two blocks move it by ±20 % (seen).
    static func alternate(_ runs: Int, _ a: () -> [String], prepareB: () throws -> Void, _ b: () -> [String]) rethrows
        -> (a: (median: Double, rss: Int), b: (median: Double, rss: Int), ratios: [Double]) {
        var ta: [Double] = [], tb: [Double] = [], ra = 0, rb = 0
        for _ in 0..<runs {
            let ma = run(a())
            try prepareB()
            let mb = run(b())
            for (m, argv) in [(ma, a()), (mb, b())] where m.status != 0 {
                FileHandle.standardError.write(Data("command failed (\(m.status)): \(argv.joined(separator: " "))\n".utf8))
            }
            ta.append(ma.seconds); tb.append(mb.seconds)
            ra = max(ra, ma.maxRSSKiB); rb = max(rb, mb.maxRSSKiB)
        }
        return ((median(ta), ra), (median(tb), rb), zip(tb, ta).map { $0 / $1 })
    }
}
