// swift-tools-version:6.0
import Foundation
import PackageDescription

// libFuzzer targets for the parsers that take outside input. A package of its own, depending
// on the main one by path, so the main build and `swift test` never see sanitizer flags.
// Build (what `Fuzz/run` does):
//   swift build -c release --package-path Fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// The flags go through -Xswiftc, not unsafeFlags, so the library modules under test are
// instrumented too (coverage would otherwise see only the harnesses).
//
// SwiftPM links every executable with `--defsym main=<module>_main` (testable executables),
// and `-parse-as-library` emits no such symbol: each harness defines `<module>_main` itself
// (`fuzzerMain` below) and hands over to libFuzzer's driver, `LLVMFuzzerRunDriver`.
// SwiftPM names a path dependency after its folder (`main`, a worktree, a CI checkout).
let entente = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "EntenteFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // The same versions as the main package: fuzz-intake zips Word parts, fuzz-form
        // hands MultipartForm a ByteBuffer (NIOCore, re-exported by MultipartKit).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        .target(name: "CFuzzer"),
        .executableTarget(name: "fuzz-akn", dependencies: [
            "CFuzzer",
            .product(name: "EntenteXML", package: entente),
            .product(name: "EntenteCore", package: entente),
        ]),
        .executableTarget(name: "fuzz-csv", dependencies: [
            "CFuzzer",
            .product(name: "EntenteReports", package: entente),
            .product(name: "EntenteCore", package: entente),
        ]),
        .executableTarget(name: "fuzz-notice", dependencies: [
            "CFuzzer",
            .product(name: "EntenteCore", package: entente),
        ]),
        .executableTarget(name: "fuzz-dates", dependencies: [
            "CFuzzer",
            .product(name: "EntenteCore", package: entente),
        ]),
        .executableTarget(name: "fuzz-intake", dependencies: [
            "CFuzzer",
            .product(name: "EntenteIntake", package: entente),
            .product(name: "EntenteXML", package: entente),
            .product(name: "EntenteCore", package: entente),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The forms' decoders only (EntenteForms): no Hummingbird in a sanitizer build.
        .executableTarget(name: "fuzz-form", dependencies: [
            "CFuzzer",
            .product(name: "EntenteForms", package: entente),
            .product(name: "EntenteCore", package: entente),
            .product(name: "MultipartKit", package: "multipart-kit"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
