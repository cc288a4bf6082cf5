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

/// Formats a price or change for reasons: `0.412`, `+0.062`.
public enum ReasonFormat {
    public static func price(_ value: Decimal) -> String { DecimalText.format(value.rounded(scale: 3)) }
    public static func change(_ value: Decimal) -> String {
        (value >= 0 ? "+" : "") + DecimalText.format(value.rounded(scale: 3))
    }
}
