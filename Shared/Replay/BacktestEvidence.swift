import Foundation
import PrescientCore
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
            let mid = trade.price.doubleValue
            // The mid at the end of the horizon: the last point in (after − window, after].
            func midLater(_ seconds: Int64, window: Int64) -> Double? {
                guard let token = yesToken, let point = known.point(token, at: trade.time + seconds, maxAge: window - 1) else { return nil }
                return no ? 1 - point.price.doubleValue : point.price.doubleValue
            }
            let price = trade.shares > 0 ? (trade.notional / trade.shares).doubleValue : trade.ask.doubleValue
            return EvidenceTrade(
                event: "\(trade.city)|\(trade.targetDate)", time: trade.time, stake: trade.notional.doubleValue, fee: trade.fee.doubleValue,
                payout: trade.payout?.doubleValue, won: resolvedYes.map { no ? !$0 : $0 }, price: price, mid: mid,
                otherAsk: EvidenceTrade.otherAsk(mid: mid, price: trade.ask.doubleValue, bid: nil),
                probability: probabilities ? trade.probability.doubleValue : nil, midAfterHour: midLater(3_600, window: 3_600),
                midAfterDay: midLater(86_400, window: 82_800), priceAfterLatency: price)
        }
    }

    /// The YES token of the bucket a NO trade bought (matched by event and label).
    static func yesToken(of trade: BacktestResult.Trade, in history: WeatherHistory) -> String? {
        let label = String(trade.bucket.dropFirst(3))
        return history.events.first { $0.city == trade.city && $0.targetDate == trade.targetDate }?.buckets.first { $0.label == label }?
            .token
    }
}
