import Foundation
import Portfolios
import StrategyKit

/// Buys the side that is rising: when the YES price moved by at least `min_conviction` over
/// `lookback_hours` (from `market_snapshots`, or Gamma's one-day/one-week change when the
/// history is shorter), buy YES on a rise and NO on a fall. Strongest moves first.
public struct MomentumStrategy: Strategy {
    public static let type = StrategyType.momentum

    public init() {}

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for move in try input.priceMoves() {
            guard let score = score(move, config: input.config), score != 0 else { continue }
            let buyYes = score > 0
            let reference = buyYes ? move.yes : 1 - move.yes
            guard reference >= Decimal(string: "0.05")!, reference <= Decimal(string: "0.95")! else { continue }
            let reason = "YES moved \(ReasonFormat.change(move.change)) (\(move.source)); "
                + "momentum buys \(buyYes ? "YES" : "NO") at ~\(ReasonFormat.price(reference))"
            scored.append((abs(score), input.buy(move.market, yes: buyYes, reference: reference, confidence: abs(score), reason: reason)))
        }
        return input.strongest(scored)
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        Scores.momentum(change: move.change, config: config)
    }
}
