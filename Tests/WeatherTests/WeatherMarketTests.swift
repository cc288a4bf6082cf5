import Foundation
import PrescientCore
import TestSupport
import Testing
import Weather

/// Every recorded Polymarket temperature market read: its city, day, bucket, unit and station;
/// the buckets of each event cover every whole degree exactly once (checked by walking the
/// degrees, not by the parser), and the recorded resolutions name exactly one bucket.
@Suite("Weather markets")
struct WeatherMarketTests {
    static func gzipJSON(_ path: String) throws -> Any {
        let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        return try JSONSerialization.jsonObject(with: Data(bytes))
    }

    /// Every whole degree from 40 below the lowest bound to 40 above the highest lies in exactly one bucket.
    static func partitions(_ buckets: [TemperatureBucket]) -> Bool {
        let bounds = buckets.flatMap { [$0.lower, $0.upper].compactMap { $0 } }
        guard let low = bounds.min(), let high = bounds.max() else { return false }
        return (low - 40...high + 40).allSatisfy { degree in buckets.filter { $0.contains(degree) }.count == 1 }
    }

    @Test func theGammaSnapshots_everyMarketParses_andEachEventsBucketsPartitionTheDegrees() throws {
        let snapshots = try #require(
            try Self.gzipJSON(TestEnvironment.fixturesDirectory + "/gamma-events/events_weather_snapshots_2026-06-16_to_2026-07-03.json.gz")
                as? [[String: Any]])
        var events: [String: [String: WeatherMarket]] = [:]
        var unparsed: [String] = []
        for snapshot in snapshots {
            for event in snapshot["gamma_events"] as? [[String: Any]] ?? [] {
                let id = event["id"] as? String ?? ""
                for market in event["markets"] as? [[String: Any]] ?? [] {
                    let title = market["groupItemTitle"] as? String ?? ""
                    guard
                        let parsed = WeatherMarket.parse(
                            eventTitle: event["title"] as? String ?? "", bucketTitle: title, endDate: event["endDate"] as? String,
                            resolutionSource: event["resolutionSource"] as? String)
                    else {
                        unparsed.append("\(event["title"] ?? "") / \(title)")
                        continue
                    }
                    events[id, default: [:]][market["conditionId"] as? String ?? ""] = parsed
                }
            }
        }
        #expect(unparsed.isEmpty, "\(unparsed.prefix(5))")
        #expect(events.count == 62)
        #expect(events.values.map(\.count).reduce(0, +) == 682)
        for (id, markets) in events {
            let all = Array(markets.values)
            #expect(Set(all.map(\.city)).count == 1 && Set(all.map(\.targetDate)).count == 1, "event \(id)")
            #expect(Self.partitions(all.map(\.bucket)), "event \(id): \(all.map(\.bucket.description).sorted())")
            let city = all[0].city
            let expected = ["London": "EGLC", "Munich": "EDDM", "NYC": "KLGA", "Tokyo": "RJTT"][city]
            #expect(all.allSatisfy { $0.station == expected }, "\(city): \(Set(all.compactMap(\.station)))")
            #expect(all.allSatisfy { $0.bucket.unit == (city == "NYC" ? .fahrenheit : .celsius) })
        }
        // One read by hand: Munich, June 16, "18°C or below" at EDDM.
        let munich = events.values.flatMap(\.values).first {
            $0.city == "Munich" && $0.targetDate == "2026-06-16" && $0.bucket.kind == .orBelow
        }
        #expect(munich?.bucket == TemperatureBucket(kind: .orBelow, lower: nil, upper: 18, unit: .celsius))
    }

    @Test func thePriceHistories_bucketsPartitionTheDegrees_andTheRecordedResolutionNamesOneBucket() throws {
        for city in ["london", "munich", "nyc", "tokyo"] {
            let file = try #require(
                try Self.gzipJSON(
                    TestEnvironment.fixturesDirectory
                        + "/clob-prices-history/prices_history_weather_\(city)_2026-03-01_to_2026-06-20.json.gz")
                    as? [String: Any])
            let markets = file["markets"] as? [[String: Any]] ?? []
            #expect(markets.count == file["market_count"] as? Int && markets.count >= 100, "\(city)")
            for market in markets {
                let buckets = (market["buckets"] as? [[String: Any]] ?? []).map {
                    ($0["bucket"] as? String ?? "", $0["resolved_yes"] as? Bool)
                }
                let parsed = buckets.compactMap { TemperatureBucket.parse($0.0) }
                #expect(parsed.count == buckets.count, "\(city) \(market["date"] ?? ""): \(buckets.map(\.0))")
                #expect(Self.partitions(parsed), "\(city) \(market["date"] ?? "")")
                let winners = buckets.filter { $0.1 == true }.map(\.0)
                #expect(winners == [market["resolved_bucket"] as? String ?? "?"], "\(city) \(market["date"] ?? ""): \(winners)")
                let parsedMarket = WeatherMarket.parse(
                    eventTitle: market["title"] as? String ?? "", bucketTitle: buckets.first?.0 ?? "",
                    endDate: market["endDate"] as? String,
                    resolutionSource: nil)
                #expect(parsedMarket?.targetDate == market["date"] as? String)
            }
        }
    }

    @Test func bucketWording_readsEveryForm_andRefusesTheRest() {
        #expect(TemperatureBucket.parse("18°C") == TemperatureBucket(kind: .exact, lower: 18, upper: 18, unit: .celsius))
        #expect(TemperatureBucket.parse("-2°C") == TemperatureBucket(kind: .exact, lower: -2, upper: -2, unit: .celsius))
        #expect(TemperatureBucket.parse("100-101°F") == TemperatureBucket(kind: .range, lower: 100, upper: 101, unit: .fahrenheit))
        #expect(TemperatureBucket.parse("-3--2°C") == TemperatureBucket(kind: .range, lower: -3, upper: -2, unit: .celsius))
        #expect(TemperatureBucket.parse("27°C or higher") == TemperatureBucket(kind: .orAbove, lower: 27, upper: nil, unit: .celsius))
        #expect(TemperatureBucket.parse("54°F or below") == TemperatureBucket(kind: .orBelow, lower: nil, upper: 54, unit: .fahrenheit))
        for bad in ["", "18", "18°K", "hot", "101-100°F", "18.5°C", "°C"] { #expect(TemperatureBucket.parse(bad) == nil, "\(bad)") }
        #expect(
            WeatherMarket.parse(
                eventTitle: "Will it rain in London on June 16?", bucketTitle: "18°C", endDate: "2026-06-16", resolutionSource: nil)
                == nil)
    }
}
