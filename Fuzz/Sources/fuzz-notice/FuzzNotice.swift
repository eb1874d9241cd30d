import CFuzzer
import EntenteCore

/// The notice-clause recogniser: any text gives a clause or "not recognised", never a crash;
/// a clause found has a positive length and quotes words that are in the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotice(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let found = NoticeRecognizer.recognize(text) {
        precondition(found.period.length > 0, "a notice of no length")
        precondition(text.contains(found.quote), "the quote is not in the text")
    }
    return 0
}

/// The program's entry point under SwiftPM (see Fuzz/Package.swift): libFuzzer's driver.
@_cdecl("fuzz_notice_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzNotice(data, size) }
}
