import EntenteCore
import EntenteStore
import Foundation

/// `swift run -c release entente-bench [--quick] [--runs N] [--out DIR]`
/// Measures import against xmllint, deadlines, the biennial report, status start-up and the
/// activity CSV round trip.
/// Prints a Markdown table (copied into Benchmarks/README.md).
@main
struct EntenteBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
            defer { args.removeSubrange(i...(i + 1)) }
            return args[i + 1]
        }
        let quick = args.contains("--quick")
        let runs = Int(option("--runs") ?? "") ?? (quick ? 3 : 5)
        let out = option("--out") ?? "bench-out"
        if args.first == "corpus" {
            // entente-bench corpus DIR N [SEED]
            let dir = args.count > 1 ? args[1] : "corpus"
            let n = args.count > 2 ? Int(args[2]) ?? 1000 : 1000
            let seed = args.count > 3 ? UInt64(args[3]) ?? 42 : 42
            try writeCorpus(dir: dir, count: n, seed: seed)
            print("wrote \(n) agreements to \(dir)")
            return
        }
        let bench = Bench(out: out, runs: runs, quick: quick)
        // Workspaces are filled in a child process, so that this process stays small: on
        // Linux a child's peak memory starts from its parent's.
        switch args.first {
        case "fill-activities": try bench.fillActivities(db: args[1], count: Int(args[2])!)
        case "fill-report": try bench.fillReport(db: args[1], count: Int(args[2])!)
        case "import": try bench.importBench(n: 1000).forEach { print($0) } // the import rows alone
        case "csv": try bench.csvBench(activities: 100_000).forEach { print($0) } // the CSV rows alone
        default: try bench.all()
        }
    }

    static func writeCorpus(dir: String, count: Int, seed: UInt64) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var gen = CorpusGenerator(seed: seed)
        for i in 0..<count {
            let (id, xml) = gen.agreement(index: i)
            try xml.write(toFile: "\(dir)/\(id).xml", atomically: false, encoding: .utf8)
        }
    }
}

struct Bench {
    let out: String
    let runs: Int
    let quick: Bool
    let fm = FileManager.default

    var binDir: String { (CommandLine.arguments[0] as NSString).deletingLastPathComponent }
    var entente: String { "\(binDir)/entente" }
    var root: String { ((#filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../..") }
    var agreements: String { ((root as NSString).appendingPathComponent("agreements") as NSString).standardizingPath }

    func fresh(_ path: String) throws {
        if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func all() throws {
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        var rows: [String] = []
        rows += try importBench(n: 1000)
        rows += try importMemory(n: 2000)
        rows += try deadlinesBench(agreements: quick ? 2000 : 10_000, activities: quick ? 20_000 : 100_000)
        rows += try reportBench(activities: 10_000)
        rows += try statusBench()
        rows += try csvBench(activities: quick ? 20_000 : 100_000)
        print("| measure | median | detail |")
        print("| --- | --- | --- |")
        rows.forEach { print($0) }
    }

    func files(_ dir: String) throws -> [String] {
        try fm.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".xml") }.sorted().map { "\(dir)/\($0)" }
    }

    func importBench(n: Int) throws -> [String] {
        let corpus = "\(out)/corpus-\(n)"
        if !fm.fileExists(atPath: corpus) { try EntenteBench.writeCorpus(dir: corpus, count: n, seed: 42) }
        let list = try files(corpus)
        let ws = "\(out)/ws-import"
        // xmllint and the import in turns; the ratio of the medians is the figure.
        // More turns than elsewhere: on this shared machine single runs of either move by
        // ±20 %, and the ratio is the figure that must hold.
        let turns = max(runs, 11)
        let plain = try Measure.alternate(turns, { ["xmllint", "--noout", "--nonet"] + list }, prepareB: { try fresh(ws) }) {
            [entente, "--workspace", ws, "import", corpus]
        }
        var rows = [
            "| `xmllint --noout` over \(n) files | \(fmt(plain.a.median)) s | one process |",
            "| `entente import` of \(n) files (fresh workspace) | \(fmt(plain.b.median)) s | ratio to xmllint **\(String(format: "%.2f", plain.b.median / plain.a.median))×** (ratio of the medians; median of the \(turns) paired runs' ratios \(String(format: "%.2f", Measure.median(plain.ratios)))×, each: \(plain.ratios.sorted().map { String(format: "%.2f", $0) }.joined(separator: ", "))), peak RSS \(plain.b.rss / 1024) MiB |",
        ]
        let xsd = ((root as NSString).appendingPathComponent("../shared/akn/schema/akomantoso30.xsd") as NSString).standardizingPath
        if fm.fileExists(atPath: xsd) {
            let schema = try Measure.alternate(turns, { ["xmllint", "--noout", "--nonet", "--schema", xsd] + list }, prepareB: { try fresh(ws) }) {
                [entente, "--workspace", ws, "--schema", xsd, "import", corpus]
            }
            rows += [
                "| `xmllint --noout --schema` (official XSD) over \(n) files | \(fmt(schema.a.median)) s | one process |",
                "| `entente import --schema` (official XSD) of \(n) files | \(fmt(schema.b.median)) s | ratio **\(String(format: "%.2f", schema.b.median / schema.a.median))×**, peak RSS \(schema.b.rss / 1024) MiB |",
            ]
        }
        return rows
    }

    func importMemory(n: Int) throws -> [String] {
        let corpus = "\(out)/corpus-\(n)"
        if !fm.fileExists(atPath: corpus) { try EntenteBench.writeCorpus(dir: corpus, count: n, seed: 7) }
        let ws = "\(out)/ws-import-\(n)"
        let imp = try Measure.repeatRun(1, prepare: { try fresh(ws) }) { [entente, "--workspace", ws, "import", corpus] }
        return ["| `entente import` of \(n) files (peak memory vs N) | \(fmt(imp.median)) s | peak RSS \(imp.rss / 1024) MiB |"]
    }

    func deadlinesBench(agreements n: Int, activities m: Int) throws -> [String] {
        let ws = "\(out)/ws-deadlines-\(n)"
        let db = "\(ws)/.entente/entente.sqlite"
        if !fm.fileExists(atPath: db) {
            let corpus = "\(out)/corpus-\(n)"
            if !fm.fileExists(atPath: corpus) { try EntenteBench.writeCorpus(dir: corpus, count: n, seed: 11) }
            try fresh(ws)
            let r = Measure.run([entente, "--workspace", ws, "import", corpus])
            guard r.status == 0 else { throw BenchError.failed("import for deadlines") }
            let f = Measure.run([self_, "fill-activities", db, String(m)])
            guard f.status == 0 else { throw BenchError.failed("fill activities") }
        }
        let r = try Measure.repeatRun(runs) { [entente, "--workspace", ws, "--as-of", "2026-11-22", "deadlines", "--format", "json"] }
        return ["| `entente deadlines --format json`, \(n) agreements, \(m) activities | \(fmt(r.median)) s | peak RSS \(r.rss / 1024) MiB |"]
    }

    func reportBench(activities m: Int) throws -> [String] {
        let ws = "\(out)/ws-report"
        let db = "\(ws)/.entente/entente.sqlite"
        if !fm.fileExists(atPath: db) {
            try fresh(ws)
            try fm.copyItem(atPath: agreements, toPath: "\(ws)/agreements")
            _ = Measure.run([entente, "--workspace", ws, "status"])
            let f = Measure.run([self_, "fill-report", db, String(m)])
            guard f.status == 0 else { throw BenchError.failed("fill report") }
        }
        let r = try Measure.repeatRun(runs) {
            [entente, "--workspace", ws, "--as-of", "2026-11-22", "report", "biennial", "quebec-pole-emploi-2022",
             "--from", "2023-01-01", "--to", "2024-12-31", "--format", "html", "--output", "\(out)/report.html"]
        }
        return ["| `entente report biennial` over \(m) activities (HTML) | \(fmt(r.median)) s | peak RSS \(r.rss / 1024) MiB |"]
    }

    /// `activity export` of M activities of one agreement, then `activity import` of that file
    /// into a fresh workspace (each run), as a spreadsheet round trip does.
    func csvBench(activities m: Int) throws -> [String] {
        let ws = "\(out)/ws-csv-\(m)"
        let db = "\(ws)/.entente/entente.sqlite"
        if !fm.fileExists(atPath: db) {
            try fresh(ws)
            try fm.copyItem(atPath: agreements, toPath: "\(ws)/agreements")
            _ = Measure.run([entente, "--workspace", ws, "status"])
            let f = Measure.run([self_, "fill-report", db, String(m)])
            guard f.status == 0 else { throw BenchError.failed("fill activities for CSV") }
        }
        let file = "\(out)/activities-\(m).csv"
        let export = try Measure.repeatRun(runs) {
            [entente, "--workspace", ws, "activity", "export", "quebec-pole-emploi-2022", "--output", file]
        }
        let target = "\(out)/ws-csv-import"
        let imp = try Measure.repeatRun(runs, prepare: {
            try fresh(target)
            try fm.copyItem(atPath: agreements, toPath: "\(target)/agreements")
            _ = Measure.run([entente, "--workspace", target, "status"])
        }) { [entente, "--workspace", target, "activity", "import", "quebec-pole-emploi-2022", file] }
        let size = ((try? fm.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / (1024 * 1024)
        return ["| `entente activity export` of \(m) activities (CSV, \(size) MiB) | \(fmt(export.median)) s | peak RSS \(export.rss / 1024) MiB |",
                "| `entente activity import` of that file (fresh workspace) | \(fmt(imp.median)) s | peak RSS \(imp.rss / 1024) MiB |"]
    }

    func statusBench() throws -> [String] {
        let ws = "\(out)/ws-demo"
        if !fm.fileExists(atPath: "\(ws)/.entente/entente.sqlite") {
            if fm.fileExists(atPath: ws) { try fm.removeItem(atPath: ws) }
            let r = Measure.run([entente, "demo", ws, "--agreements", agreements])
            guard r.status == 0 else { throw BenchError.failed("demo") }
        }
        _ = Measure.run([entente, "--workspace", ws, "status"]) // warm the page cache
        let r = try Measure.repeatRun(max(runs, 10)) { [entente, "--workspace", ws, "--as-of", "2026-11-22", "status"] }
        return ["| `entente status` start-up, sample workspace | \(fmt(r.median * 1000, digits: 1)) ms | process wall time, peak RSS \(r.rss / 1024) MiB |"]
    }

    var self_: String { CommandLine.arguments[0] }

    /// M activities spread over every agreement of the workspace (in batches of 10,000).
    func fillActivities(db: String, count m: Int) throws {
        let store = try Workspace(path: db, user: "bench")
        let ids = try store.agreements().map(\.agreement)
        var rng = SeededRandom(seed: 99)
        var batch: [Activity] = []
        for i in 0..<m {
            let a = ids[i % ids.count]
            let start = CivilDate(year: rng.int(2015...2026), month: rng.int(1...12), day: rng.int(1...28))!
            batch.append(Activity(agreementID: a.id, title: "Activité \(i)", start: start, end: start.adding(days: rng.int(0...30)),
                                  domains: [a.domains.first?.num].compactMap { $0 }, parties: a.parties.prefix(2).map(\.id),
                                  status: rng.pick([.planned, .underWay, .done])))
            if batch.count == 10_000 { _ = try store.addActivities(batch); batch.removeAll() }
        }
        if !batch.isEmpty { _ = try store.addActivities(batch) }
    }

    /// M activities of Québec–Pôle emploi in 2023–2024, with domains, means and costs.
    func fillReport(db: String, count m: Int) throws {
        let store = try Workspace(path: db, user: "bench")
        var rng = SeededRandom(seed: 5)
        var batch: [Activity] = []
        for i in 0..<m {
            let start = CivilDate(year: rng.int(2023...2024), month: rng.int(1...12), day: rng.int(1...28))!
            batch.append(Activity(agreementID: "quebec-pole-emploi-2022", title: "Activité \(i)", start: start,
                                  domains: [String(rng.int(1...7))], meansOfAction: [String(rng.int(1...5))],
                                  parties: ["gouvernement-quebec", "pole-emploi"],
                                  costs: [Cost(amountMinor: Int64(rng.int(0...500_000)), currency: "CAD", party: "gouvernement-quebec")],
                                  status: rng.pick([.planned, .underWay, .done])))
        }
        _ = try store.addActivities(batch)
    }

    func fmt(_ x: Double, digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
}

enum BenchError: Error { case failed(String) }
