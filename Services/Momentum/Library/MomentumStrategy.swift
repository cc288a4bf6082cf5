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
        let config = input.config
        let history = try input.pool.priceChanges(
            tokens: input.markets.map(\.yesTokenID), now: input.now, lookback: Double(config.lookbackHours) * 3600)
        var scored: [(Decimal, TradingSignal)] = []
        for market in input.markets {
            guard let yes = history[market.yesTokenID]?.now ?? market.referenceYesPrice,
                let (change, source) = Scores.change(of: market, history: history[market.yesTokenID], lookbackHours: config.lookbackHours)
            else { continue }
            let score = Scores.momentum(change: change, config: config)
            guard score != 0 else { continue }
            let buyYes = score > 0
            let reference = buyYes ? yes : 1 - yes
            guard reference >= Decimal(string: "0.05")!, reference <= Decimal(string: "0.95")! else { continue }
            let reason = "YES moved \(ReasonFormat.change(change)) (\(source)); "
                + "momentum buys \(buyYes ? "YES" : "NO") at ~\(ReasonFormat.price(reference))"
            scored.append((abs(score), input.buy(market, yes: buyYes, reference: reference, confidence: abs(score), reason: reason)))
        }
        return scored.sorted { $0.0 > $1.0 }.prefix(config.maxSignalsPerCycle).map(\.1)
    }
}
