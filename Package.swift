// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Entente",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "entente", targets: ["entente"]),
        .executable(name: "entente-server", targets: ["entente-server"]),
        .library(name: "EntenteCore", targets: ["EntenteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        // The storage protocol the service layer goes through, and its value types; nothing else.
        .target(name: "EntenteStorage", dependencies: ["EntenteCore"]),
        // The embedded workspace database (GRDB/SQLite): records, migrations, audit log.
        .target(name: "EntenteStore", dependencies: [
            "EntenteCore", "EntenteStorage",
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
        // Every operation a person can do, once, below every face: rules from Core, texts
        // from XML, documents from Reports, storage through EntenteStorage only.
        .target(name: "EntenteService", dependencies: ["EntenteCore", "EntenteStorage", "EntenteXML", "EntenteReports"]),
        // The command tree, a thin face: parses, calls the service, prints. Shared by the lean
        // `entente` and by the full executable that adds the web server and PostgreSQL.
        .target(
            name: "EntenteCommands",
            dependencies: [
                "EntenteCore", "EntenteService", "EntenteStore", "EntenteReports", "EntenteStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The lean command line (embedded SQLite workspace only).
        .executableTarget(name: "entente", dependencies: ["EntenteCommands"]),
        // The web interface (Hummingbird): routes, middleware, page models and templates; it maps
        // requests to service calls and renders, with no domain logic. Never linked by `entente`.
        .target(
            name: "EntenteWeb",
            dependencies: [
                "EntenteCore", "EntenteService", "EntenteReports", "EntenteStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Pages")]
        ),
        // The full executable: the same command tree plus the web server (`entente serve`
        // hands over to it).
        .executableTarget(name: "entente-server", dependencies: ["EntenteCommands", "EntenteWeb"]),
        // Benchmarks: corpus generator and timing harness (no extra dependencies).
        .executableTarget(
            name: "entente-bench",
            dependencies: ["EntenteCore", "EntenteXML", "EntenteStore", "EntenteReports"],
            path: "Benchmarks/Sources/entente-bench"
        ),
        .testTarget(name: "EntenteCoreTests", dependencies: ["EntenteCore"]),
        .testTarget(name: "EntenteXMLTests", dependencies: ["EntenteXML", "EntenteCore"]),
        .testTarget(name: "EntenteStoreTests", dependencies: ["EntenteStore", "EntenteCore", "EntenteXML", "EntenteService"]),
        .testTarget(name: "EntenteReportsTests", dependencies: ["EntenteReports", "EntenteCore", "EntenteService"], exclude: ["Golden"]),
        .testTarget(name: "EntenteServiceTests", dependencies: ["EntenteService", "EntenteStore", "EntenteCore", "EntenteReports"]),
        .testTarget(name: "EntenteCLITests", dependencies: ["EntenteCore"]),
        .testTarget(name: "EntenteWebTests", dependencies: [
            "EntenteWeb", "EntenteService", "EntenteStore", "EntenteCore", "EntenteReports",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
