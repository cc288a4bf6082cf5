import Foundation
import PrescientCore
import Weather

/// The recorded weather markets a replay steps through (`Fixtures/polymarket/clob-prices-history/
/// prices_history_weather_<city>_….json.gz`): per city and day, the buckets with their YES
/// token, each token's recorded price points (`/prices-history`, about hourly) and which bucket
/// resolved YES.
public struct WeatherHistory: Sendable {
    /// One price point: epoch seconds and price, with the recorded touch where a quote was
    /// recorded (best bid and ask).
    public struct Point: Sendable, Equatable {
        public let time: Int64
        public let price: Decimal
        public let bid: Decimal?
        public let ask: Decimal?

        public init(time: Int64, price: Decimal, bid: Decimal? = nil, ask: Decimal? = nil) {
            self.time = time
            self.price = price
            self.bid = bid
            self.ask = ask
        }
    }

    public struct Bucket: Sendable {
        public let label: String
        public let bucket: TemperatureBucket
        public let token: String
        public var resolvedYes: Bool
        public var points: [Point]

        public init(label: String, bucket: TemperatureBucket, token: String, resolvedYes: Bool, points: [Point]) {
            self.label = label
            self.bucket = bucket
            self.token = token
            self.resolvedYes = resolvedYes
            self.points = points
        }
    }

    public struct Event: Sendable {
        public let city: String
        public let targetDate: String
        public let slug: String
        /// When trading ends (Gamma's `endDate`, noon UTC of the target day), epoch seconds.
        public let endTime: Int64
        public let unit: TemperatureUnit
        public var buckets: [Bucket]
        /// Whether the recorded data say which bucket won (a market still open at the end of the
        /// recording does not settle).
        public var resolved = true

        public init(
            city: String, targetDate: String, slug: String, endTime: Int64, unit: TemperatureUnit, buckets: [Bucket], resolved: Bool = true
        ) {
            self.city = city
            self.targetDate = targetDate
            self.slug = slug
            self.endTime = endTime
            self.unit = unit
            self.buckets = buckets
            self.resolved = resolved
        }

        /// The bucket that resolved YES.
        public var winner: Bucket? { buckets.first(where: \.resolvedYes) }
    }

    public var events: [Event]

    /// The events in one canonical order (end, city, day, slug), each event's buckets from the
    /// coldest: a replay's result never depends on the order its markets were read in.
    public init(events: [Event]) {
        self.events = events.map { event in
            var sorted = event
            sorted.buckets.sort { (($0.bucket.lower ?? Int.min), $0.token) < (($1.bucket.lower ?? Int.min), $1.token) }
            return sorted
        }.sorted { ($0.endTime, $0.city, $0.targetDate, $0.slug) < ($1.endTime, $1.city, $1.targetDate, $1.slug) }
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

    /// The recorded Gamma snapshots of the weather events (`gamma-events/events_weather_snapshots_
    /// 2026-06-16_to_2026-07-03.json.gz`): each bucket's YES token, its midpoint, best bid and
    /// best ask at every snapshot (the recorded CLOB quotes: `price_buy` is the bid, `price_sell`
    /// the ask), and the winner where the last snapshot shows a proposed or final resolution with
    /// the YES price at 0.999 or more; the other events are unresolved.
    public static func loadSnapshots(directory: String) throws -> WeatherHistory {
        let path = directory + "/gamma-events/events_weather_snapshots_2026-06-16_to_2026-07-03.json.gz"
        let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let snapshots = try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]] ?? []
        var events: [String: Event] = [:]
        var tokensByEvent: [String: [String: Int]] = [:]
        var finalPrice: [String: (status: String?, yes: Decimal?)] = [:]
        for snapshot in snapshots {
            let meta = snapshot["_meta"] as? [String: Any] ?? [:]
            guard let fetched = (meta["fetched_at_utc"] as? String).flatMap(ISO8601Lenient.parse) else { continue }
            let time = Int64(fetched.timeIntervalSince1970)
            let quotes = snapshot["clob_quotes"] as? [String: [String: Any]] ?? [:]
            for event in snapshot["gamma_events"] as? [[String: Any]] ?? [] {
                guard let id = event["id"] as? String, let title = event["title"] as? String,
                    let end = (event["endDate"] as? String).flatMap(ISO8601Lenient.parse)
                else { continue }
                for market in event["markets"] as? [[String: Any]] ?? [] {
                    guard let label = market["groupItemTitle"] as? String,
                        let parsed = WeatherMarket.parse(
                            eventTitle: title, bucketTitle: label, endDate: event["endDate"] as? String,
                            resolutionSource: event["resolutionSource"] as? String),
                        let tokens = (market["clobTokenIds"] as? String).flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) })
                            as? [String], let token = tokens.first
                    else { continue }
                    if events[id] == nil {
                        events[id] = Event(
                            city: parsed.city, targetDate: parsed.targetDate, slug: event["slug"] as? String ?? id,
                            endTime: Int64(end.timeIntervalSince1970), unit: parsed.bucket.unit, buckets: [])
                    }
                    if tokensByEvent[id]?[token] == nil {
                        tokensByEvent[id, default: [:]][token] = events[id]!.buckets.count
                        events[id]!.buckets.append(
                            Bucket(label: label, bucket: parsed.bucket, token: token, resolvedYes: false, points: []))
                    }
                    let prices =
                        (market["outcomePrices"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String]
                    finalPrice[token] = (market["umaResolutionStatus"] as? String, prices?.first.flatMap { Decimal(string: $0) })
                    let quote = quotes[token] ?? [:]
                    func number(_ key: String, _ field: String) -> Decimal? {
                        ((quote[key] as? [String: Any])?[field] as? String).flatMap { Decimal(string: $0) }
                    }
                    guard let mid = number("midpoint", "mid"), let index = tokensByEvent[id]?[token] else { continue }
                    events[id]!.buckets[index].points.append(
                        Point(time: time, price: mid, bid: number("price_buy", "price"), ask: number("price_sell", "price")))
                }
            }
        }
        let threshold = Decimal(string: "0.999")!
        var result: [Event] = []
        for (_, var event) in events {
            let winners = event.buckets.filter { bucket in
                let last = finalPrice[bucket.token]
                return (last?.status == "proposed" || last?.status == "resolved") && (last?.yes ?? 0) >= threshold
            }.map(\.token)
            event.resolved = winners.count == 1
            event.buckets = event.buckets.map { bucket in
                var copy = Bucket(
                    label: bucket.label, bucket: bucket.bucket, token: bucket.token,
                    resolvedYes: event.resolved && winners == [bucket.token],
                    points: bucket.points.sorted { $0.time < $1.time })
                copy.points = copy.points.reduce(into: []) { kept, point in
                    if kept.last?.time != point.time { kept.append(point) }
                }
                return copy
            }.sorted { ($0.bucket.lower ?? Int.min) < ($1.bucket.lower ?? Int.min) }
            result.append(event)
        }
        return WeatherHistory(events: result.sorted { ($0.endTime, $0.city) < ($1.endTime, $1.city) })
    }

    /// Every recorded weather market: the price histories (2026-03-01 … 06-20) and, for each
    /// city's later days, the Gamma snapshots (to 07-03).
    public static func loadRecorded(directory: String) throws -> WeatherHistory {
        let histories = try load(directory: directory).events
        var last: [String: String] = [:]
        for event in histories { last[event.city] = max(last[event.city] ?? "", event.targetDate) }
        let later = try loadSnapshots(directory: directory).events.filter { $0.targetDate > last[$0.city] ?? "" }
        return WeatherHistory(events: (histories + later).sorted { ($0.endTime, $0.city) < ($1.endTime, $1.city) })
    }

    /// The events whose target day lies in [from, to] (`YYYY-MM-DD`).
    /// A replay's clock over these events: the first step boundary after the first recorded
    /// point, and the steps until the last market has ended and `settleAfter` passed.
    public func clock(stepSeconds: Int64, settleAfter: Int64) -> (start: Int64, steps: Int) {
        let firstPoint = events.flatMap { $0.buckets.compactMap { $0.points.first?.time } }.min() ?? 0
        let start = (firstPoint / stepSeconds + 1) * stepSeconds
        let end = (events.map(\.endTime).max() ?? start) + settleAfter
        return (start, max(0, Int((end - start) / stepSeconds) + 1))
    }

    public func between(_ from: String, _ to: String) -> WeatherHistory {
        WeatherHistory(events: events.filter { $0.targetDate >= from && $0.targetDate <= to })
    }
}
