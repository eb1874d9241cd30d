// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Entente",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "entente", targets: ["entente"]),
        .library(name: "EntenteCore", targets: ["EntenteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libxml2 from the system (apt: libxml2-dev).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Model and rules: pure Swift, no I/O, no SQLite, no command line.
        .target(name: "EntenteCore"),
        // Akoma Ntoso import/export through libxml2.
        .target(name: "EntenteXML", dependencies: ["EntenteCore", "CLibXML2"]),
        // The workspace database (GRDB/SQLite): records, migrations, audit log.
        .target(name: "EntenteStore", dependencies: [
            "EntenteCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Reports from Mustache templates, iCalendar, CSV.
        .target(
            name: "EntenteReports",
            dependencies: [
                "EntenteCore",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "entente",
            dependencies: [
                "EntenteCore", "EntenteXML", "EntenteStore", "EntenteReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: corpus generator and timing harness (no extra dependencies).
        .executableTarget(
            name: "entente-bench",
            dependencies: ["EntenteCore", "EntenteXML", "EntenteStore", "EntenteReports"],
            path: "Benchmarks/Sources/entente-bench"
        ),
        .testTarget(name: "EntenteCoreTests", dependencies: ["EntenteCore"]),
        .testTarget(name: "EntenteXMLTests", dependencies: ["EntenteXML", "EntenteCore"]),
        .testTarget(name: "EntenteStoreTests", dependencies: ["EntenteStore", "EntenteCore", "EntenteXML"]),
        .testTarget(name: "EntenteReportsTests", dependencies: ["EntenteReports", "EntenteCore"], exclude: ["Golden"]),
        .testTarget(name: "EntenteCLITests", dependencies: ["EntenteCore"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
