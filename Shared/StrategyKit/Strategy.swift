import Foundation
import Polymarket
import Portfolios
import PrescientCore

/// What a strategy sees when it runs for one portfolio in one cycle.
public struct StrategyInput: Sendable {
    public let portfolio: Portfolio
    public let config: StrategyConfig
    public let cycleID: String
    public let now: Date
    /// Filtered candidates, most liquid first, without markets the portfolio already holds.
    public let markets: [CandidateMarket]
    public let pool: MarketPool
    public let client: PolymarketClient
}

/// A trading strategy: turns candidate markets into signals for one portfolio.
public protocol Strategy: Sendable {
    static var type: StrategyType { get }
    func signals(_ input: StrategyInput) throws -> [TradingSignal]
}

extension StrategyInput {
    /// A buy signal on one outcome at `reference` with the portfolio's amount and slippage limit.
    public func buy(
        _ market: CandidateMarket, yes: Bool, reference: Decimal, confidence: Decimal, reason: String,
        amount: Decimal? = nil
    ) -> TradingSignal {
        let limit = min(Decimal(string: "0.99")!, (reference + config.maxSlippage).rounded(scale: 6))
        return TradingSignal(
            portfolioID: portfolio.id, cycleID: cycleID, marketID: market.id,
            tokenID: yes ? market.yesTokenID : market.noTokenID, action: yes ? .buyYes : .buyNo,
            amount: amount ?? config.perTradeAmount, limitPrice: max(Decimal(string: "0.01")!, limit),
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
    /// the history covers the lookback, else the recorded quotes and Gamma's day/week changes.
    public func priceMoves() throws -> [PriceMove] {
        let history = try pool.priceChanges(
            tokens: markets.map(\.yesTokenID), now: now, lookback: Double(config.lookbackHours) * 3600)
        return markets.compactMap { market in
            guard let yes = history[market.yesTokenID]?.now ?? market.referenceYesPrice,
                let (change, source) = Scores.change(of: market, history: history[market.yesTokenID], lookbackHours: config.lookbackHours)
            else { return nil }
            return PriceMove(market: market, yes: yes, change: change, source: source)
        }
    }

    /// The strongest `max_signals_per_cycle` of the scored signals.
    public func strongest(_ scored: [(score: Decimal, signal: TradingSignal)]) -> [TradingSignal] {
        scored.sorted { $0.score > $1.score }.prefix(config.maxSignalsPerCycle).map(\.signal)
    }
}

/// Formats a price or change for reasons: `0.412`, `+0.062`.
public enum ReasonFormat {
    public static func price(_ value: Decimal) -> String { DecimalText.format(value.rounded(scale: 3)) }
    public static func change(_ value: Decimal) -> String {
        (value >= 0 ? "+" : "") + DecimalText.format(value.rounded(scale: 3))
    }
}
