import Foundation
import PrescientCore
import ServiceKit

/// How the simulator is started: which recorded files it serves and how it synthesises the rest.
public struct SimulatorConfiguration: Sendable {
    /// Folder holding the recorded payloads (`gamma-markets/`, `clob-book/`, …).
    public var datasetDirectory: String
    /// The market universe file, relative to the dataset folder (`.json` or `.json.gz`).
    public var marketsFile: String
    /// When above the recorded count, clone recorded markets with fresh ids up to this many.
    public var scale: Int
    /// Seed for synthesised books, random walks and fault injection.
    public var seed: UInt64
    /// Whether Polymarket's published rate limits are enforced from the start (429 beyond them).
    public var rateLimits: Bool
    /// Wallets in the seeded population the Data API's wallet routes serve.
    public var wallets: Int
    /// Which wallet population the Data API serves (`adversarial` by default).
    public var world: WalletWorld
    /// Folder holding the recorded weather forecasts (`forecasts/…`); by default `weather/` beside
    /// the dataset folder.
    public var weatherDirectory: String?
    /// Seconds a fill waits before the Data API shows it (Polymarket's indexing lag): `/trades` and
    /// `/activity` list only fills at least this old on the simulator's clock.
    public var dataLagSeconds: Int64
    /// Whether open markets' Gamma payloads move with the clock (`outcomePrices`, `lastTradePrice`,
    /// `bestBid`/`bestAsk` at the book model's price, `volume24hr` varied per step), as a live
    /// universe does; off by default, when Gamma serves the recorded prices.
    public var gammaMoves: Bool
    /// The factor every book level's size is multiplied by (`SIM_BOOK_DEPTH`, 1).
    public var bookDepth: Decimal

    /// Reads `SIM_DATASET_DIR`, `SIM_MARKETS_FILE`, `SIM_SCALE`, `SIM_SEED`, `SIM_RATE_LIMITS` (0), `SIM_WALLETS` (2000),
    /// `SIM_DATA_LAG_S` (20), `SIM_GAMMA_MOVES` (0), `SIM_BOOK_DEPTH` (1), `SIM_WORLD` (`adversarial`, `no_skill` or `easy`), `SIM_WEATHER_DIR`, overridden by the
    /// command-line flags `--dataset DIR`, `--markets FILE`, `--scale N`, `--seed N`, `--world NAME`, `--weather DIR`.
    public init(environment: EnvironmentReader, arguments: [String]) throws {
        datasetDirectory = environment.string("SIM_DATASET_DIR", default: "Fixtures/polymarket")
        marketsFile = environment.string("SIM_MARKETS_FILE", default: "gamma-markets/markets_active_all_2026-03-11.json.gz")
        scale = try environment.int("SIM_SCALE", default: 0, range: 0...10_000_000)
        seed = UInt64(try environment.int("SIM_SEED", default: 42, range: 0...Int.max))
        rateLimits = try environment.int("SIM_RATE_LIMITS", default: 0, range: 0...1) == 1
        wallets = try environment.int("SIM_WALLETS", default: 2_000, range: 0...200_000)
        weatherDirectory = environment.string("SIM_WEATHER_DIR")
        dataLagSeconds = Int64(try environment.int("SIM_DATA_LAG_S", default: 20, range: 0...86_400))
        gammaMoves = try environment.int("SIM_GAMMA_MOVES", default: 0, range: 0...1) == 1
        bookDepth = Decimal(try environment.int("SIM_BOOK_DEPTH", default: 1, range: 1...1_000_000))
        world = try Self.world(
            try environment.choice("SIM_WORLD", default: WalletWorld.adversarial.rawValue, allowed: WalletWorld.allCases.map(\.rawValue)),
            variable: "SIM_WORLD")
        var index = 1
        while index < arguments.count {
            let flag = arguments[index]
            guard index + 1 < arguments.count else {
                throw ConfigurationError(variable: flag, problem: "needs a value")
            }
            let value = arguments[index + 1]
            switch flag {
            case "--dataset": datasetDirectory = value
            case "--markets": marketsFile = value
            case "--weather": weatherDirectory = value
            case "--world": world = try Self.world(value, variable: "--world")
            case "--scale":
                guard let parsed = Int(value), parsed >= 0 else {
                    throw ConfigurationError(variable: "--scale", problem: "must be a non-negative integer, got '\(value)'")
                }
                scale = parsed
            case "--seed":
                guard let parsed = UInt64(value) else {
                    throw ConfigurationError(variable: "--seed", problem: "must be a non-negative integer, got '\(value)'")
                }
                seed = parsed
            default:
                throw ConfigurationError(
                    variable: flag, problem: "is not a known flag (--dataset, --markets, --scale, --seed, --world, --weather)")
            }
            index += 2
        }
    }

    static func world(_ name: String, variable: String) throws -> WalletWorld {
        guard let world = WalletWorld(rawValue: name) else {
            throw ConfigurationError(
                variable: variable, problem: "must be one of \(WalletWorld.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'"
            )
        }
        return world
    }

    /// The weather folder in use: the one given, else `weather/` beside the dataset folder.
    public var resolvedWeatherDirectory: String {
        weatherDirectory ?? (datasetDirectory.hasSuffix("/") ? String(datasetDirectory.dropLast()) : datasetDirectory) + "/../weather"
    }
}
