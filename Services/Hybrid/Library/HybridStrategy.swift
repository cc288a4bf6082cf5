import Foundation
import Portfolios
import StrategyKit

/// Blends the two views: score = (momentum_weight × momentum + reversion_weight × reversion) /
/// (sum of weights), each in [-1, 1]; at |score| ≥ `min_score` buy YES (positive) or NO.
public struct HybridStrategy: Strategy {
    public static let type = StrategyType.hybrid

    public init() {}

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        let weights = config.momentumWeight + config.reversionWeight
        guard weights > 0 else { return [] }
        let history = try input.pool.priceChanges(
            tokens: input.markets.map(\.yesTokenID), now: input.now, lookback: Double(config.lookbackHours) * 3600)
        var scored: [(Decimal, TradingSignal)] = []
        for market in input.markets {
            guard let yes = history[market.yesTokenID]?.now ?? market.referenceYesPrice,
                let (change, source) = Scores.change(of: market, history: history[market.yesTokenID], lookbackHours: config.lookbackHours)
            else { continue }
            let momentum = Scores.momentum(change: change, config: config)
            let reversion = Scores.reversion(yes: yes, change: change, config: config)
            let score = (config.momentumWeight * momentum + config.reversionWeight * reversion) / weights
            guard abs(score) >= config.minScore, score != 0 else { continue }
            let buyYes = score > 0
            let reference = buyYes ? yes : 1 - yes
            guard reference >= Decimal(string: "0.05")!, reference <= Decimal(string: "0.95")! else { continue }
            let reason = "hybrid score \(ReasonFormat.change(score)) (momentum \(ReasonFormat.change(momentum)), reversion "
                + "\(ReasonFormat.change(reversion)); YES \(ReasonFormat.change(change)) \(source)); buys \(buyYes ? "YES" : "NO")"
            scored.append((abs(score), input.buy(market, yes: buyYes, reference: reference, confidence: abs(score), reason: reason)))
        }
        return scored.sorted { $0.0 > $1.0 }.prefix(config.maxSignalsPerCycle).map(\.1)
    }
}
