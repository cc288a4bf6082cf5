import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore

/// What a strategy sees when it runs for one portfolio in one cycle.
public struct StrategyInput: Sendable {
    public let portfolio: Portfolio
    public let config: StrategyConfig
    public let cycleID: CycleID
    public let now: Date
    /// Filtered candidates, most liquid first, without markets the portfolio already holds.
    public let markets: [CandidateMarket]
    public let pool: MarketPool
    public let client: PolymarketClient
    /// The dollars of one buy, from the portfolio's sizing rule.
    public let tradeSize: TradeSizing
    /// Recent order books, shared by the service's requests.
    public let bookCache: BookCache
    /// Where books and midpoints come from: the client when trading, a book model when replaying.
    public let quotes: any QuoteSource
    /// Open positions the portfolio holds (their markets are not among `markets`).
    public let heldPositions: Int
    /// The candidates before the portfolio's held markets were taken out, with what the
    /// portfolios of one batch compute from them once (nil: computed for this input alone).
    let batch: BatchCandidates?

    public init(
        portfolio: Portfolio, config: StrategyConfig, cycleID: CycleID, now: Date, markets: [CandidateMarket], pool: MarketPool,
        client: PolymarketClient, tradeSize: TradeSizing, bookCache: BookCache = BookCache(ttl: 0), heldPositions: Int = 0,
        batch: BatchCandidates? = nil, quotes: (any QuoteSource)? = nil
    ) {
        self.quotes = quotes ?? client
        self.portfolio = portfolio
        self.config = config
        self.cycleID = cycleID
        self.now = now
        self.markets = markets
        self.pool = pool
        self.client = client
        self.tradeSize = tradeSize
        self.bookCache = bookCache
        self.heldPositions = heldPositions
        self.batch = batch
    }

    /// The current books of `tokens` (from the service's book cache when fetched moments ago).
    public func books(_ tokens: [String]) throws -> [String: OrderBook] {
        try bookCache.books(tokens, source: quotes)
    }

    /// The same portfolio and cycle looking at other markets (exits look at the held ones).
    public func with(markets: [CandidateMarket]) -> StrategyInput {
        StrategyInput(
            portfolio: portfolio, config: config, cycleID: cycleID, now: now, markets: markets, pool: pool, client: client,
            tradeSize: tradeSize, bookCache: bookCache, heldPositions: heldPositions, quotes: quotes)
    }
}

/// A trading strategy: turns candidate markets into signals for one portfolio.
public protocol Strategy: Sendable {
    static var type: StrategyType { get }
    func signals(_ input: StrategyInput) throws -> [TradingSignal]
    /// The strategy's view of one market now, in [-1, 1]: positive favours YES, negative NO.
    /// The scaling bands compare it with the score a position was opened on; nil (the default)
    /// means the strategy has no running score and its positions are not scaled out.
    func score(_ move: PriceMove, config: StrategyConfig) -> Decimal?
}

extension Strategy {
    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? { nil }
}

extension StrategyInput {
    /// A buy signal on one outcome at `reference` with the portfolio's trade size (or `amount`)
    /// and its slippage limit, rounded down onto the market's tick grid.
    public func buy(
        _ market: CandidateMarket, yes: Bool, reference: Decimal, confidence: Decimal, reason: String,
        amount: Decimal? = nil
    ) -> TradingSignal {
        TradingSignal(
            portfolioID: portfolio.id, cycleID: cycleID, marketID: MarketID(market.id),
            tokenID: TokenID(yes ? market.yesTokenID : market.noTokenID), action: yes ? .buyYes : .buyNo,
            amount: amount ?? tradeSize.amount,
            limitPrice: TickSize.limit(reference + config.maxSlippage, tick: market.tickSize, buying: true),
            confidence: min(1, max(0, confidence)).rounded(scale: 4), reason: reason)
    }
}

/// One candidate's current YES price and its move over the lookback.
public struct PriceMove: Sendable {
    public let market: CandidateMarket
    public let yes: Decimal
    public let change: Decimal
    /// Where the move comes from, for the signal's reason (`over 24h of snapshots`, …).
    public let source: String
}

extension StrategyInput {
    /// Every candidate with a known price and move: prices and moves from `market_snapshots` where
    /// the history covers the lookback, else the recorded quotes and Gamma's day/week changes. In
    /// a batch, the moves of the shared candidates are computed once and each portfolio keeps its own.
    public func priceMoves() throws -> [PriceMove] {
        guard let batch else { return try priceMoves(of: markets) }
        let all = try batch.memo.value("moves|\(batch.key)|\(config.lookbackHours)") { try priceMoves(of: batch.markets) }
        if markets.count == batch.markets.count { return all }
        let ids = Set(markets.map(\.id))
        return all.filter { ids.contains($0.market.id) }
    }

    private func priceMoves(of markets: [CandidateMarket]) throws -> [PriceMove] {
        let history = try pool.priceChanges(
            tokens: markets.map(\.yesTokenID), now: now, lookback: Double(config.lookbackHours) * 3600)
        return markets.compactMap { market in
            guard let yes = history[market.yesTokenID]?.now ?? market.referenceYesPrice,
                let (change, source) = Scores.change(of: market, history: history[market.yesTokenID], lookbackHours: config.lookbackHours)
            else { return nil }
            return PriceMove(market: market, yes: yes, change: change, source: source)
        }
    }

    /// The buy a signed score asks for on one move: YES when positive, NO when negative, at that
    /// side's current price if it lies within `prices`, ranked and sized in confidence by |score|.
    /// `reason` gets the side bought (true for YES) and its price.
    public func directionalBuy(
        _ move: PriceMove, score: Decimal, prices: ClosedRange<Decimal>, reason: (_ buysYes: Bool, _ price: Decimal) -> String
    ) -> (score: Decimal, signal: TradingSignal)? {
        guard score != 0 else { return nil }
        let buysYes = score > 0
        let reference = buysYes ? move.yes : 1 - move.yes
        guard prices.contains(reference) else { return nil }
        let strength = abs(score)
        return (strength, buy(move.market, yes: buysYes, reference: reference, confidence: strength, reason: reason(buysYes, reference)))
    }

    /// The strongest `max_signals_per_cycle` of the scored signals, strongest first (equal
    /// scores in their given order): the order a stable sort by score would give, found in one
    /// pass, since sorting thousands of `Decimal`s per portfolio cost more than the strategy.
    public func strongest(_ scored: [(score: Decimal, signal: TradingSignal)]) -> [TradingSignal] {
        TopScores.select(scored, count: config.maxSignalsPerCycle).map(\.signal)
    }
}

/// Formats a price or change for reasons: `0.412`, `+0.062`.
public enum ReasonFormat {
    public static func price(_ value: Decimal) -> String { DecimalText.format(value.rounded(scale: 3)) }
    public static func change(_ value: Decimal) -> String {
        (value >= 0 ? "+" : "") + DecimalText.format(value.rounded(scale: 3))
    }
}
