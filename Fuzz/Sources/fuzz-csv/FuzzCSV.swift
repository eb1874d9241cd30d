import CFuzzer
import EntenteCore
import EntenteReports

/// The activity CSV reader, through its public entry point only (the reader is being
/// rewritten: this stays one call so it follows the API). Any text gives activities or a
/// clear error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try ActivityCSV.parse(text, agreementID: "fuzz")
    } catch {
        precondition(!error.message(.fr).isEmpty && !error.message(.en).isEmpty, "an error without a message")
    }
    return 0
}

/// The program's entry point under SwiftPM (see Fuzz/Package.swift): libFuzzer's driver.
@_cdecl("fuzz_csv_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzCSV(data, size) }
}
