import Foundation
import PrescientCore

/// The recorded NYC forecasts of the climate-cache archive (`forecasts/climate-cache-nyc-…
/// .jsonl.gz` in the weather fixtures): 261 raw Open-Meteo 14-day hourly forecasts (°F, NYC city
/// centre, local time America/New_York), two a day from 2026-02-25 to 07-05, each line
/// `{path, commit, commit_time, content}`. A response counts as issued at its `commit_time` (when
/// it became public); each local day's forecast high is the maximum of its hourly temperatures,
/// for days with at least 20 of their 24 hours in the response.
public enum ClimateCacheForecastFile {
    public static let path = "forecasts/climate-cache-nyc-openmeteo-14d-hourly-2x-daily-2026-02-25_2026-07-05.jsonl.gz"
    /// The city the markets name.
    public static let city = "NYC"

    struct Hourly: Decodable {
        let time: [String]
        let temperature: [Double?]

        enum CodingKeys: String, CodingKey {
            case time, temperature = "temperature_2m"
        }
    }

    struct Content: Decodable {
        let utcOffsetSeconds: Int
        let hourly: Hourly

        enum CodingKeys: String, CodingKey {
            case utcOffsetSeconds = "utc_offset_seconds", hourly
        }
    }

    struct Line: Decodable {
        let commitTime: String
        let content: Content

        enum CodingKeys: String, CodingKey {
            case commitTime = "commit_time", content
        }
    }

    /// Every day's forecast high of every recorded response, issued at its commit time.
    public static func records(weatherDirectory: String) throws -> [ForecastRecord] {
        let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: weatherDirectory + "/" + path))))
        let decoder = JSONDecoder()
        return bytes.split(separator: UInt8(ascii: "\n")).flatMap { line -> [ForecastRecord] in
            guard let parsed = try? decoder.decode(Line.self, from: Data(line)), let issued = ISO8601Lenient.parse(parsed.commitTime)
            else { return [] }
            return records(parsed.content, issuedAt: issued)
        }
    }

    static func records(_ content: Content, issuedAt: Date) -> [ForecastRecord] {
        var byDay: [String: [Double]] = [:]
        for (time, value) in zip(content.hourly.time, content.hourly.temperature) {
            guard let value, time.count >= 10 else { continue }
            byDay[String(time.prefix(10)), default: []].append(value)
        }
        let issueDay = OpenMeteoDaily.localDay(issuedAt, offsetSeconds: content.utcOffsetSeconds)
        return byDay.keys.sorted().compactMap { day in
            guard let hours = byDay[day], hours.count >= 20, let high = hours.max(),
                let lead = OpenMeteoDaily.days(from: issueDay, to: day), lead >= 0
            else { return nil }
            return ForecastRecord(
                city: city, targetDate: day, issuedAt: issuedAt, leadDays: lead, source: "open-meteo hourly, climate-cache (recorded)",
                high: high, low: hours.min(), unit: .fahrenheit)
        }
    }
}
