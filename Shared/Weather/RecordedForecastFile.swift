import Foundation
import PrescientCore

/// The recorded live Open-Meteo forecasts (`forecasts/erikw03-…-live-forecast-….ndjson.gz` in the
/// weather fixtures: London, Munich, NYC in °F, Tokyo, fetched about hourly 2026-06-20 … 07-03),
/// one envelope `{_meta:{city,kind,fetched_at_utc,latitude,longitude},response}` a line; only the
/// `weather-forecast` envelopes are read.
public enum RecordedForecastFile {
    public static let path = "forecasts/erikw03-openmeteo-live-forecast-and-era5-archive-4cities-2026-06-16_2026-07-03.ndjson.gz"

    /// One recorded answer: where and when it was fetched, and its body (sorted keys).
    public struct Answer: Sendable {
        public let city: String
        public let fetchedAt: Date
        public let latitude: Double
        public let longitude: Double
        public let body: [UInt8]
    }

    /// The recorded answers in file order.
    public static func answers(weatherDirectory: String) throws -> [Answer] {
        let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: weatherDirectory + "/" + path))))
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let envelope = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let meta = envelope["_meta"] as? [String: Any], meta["kind"] as? String == "weather-forecast",
                let city = meta["city"] as? String, let fetched = (meta["fetched_at_utc"] as? String).flatMap(ISO8601Lenient.parse),
                let response = envelope["response"], let body = try? JSONSerialization.data(withJSONObject: response, options: .sortedKeys)
            else { return nil }
            return Answer(
                city: city, fetchedAt: fetched, latitude: (meta["latitude"] as? NSNumber)?.doubleValue ?? 0,
                longitude: (meta["longitude"] as? NSNumber)?.doubleValue ?? 0, body: Array(body))
        }
    }

    /// Every recorded forecast with a known issue time: the four cities' live answers and the NYC
    /// climate-cache archive (`ClimateCacheForecastFile`).
    public static func allRecords(weatherDirectory: String) throws -> [ForecastRecord] {
        try records(weatherDirectory: weatherDirectory) + ClimateCacheForecastFile.records(weatherDirectory: weatherDirectory)
    }

    /// Every forecast of the recorded answers, each issued when its answer was fetched.
    public static func records(weatherDirectory: String) throws -> [ForecastRecord] {
        try answers(weatherDirectory: weatherDirectory).flatMap { answer -> [ForecastRecord] in
            guard let daily = try? JSONDecoder().decode(OpenMeteoDaily.self, from: Data(answer.body)) else { return [] }
            return daily.forecasts(city: answer.city, issuedAt: answer.fetchedAt, source: "open-meteo forecast (recorded)")
        }
    }
}
