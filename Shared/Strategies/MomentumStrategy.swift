import Contracts
import Foundation
import Portfolios
import StrategyKit

/// Buys the side that is rising: when the YES price moved by at least `min_conviction` over
/// `lookback_hours` (from `market_snapshots`, or Gamma's one-day/one-week change when the
/// history is shorter), buy YES on a rise and NO on a fall. Strongest moves first.
public struct MomentumStrategy: DirectionalStrategy {
    public static let type = StrategyType.momentum

    /// Sides priced outside this are too near certainty to ride.
    public static let prices = Decimal(string: "0.05")!...Decimal(string: "0.95")!

    public init() {}

    public func reason(_ move: PriceMove, score: Decimal, yes: Bool, price: Decimal, config: StrategyConfig) -> String {
        "YES moved \(ReasonFormat.change(move.change)) (\(move.source)); momentum buys \(yes ? "YES" : "NO") at ~\(ReasonFormat.price(price))"
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        Scores.momentum(change: move.change, config: config)
    }
}
