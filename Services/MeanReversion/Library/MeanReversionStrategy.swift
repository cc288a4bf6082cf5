import Contracts
import Foundation
import Portfolios
import StrategyKit

/// Fades spikes into extremes: when one side trades at or above `extreme_price_threshold` after
/// moving at least `spike_threshold` toward it over the lookback, buy the other side. Markets
/// ending within `min_days_to_end` (default 2) are skipped: they have no time to revert.
public struct MeanReversionStrategy: Strategy {
    public static let type = StrategyType.meanReversion

    /// The faded side must cost at least a cent.
    static let prices = Decimal(string: "0.01")!...1

    public init() {}

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for move in try input.priceMoves() {
            guard let score = score(move, config: input.config),
                let buy = input.directionalBuy(
                    move, score: score, prices: Self.prices,
                    reason: { yes, price in
                        "\(yes ? "NO" : "YES") at \(ReasonFormat.price(1 - price)) after a \(ReasonFormat.change(move.change)) move "
                            + "(\(move.source)); mean reversion buys \(yes ? "YES" : "NO") at ~\(ReasonFormat.price(price))"
                    })
            else { continue }
            scored.append(buy)
        }
        return input.strongest(scored)
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        Scores.reversion(yes: move.yes, change: move.change, config: config)
    }
}
