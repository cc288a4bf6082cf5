import Contracts
import Foundation
import MarketData
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import Verdicts

/// Produces and stores portfolios' signals for their cycles with one strategy: exits for what
/// each holds, then the strategy's buys (none for a reduce-only portfolio). A cycle asks once:
/// asking again (a retry, a resumed cycle) returns what was stored.
///
/// A batch of portfolios is read, filtered and stored set-based: one query each for the
/// portfolios, their stored signals and their positions, candidates filtered once per distinct
/// filter and their price moves computed once, every new signal inserted in one statement.
public struct SignalGenerator: Sendable {
    let strategy: any Strategy
    let portfolios: PortfolioRepository
    let signals: SignalRepository
    let markets: MarketPool
    let client: PolymarketClient
    let clock: MarketClock
    let books: BookCache
    let quotes: any QuoteSource
    /// What the signal ledger records as the signals' source: `live`, or `replay` in a backtest's schema.
    let ledgerSource: String

    /// `quotes` (the client by default) gives the books and midpoints strategies and exits read;
    /// every new signal is registered in the signal ledger as from `ledgerSource`.
    public init(
        strategy: any Strategy, pool: PostgresPool, client: PolymarketClient, clock: MarketClock, books: BookCache,
        quotes: (any QuoteSource)? = nil, ledgerSource: String = "live"
    ) {
        self.quotes = quotes ?? client
        self.ledgerSource = ledgerSource
        self.strategy = strategy
        self.portfolios = PortfolioRepository(pool: pool)
        self.signals = SignalRepository(pool: pool)
        self.markets = MarketPool(pool: pool)
        self.client = client
        self.clock = clock
        self.books = books
    }

    var type: StrategyType { Swift.type(of: strategy).type }

    /// One portfolio's signals for one cycle.
    public func generate(_ request: GenerateSignalsRequest) throws -> GenerateSignalsResult {
        try generate([request])[0].outcome.get()
    }

    /// Each portfolio's signals for its cycle, in the order asked; a portfolio that cannot run
    /// (unknown, archived, of another strategy) fails alone.
    public func generate(_ batch: [PortfolioCycle]) throws -> [(
        portfolioID: PortfolioID, outcome: Result<GenerateSignalsResult, any Error>
    )] {
        let started = Date()
        let requests = batch.map {
            PortfolioCycle(portfolioID: $0.portfolioID, cycleID: $0.cycleID ?? .unique("manual-"))
        }
        let found = try portfolios.find(ids: requests.map(\.portfolioID))
        let stored = try signals.signals(of: requests.map { ($0.portfolioID, $0.cycleID!) })
        var outcomes: [PortfolioID: Result<GenerateSignalsResult, any Error>] = [:]
        var fresh: [(portfolio: Portfolio, cycleID: CycleID)] = []
        for request in requests {
            let id = request.portfolioID
            do {
                let portfolio = try PortfolioRepository.runnable(found[id], id: id)
                guard portfolio.strategyType == type else {
                    throw WrongStrategy(portfolioID: id, portfolioStrategy: portfolio.strategyType, serviceStrategy: type)
                }
                if let existing = stored[id], !existing.isEmpty {
                    outcomes[id] = .success(
                        GenerateSignalsResult(
                            portfolioID: id, cycleID: request.cycleID!, strategy: type.rawValue, marketsConsidered: 0,
                            signalsGenerated: existing.count, signalsNew: 0, reused: true, reduceOnly: !portfolio.status.opensPositions,
                            sizing: nil, durationMilliseconds: Self.milliseconds(since: started), signals: existing))
                } else {
                    fresh.append((portfolio, request.cycleID!))
                }
            } catch {
                outcomes[id] = .failure(error)
            }
        }
        if !fresh.isEmpty {
            for (id, outcome) in try generateFresh(fresh, started: started) { outcomes[id] = outcome }
        }
        return requests.map { ($0.portfolioID, outcomes[$0.portfolioID]!) }
    }

    /// Runs the strategy for portfolios without stored signals in their cycle, stores every new
    /// signal at once and answers with what was stored.
    private func generateFresh(_ fresh: [(portfolio: Portfolio, cycleID: CycleID)], started: Date) throws
        -> [PortfolioID: Result<GenerateSignalsResult, any Error>]
    {
        let now = try clock.now()
        let held = try markets.heldPositions(portfolioIDs: fresh.map(\.portfolio.id))
        let muted = try StrategyMutes(pool: signals.pool).reasons(fresh.map(\.portfolio.id))
        let memo = BatchMemo()
        var generatedByPortfolio: [PortfolioID: (signals: [TradingSignal], considered: Int, sizing: TradeSizing)] = [:]
        var outcomes: [PortfolioID: Result<GenerateSignalsResult, any Error>] = [:]
        for (portfolio, cycleID) in fresh {
            do {
                let id = portfolio.id
                let config = portfolio.config
                let tradeSize = try PositionSizer.size(config: config, equity: portfolio.equity) {
                    try ResolvedTradeStatistics.load(portfolioID: id, pool: signals.pool)
                }
                let positions = held[id] ?? []
                let heldMarkets = Set(positions.map(\.market.id))
                let key = MarketPool.filterKey(config)
                let shared = try memo.value("candidates|\(key)") { try markets.candidates(for: config, now: now) }
                let candidates = heldMarkets.isEmpty ? shared : shared.filter { !heldMarkets.contains($0.id) }
                let input = StrategyInput(
                    portfolio: portfolio, config: config, cycleID: cycleID, now: now, markets: candidates, pool: markets,
                    client: client, tradeSize: tradeSize, bookCache: books, heldPositions: positions.count,
                    batch: BatchCandidates(key: key, markets: shared, memo: memo), quotes: quotes)
                // Exits first: a sell frees the cash and the limits the buys then use.
                var generated = try input.exits(held: positions, strategy: strategy)
                // A stake of zero (Kelly sees no edge) buys nothing; a reduce-only or muted portfolio buys nothing.
                if portfolio.status.opensPositions && muted[id] == nil {
                    generated += try strategy.signals(input).filter { !$0.action.isBuy || $0.amount > 0 }
                }
                generatedByPortfolio[id] = (generated, candidates.count, tradeSize)
            } catch {
                outcomes[portfolio.id] = .failure(error)
            }
        }
        let all = fresh.flatMap { generatedByPortfolio[$0.portfolio.id]?.signals ?? [] }
        let inserted = try register(all, portfolios: fresh.map(\.portfolio), at: now)
        let stored = try signals.signals(
            of: fresh.filter { generatedByPortfolio[$0.portfolio.id] != nil }.map { ($0.portfolio.id, $0.cycleID) })
        for (portfolio, cycleID) in fresh {
            guard let generated = generatedByPortfolio[portfolio.id] else { continue }
            let mine = stored[portfolio.id] ?? []
            outcomes[portfolio.id] = .success(
                GenerateSignalsResult(
                    portfolioID: portfolio.id, cycleID: cycleID, strategy: type.rawValue, marketsConsidered: generated.considered,
                    signalsGenerated: generated.signals.count, signalsNew: inserted[portfolio.id] ?? 0,
                    reused: false, reduceOnly: !portfolio.status.opensPositions, sizing: generated.sizing,
                    durationMilliseconds: Self.milliseconds(since: started), signals: mine, muted: muted[portfolio.id]))
        }
        return outcomes
    }

    /// Stores the signals and registers the new ones in the signal ledger in one transaction
    /// (a signal is never stored unregistered); returns how many were new per portfolio.
    private func register(_ all: [TradingSignal], portfolios: [Portfolio], at now: Date) throws -> [PortfolioID: Int] {
        // A cycle without signals (most of a replay's steps) costs no round trip.
        guard !all.isEmpty else { return [:] }
        let signalling = Set(all.map(\.portfolioID))
        var hashes: [PortfolioID: String] = [:]
        for portfolio in portfolios where signalling.contains(portfolio.id) {
            hashes[portfolio.id] = ConfigHash.of(portfolio.config.json(for: type))
        }
        let stored = try signals.pool.withTransaction { db -> [TradingSignal] in
            let stored = try SignalRepository.store(all, on: db)
            try SignalLedger.append(
                stored.map { signal in
                    RegisteredSignal(
                        source: ledgerSource, portfolioID: signal.portfolioID, strategy: type.rawValue,
                        configHash: hashes[signal.portfolioID] ?? "", marketID: signal.marketID.rawValue, tokenID: signal.tokenID.rawValue,
                        side: signal.action.rawValue, probability: type.impliesProbability ? signal.confidence : nil,
                        score: signal.confidence, price: signal.limitPrice, amount: signal.amount, signalID: signal.id,
                        decidedAt: now)
                }, on: db)
            return stored
        }
        var counts: [PortfolioID: Int] = [:]
        for signal in stored { counts[signal.portfolioID, default: 0] += 1 }
        return counts
    }

    static func milliseconds(since start: Date) -> Int { Int(Date().timeIntervalSince(start) * 1000) }
}
