import Foundation
import Portfolios

/// The momentum and mean-reversion judgements, shared by their services and the hybrid.
public enum Scores {
    /// The YES price move over the lookback: from snapshots when the history is long enough,
    /// otherwise Gamma's `oneDayPriceChange` (lookback ≤ 24 h) or `oneWeekPriceChange`.
    public static func change(
        of market: CandidateMarket, history: (now: Decimal, then: Decimal?)?, lookbackHours: Int
    ) -> (change: Decimal, source: String)? {
        if let history, let then = history.then { return (history.now - then, "over \(lookbackHours)h of snapshots") }
        if lookbackHours <= 24, let day = market.oneDayPriceChange { return (day, "over 1 day, Gamma oneDayPriceChange") }
        if let week = market.oneWeekPriceChange { return (week, "over 1 week, Gamma oneWeekPriceChange") }
        return nil
    }

    /// Momentum in [-1, 1]: positive when YES is rising; zero below the conviction threshold.
    public static func momentum(change: Decimal, config: StrategyConfig) -> Decimal {
        guard abs(change) >= config.minConviction, config.minConviction >= 0 else { return 0 }
        let scale = max(config.minConviction * 3, Decimal(string: "0.0001")!)
        return max(-1, min(1, change / scale))
    }

    /// Mean reversion in [-1, 1]: negative (favouring NO) when YES sits at an extreme after a
    /// spike up, positive (favouring YES) when NO does after a spike down; zero otherwise.
    public static func reversion(yes: Decimal, change: Decimal, config: StrategyConfig) -> Decimal {
        let scale = max(config.spikeThreshold * 3, Decimal(string: "0.0001")!)
        if yes >= config.extremePriceThreshold && change >= config.spikeThreshold {
            return -min(1, change / scale)
        }
        if yes <= 1 - config.extremePriceThreshold && -change >= config.spikeThreshold {
            return min(1, -change / scale)
        }
        return 0
    }
}
