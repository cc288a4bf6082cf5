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
        let config = input.config
        let history = try input.pool.priceChanges(
            tokens: input.markets.map(\.yesTokenID), now: input.now, lookback: Double(config.lookbackHours) * 3600)
        var scored: [(Decimal, TradingSignal)] = []
        for market in input.markets {
            guard let yes = history[market.yesTokenID]?.now ?? market.referenceYesPrice,
                let (change, source) = Scores.change(of: market, history: history[market.yesTokenID], lookbackHours: config.lookbackHours)
            else { continue }
            let score = Scores.reversion(yes: yes, change: change, config: config)
            guard score != 0 else { continue }
            let buyYes = score > 0
            let reference = buyYes ? yes : 1 - yes
            guard reference >= Decimal(string: "0.01")! else { continue }
            let extreme = buyYes ? "NO" : "YES"
            let reason = "\(extreme) at \(ReasonFormat.price(buyYes ? 1 - yes : yes)) after a \(ReasonFormat.change(change)) move (\(source)); "
                + "mean reversion buys \(buyYes ? "YES" : "NO") at ~\(ReasonFormat.price(reference))"
            scored.append((abs(score), input.buy(market, yes: buyYes, reference: reference, confidence: abs(score), reason: reason)))
        }
        return scored.sorted { $0.0 > $1.0 }.prefix(config.maxSignalsPerCycle).map(\.1)
    }
}
