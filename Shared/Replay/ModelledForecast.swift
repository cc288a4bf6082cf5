import Foundation
import PrescientCore
import Weather

/// The forecast a replay uses where no forecast with a known issue time exists (every day before
/// 2026-06-20 here): the observed high — read from the recorded resolution, the winning bucket's
/// value (a range's middle, an open end one degree beyond its bound) — plus an error drawn from
/// N(0, σ(lead)) of the error model, seeded by (seed, city, day, lead) so a run is repeatable and
/// a forecast does not change between the steps of one lead. Every result that used it is
/// labelled modelled: it is not what a forecaster knew.
public struct ModelledForecast: Sendable {
    public let seed: UInt64
    public let model: ForecastErrorModel

    public init(seed: UInt64, model: ForecastErrorModel = ForecastErrorModel()) {
        self.seed = seed
        self.model = model
    }

    /// The observed high the resolution implies.
    public static func observedHigh(_ winner: TemperatureBucket) -> Double? {
        switch winner.kind {
        case .exact: return winner.lower.map(Double.init)
        case .range: return winner.lower.flatMap { low in winner.upper.map { Double(low + $0) / 2 } }
        case .orBelow: return winner.upper.map { Double($0 - 1) }
        case .orAbove: return winner.lower.map { Double($0 + 1) }
        }
    }

    /// The modelled forecast distribution of the event's high at `leadDays`.
    public func distribution(_ event: WeatherHistory.Event, leadDays: Int) -> ForecastDistribution? {
        guard let winner = event.winner, let observed = Self.observedHigh(winner.bucket) else { return nil }
        let sigma = model.sigma(leadDays: leadDays, unit: event.unit)
        let draw = Self.normal(seed: seed ^ SplitMix.hash("\(event.city)|\(event.targetDate)|\(leadDays)"))
        return ForecastDistribution(mean: observed + draw * sigma, sigma: sigma)
    }

    /// A standard normal draw from a seed (Box–Muller over two SplitMix64 outputs).
    static func normal(seed: UInt64) -> Double {
        let a = Double(SplitMix.mix(seed) >> 11 | 1) / Double(1 << 53)
        let b = Double(SplitMix.mix(seed &+ 0x9E37_79B9_7F4A_7C15) >> 11) / Double(1 << 53)
        return (-2 * log(a)).squareRoot() * cos(2 * Double.pi * b)
    }
}
