import Foundation
import Postgres
import PrescientCore
import Replay
import TestSupport
import Testing
import Weather

/// The weather backtest over 2026-06-20 … 07-03 with the real recorded forecasts and the recorded
/// quotes of the Gamma snapshots: every buy's probability is recomputed here from the newest
/// forecast fetched by the buy's moment (read from the fixture file, σ by hand, the normal CDF
/// through erfc) and its ask is the recorded ask of that moment; nothing is labelled modelled.
@Suite("Weather backtest on recorded forecasts", .serialized, .tags(.database))
struct RecordedForecastBacktestTests {
    static var weatherDirectory: String { TestEnvironment.repositoryRoot + "/Fixtures/weather" }

    @Test func eachBuy_usesTheNewestForecastKnownAtItsMoment_andTheRecordedAsk() throws {
        let history = try WeatherHistory.loadSnapshots(directory: TestEnvironment.fixturesDirectory)
        #expect(history.events.count == 62)
        let resolved = history.events.filter(\.resolved)
        #expect(!resolved.isEmpty && resolved.allSatisfy { $0.buckets.filter(\.resolvedYes).count == 1 })
        let forecasts = try RecordedForecastFile.records(weatherDirectory: Self.weatherDirectory)
        var settings = WeatherBacktest.Settings(from: "2026-06-20", to: "2026-07-03")
        settings.forecasts = "recorded"
        // The published error model (σ by lead, no bias), so the check below is a hand computation;
        // the rolling fit has its own test.
        settings.errorModel = "published"
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let schema = try BacktestSchema.create(run: "recorded", databaseURL: database.url, admin: admin)
        defer { try? schema.drop(admin: admin) }
        let result = try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(history, pool: schema.pool)
        #expect(!result.trades.isEmpty && !result.modelled && result.trades.allSatisfy { !$0.modelled })
        // Markets the recording leaves unresolved never settle; the resolved ones do.
        #expect(Set(result.trades.map(\.city)).count == 4)
        for trade in result.trades {
            let event = history.events.first { $0.city == trade.city && $0.targetDate == trade.targetDate }
            #expect((trade.outcome != nil) == (event?.resolved == true), "\(trade.city) \(trade.targetDate): \(trade.outcome ?? "open")")
        }
        #expect(result.buckets.pairs > 0 && result.buckets.brier != nil && result.buckets.brierMarket != nil)

        // The raw answers, as the file has them: (city, fetched at, target day → high).
        let raw = try Gzip.decompress(
            Array(try Data(contentsOf: URL(fileURLWithPath: Self.weatherDirectory + "/" + RecordedForecastFile.path))))
        var answers: [(city: String, fetched: Date, offset: Int, highs: [String: Double])] = []
        for line in String(decoding: raw, as: UTF8.self).split(separator: "\n") {
            let envelope = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let meta = envelope?["_meta"] as? [String: Any] ?? [:]
            guard meta["kind"] as? String == "weather-forecast" else { continue }
            let response = envelope?["response"] as? [String: Any] ?? [:]
            let daily = response["daily"] as? [String: Any] ?? [:]
            let days = daily["time"] as? [String] ?? []
            let highs = (daily["temperature_2m_max"] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue }
            answers.append(
                (
                    meta["city"] as? String ?? "", ISO8601Lenient.parse(meta["fetched_at_utc"] as? String ?? "")!,
                    response["utc_offset_seconds"] as? Int ?? 0,
                    Dictionary(uniqueKeysWithValues: zip(days, highs).compactMap { day, high in high.map { (day, $0) } })
                ))
        }
        for trade in result.trades {
            let moment = Date(timeIntervalSince1970: TimeInterval(trade.time))
            let answer = try #require(
                answers.filter { $0.city == trade.city && $0.fetched <= moment && $0.highs[trade.targetDate] != nil }.max {
                    $0.fetched < $1.fetched
                })
            let high = answer.highs[trade.targetDate]!
            // The lead: days from the local day of the fetch to the target day.
            let localDay = Date(timeIntervalSince1970: answer.fetched.timeIntervalSince1970.rounded(.down) + Double(answer.offset))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let target = try #require(ISO8601Lenient.parse(trade.targetDate + "T00:00:00Z"))
            let lead = calendar.dateComponents([.day], from: calendar.startOfDay(for: localDay), to: target).day!
            let sigma = (1.3 + 0.3 * Double(lead)) * (trade.city == "NYC" ? 1.8 : 1)
            let bucket = try #require(TemperatureBucket.parse(trade.bucket))
            func phi(_ x: Double) -> Double { 0.5 * erfc(-(x - high) / (sigma * 2.0.squareRoot())) }
            let p = (bucket.upper.map { phi(Double($0) + 0.5) } ?? 1) - (bucket.lower.map { phi(Double($0) - 0.5) } ?? 0)
            #expect(
                abs(NSDecimalNumber(decimal: trade.probability).doubleValue - p) < 1e-6, "\(trade.city) \(trade.targetDate) \(trade.bucket)"
            )
            // The recorded ask at the latest snapshot at or before the moment.
            let event = try #require(history.events.first { $0.city == trade.city && $0.targetDate == trade.targetDate })
            let point = try #require(event.buckets.first { $0.token == trade.token }?.points.last { $0.time <= trade.time })
            if let ask = point.ask, let bid = point.bid, ask > bid { #expect(trade.ask == ask) }
        }
    }
}
