import Contracts
import Foundation
import LiveTier
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import Trading

/// A backtest of any cycle strategy over the recorded weather markets, through the live code:
/// at each step the run schema's `markets` and `market_snapshots` hold what was known then
/// (`ReplayUniverse`), the quotes are the book model's at that step (`ReplayQuotes`), and
/// `cycle` runs one portfolio cycle exactly as the orchestrator asks for it live — the strategy
/// service's `SignalGenerator` (filters, sizing, exits, the strategy) and the paper trading
/// service's `SignalExecutor` (risk limits, book walks, fees, `Bookkeeping`). Markets settle from
/// their recorded resolution `settleAfter` seconds after trading ends, through
/// `Bookkeeping.recordSettlement`. Before each cycle the open positions are marked at the known
/// prices (`MarkToMarket`, as the live price updater marks them), so the risk limits and the
/// drawdown breaker see unrealised P&L; after it the portfolio's equity is snapshotted into
/// `portfolio_history` at the step's time, as the orchestrator's last step does live.
///
/// The weather strategy replays on the oracle forecast (`ModelledForecasts`), so its trades are
/// labelled modelled: a ceiling, not evidence.
/// Each fill is a trade of the result, with the probability its signal claimed (the weather
/// strategy's forecast probability; for a directional strategy `SignalProbability`, its confidence
/// read against the price it bought at) for the Brier score.
public struct StrategyReplay: Sendable {
    /// Runs one cycle of the portfolio at the step's time.
    public typealias Cycle = @Sendable (_ portfolioID: PortfolioID, _ cycleID: CycleID, _ now: Date) throws -> Void

    public let settings: WeatherBacktest.Settings
    public let strategy: StrategyType
    public let config: StrategyConfig
    public let book: BookModel

    public init(settings: WeatherBacktest.Settings, strategy: StrategyType, config: StrategyConfig, book: BookModel = BookModel()) {
        self.settings = settings
        self.strategy = strategy
        self.config = config
        self.book = book
    }

    /// The quotes a run's cycles must read (the book model at the replay's current step).
    public func quotes(for history: WeatherHistory) -> ReplayQuotes {
        ReplayQuotes(known: KnownPrices(history.between(settings.from, settings.to)), model: book)
    }

    /// Runs over `history` into the run schema behind `pool` (migrated, empty), with `quotes` from
    /// `quotes(for:)`; `progress` may stop the run by returning false.
    public func run(
        _ history: WeatherHistory, quotes: ReplayQuotes, pool: PostgresPool, cycle: Cycle, progress: (Int, Int) -> Bool = { _, _ in true }
    ) throws -> BacktestResult {
        let window = history.between(settings.from, settings.to)
        let universe = ReplayUniverse(history: window, feeRate: settings.feeRate)
        try universe.load(into: pool)
        let marketsByID = Dictionary(universe.markets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let (start, steps) = window.clock(stepSeconds: settings.stepSeconds, settleAfter: settings.settleAfter)
        let portfolioID = try createPortfolio(pool)

        var trades: [BacktestResult.Trade] = []
        var tradesByPosition: [Int64: [Int]] = [:]
        var lastTradeID: Int64 = 0
        var settledEvents = Set<String>()
        var curve: [BacktestResult.CurvePoint] = []
        var cancelled = false
        for step in 0..<steps {
            let now = start + Int64(step) * settings.stepSeconds
            quotes.move(to: now)
            try universe.advance(to: now, quotes: quotes, pool: pool)
            for event in window.events
            where event.resolved && !settledEvents.contains(event.slug) && event.endTime + settings.settleAfter <= now {
                settledEvents.insert(event.slug)
                for (positionID, payout, won) in try settle(event, portfolioID: portfolioID, pool: pool) {
                    let indexes = tradesByPosition.removeValue(forKey: positionID) ?? []
                    let shares = indexes.map { trades[$0].shares }.reduce(0, +)
                    for index in indexes where shares > 0 {
                        trades[index].settle(won: won, payout: (payout * trades[index].shares / shares).rounded(scale: 6), at: now)
                    }
                }
            }
            try mark(quotes: quotes, pool: pool)
            try cycle(portfolioID, "replay-\(step)", Date(timeIntervalSince1970: TimeInterval(now)))
            try snapshot(portfolioID, cycleID: "replay-\(step)", at: now, pool: pool)
            for fill in try fills(after: lastTradeID, portfolioID: portfolioID, pool: pool) {
                lastTradeID = fill.id
                guard let market = marketsByID[fill.marketID] else { continue }
                if fill.buying {
                    tradesByPosition[fill.positionID, default: []].append(trades.count)
                    let price = quotes.price(fill.tokenID) ?? fill.price
                    trades.append(
                        BacktestResult.Trade(
                            time: now, city: market.event.city, targetDate: market.event.targetDate,
                            bucket: (fill.tokenID == market.bucket.token ? "YES " : "NO ") + market.bucket.label, token: fill.tokenID,
                            probability: probability(price: price, confidence: fill.confidence), price: price,
                            ask: fill.price, shares: fill.shares, notional: fill.amount, fee: fill.fee,
                            modelled: strategy == .weather))
                } else {
                    // An exit: the position's buys close at the sale's proceeds (after its fee), pro rata.
                    let indexes = tradesByPosition.removeValue(forKey: fill.positionID) ?? []
                    let shares = indexes.map { trades[$0].shares }.reduce(0, +)
                    for index in indexes where shares > 0 {
                        trades[index].sell(proceeds: ((fill.amount - fill.fee) * trades[index].shares / shares).rounded(scale: 6), at: now)
                    }
                }
            }
            if (now - start) % settings.curveEvery == 0 || step == steps - 1 {
                curve.append(.init(time: now, equity: try equity(portfolioID, quotes: quotes, pool: pool)))
            }
            if !progress(step + 1, steps) {
                cancelled = true
                break
            }
        }
        return BacktestResult(
            settings: settings, trades: trades, curve: curve, initialBalance: settings.initialBalance, cancelled: cancelled,
            strategy: strategy.rawValue)
    }

    /// The probability a buy's signal claimed: the weather strategy's confidence is its forecast
    /// probability; a directional strategy's is read against the price (`SignalProbability`).
    func probability(price: Decimal, confidence: Decimal) -> Decimal {
        strategy == .weather ? confidence : SignalProbability.implied(mid: price, buying: true, weight: confidence)
    }

    /// One fill of the run's portfolio, with its signal's confidence.
    struct FillRow {
        let id: Int64
        let positionID: Int64
        let marketID: String
        let tokenID: String
        let buying: Bool
        let shares: Decimal
        let price: Decimal
        let amount: Decimal
        let fee: Decimal
        let confidence: Decimal
    }

    func fills(after id: Int64, portfolioID: PortfolioID, pool: PostgresPool) throws -> [FillRow] {
        try pool.execute(
            """
            SELECT t.id, t.position_id, t.market_id, t.token_id, t.side, t.shares, t.price, t.amount, t.fee,
                   COALESCE(s.confidence, 0) AS confidence
            FROM trades t LEFT JOIN trading_signals s ON s.id = t.signal_id
            WHERE t.portfolio_id = \(portfolioID) AND t.id > \(id) ORDER BY t.id
            """
        ).rows.map { row in
            FillRow(
                id: try row.decode("id"), positionID: try row.decode("position_id"), marketID: try row.decode("market_id"),
                tokenID: try row.decode("token_id"), buying: try row.decode("side", asCaseOf: OrderSide.self) == .buy,
                shares: try row.decode("shares"), price: try row.decode("price"), amount: try row.decode("amount"),
                fee: try row.decodeIfPresent("fee") ?? 0, confidence: try row.decode("confidence"))
        }
    }

    /// Settles the portfolio's open positions in the event's markets from its recorded winner:
    /// (position, payout, won) of each.
    func settle(_ event: WeatherHistory.Event, portfolioID: PortfolioID, pool: PostgresPool) throws -> [(Int64, Decimal, Bool)] {
        let winners = Dictionary(
            event.buckets.flatMap { [($0.token, $0.resolvedYes), (ReplayQuotes.noToken(of: $0.token), !$0.resolvedYes)] },
            uniquingKeysWith: { first, _ in first })
        return try pool.withTransaction { db in
            try Bookkeeping.lockPortfolio(portfolioID, on: db)
            let open = try db.execute(
                """
                SELECT id, token_id FROM portfolio_positions
                WHERE portfolio_id = \(portfolioID) AND status = 'open' AND token_id = ANY(\(Array(winners.keys).sorted())::text[])
                ORDER BY id
                """
            ).rows.map { (try $0.decode("id", as: Int64.self), try $0.decode("token_id", as: String.self)) }
            var settled: [(Int64, Decimal, Bool)] = []
            for (positionID, token) in open {
                let won = winners[token] ?? false
                let paid = try Bookkeeping.recordSettlement(
                    positionID: positionID, portfolioID: portfolioID, outcome: { _ in won ? .won : .lost }, on: db)
                if let paid { settled.append((positionID, paid, won)) }
            }
            return settled
        }
    }

    /// Marks the open positions at the prices known now (the run schema holds one portfolio).
    func mark(quotes: ReplayQuotes, pool: PostgresPool) throws {
        let marks = try MarkToMarket.openTokens(pool: pool).sorted { $0.key < $1.key }.compactMap { token, market in
            quotes.price(token.rawValue).map { MarkToMarket.Mark(tokenID: token, marketID: market, price: $0) }
        }
        _ = try pool.withTransaction { db in try MarkToMarket.apply(marks, snapshotAt: nil, on: db) }
    }

    /// The portfolio's state after a step's cycle, in `portfolio_history` at the step's time
    /// (positions at their marks).
    func snapshot(_ portfolioID: PortfolioID, cycleID: CycleID, at time: Int64, pool: PostgresPool) throws {
        try EquityHistory.record([(portfolioID, cycleID)], capturedAt: Date(timeIntervalSince1970: TimeInterval(time)), pool: pool)
    }

    /// Cash + each open position's shares at its known price.
    func equity(_ portfolioID: PortfolioID, quotes: ReplayQuotes, pool: PostgresPool) throws -> Decimal {
        let cash: Decimal = try pool.execute("SELECT current_balance FROM portfolios WHERE id = \(portfolioID)")[0].decode(
            "current_balance")
        let open = try pool.execute(
            "SELECT token_id, shares FROM portfolio_positions WHERE portfolio_id = \(portfolioID) AND status = 'open' ORDER BY token_id"
        ).rows
        return try open.reduce(cash) { total, row in
            total + (try row.decode("shares", as: Decimal.self)) * (quotes.price(try row.decode("token_id")) ?? 0)
        }
    }

    func createPortfolio(_ pool: PostgresPool) throws -> PortfolioID {
        try PortfolioRepository(pool: pool).create(
            name: "backtest", type: strategy, config: config, initialBalance: settings.initialBalance
        ).id
    }
}
