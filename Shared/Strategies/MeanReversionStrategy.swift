import Contracts
import Foundation
import Portfolios
import StrategyKit

/// Fades spikes into extremes: when one side trades at or above `extreme_price_threshold` after
/// moving at least `spike_threshold` toward it over the lookback, buy the other side. Markets
/// ending within `min_days_to_end` (default 2) are skipped: they have no time to revert.
public struct MeanReversionStrategy: DirectionalStrategy {
    public static let type = StrategyType.meanReversion

    /// The faded side must cost at least a cent.
    public static let prices = Decimal(string: "0.01")!...1

    public init() {}

    public func reason(_ move: PriceMove, score: Decimal, yes: Bool, price: Decimal, config: StrategyConfig) -> String {
        "\(yes ? "NO" : "YES") at \(ReasonFormat.price(1 - price)) after a \(ReasonFormat.change(move.change)) move "
            + "(\(move.source)); mean reversion buys \(yes ? "YES" : "NO") at ~\(ReasonFormat.price(price))"
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        Scores.reversion(yes: move.yes, change: move.change, config: config)
    }
}
