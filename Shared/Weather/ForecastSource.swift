import Foundation

/// Where the weather strategy's forecast of a city's daily high comes from: the stored forecasts
/// when trading (`StoredForecasts`), a modelled or recorded one when replaying history.
public protocol ForecastSource: Sendable {
    /// The distribution of the city's high on `targetDate`, in `unit`, as known at `now`; nil
    /// when no forecast was known then.
    func distribution(city: String, targetDate: String, unit: TemperatureUnit, at now: Date) throws -> ForecastDistribution?
}

/// The newest stored forecast issued by `now` (`weather_forecasts`), converted to the market's
/// unit, with the error model's spread at its lead.
public struct StoredForecasts: ForecastSource {
    let repository: ForecastRepository
    let model: ForecastErrorModel

    public init(repository: ForecastRepository, model: ForecastErrorModel = ForecastErrorModel()) {
        self.repository = repository
        self.model = model
    }

    public func distribution(city: String, targetDate: String, unit: TemperatureUnit, at now: Date) throws -> ForecastDistribution? {
        guard let record = try repository.latest(city: city, targetDate: targetDate, asOf: now) else { return nil }
        let high: Double
        switch (record.unit, unit) {
        case (.celsius, .fahrenheit): high = record.high * 1.8 + 32
        case (.fahrenheit, .celsius): high = (record.high - 32) / 1.8
        default: high = record.high
        }
        return ForecastDistribution(forecastHigh: high, leadDays: record.leadDays, unit: unit, model: model)
    }
}
