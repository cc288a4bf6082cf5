import Foundation

/// A forecast of a day's high as a normal distribution in the market's unit, and the chance that
/// the station's whole-degree reading lands in each bucket: the reading is the high rounded to a
/// whole degree, so a bucket from `lower` to `upper` holds highs in [lower − 0.5, upper + 0.5).
/// Probabilities are statistics, not money: `Double`.
public struct ForecastDistribution: Sendable, Equatable {
    public let mean: Double
    public let sigma: Double

    public init(mean: Double, sigma: Double) {
        self.mean = mean
        self.sigma = sigma
    }

    /// A forecast high at `leadDays` with the error model's spread (and its bias removed).
    public init(forecastHigh: Double, leadDays: Int, unit: TemperatureUnit, model: ForecastErrorModel = ForecastErrorModel()) {
        mean = forecastHigh - model.bias(unit: unit)
        sigma = model.sigma(leadDays: leadDays, unit: unit)
    }

    public func probability(of bucket: TemperatureBucket) -> Double {
        let upper = bucket.upper.map { cdf(Double($0) + 0.5) } ?? 1
        let lower = bucket.lower.map { cdf(Double($0) - 0.5) } ?? 0
        return max(0, upper - lower)
    }

    func cdf(_ x: Double) -> Double { 0.5 * erfc(-(x - mean) / (sigma * 2.0.squareRoot())) }
}

/// How far a forecast high misses the station's reading, by lead time: normal errors with
/// σ = 1.3 + 0.3 × lead °C (×1.8 in °F) and no bias by default. The figures come from
/// `Fixtures/weather/NOTES.md`: the recorded live forecasts' mean absolute errors against ERA5 are
/// about 1.0 (London), 0.7–1.1 (Tokyo) and 2.6–4.2 °F (NYC) at leads 0–2, and for normal errors
/// σ ≈ 1.25 × MAE; the Met Office's "95% within ±2 °C on the current day" gives σ ≈ 1.0. The
/// spread grows with lead as the published day-1-to-5 figures do.
public struct ForecastErrorModel: Sendable, Equatable {
    public var baseSigmaCelsius = 1.3
    public var sigmaPerLeadDayCelsius = 0.3
    public var biasCelsius = 0.0

    public init() {}

    public func sigma(leadDays: Int, unit: TemperatureUnit) -> Double {
        let celsius = baseSigmaCelsius + sigmaPerLeadDayCelsius * Double(max(0, leadDays))
        return unit == .celsius ? celsius : celsius * 1.8
    }

    public func bias(unit: TemperatureUnit) -> Double { unit == .celsius ? biasCelsius : biasCelsius * 1.8 }
}
