import CFuzzer
import EntenteCore
import EntenteXML

/// Akoma Ntoso importer: any bytes give an agreement or a clear error, never a crash.
/// The in-memory path (no file), then what a command does next with the model: its state
/// and its deadlines, which run the periods and dates read from the metadata.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAKN(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let imported = try AKNImporter.importDocument(bytes: bytes, fileName: "fuzz.xml")
        _ = imported.warnings.map { $0.formatted(file: "fuzz.xml", .fr) }
        let asOf = CivilDate(year: 2026, month: 11, day: 29)!
        _ = TerminationRules.state(of: imported.agreement, notices: [], on: asOf)
        _ = DeadlineEngine().deadlines(for: imported.agreement, history: AgreementHistory(), asOf: asOf)
    } catch {
        precondition(!error.message(.fr).isEmpty && !error.message(.en).isEmpty, "an error without a message")
    }
    return 0
}

/// The program's entry point under SwiftPM (see Fuzz/Package.swift): libFuzzer's driver.
@_cdecl("fuzz_akn_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzAKN(data, size) }
}
