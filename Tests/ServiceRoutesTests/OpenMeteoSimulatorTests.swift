import Foundation
import HTTPClient
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import SimulatorService
import TestSupport
import Testing
import Weather

/// The simulator's Open-Meteo host serves the recorded forecasts through our client without
/// look-ahead: at any simulated moment, the answer recorded most recently at or before it (found
/// here by scanning the fixture file, a second reading); the forecasts are stored with the moment
/// they became known, and a replay asking earlier sees none of them.
@Suite("Open-Meteo through the simulator", .serialized, .tags(.database))
struct OpenMeteoSimulatorTests {
    /// The recorded answers of a city, (fetched at, daily highs), oldest first.
    static func recorded(_ city: String) throws -> [(Date, [String], [Double?])] {
        let path =
            TestEnvironment.repositoryRoot
            + "/Fixtures/weather/forecasts/erikw03-openmeteo-live-forecast-and-era5-archive-4cities-2026-06-16_2026-07-03.ndjson.gz"
        let bytes = try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        var answers: [(Date, [String], [Double?])] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let envelope = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let meta = envelope?["_meta"] as? [String: Any] ?? [:]
            guard meta["kind"] as? String == "weather-forecast", meta["city"] as? String == city else { continue }
            let daily = (envelope?["response"] as? [String: Any])?["daily"] as? [String: Any] ?? [:]
            answers.append(
                (
                    ISO8601Lenient.parse(meta["fetched_at_utc"] as? String ?? "")!, daily["time"] as? [String] ?? [],
                    (daily["temperature_2m_max"] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue }
                ))
        }
        return answers.sorted { $0.0 < $1.0 }
    }

    @Test func atEachMoment_theNewestRecordedAnswerIsServed_andStoredForecastsAreKnownFromTheirIssueOnly() throws {
        let simulator = try ServiceHost.simulator()
        defer { simulator.stop() }
        let client = OpenMeteoClient(baseURL: simulator.baseURL("weather"))
        let london = try #require(WeatherCity.named("London"))

        // The clock starts on 2026-03-11: nothing recorded yet, an Open-Meteo error.
        #expect(throws: OpenMeteoClient.Failure.self) { _ = try client.forecast(london) }

        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 1)
        defer { pool.close() }
        let repository = ForecastRepository(pool: pool)
        let recorded = try Self.recorded("London")
        for moment in ["2026-06-25T12:00:00Z", "2026-06-25T13:30:00Z", "2026-07-02T06:10:00Z"] {
            let now = try #require(ISO8601Lenient.parse(moment))
            let elapsed = Int64(now.timeIntervalSince1970) - 1_773_261_000
            struct State: Decodable { let clock_seconds: Int64 }
            let state = try JSONDecoder().decode(State.self, from: Data(simulator.application.request("GET", "/sim/state").body))
            let body = #"{"seconds":\#(elapsed - state.clock_seconds)}"#
            #expect(simulator.application.request("POST", "/sim/advance", body: body).status == .ok)

            let expected = try #require(recorded.last { $0.0 <= now })
            #expect(recorded.contains { $0.0 > now }, "a later recording exists, so serving it would show")
            let (daily, raw) = try client.forecast(london)
            #expect(daily.daily.time == expected.1 && daily.daily.temperature2mMax == expected.2, "\(moment)")

            // Stored as known from now (the moment our client learned it), never before.
            let records = daily.forecasts(city: "London", issuedAt: now, source: "open-meteo forecast")
            #expect(try repository.store(records, raw: raw) == 3)
            let target = try #require(records.last)
            #expect(try repository.latest(city: "London", targetDate: target.targetDate, asOf: now)?.high == target.high)
            #expect(
                try repository.latest(city: "London", targetDate: target.targetDate, asOf: now.addingTimeInterval(-1)).map {
                    $0.issuedAt < now
                } ?? true)
        }
        // Bad points answer in Open-Meteo's error shape.
        let bad = try HTTPClient(connectTimeout: 2, defaultTimeout: 5).get(
            simulator.baseURL("weather") + "/v1/forecast?latitude=abc&longitude=0")
        #expect(bad.status == 400 && String(decoding: bad.body, as: UTF8.self).contains(#""error":true"#))
        let nowhere = try HTTPClient(connectTimeout: 2, defaultTimeout: 5).get(
            simulator.baseURL("weather") + "/v1/forecast?latitude=0&longitude=0")
        #expect(nowhere.status == 400 && String(decoding: nowhere.body, as: UTF8.self).contains("No recorded forecast"))
    }
}
