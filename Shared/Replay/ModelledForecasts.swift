import Foundation
import Weather

/// `ModelledForecast` as a `ForecastSource`, so the live weather strategy can run in a replay:
/// the modelled distribution of the recorded event's high at the lead from the replay clock's
/// UTC day (nil before the lead turns non-negative, or for a day the recordings do not hold).
public struct ModelledForecasts: ForecastSource {
    let model: ModelledForecast
    let events: [String: WeatherHistory.Event]

    public init(history: WeatherHistory, seed: UInt64) {
        model = ModelledForecast(seed: seed)
        events = Dictionary(
            history.events.map { ("\($0.city.lowercased())|\($0.targetDate)", $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func distribution(city: String, targetDate: String, unit: TemperatureUnit, at now: Date) throws -> ForecastDistribution? {
        guard let event = events["\(city.lowercased())|\(targetDate)"], event.unit == unit else { return nil }
        let today = OpenMeteoDaily.localDay(now, offsetSeconds: 0)
        guard let lead = OpenMeteoDaily.days(from: today, to: targetDate), lead >= 0 else { return nil }
        return model.distribution(event, leadDays: lead)
    }
}
