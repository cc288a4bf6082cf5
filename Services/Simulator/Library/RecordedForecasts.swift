import Foundation
import Weather

/// The recorded Open-Meteo forecast answers (`RecordedForecastFile`): per city, each answer's
/// body and when it was fetched, oldest first. The simulator serves
/// the newest one fetched at or before its clock, so a client never sees a forecast from its
/// future.
struct RecordedForecasts: Sendable {
    struct Answer: Sendable {
        let fetchedAt: Int64
        let body: [UInt8]
    }

    struct City: Sendable {
        let name: String
        let latitude: Double
        let longitude: Double
        let answers: [Answer]
    }

    let cities: [City]

    /// Reads the recorded forecasts; none when the file is missing.
    static func load(directory: String) -> RecordedForecasts {
        guard let answers = try? RecordedForecastFile.answers(weatherDirectory: directory) else { return RecordedForecasts(cities: []) }
        return RecordedForecasts(
            cities: Dictionary(grouping: answers, by: \.city).keys.sorted().map { name in
                let recorded = answers.filter { $0.city == name }
                return City(
                    name: name, latitude: recorded[0].latitude, longitude: recorded[0].longitude,
                    answers: recorded.map { Answer(fetchedAt: Int64($0.fetchedAt.timeIntervalSince1970), body: $0.body) }
                        .sorted { $0.fetchedAt < $1.fetchedAt })
            })
    }

    /// The recorded city within a degree of the point (the nearest), if any.
    func city(latitude: Double, longitude: Double) -> City? {
        cities.filter { abs($0.latitude - latitude) <= 1 && abs($0.longitude - longitude) <= 1 }
            .min { hypot($0.latitude - latitude, $0.longitude - longitude) < hypot($1.latitude - latitude, $1.longitude - longitude) }
    }

    /// The newest answer fetched at or before `epochSeconds`.
    func answer(for city: City, at epochSeconds: Int64) -> Answer? {
        city.answers.last { $0.fetchedAt <= epochSeconds }
    }
}
