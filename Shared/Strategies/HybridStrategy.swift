import Contracts
import Foundation
import Portfolios
import StrategyKit

/// Blends the two views: score = (momentum_weight × momentum + reversion_weight × reversion) /
/// (sum of weights), each in [-1, 1]; at |score| ≥ `min_score` buy YES (positive) or NO.
public struct HybridStrategy: DirectionalStrategy {
    public static let type = StrategyType.hybrid

    /// Sides priced outside this are too near certainty to trade.
    public static let prices = Decimal(string: "0.05")!...Decimal(string: "0.95")!

    public init() {}

    public func admits(_ score: Decimal, config: StrategyConfig) -> Bool { abs(score) >= config.minScore }

    public func reason(_ move: PriceMove, score: Decimal, yes: Bool, price: Decimal, config: StrategyConfig) -> String {
        let momentum = Scores.momentum(change: move.change, config: config)
        let reversion = Scores.reversion(yes: move.yes, change: move.change, config: config)
        return "hybrid score \(ReasonFormat.change(score)) (momentum \(ReasonFormat.change(momentum)), reversion "
            + "\(ReasonFormat.change(reversion)); YES \(ReasonFormat.change(move.change)) \(move.source)); buys \(yes ? "YES" : "NO")"
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        let weights = config.momentumWeight + config.reversionWeight
        guard weights > 0 else { return nil }
        let momentum = Scores.momentum(change: move.change, config: config)
        let reversion = Scores.reversion(yes: move.yes, change: move.change, config: config)
        return (config.momentumWeight * momentum + config.reversionWeight * reversion) / weights
    }
}
