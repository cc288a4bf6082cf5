import Contracts
import Foundation
import Portfolios
import StrategyKit

/// Blends the two views: score = (momentum_weight × momentum + reversion_weight × reversion) /
/// (sum of weights), each in [-1, 1]; at |score| ≥ `min_score` buy YES (positive) or NO.
public struct HybridStrategy: Strategy {
    public static let type = StrategyType.hybrid

    /// Sides priced outside this are too near certainty to trade.
    static let prices = Decimal(string: "0.05")!...Decimal(string: "0.95")!

    public init() {}

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for move in try input.priceMoves() {
            guard let score = score(move, config: config), abs(score) >= config.minScore else { continue }
            let momentum = Scores.momentum(change: move.change, config: config)
            let reversion = Scores.reversion(yes: move.yes, change: move.change, config: config)
            guard
                let buy = input.directionalBuy(
                    move, score: score, prices: Self.prices,
                    reason: { yes, _ in
                        "hybrid score \(ReasonFormat.change(score)) (momentum \(ReasonFormat.change(momentum)), reversion "
                            + "\(ReasonFormat.change(reversion)); YES \(ReasonFormat.change(move.change)) \(move.source)); buys \(yes ? "YES" : "NO")"
                    })
            else { continue }
            scored.append(buy)
        }
        return input.strongest(scored)
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        let weights = config.momentumWeight + config.reversionWeight
        guard weights > 0 else { return nil }
        let momentum = Scores.momentum(change: move.change, config: config)
        let reversion = Scores.reversion(yes: move.yes, change: move.change, config: config)
        return (config.momentumWeight * momentum + config.reversionWeight * reversion) / weights
    }
}
