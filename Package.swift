// swift-tools-version:6.0
import PackageDescription

/// Prescient: paper trading for Polymarket prediction markets, one executable per service.
let package = Package(
    name: "Prescient",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "events", targets: ["events"]),
        .executable(name: "markets", targets: ["markets"]),
        .executable(name: "simulator", targets: ["simulator"]),
        .executable(name: "paper-trading", targets: ["paper-trading"]),
        .executable(name: "momentum", targets: ["momentum"]),
        .executable(name: "mean-reversion", targets: ["mean-reversion"]),
        .executable(name: "arbitrage", targets: ["arbitrage"]),
        .executable(name: "hybrid", targets: ["hybrid"]),
        .executable(name: "orchestrator", targets: ["orchestrator"]),
        .executable(name: "wallets", targets: ["wallets"]),
        .executable(name: "smart-money", targets: ["smart-money"]),
        .executable(name: "live-signals", targets: ["live-signals"]),
        .executable(name: "live-momentum", targets: ["live-momentum"]),
        .executable(name: "weather", targets: ["weather"]),
        .executable(name: "backtests", targets: ["backtests"]),
        .executable(name: "prescient", targets: ["prescient"]),
        .executable(name: "dashboard", targets: ["dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
    ],
    targets: [
        // C shims
        .systemLibrary(
            name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "Shared/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),

        .systemLibrary(
            name: "COpenSSL", path: "Shared/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),

        // Shared libraries
        .target(name: "WebSocket", dependencies: ["COpenSSL"], path: "Shared/WebSocket"),
        .target(
            name: "PrescientCLI",
            dependencies: ["Contracts", "HTTPClient", "PrescientCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/CLI/Library"),
        .executableTarget(name: "prescient", dependencies: ["PrescientCLI"], path: "Services/CLI/Main"),
        .target(
            name: "DashboardService",
            dependencies: [
                "Contracts", "HTTPClient", "HTTPServer", "LiveTier", "Portfolios", "Postgres", "PrescientCore", "ServiceKit", "Verdicts",
            ],
            path: "Services/Dashboard/Library"),
        .executableTarget(name: "dashboard", dependencies: ["DashboardService", "ServiceKit"], path: "Services/Dashboard/Main"),
        .target(
            name: "Notifications",
            dependencies: ["COpenSSL", "HTTPClient", "Postgres", "PrescientCore", .product(name: "Logging", package: "swift-log")],
            path: "Shared/Notifications"),
        .systemLibrary(name: "CZlib", path: "Shared/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "PrescientCore", dependencies: ["CZlib"], path: "Shared/Core"),
        .target(name: "Contracts", dependencies: ["PrescientCore"], path: "Shared/Contracts"),
        .target(name: "WalletScoring", dependencies: ["PrescientCore"], path: "Shared/WalletScoring"),
        .target(name: "Postgres", dependencies: ["CLibPQ", "PrescientCore"], path: "Shared/Postgres"),
        .systemLibrary(name: "CEpoll", path: "Shared/CEpoll"),
        .systemLibrary(name: "CMalloc", path: "Shared/CMalloc"),
        .target(name: "HTTPServer", dependencies: ["PrescientCore", "CEpoll"], path: "Shared/HTTPServer"),
        .target(name: "HTTPClient", dependencies: ["CCurl"], path: "Shared/HTTPClient"),
        .target(name: "ServiceClients", dependencies: ["Contracts", "HTTPClient", "PrescientCore"], path: "Shared/ServiceClients"),
        .target(
            name: "ServiceKit",
            dependencies: [
                "HTTPServer", "Postgres", "Schema", "PrescientCore", "Contracts", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Shared/ServiceKit"),
        .target(
            name: "Polymarket",
            dependencies: ["HTTPClient", "PrescientCore", "WebSocket", .product(name: "Logging", package: "swift-log")],
            path: "Shared/Polymarket"),
        .target(name: "Schema", dependencies: ["Postgres"], path: "Shared/Schema"),
        .target(name: "LiveTier", dependencies: ["Polymarket", "PrescientCore"], path: "Shared/LiveTier"),
        .target(name: "Weather", dependencies: ["HTTPClient", "Postgres", "PrescientCore"], path: "Shared/Weather"),
        .target(
            name: "Replay",
            dependencies: [
                "Contracts", "Weather", "Portfolios", "Polymarket", "Postgres", "PrescientCore", "Schema", "LiveTier", "Verdicts",
                "Trading",
            ],
            path: "Shared/Replay"),
        .target(name: "Verdicts", dependencies: ["PrescientCore", "Postgres", "COpenSSL", "Portfolios"], path: "Shared/Verdicts"),
        .target(
            name: "Portfolios", dependencies: ["Contracts", "Postgres", "PrescientCore", "Polymarket"], path: "Shared/Portfolios"),
        // The only writer of the money: execution, bookkeeping, marks, settlement and the ledger.
        .target(
            name: "Trading",
            dependencies: [
                "Contracts", "Portfolios", "Polymarket", "Postgres", "PrescientCore", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Trading"),
        // The cycle strategies, shared by their services and the backtests.
        .target(
            name: "Strategies", dependencies: ["Contracts", "StrategyKit", "Portfolios", "Polymarket", "PrescientCore", "Weather"],
            path: "Shared/Strategies"),
        .target(
            name: "StrategyKit",
            dependencies: [
                "Contracts", "Portfolios", "MarketData", "Polymarket", "Postgres", "HTTPServer", "ServiceKit", "PrescientCore",
                "Verdicts",
            ],
            path: "Shared/StrategyKit"),
        .target(
            name: "MarketData",
            dependencies: [
                "Contracts", "Postgres", "HTTPServer", "HTTPClient", "Polymarket", "PrescientCore", "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/MarketData"),

        // Services: a library each, and a thin executable over it
        .target(
            name: "EventsService",
            dependencies: [
                "Contracts", "ServiceKit", "MarketData", "Polymarket", "Postgres", "HTTPServer", "PrescientCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Events/Library"),
        .executableTarget(name: "events", dependencies: ["EventsService", "ServiceKit"], path: "Services/Events/Main"),
        .target(
            name: "MarketsService",
            dependencies: ["Contracts", "ServiceKit", "MarketData", "Polymarket", "Postgres", "HTTPServer", "PrescientCore"],
            path: "Services/Markets/Library"),
        .executableTarget(name: "markets", dependencies: ["MarketsService", "ServiceKit"], path: "Services/Markets/Main"),
        .target(
            name: "SimulatorService",
            dependencies: [
                "ServiceKit", "Polymarket", "HTTPServer", "PrescientCore", "WebSocket", "Weather", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Simulator/Library"),
        .executableTarget(
            name: "simulator", dependencies: ["SimulatorService", "ServiceKit"], path: "Services/Simulator/Main"),

        .target(
            name: "PaperTradingService",
            dependencies: [
                "Contracts", "HTTPClient", "ServiceKit", "MarketData", "Polymarket", "Portfolios", "Postgres", "HTTPServer",
                "PrescientCore", "Verdicts", "Trading",
                "Notifications", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/PaperTrading/Library"),
        .executableTarget(
            name: "paper-trading", dependencies: ["PaperTradingService", "ServiceKit"], path: "Services/PaperTrading/Main"),

        // The cycle strategies' services: StrategyService's routes over a strategy of `Strategies`.
        .executableTarget(
            name: "momentum", dependencies: ["Strategies", "StrategyKit", "ServiceKit"], path: "Services/Momentum/Main"),
        .executableTarget(
            name: "mean-reversion", dependencies: ["Strategies", "StrategyKit", "ServiceKit"], path: "Services/MeanReversion/Main"),
        .executableTarget(
            name: "arbitrage", dependencies: ["Strategies", "StrategyKit", "ServiceKit"], path: "Services/Arbitrage/Main"),
        .executableTarget(name: "hybrid", dependencies: ["Strategies", "StrategyKit", "ServiceKit"], path: "Services/Hybrid/Main"),
        .target(
            name: "OrchestratorService",
            dependencies: [
                "Contracts", "ServiceClients", "ServiceKit", "Portfolios", "Postgres", "HTTPServer", "HTTPClient", "PrescientCore",
                "Verdicts", "Trading",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Orchestrator/Library"),
        .executableTarget(
            name: "orchestrator", dependencies: ["OrchestratorService", "ServiceKit"], path: "Services/Orchestrator/Main"),

        .target(
            name: "WalletsService",
            dependencies: [
                "Contracts", "ServiceKit", "MarketData", "Polymarket", "Postgres", "HTTPServer", "PrescientCore", "WalletScoring",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Wallets/Library"),
        .executableTarget(name: "wallets", dependencies: ["WalletsService", "ServiceKit"], path: "Services/Wallets/Main"),
        .target(
            name: "SmartMoneyService", dependencies: ["Contracts", "StrategyKit", "Portfolios", "Postgres", "PrescientCore"],
            path: "Services/SmartMoney/Library"),
        .executableTarget(
            name: "smart-money", dependencies: ["SmartMoneyService", "StrategyKit", "ServiceKit"], path: "Services/SmartMoney/Main"),

        .target(
            name: "LiveSignalsService",
            dependencies: [
                "ServiceKit", "MarketData", "Polymarket", "Portfolios", "Postgres", "HTTPServer", "PrescientCore", "LiveTier",
                "Trading", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/LiveSignals/Library"),
        .executableTarget(name: "live-signals", dependencies: ["LiveSignalsService", "ServiceKit"], path: "Services/LiveSignals/Main"),
        .target(
            name: "LiveMomentumService", dependencies: ["Contracts", "StrategyKit", "Portfolios", "Postgres", "PrescientCore", "LiveTier"],
            path: "Services/LiveMomentum/Library"),
        .executableTarget(
            name: "live-momentum", dependencies: ["LiveMomentumService", "StrategyKit", "ServiceKit"], path: "Services/LiveMomentum/Main"),

        .target(
            name: "WeatherService",
            dependencies: [
                "Contracts", "StrategyKit", "Portfolios", "Postgres", "PrescientCore", "Weather", "MarketData", "ServiceKit", "HTTPServer",
                "Strategies", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Weather/Library"),
        .executableTarget(name: "weather", dependencies: ["WeatherService", "ServiceKit"], path: "Services/Weather/Main"),

        .target(
            name: "BacktestsService",
            dependencies: [
                "ServiceKit", "Replay", "Weather", "Postgres", "HTTPServer", "PrescientCore", "Contracts", "MarketData", "Polymarket",
                "Portfolios", "StrategyKit", "Strategies", "Trading", "Verdicts", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Backtests/Library"),
        .executableTarget(name: "backtests", dependencies: ["BacktestsService", "ServiceKit"], path: "Services/Backtests/Main"),

        // Fuzzing: a replay driver in normal builds, libFuzzer targets under scripts/fuzz
        // The live tier's decode-and-fold rate, run by scripts/bench
        .executableTarget(
            name: "prescient-bench-live", dependencies: ["LiveTier", "Polymarket", "WebSocket"], path: "Tests/LiveTierBench"),
        .target(
            name: "WorldEvidence",
            dependencies: ["SimulatorService", "WalletScoring", "Replay", "PrescientCore", "Postgres", "Weather", "Verdicts"],
            path: "Tests/WorldEvidence"),
        .executableTarget(
            name: "prescient-bench-evidence", dependencies: ["SimulatorService", "WorldEvidence", "Postgres", "Replay"],
            path: "Tests/EvidenceBench"),
        .executableTarget(name: "prescient-fuzz", dependencies: ["HTTPServer", "PrescientCore"], path: "Tests/Fuzz", exclude: ["corpus"]),

        // Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "Contracts", "HTTPServer", "Postgres", "HTTPClient", "Polymarket", "Portfolios", "PrescientCore", "ServiceKit", "Schema",
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["PrescientCore"], path: "Tests/CoreTests"),
        .testTarget(name: "WalletScoringTests", dependencies: ["WalletScoring", "PrescientCore"], path: "Tests/WalletScoringTests"),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket"], path: "Tests/WebSocketTests"),
        .testTarget(name: "LiveTierTests", dependencies: ["LiveTier", "Polymarket", "PrescientCore"], path: "Tests/LiveTierTests"),
        .testTarget(name: "WeatherTests", dependencies: ["Weather", "TestSupport", "PrescientCore"], path: "Tests/WeatherTests"),
        .testTarget(
            name: "ReplayTests",
            dependencies: [
                "Replay", "Weather", "Portfolios", "Postgres", "PrescientCore", "Schema", "TestSupport", "WorldEvidence", "Verdicts",
            ],
            path: "Tests/ReplayTests"),
        .testTarget(
            name: "VerdictsTests", dependencies: ["Verdicts", "TestSupport", "Postgres", "Schema", "PrescientCore", "WorldEvidence"],
            path: "Tests/VerdictsTests", exclude: ["oracle.json"]),
        .testTarget(
            name: "ContractsTests", dependencies: ["Contracts", "ServiceClients", "HTTPClient", "HTTPServer", "PrescientCore"],
            path: "Tests/ContractsTests"),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPClient", "PrescientCore", "TestSupport"],
            path: "Tests/HTTPServerTests"),
        .testTarget(
            name: "PostgresTests", dependencies: ["Postgres", "Schema", "PrescientCore", "TestSupport", "Contracts"],
            path: "Tests/PostgresTests"),
        .testTarget(
            name: "PolymarketTests",
            dependencies: [
                "Polymarket", "HTTPClient", "HTTPServer", "PrescientCore", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PolymarketTests"),
        .testTarget(
            name: "PortfoliosTests",
            dependencies: [
                "Portfolios", "Trading", "Polymarket", "Postgres", "Schema", "PrescientCore", "TestSupport", "Contracts",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PortfoliosTests"),
        // The money path's decisions in memory: no database, no sockets.
        .testTarget(
            name: "TradingTests",
            dependencies: [
                "Trading", "Portfolios", "Polymarket", "Contracts", "PrescientCore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TradingTests"),
        .testTarget(
            name: "MarketDataTests", dependencies: ["MarketData", "Polymarket", "PrescientCore", "TestSupport"],
            path: "Tests/MarketDataTests"),
        .testTarget(
            name: "StrategyKitTests", dependencies: ["StrategyKit", "Portfolios", "PrescientCore", "Contracts"],
            path: "Tests/StrategyKitTests"),
        .testTarget(
            name: "ServiceKitTests", dependencies: ["ServiceKit", "HTTPServer", "Postgres", "PrescientCore", "TestSupport"],
            path: "Tests/ServiceKitTests"),
        .testTarget(
            name: "ArbitrageTests", dependencies: ["Strategies", "StrategyKit", "Portfolios", "Polymarket", "TestSupport"],
            path: "Tests/ArbitrageTests"),
        .testTarget(
            name: "ServiceRoutesTests",
            dependencies: [
                "Contracts", "EventsService", "HTTPServer", "Strategies", "MarketsService", "Trading", "OrchestratorService",
                "HTTPClient", "PaperTradingService", "Polymarket", "Postgres", "PrescientCore", "ServiceKit", "SimulatorService",
                "SmartMoneyService", "StrategyKit", "TestSupport", "WalletScoring", "WalletsService", "WebSocket", "LiveSignalsService",
                "LiveMomentumService", "LiveTier", "Weather", "Schema", "BacktestsService", "Replay", "Portfolios", "WeatherService",
                "Notifications", "DashboardService", "WorldEvidence", "Verdicts",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ServiceRoutesTests"),
        .testTarget(
            name: "EvidenceTests",
            dependencies: ["SimulatorService", "WalletScoring", "WorldEvidence", "TestSupport", "PrescientCore", "Verdicts"],
            path: "Tests/EvidenceTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Contracts", "HTTPClient", "HTTPServer", "Postgres", "PrescientCore", "ServiceClients", "ServiceKit", "TestSupport",
                "Weather", "Verdicts",
            ],
            path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)

/// The compiler settings every target shares: Swift 6's strict concurrency (the language mode
/// above), `any` written on every existential, and every module whose members a file uses
/// imported by that file.
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
]
for target in package.targets where target.type != .system && target.type != .binary && target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
    // Test code orchestrates; the code it tests is optimised in its own modules. Optimising the
    // test modules too cost 80 of a cold release build's 297 s on two cores and saved no test time.
    if target.type == .test {
        target.swiftSettings! += [.unsafeFlags(["-Onone"], .when(configuration: .release))]
    }
}
