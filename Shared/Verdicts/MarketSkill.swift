import Foundation

/// Does the strategy beat the market? At resolution, for a strategy whose signals imply a
/// probability: the Brier skill score of that probability against the bought side's mid at the
/// decision, both scored against the outcome (per event the mean squared error of each, then
/// 1 − Σ strategy / Σ market over events); for the others, the markout per dollar net of the
/// spread, Σ stake·(worth − price paid) / price / Σ stake, the worth being 1 or 0. An hour and a
/// day after the decision, for every strategy, the markout against the bought side's mid then.
/// Each with a 95% bootstrap interval resampling events. The gate judges resolution (with at
/// least `minimumEvents` events, its lower bound must be above zero); the shorter horizons are
/// reported beside it, not judged: a probability of the outcome is not a forecast of the price an
/// hour later, and a position held to resolution is paid at resolution.
public enum MarketSkill {
    public enum Horizon: String, Sendable, Codable, CaseIterable {
        case hour = "1h", day = "1d", resolution
    }

    /// Brier skill (for probabilities) or markout per dollar (for the rest).
    public enum Measure: String, Sendable, Codable {
        case brierSkill = "brier_skill", markout = "markout_per_dollar"
    }

    /// One horizon's figure.
    public struct Figure: Sendable, Codable, Equatable {
        public let horizon: Horizon
        public let measure: Measure
        public let events: Int
        public let value: Double?
        public let low: Double?
        public let high: Double?

        enum CodingKeys: String, CodingKey {
            case horizon, measure, events, value, low = "ci95_low", high = "ci95_high"
        }
    }

    /// What the side was worth at `horizon`; nil when not known.
    static func worth(_ trade: EvidenceTrade, at horizon: Horizon) -> Double? {
        switch horizon {
        case .hour: trade.midAfterHour
        case .day: trade.midAfterDay
        case .resolution: trade.won.map { $0 ? 1 : 0 }
        }
    }

    /// At resolution, Brier skill when every trade implies a probability; markouts otherwise.
    public static func measure(_ trades: [EvidenceTrade], at horizon: Horizon) -> Measure {
        horizon == .resolution && !trades.isEmpty && trades.allSatisfy { $0.probability != nil } ? .brierSkill : .markout
    }

    /// The figure at `horizon` over the trades whose worth then is known.
    public static func figure(_ trades: [EvidenceTrade], at horizon: Horizon, resamples: Int = 1_000, seed: UInt64) -> Figure {
        let measure = measure(trades, at: horizon)
        // Per event: (strategy's sum, market's sum, weight) of its scored trades.
        var events: [String: (Double, Double, Double)] = [:]
        for trade in trades {
            guard let worth = worth(trade, at: horizon), trade.price > 0 else { continue }
            var sums = events[trade.event] ?? (0, 0, 0)
            switch measure {
            case .brierSkill:
                guard let probability = trade.probability else { continue }
                sums.0 += (probability - worth) * (probability - worth)
                sums.1 += (trade.mid - worth) * (trade.mid - worth)
                sums.2 += 1
            case .markout:
                sums.0 += trade.stake * (worth - trade.price) / trade.price
                sums.1 += trade.stake
                sums.2 += 1
            }
            events[trade.event] = sums
        }
        let blocks = events.keys.sorted().map { key -> [(Double, Double)] in
            let (a, b, n) = events[key]!
            // Brier: the event's mean squared errors; markout: its dollar sums.
            return measure == .brierSkill ? [(a / n, b / n)] : [(a, b)]
        }
        let statistic: ([(Double, Double)]) -> Double? = { sample in
            let first = sample.reduce(0) { $0 + $1.0 }, second = sample.reduce(0) { $0 + $1.1 }
            guard second > 0 else { return nil }
            return measure == .brierSkill ? 1 - first / second : first / second
        }
        let interval = BlockBootstrap.interval(blocks, resamples: resamples, seed: seed, statistic: statistic)
        return Figure(
            horizon: horizon, measure: measure, events: blocks.count, value: statistic(blocks.flatMap { $0 }), low: interval?.low,
            high: interval?.high)
    }

    /// Every horizon's figure.
    public static func figures(_ trades: [EvidenceTrade], resamples: Int = 1_000, seed: UInt64) -> [Figure] {
        Horizon.allCases.map { figure(trades, at: $0, resamples: resamples, seed: seed) }
    }

    /// The gate: resolution's lower bound above zero, with at least `minimumEvents` events
    /// (fails with fewer); the shorter horizons are in the detail.
    public static func gate(_ figures: [Figure], minimumEvents: Int = SampleGate.minimumEvents) -> Gate {
        let words = figures.map { figure -> String in
            guard let value = figure.value else { return "\(figure.horizon.rawValue): none (\(figure.events) events)" }
            let interval = figure.low.flatMap { low in figure.high.map { String(format: " [%+.4f, %+.4f]", low, $0) } } ?? ""
            let judged = figure.horizon == .resolution ? "" : ", reported"
            return "\(figure.horizon.rawValue) \(figure.measure.rawValue) " + String(format: "%+.4f", value) + interval
                + " over \(figure.events) events\(judged)"
        }
        let resolution = figures.first { $0.horizon == .resolution }
        let judged = resolution.flatMap { $0.events >= minimumEvents ? $0 : nil }
        return Gate(
            .beatsMarket, value: judged?.low, .above, 0,
            detail: "against the mid at the decision; " + words.joined(separator: "; "))
    }
}
