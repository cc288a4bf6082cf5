import Foundation
import PrescientCore
import Replay
import Weather

/// The look-ahead canaries' perturbations of a recorded history, and what a run decided before a
/// moment: a replay that reads only what was known at each step decides the same before `cut`
/// however the future is rewritten, and the same whatever order its markets come in.
public enum LookAheadCanary {
    /// The history with its future rewritten from `cut` (epoch seconds) on: every event whose
    /// resolution is learnt at or after `cut` (its end plus `settleAfter`) resolves to another
    /// bucket, and every price point at or after `cut` becomes its complement (1 − p, so a
    /// favourite turns long shot), its touch dropped.
    public static func rewritten(_ history: WeatherHistory, from cut: Int64, settleAfter: Int64) -> WeatherHistory {
        var changed = history
        for e in changed.events.indices {
            let event = changed.events[e]
            if event.resolved, event.endTime + settleAfter >= cut, let winner = event.buckets.firstIndex(where: \.resolvedYes),
                event.buckets.count > 1
            {
                let flipped = (winner + 1) % event.buckets.count
                for k in changed.events[e].buckets.indices { changed.events[e].buckets[k].resolvedYes = k == flipped }
            }
            for k in changed.events[e].buckets.indices {
                changed.events[e].buckets[k].points = changed.events[e].buckets[k].points.map { point in
                    point.time < cut ? point : WeatherHistory.Point(time: point.time, price: 1 - point.price)
                }
            }
        }
        return changed
    }

    /// The history with its events in a seeded random order and each event's buckets reversed,
    /// set after construction, so the replay itself must not depend on the order it reads them in.
    public static func shuffled(_ history: WeatherHistory, seed: UInt64) -> WeatherHistory {
        var generator = SeededShuffle(state: seed)
        var shuffled = history
        shuffled.events = history.events.shuffled(using: &generator)
        for e in shuffled.events.indices { shuffled.events[e].buckets.reverse() }
        return shuffled
    }

    /// The forecasts with every one issued at or after `cut` replaced by an absurd one (30 degrees
    /// hotter): a run that read a forecast before its issue time would change before `cut`.
    public static func rewritten(_ forecasts: [ForecastRecord], from cut: Int64) -> [ForecastRecord] {
        forecasts.map { record in
            guard Int64(record.issuedAt.timeIntervalSince1970) >= cut else { return record }
            return ForecastRecord(
                city: record.city, targetDate: record.targetDate, issuedAt: record.issuedAt, leadDays: record.leadDays,
                source: record.source,
                high: record.high + 30, low: record.low, unit: record.unit)
        }
    }

    /// Every trade decided before `cut`, as the decision it was (moment, token, shares, cost, fee,
    /// probability, price, ask), without what later happened to it.
    public static func decisions(_ result: BacktestResult, before cut: Int64) -> [String] {
        result.trades.filter { $0.time < cut }.map {
            "\($0.time)|\($0.token)|\($0.shares)|\($0.notional)|\($0.fee)|\($0.probability)|\($0.price)|\($0.ask)"
        }
    }

    struct SeededShuffle: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &+ 1
            return SplitMix.mix(state)
        }
    }
}
