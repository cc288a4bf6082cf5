import Contracts
import Foundation
import Portfolios
import StrategyKit

/// A strategy that scores each market's price move and buys the side its score favours, strongest
/// scores first (momentum, mean reversion and hybrid): each says which prices it trades, which
/// scores are strong enough, and the reason line of a buy.
public protocol DirectionalStrategy: Strategy {
    /// The prices of the side bought that the strategy trades.
    static var prices: ClosedRange<Decimal> { get }
    /// Whether a score is strong enough to trade (every score the strategy gives, by default).
    func admits(_ score: Decimal, config: StrategyConfig) -> Bool
    /// The reason line of a buy of YES (`yes`) or NO at about `price` on `move`, scored `score`.
    func reason(_ move: PriceMove, score: Decimal, yes: Bool, price: Decimal, config: StrategyConfig) -> String
}

extension DirectionalStrategy {
    public func admits(_ score: Decimal, config: StrategyConfig) -> Bool { true }

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for move in try input.priceMoves() {
            guard let score = score(move, config: input.config), admits(score, config: input.config),
                let buy = input.directionalBuy(
                    move, score: score, prices: Self.prices,
                    reason: { yes, price in reason(move, score: score, yes: yes, price: price, config: input.config) })
            else { continue }
            scored.append(buy)
        }
        return input.strongest(scored)
    }
}
