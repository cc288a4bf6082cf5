import Foundation
import Portfolios
import StrategyKit

/// Fades spikes into extremes: when one side trades at or above `extreme_price_threshold` after
/// moving at least `spike_threshold` toward it over the lookback, buy the other side. Markets
/// ending within `min_days_to_end` (default 2) are skipped: they have no time to revert.
public struct MeanReversionStrategy: Strategy {
    public static let type = StrategyType.meanReversion

    public init() {}

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for move in try input.priceMoves() {
            guard let score = score(move, config: input.config), score != 0 else { continue }
            let buyYes = score > 0
            let reference = buyYes ? move.yes : 1 - move.yes
            guard reference >= Decimal(string: "0.01")! else { continue }
            let extreme = buyYes ? "NO" : "YES"
            let reason = "\(extreme) at \(ReasonFormat.price(1 - reference)) after a \(ReasonFormat.change(move.change)) move "
                + "(\(move.source)); mean reversion buys \(buyYes ? "YES" : "NO") at ~\(ReasonFormat.price(reference))"
            scored.append((abs(score), input.buy(move.market, yes: buyYes, reference: reference, confidence: abs(score), reason: reason)))
        }
        return input.strongest(scored)
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        Scores.reversion(yes: move.yes, change: move.change, config: config)
    }
}
