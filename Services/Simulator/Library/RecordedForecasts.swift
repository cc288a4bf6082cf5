import Foundation
import PrescientCore

/// The recorded Open-Meteo forecast answers (`forecasts/erikw03-…-live-forecast-….ndjson.gz`):
/// per city, each answer's raw body and when it was fetched, oldest first. The simulator serves
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

    static let file = "forecasts/erikw03-openmeteo-live-forecast-and-era5-archive-4cities-2026-06-16_2026-07-03.ndjson.gz"

    /// Reads the recorded forecasts; none when the file is missing.
    static func load(directory: String) -> RecordedForecasts {
        guard let data = FileManager.default.contents(atPath: directory + "/" + file),
            let bytes = try? Gzip.decompress(Array(data))
        else { return RecordedForecasts(cities: []) }
        var byCity: [String: (latitude: Double, longitude: Double, answers: [Answer])] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let envelope = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let meta = envelope["_meta"] as? [String: Any], meta["kind"] as? String == "weather-forecast",
                let city = meta["city"] as? String, let response = envelope["response"],
                let fetched = (meta["fetched_at_utc"] as? String).flatMap(ISO8601Lenient.parse),
                let body = try? JSONSerialization.data(withJSONObject: response, options: .sortedKeys)
            else { continue }
            let latitude = (meta["latitude"] as? NSNumber)?.doubleValue ?? 0, longitude = (meta["longitude"] as? NSNumber)?.doubleValue ?? 0
            byCity[city, default: (latitude, longitude, [])].answers.append(
                Answer(fetchedAt: Int64(fetched.timeIntervalSince1970), body: Array(body)))
        }
        return RecordedForecasts(
            cities: byCity.keys.sorted().map { name in
                let entry = byCity[name]!
                return City(
                    name: name, latitude: entry.latitude, longitude: entry.longitude,
                    answers: entry.answers.sorted { $0.fetchedAt < $1.fetchedAt })
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
