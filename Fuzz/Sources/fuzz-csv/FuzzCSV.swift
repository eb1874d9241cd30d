import CFuzzer
import EntenteCore
import EntenteReports

/// The activity CSV reader, through its public entry point only (`ActivityCSV.read`, the
/// bytes of a file as `entente activity import` gives them): any bytes give activities or a
/// clear error, never a crash. The first byte also picks the reading options (automatic,
/// or a forced date order and decimal mark, as `--dates` and `--decimal` do); it stays part
/// of the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let pick = Int(bytes.first ?? 0)
    let dates: [CSVDateOrder?] = [nil] + CSVDateOrder.allCases
    let marks: [CSVDecimalMark?] = [nil] + CSVDecimalMark.allCases
    let options = CSVReadOptions(dates: dates[pick % dates.count], decimal: marks[(pick / 7) % marks.count])
    do {
        let read = try ActivityCSV.read(bytes, agreementID: "fuzz", options: options)
        precondition(read.lines.count == read.activities.count, "a line for every activity")
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
