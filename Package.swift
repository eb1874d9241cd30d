// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Entente",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "entente", targets: ["entente"]),
        .executable(name: "entente-server", targets: ["entente-server"]),
        .library(name: "EntenteCore", targets: ["EntenteCore"]),
        // For the fuzz package in Fuzz/, which depends on this one by path.
        .library(name: "EntenteXML", targets: ["EntenteXML"]),
        .library(name: "EntenteReports", targets: ["EntenteReports"]),
        .library(name: "EntenteIntake", targets: ["EntenteIntake"]),
        .library(name: "EntenteForms", targets: ["EntenteForms"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Only its HummingbirdBcrypt product (a small C target): no NIO in the lean build.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // multipart/form-data bodies (agreement uploads); needs only swift-nio and
        // swift-collections, which Hummingbird already brings.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
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
        // The package's one JSON writer, reader and string escaper (package scope, not a product).
        .target(name: "EntenteJSON"),
        // Akoma Ntoso import/export through libxml2.
        .target(name: "EntenteXML", dependencies: ["EntenteCore", "CLibXML2"]),
        // The storage protocol the service layer goes through, and its value types; nothing else.
        .target(name: "EntenteStorage", dependencies: ["EntenteCore", "EntenteJSON"]),
        // Plain text and Word (.docx) into Akoma Ntoso; tracking facts proposed from a text.
        // Its own target so that ZIPFoundation stays out of the importer.
        .target(name: "EntenteIntake", dependencies: [
            "EntenteCore", "EntenteXML", "EntenteJSON",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The embedded workspace database (GRDB/SQLite): records, migrations, audit log.
        .target(name: "EntenteStore", dependencies: [
            "EntenteCore", "EntenteStorage", "EntenteJSON",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The same storage on a PostgreSQL server (PostgresNIO); no GRDB, never linked by the lean `entente`.
        .target(name: "EntentePostgres", dependencies: [
            "EntenteCore", "EntenteStorage", "EntenteJSON",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // Reports from Mustache templates, iCalendar, CSV.
        .target(
            name: "EntenteReports",
            dependencies: [
                "EntenteCore", "EntenteJSON",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        // Reports as Word packages (HTML report → WordprocessingML through libxml2, zipped by
        // ZIPFoundation) and as PDF (the HTML report printed by headless Chromium). Kept apart
        // so that Reports links neither libxml2 nor a zip library.
        .target(name: "EntenteDocx", dependencies: [
            "EntenteCore", "EntenteReports", "CLibXML2",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Every operation a person can do, once, below every face: rules from Core, texts
        // from XML, documents from Reports, storage through EntenteStorage only.
        .target(name: "EntenteService", dependencies: ["EntenteCore", "EntenteStorage", "EntenteXML", "EntenteReports", "EntenteDocx", "EntenteIntake"]),
        // Password and API-token hashing (bcrypt), behind the service's `PasswordHasher`: the
        // service imports no Hummingbird, and this target pulls in only a small C library.
        .target(name: "EntentePasswords", dependencies: [
            "EntenteService",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),
        // The command tree, a thin face: parses, calls the service, prints. Shared by the lean
        // `entente` and by the full executable that adds the web server and PostgreSQL.
        .target(
            name: "EntenteCommands",
            dependencies: [
                "EntenteCore", "EntenteService", "EntenteStore", "EntenteReports", "EntenteStorage", "EntenteDocx", "EntenteIntake", "EntentePasswords",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The lean command line (embedded SQLite workspace only).
        .executableTarget(name: "entente", dependencies: ["EntenteCommands"]),
        // The web forms' decoders (url-encoded fields, multipart/form-data on MultipartKit) and
        // their field values as dates and numbers: no Hummingbird, so that Fuzz/ fuzzes them
        // without building the server.
        .target(name: "EntenteForms", dependencies: [
            "EntenteCore",
            .product(name: "MultipartKit", package: "multipart-kit"),
        ]),
        // The web interface (Hummingbird): routes, middleware, page models and templates; it maps
        // requests to service calls and renders, with no domain logic. Never linked by `entente`.
        .target(
            name: "EntenteWeb",
            dependencies: [
                "EntenteCore", "EntenteService", "EntenteReports", "EntenteStorage", "EntenteForms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Pages")]
        ),
        // The full executable: the same command tree plus the web server (`entente serve`
        // hands over to it), and PostgreSQL storage.
        .executableTarget(name: "entente-server", dependencies: ["EntenteCommands", "EntenteWeb", "EntentePostgres"]),
        // Benchmarks: corpus generator and timing harness (no extra dependencies).
        .executableTarget(
            name: "entente-bench",
            dependencies: ["EntenteCore", "EntenteXML", "EntenteStore", "EntenteReports"],
            path: "Benchmarks/Sources/entente-bench"
        ),
        .testTarget(name: "EntenteCoreTests", dependencies: ["EntenteCore"]),
        .testTarget(name: "EntenteXMLTests", dependencies: ["EntenteXML", "EntenteCore"]),
        .testTarget(name: "EntenteStoreTests", dependencies: ["EntenteStore", "EntenteCore", "EntenteXML", "EntenteService"]),
        .testTarget(name: "EntenteReportsTests", dependencies: [
            "EntenteReports", "EntenteDocx", "EntenteCore", "EntenteService",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Golden", "CSV"]),
        .testTarget(name: "EntenteServiceTests", dependencies: ["EntenteService", "EntenteStore", "EntenteCore", "EntenteReports", "EntenteDocx", "EntentePasswords"]),
        .testTarget(name: "EntenteCLITests", dependencies: ["EntenteCore"], exclude: ["Fixtures"]),
        .testTarget(name: "EntenteIntakeTests", dependencies: [
            "EntenteIntake", "EntenteXML", "EntenteCore",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Fixtures"]),
        // One suite written against AgreementStore, run on SQLite and on PostgreSQL.
        .testTarget(name: "EntenteStorageConformanceTests", dependencies: [
            "EntenteStorage", "EntenteStore", "EntentePostgres", "EntenteService", "EntenteCore", "EntenteXML", "EntentePasswords",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "EntenteFormsTests", dependencies: [
            "EntenteForms", "EntenteCore",
            .product(name: "MultipartKit", package: "multipart-kit"),
        ]),
        .testTarget(name: "EntenteWebTests", dependencies: [
            "EntenteWeb", "EntenteForms", "EntenteService", "EntenteStore", "EntenteCore", "EntenteReports", "EntentePasswords",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
