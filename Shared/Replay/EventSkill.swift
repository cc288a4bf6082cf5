import Foundation
import PrescientCore
import Verdicts

/// The forecast's skill against the market scored per event (the buckets of one event, and its
/// steps, are not independent): each event's mean Brier score of the forecast and of the market's
/// mid over every bucket priced at every step, then the Brier skill score over events,
/// 1 − Σ forecast / Σ market, with a 95% bootstrap interval resampling blocks of events (one
/// city's week: neighbouring days share their weather, so they are resampled together).
public struct EventSkill: Sendable, Codable, Equatable {
    /// One event's sums.
    public struct Event: Sendable, Codable, Equatable {
        /// The block it is resampled with.
        public var block = ""
        public var pairs = 0
        public var forecastSquares = 0.0
        public var marketSquares = 0.0

        enum CodingKeys: String, CodingKey {
            case block, pairs, forecastSquares = "forecast_squares", marketSquares = "market_squares"
        }
    }

    /// The figures over events.
    public struct Summary: Sendable, Codable, Equatable {
        public let events: Int
        /// The blocks resampled (a city's week).
        public let blocks: Int
        public let brierSkill: Double?
        public let low: Double?
        public let high: Double?

        enum CodingKeys: String, CodingKey {
            case events, blocks, brierSkill = "brier_skill", low = "ci95_low", high = "ci95_high"
        }
    }

    public private(set) var events: [String: Event] = [:]

    public init() {}

    /// Scores one bucket at one step of `event` (resampled with the others of `block`): the
    /// forecast's probability and the market's mid against the outcome.
    public mutating func add(event: String, block: String, forecast: Double, mid: Double, won: Bool) {
        let outcome = won ? 1.0 : 0.0
        events[event, default: Event()].block = block
        events[event]!.pairs += 1
        events[event]!.forecastSquares += (forecast - outcome) * (forecast - outcome)
        events[event]!.marketSquares += (mid - outcome) * (mid - outcome)
    }

    /// The skill over events, with its interval from `resamples` bootstrap draws of blocks (seeded).
    public func summary(resamples: Int = 1_000, seed: UInt64 = 24) -> Summary {
        var blocks: [String: [(Double, Double)]] = [:]
        for key in events.keys.sorted() {
            guard let event = events[key], event.pairs > 0 else { continue }
            blocks[event.block, default: []].append(
                (event.forecastSquares / Double(event.pairs), event.marketSquares / Double(event.pairs)))
        }
        let grouped = blocks.keys.sorted().map { blocks[$0]! }
        let means = grouped.flatMap { $0 }
        func skill(_ sample: [(Double, Double)]) -> Double? {
            let market = sample.reduce(0) { $0 + $1.1 }
            return market > 0 ? 1 - sample.reduce(0) { $0 + $1.0 } / market : nil
        }
        guard let point = skill(means), grouped.count >= 2 else {
            return Summary(events: means.count, blocks: grouped.count, brierSkill: skill(means), low: nil, high: nil)
        }
        let interval = BlockBootstrap.interval(grouped, resamples: resamples, seed: seed, statistic: skill)
        return Summary(events: means.count, blocks: grouped.count, brierSkill: point, low: interval?.low, high: interval?.high)
    }

    /// The block of a city's day: the city and the week (days since 1970-01-01, over seven).
    public static func block(city: String, day: String) -> String {
        "\(city)|\((CalendarDay.number(day) ?? 0) / 7)"
    }
}
