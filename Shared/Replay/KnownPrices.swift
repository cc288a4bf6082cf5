import Foundation

/// Prices as a replay may see them: a token's price at a moment is its last recorded point at or
/// before that moment. Nothing later is ever returned (every answer's point time is at most the
/// moment asked for), which is what keeps a backtest free of look-ahead.
public struct KnownPrices: Sendable {
    private let series: [String: [WeatherHistory.Point]]

    public init(_ history: WeatherHistory) {
        var series: [String: [WeatherHistory.Point]] = [:]
        for event in history.events {
            for bucket in event.buckets { series[bucket.token] = bucket.points }
        }
        self.series = series
    }

    /// The last point of `token` at or before `time` (epoch seconds) and no more than `maxAge`
    /// seconds before it; nil when there is none that fresh.
    public func point(_ token: String, at time: Int64, maxAge: Int64) -> WeatherHistory.Point? {
        guard let point = point(token, at: time), time - point.time <= maxAge else { return nil }
        return point
    }

    /// The last point of `token` at or before `time` (epoch seconds); nil before its first point.
    public func point(_ token: String, at time: Int64) -> WeatherHistory.Point? {
        guard let points = series[token], let first = points.first, first.time <= time else { return nil }
        var low = 0, high = points.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if points[middle].time <= time { low = middle } else { high = middle - 1 }
        }
        return points[low]
    }
}
