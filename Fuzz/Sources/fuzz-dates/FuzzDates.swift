import CFuzzer
import EntenteCore

/// Date and period parsing, and the arithmetic a parsed pair goes through. The input is
/// `DATE PERIOD` (e.g. `2022-08-31 P6M`); each part may be anything.
///
/// Properties checked: a parsed date writes back to the same text; a parsed period too;
/// the latest notice date for an end is a notice that ends on or before it, and the next
/// day's notice ends after it (TerminationRules).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let date = CivilDate(iso: parts[0])
    let period = parts.count > 1 ? Period(iso: parts[1]) : nil
    if let date {
        precondition(date.iso == parts[0], "date does not write back: \(parts[0]) -> \(date.iso)")
        precondition(CivilDate(dayNumber: date.dayNumber) == date, "day number round trip")
    }
    if let period { _ = period.iso }
    if let date, let period {
        let end = TerminationRules.earliestTermination(noticeGivenOn: date, period: period)
        precondition(end >= date, "a notice ends before it is given")
        _ = end.iso
        let latest = TerminationRules.latestNoticeDate(toTerminateOn: date, period: period)
        precondition(TerminationRules.earliestTermination(noticeGivenOn: latest, period: period) <= date, "latest notice ends too late")
        precondition(TerminationRules.earliestTermination(noticeGivenOn: latest.adding(days: 1), period: period) > date,
                     "a later notice would still do")
    }
    return 0
}

/// The program's entry point under SwiftPM (see Fuzz/Package.swift): libFuzzer's driver.
@_cdecl("fuzz_dates_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzDates(data, size) }
}
