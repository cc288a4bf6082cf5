import Contracts
import Foundation
import MarketData
import Polymarket
import Portfolios
import Postgres
import PrescientCore

/// Produces and stores one portfolio's signals for one cycle with one strategy: exits for what
/// it holds, then the strategy's buys (none for a reduce-only portfolio). A cycle asks once:
/// asking again (a retry, a resumed cycle) returns what was stored.
public struct SignalGenerator: Sendable {
    let strategy: any Strategy
    let portfolios: PortfolioRepository
    let signals: SignalRepository
    let markets: MarketPool
    let client: PolymarketClient
    let clock: MarketClock
    let books: BookCache

    public init(
        strategy: any Strategy, pool: PostgresPool, client: PolymarketClient, clock: MarketClock, books: BookCache
    ) {
        self.strategy = strategy
        self.portfolios = PortfolioRepository(pool: pool)
        self.signals = SignalRepository(pool: pool)
        self.markets = MarketPool(pool: pool)
        self.client = client
        self.clock = clock
        self.books = books
    }

    var type: StrategyType { Swift.type(of: strategy).type }

    public func generate(_ request: GenerateSignalsRequest) throws -> GenerateSignalsResult {
        let id = request.portfolioID
        let cycleID = request.cycleID ?? "manual-" + UUID().uuidString.lowercased()
        let portfolio = try portfolios.requireRunnable(id: id)
        guard portfolio.strategyType == type else {
            throw WrongStrategy(portfolioID: id, portfolioStrategy: portfolio.strategyType, serviceStrategy: type)
        }
        let reduceOnly = !portfolio.status.opensPositions
        let started = Date()
        let existing = try signals.signals(portfolioID: id, cycleID: cycleID)
        if !existing.isEmpty {
            return GenerateSignalsResult(
                portfolioID: id, cycleID: cycleID, strategy: type.rawValue, marketsConsidered: 0, signalsGenerated: existing.count,
                signalsNew: 0, reused: true, reduceOnly: reduceOnly, sizing: nil,
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000), signals: existing)
        }
        let config = portfolio.config
        let now = try clock.now()
        let tradeSize = try PositionSizer.size(config: config, equity: portfolio.equity) {
            try ResolvedTradeStatistics.load(portfolioID: id, pool: signals.pool)
        }
        let held = try markets.heldPositions(portfolioID: id)
        let heldMarkets = Set(held.map(\.market.id))
        let candidates = try markets.candidates(for: config, now: now).filter { !heldMarkets.contains($0.id) }
        let input = StrategyInput(
            portfolio: portfolio, config: config, cycleID: cycleID, now: now, markets: candidates, pool: markets,
            client: client, tradeSize: tradeSize, bookCache: books)
        // Exits first: a sell frees the cash and the limits the buys then use.
        var generated = try input.exits(held: held, strategy: strategy)
        // A stake of zero (Kelly sees no edge) buys nothing; a reduce-only portfolio buys nothing.
        if !reduceOnly {
            generated += try strategy.signals(input).filter { !$0.action.isBuy || $0.amount > 0 }
        }
        let new = try signals.store(generated)
        return GenerateSignalsResult(
            portfolioID: id, cycleID: cycleID, strategy: type.rawValue, marketsConsidered: candidates.count,
            signalsGenerated: generated.count, signalsNew: new, reused: false, reduceOnly: reduceOnly, sizing: tradeSize,
            durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000),
            signals: try signals.signals(portfolioID: id, cycleID: cycleID))
    }
}
