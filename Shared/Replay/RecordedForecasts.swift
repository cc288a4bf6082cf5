import Foundation
import PrescientCore
import Weather

/// The recorded live Open-Meteo forecasts (`weather/forecasts/erikw03-…-live-forecast-….ndjson.gz`,
/// London, Munich, NYC in °F, Tokyo, fetched about hourly 2026-06-20 … 07-03): each answer's
/// forecasts, issued when they were fetched.
public enum RecordedForecasts {
    public static let file = "forecasts/erikw03-openmeteo-live-forecast-and-era5-archive-4cities-2026-06-16_2026-07-03.ndjson.gz"

    public static func load(weatherDirectory: String) throws -> [ForecastRecord] {
        let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: weatherDirectory + "/" + file))))
        var records: [ForecastRecord] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let envelope = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let meta = envelope["_meta"] as? [String: Any], meta["kind"] as? String == "weather-forecast",
                let city = meta["city"] as? String, let issued = (meta["fetched_at_utc"] as? String).flatMap(ISO8601Lenient.parse),
                let response = envelope["response"], let body = try? JSONSerialization.data(withJSONObject: response),
                let daily = try? JSONDecoder().decode(OpenMeteoDaily.self, from: body)
            else { continue }
            records += daily.forecasts(city: city, issuedAt: issued, source: "open-meteo forecast (recorded)")
        }
        return records
    }
}
