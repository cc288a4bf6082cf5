import Foundation
import Weather

/// The forecast's error model (bias and σ per city, forecast source and lead) fitted only from forecast–outcome
/// pairs whose outcome was known by the moment asked about: rolling, never from the future.
/// Each fit starts from the published error model (`ForecastErrorModel`: no bias, σ by lead) as
/// `priorWeight` pseudo-pairs, so a city with few resolved days keeps close to it:
/// bias = Σe / (n₀ + n), σ² = (n₀·σ₀² + Σ(e − bias)²) / (n₀ + n), with e = forecast − observed.
public struct ForecastErrorFit: Sendable {
    /// One forecast of a day's high against what the station read, known from `knownAt` (epoch seconds).
    public struct Pair: Sendable, Equatable {
        public let city: String
        /// Which forecast (a city-centre hourly maximum and a station's daily high differ in bias).
        public let source: String
        public let leadDays: Int
        /// Forecast minus observed high, in the market's unit.
        public let error: Double
        public let knownAt: Int64

        public init(city: String, source: String = "", leadDays: Int, error: Double, knownAt: Int64) {
            self.city = city
            self.source = source
            self.leadDays = leadDays
            self.error = error
            self.knownAt = knownAt
        }
    }

    /// The fitted model for one city and lead at one moment.
    public struct Model: Sendable, Equatable {
        public let bias: Double
        public let sigma: Double
        /// Pairs it was fitted from.
        public let pairs: Int
    }

    public let prior: ForecastErrorModel
    public let priorWeight: Double
    private let pairsByKey: [String: [Pair]]

    public init(pairs: [Pair], prior: ForecastErrorModel = ForecastErrorModel(), priorWeight: Double = 5) {
        self.prior = prior
        self.priorWeight = priorWeight
        pairsByKey = Dictionary(grouping: pairs) { "\($0.city)|\($0.source)|\($0.leadDays)" }.mapValues {
            $0.sorted { $0.knownAt < $1.knownAt }
        }
    }

    /// The model for `city`'s forecasts from `source` at `leadDays`, from the pairs known at or before `now`.
    public func model(city: String, source: String = "", leadDays: Int, unit: TemperatureUnit, at now: Int64) -> Model {
        let known = (pairsByKey["\(city)|\(source)|\(leadDays)"] ?? []).prefix { $0.knownAt <= now }.map(\.error)
        let n = Double(known.count)
        let sigma0 = prior.sigma(leadDays: leadDays, unit: unit)
        let bias = known.reduce(0, +) / (priorWeight + n)
        let spread = known.reduce(0) { $0 + ($1 - bias) * ($1 - bias) }
        return Model(bias: bias, sigma: ((priorWeight * sigma0 * sigma0 + spread) / (priorWeight + n)).squareRoot(), pairs: known.count)
    }
}
