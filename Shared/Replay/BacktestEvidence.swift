import Foundation
import Verdicts

/// A backtest's trades as the evidence gates read them, scored after the run against the whole
/// recorded history (what became of each side, the mid an hour and a day later): the replay
/// itself never saw any of it. A trade's event is its city and target date (one negRisk event);
/// the strategy's probability counts only for the weather strategy (the others' confidence is a
/// score). The recordings hold no point within 500 ms of a decision, so the ask after the stress
/// latency is the decision's own: in a replay the cost stress is the fee alone.
public enum BacktestEvidence {
    public static func trades(_ result: BacktestResult, history: WeatherHistory) -> [EvidenceTrade] {
        let known = KnownPrices(history)
        var outcomes: [String: Bool] = [:]
        for event in history.events where event.resolved {
            for bucket in event.buckets { outcomes[bucket.token] = bucket.resolvedYes }
        }
        let probabilities = result.strategy == nil || result.strategy == "weather"
        return result.trades.map { trade in
            let no = trade.bucket.hasPrefix("NO ")
            let yesToken = no ? yesToken(of: trade, in: history) : trade.token
            let resolvedYes = yesToken.flatMap { outcomes[$0] }
            let mid = double(trade.price)
            func midLater(_ seconds: Int64) -> Double? {
                guard let token = yesToken, let point = known.point(token, at: trade.time + seconds, maxAge: seconds) else { return nil }
                let yes = double(point.price)
                return no ? 1 - yes : yes
            }
            let price = trade.shares > 0 ? double(trade.notional / trade.shares) : double(trade.ask)
            let bid = 2 * mid - double(trade.ask)
            return EvidenceTrade(
                event: "\(trade.city)|\(trade.targetDate)", time: trade.time, stake: double(trade.notional), fee: double(trade.fee),
                payout: trade.payout.map(double), won: resolvedYes.map { no ? !$0 : $0 }, price: price, mid: mid,
                otherAsk: min(0.999, max(0.001, 1 - bid)), probability: probabilities ? double(trade.probability) : nil,
                midAfterHour: midLater(3_600), midAfterDay: midLater(86_400), priceAfterLatency: price)
        }
    }

    /// The YES token of the bucket a NO trade bought (matched by event and label).
    static func yesToken(of trade: BacktestResult.Trade, in history: WeatherHistory) -> String? {
        let label = String(trade.bucket.dropFirst(3))
        return history.events.first { $0.city == trade.city && $0.targetDate == trade.targetDate }?.buckets.first { $0.label == label }?
            .token
    }

    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
