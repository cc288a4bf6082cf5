import Foundation
import PrescientCore
import Weather

/// The recorded weather markets a replay steps through (`Fixtures/polymarket/clob-prices-history/
/// prices_history_weather_<city>_….json.gz`): per city and day, the buckets with their YES
/// token, each token's recorded price points (`/prices-history`, about hourly) and which bucket
/// resolved YES.
public struct WeatherHistory: Sendable {
    /// One price point: epoch seconds and price.
    public struct Point: Sendable, Equatable {
        public let time: Int64
        public let price: Decimal

        public init(time: Int64, price: Decimal) {
            self.time = time
            self.price = price
        }
    }

    public struct Bucket: Sendable {
        public let label: String
        public let bucket: TemperatureBucket
        public let token: String
        public let resolvedYes: Bool
        public var points: [Point]
    }

    public struct Event: Sendable {
        public let city: String
        public let targetDate: String
        public let slug: String
        /// When trading ends (Gamma's `endDate`, noon UTC of the target day), epoch seconds.
        public let endTime: Int64
        public let unit: TemperatureUnit
        public var buckets: [Bucket]

        /// The bucket that resolved YES.
        public var winner: Bucket? { buckets.first(where: \.resolvedYes) }
    }

    public var events: [Event]

    public init(events: [Event]) {
        self.events = events
    }

    /// The recorded cities, as the files name them.
    public static let cities = ["london", "munich", "nyc", "tokyo"]

    /// Reads the recorded files under `directory` (the Polymarket fixture folder).
    public static func load(directory: String, cities: [String] = cities) throws -> WeatherHistory {
        var events: [Event] = []
        for city in cities {
            let path = directory + "/clob-prices-history/prices_history_weather_\(city)_2026-03-01_to_2026-06-20.json.gz"
            let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            guard let file = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { continue }
            let name = file["city"] as? String ?? city
            for market in file["markets"] as? [[String: Any]] ?? [] {
                guard let date = market["date"] as? String, let end = (market["endDate"] as? String).flatMap(ISO8601Lenient.parse)
                else { continue }
                let unit: TemperatureUnit = (market["temperature_unit"] as? String) == "fahrenheit" ? .fahrenheit : .celsius
                let buckets: [Bucket] = (market["buckets"] as? [[String: Any]] ?? []).compactMap { entry in
                    guard let label = entry["bucket"] as? String, let bucket = TemperatureBucket.parse(label),
                        let token = entry["yes_token"] as? String
                    else { return nil }
                    let points = (entry["history"] as? [[String: Any]] ?? []).compactMap { point -> Point? in
                        guard let t = (point["t"] as? NSNumber)?.int64Value, let p = point["p"] as? NSNumber,
                            let price = Decimal(string: p.stringValue)
                        else { return nil }
                        return Point(time: t, price: price)
                    }.sorted { $0.time < $1.time }
                    return Bucket(
                        label: label, bucket: bucket, token: token, resolvedYes: entry["resolved_yes"] as? Bool ?? false, points: points)
                }
                events.append(
                    Event(
                        city: name, targetDate: date, slug: market["slug"] as? String ?? "", endTime: Int64(end.timeIntervalSince1970),
                        unit: unit, buckets: buckets.sorted { ($0.bucket.lower ?? Int.min) < ($1.bucket.lower ?? Int.min) }))
            }
        }
        return WeatherHistory(events: events.sorted { ($0.endTime, $0.city) < ($1.endTime, $1.city) })
    }

    /// The events whose target day lies in [from, to] (`YYYY-MM-DD`).
    public func between(_ from: String, _ to: String) -> WeatherHistory {
        WeatherHistory(events: events.filter { $0.targetDate >= from && $0.targetDate <= to })
    }
}
