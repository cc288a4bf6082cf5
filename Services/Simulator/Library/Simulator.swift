import Foundation
import HTTPServer
import Logging
import Polymarket
import PrescientCore

/// A Polymarket stand-in that serves the Gamma, CLOB and Data API endpoints from recorded
/// payloads, with a simulated clock, resolutions and fault injection for tests and demos. As on
/// Polymarket, the three are separate hosts: three routers, served on three ports by one process.
public final class Simulator: Sendable {
    let configuration: SimulatorConfiguration
    let universe: MarketUniverse
    let state: SimulatorState
    let books: BookMaker
    let recordedTrades: RecordedTrades
    /// Recorded price series by token, read on first use.
    private let historiesOnce: LoadedOnce<[String: PriceHistory]>
    var recordedHistories: [String: PriceHistory] { historiesOnce.value }
    /// The recorded Open-Meteo forecasts the weather host serves, read on first use.
    private let forecastsOnce: LoadedOnce<RecordedForecasts>
    var forecasts: RecordedForecasts { forecastsOnce.value }
    /// Polymarket's published rate limits, off unless switched on.
    let rateLimiter: RateLimiter
    /// Slugs, series, tags and searchable text of the recorded data, read on first use.
    private let catalogOnce: LoadedOnce<GammaCatalog>
    var catalog: GammaCatalog { catalogOnce.value }
    /// The recorded resolved markets outside the universe (the population's history), by
    /// condition id, for Gamma's lookup of closed markets; read on first use.
    private let resolvedOnce: LoadedOnce<[String: [UInt8]]>
    var recordedResolved: [String: [UInt8]] { resolvedOnce.value }
    /// The seeded wallets the Data API's wallet routes serve, built on their first use (most
    /// simulators, the tests' among them, never serve a wallet).
    private let populationOnce: LoadedOnce<WalletPopulation>
    var population: WalletPopulation { populationOnce.value }
    /// When the universe was recorded: the simulated clock's zero.
    var epoch: Int64 { universe.epoch }

    public init(configuration: SimulatorConfiguration, logger: Logger) throws {
        self.configuration = configuration
        let directory = configuration.datasetDirectory
        let started = Date()
        universe = try MarketUniverse.load(path: directory + "/" + configuration.marketsFile, scale: configuration.scale)
        state = SimulatorState(seed: configuration.seed)
        rateLimiter = RateLimiter(enabled: configuration.rateLimits)
        let walk = PriceWalk(seed: configuration.seed)
        books = BookMaker(
            walk: walk, recordedBooks: RecordedData.books(directory: directory), epoch: universe.epoch, depth: configuration.bookDepth)
        recordedTrades = RecordedData.trades(directory: directory)
        historiesOnce = LoadedOnce { RecordedData.histories(directory: directory) }
        let weatherDirectory = configuration.resolvedWeatherDirectory
        forecastsOnce = LoadedOnce { RecordedForecasts.load(directory: weatherDirectory) }
        let universe = universe
        catalogOnce = LoadedOnce { GammaCatalog(universe: universe, datasetDirectory: directory) }
        resolvedOnce = LoadedOnce {
            var built: [String: [UInt8]] = [:]
            for payload in PopulationMarket.resolvedPayloads(directory: directory) {
                guard let market = try? JSONDecoder().decode(GammaMarket.self, from: Data(payload)) else { continue }
                built[market.conditionID] = payload
            }
            return built
        }
        populationOnce = LoadedOnce {
            WalletPopulation.shared(
                world: configuration.world, seed: configuration.seed, count: configuration.wallets, epoch: universe.epoch,
                directory: directory, universe: "\(configuration.marketsFile)|\(configuration.scale)",
                open: { Self.openPopulationMarkets(universe, count: 200) })
        }
        logger.info(
            "simulator dataset loaded",
            metadata: [
                "markets": "\(universe.markets.count)", "events": "\(universe.events.count)",
                "orphan_markets": "\(universe.orphanMarketCount)", "recorded_books": "\(books.recordedBooks.count)",
                "load_ms": "\(Int(Date().timeIntervalSince(started) * 1000))",
            ])
    }

    /// The Gamma host's routes, with the simulator's own `/sim/*` control beside them (the main port).
    public func gammaRouter() -> Router {
        var router = Router()
        registerGamma(on: &router)
        registerGammaCatalog(on: &router)
        registerWalletTruth(on: &router)
        registerControl(on: &router)
        registerPlanted(on: &router)
        return router
    }

    /// The CLOB host's routes.
    public func clobRouter() -> Router {
        var router = Router()
        registerClob(on: &router)
        registerClobQuotes(on: &router)
        registerClobMarkets(on: &router)
        return router
    }

    /// The Data API host's routes.
    public func dataRouter() -> Router {
        var router = Router()
        registerDataAPI(on: &router)
        registerDataAPIv2(on: &router)
        registerWallets(on: &router)
        registerMarketWallets(on: &router)
        registerWalletsV2(on: &router)
        registerWalletStats(on: &router)
        return router
    }

    /// The middleware that injects configured faults into API routes.
    public var faultInjector: any HTTPMiddleware { FaultInjector(state: state) }

    /// Whether a market currently counts as closed (recorded closed, or resolved in the simulation).
    func isClosed(_ market: SimulatedMarket) -> Bool {
        market.closed || state.resolution(of: market.conditionID) != nil
    }

    func isListed(_ market: SimulatedMarket) -> Bool { !state.isDelisted(market.id) }

    /// The market object as served now: the recorded bytes, patched if the simulation resolved it
    /// (or, with `SIM_GAMMA_MOVES`, moved to the clock's prices while it is open).
    func render(_ market: SimulatedMarket, withEvents: Bool) -> [UInt8] {
        let base = withEvents ? market.fullPayload : market.payload
        guard let outcome = state.resolution(of: market.conditionID) else {
            return configuration.gammaMoves && !market.closed ? moved(market, base) : base
        }
        let prices: [String]
        switch outcome {
        case .yes: prices = ["1", "0"]
        case .no: prices = ["0", "1"]
        case .void: prices = ["0.5", "0.5"]
        case .proposed, .disputed:
            // Trading has stopped but UMA has not settled: the recorded prices stay.
            let status = outcome.rawValue.lowercased()
            let history = outcome == .proposed ? "[\\\"proposed\\\"]" : "[\\\"proposed\\\", \\\"disputed\\\"]"
            return JSONPatch.replacing(
                [
                    "closed": Array("true".utf8), "acceptingOrders": Array("false".utf8),
                    "umaResolutionStatus": Array("\"\(status)\"".utf8),
                    "umaResolutionStatuses": Array("\"\(history)\"".utf8),
                ], in: base)
        }
        let closedTime = Self.gammaTimestamp(epoch + state.elapsedSeconds)
        return JSONPatch.replacing(
            [
                "closed": Array("true".utf8), "acceptingOrders": Array("false".utf8),
                "outcomePrices": JSONPatch.stringifiedArray(prices),
                "umaResolutionStatus": Array("\"resolved\"".utf8),
                "umaResolutionStatuses": Array("\"[\\\"proposed\\\", \\\"resolved\\\"]\"".utf8),
                "closedTime": Array("\"\(closedTime)\"".utf8),
            ], in: base)
    }

    /// An open market's payload at the clock: prices at the book model's YES price, its touch the
    /// model's YES touch, and the recorded 24-hour volume scaled by a seeded factor of 0.5–1.5 that
    /// changes every price step.
    func moved(_ market: SimulatedMarket, _ base: [UInt8]) -> [UInt8] {
        let second = state.elapsedSeconds
        let yes = yesPrice(of: market, atSecond: second)
        let touch = books.syntheticTouch(outcomeIndex: 0, yesNow: yes, market: market)
        func price(_ thousandths: Int64) -> String { Self.priceText(thousandths: thousandths) }
        let step = UInt64(bitPattern: second / PriceWalk.stepSeconds)
        let factor = Decimal(
            sign: .plus, exponent: -3, significand: Decimal(500 + Int(PriceWalk.mix(PriceWalk.hash(market.id) ^ step) % 1_001)))
        return JSONPatch.replacing(
            [
                "outcomePrices": JSONPatch.stringifiedArray([price(yes), price(1_000 - yes)]),
                "lastTradePrice": Array(price(yes).utf8), "bestBid": Array(price(touch.bid).utf8),
                "bestAsk": Array(price(touch.ask).utf8), "volume24hr": Array("\((market.volume24hr * factor).rounded(scale: 2))".utf8),
            ], in: base)
    }

    /// A price of `thousandths` (clamped to 0.001…0.999) as Gamma writes it: `0.523`, `0.5`,
    /// `0.01`, no trailing zeros. Integer formatting: a Decimal division per price was most of an
    /// export's time.
    static func priceText(thousandths: Int64) -> String {
        let clamped = min(999, max(1, thousandths))
        var digits = Array(String(clamped).utf8)
        while digits.count < 3 { digits.insert(UInt8(ascii: "0"), at: 0) }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return "0." + String(decoding: digits, as: UTF8.self)
    }

    /// `2026-02-07 12:00:00+00`, the shape Gamma uses for `closedTime`.
    static func gammaTimestamp(_ epochSeconds: Int64) -> String {
        var time = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d+00", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The `count` open markets of the universe with the most 24-hour volume (ties by position),
    /// as the population trades them: wallets go where the volume is.
    static func openPopulationMarkets(_ universe: MarketUniverse, count: Int) -> [PopulationMarket] {
        let busiest = universe.markets.indices.filter { !universe.markets[$0].closed && universe.markets[$0].tokenIDs.count == 2 }
            .sorted { (universe.markets[$0].volume24hr, $1) > (universe.markets[$1].volume24hr, $0) }
        var result: [PopulationMarket] = []
        for index in busiest where result.count < count {
            guard let gamma = try? JSONDecoder().decode(GammaMarket.self, from: Data(universe.markets[index].fullPayload)),
                let opened = PopulationMarket(gamma, universeIndex: index)
            else { continue }
            result.append(opened)
        }
        return result
    }
}
