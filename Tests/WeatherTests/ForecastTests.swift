import Foundation
import PrescientCore
import TestSupport
import Testing
import Weather

/// The bucket probabilities against hand-computed normal probabilities, and every recorded
/// Open-Meteo answer decoded with its issue time and lead.
@Suite("Weather forecasts")
struct ForecastTests {
    static var weatherDirectory: String { TestEnvironment.repositoryRoot + "/Fixtures/weather" }

    @Test func bucketProbabilities_matchTheNormalTable_andSumToOne() {
        let forecast = ForecastDistribution(mean: 20, sigma: 1)
        // Φ(0.5) − Φ(−0.5) = 0.3829249; 1 − Φ(0.5) = 0.3085375; Φ(1.5) − Φ(−0.5) for 20–21 = 0.6246553.
        #expect(abs(forecast.probability(of: TemperatureBucket.parse("20°C")!) - 0.3829249) < 1e-6)
        #expect(abs(forecast.probability(of: TemperatureBucket.parse("21°C or higher")!) - 0.3085375) < 1e-6)
        #expect(abs(forecast.probability(of: TemperatureBucket.parse("20-21°F")!) - 0.6246553) < 1e-6)
        // The buckets of a recorded London event (9 of them) carry all the probability.
        let labels = ["6°C or below", "7°C", "8°C", "9°C", "10°C", "11°C", "12°C", "13°C", "14°C or higher"]
        let near = ForecastDistribution(forecastHigh: 11.4, leadDays: 1, unit: .celsius)
        let total = labels.compactMap(TemperatureBucket.parse).map { near.probability(of: $0) }.reduce(0, +)
        #expect(abs(total - 1) < 1e-12)
        // The spread: 1.3 + 0.3 × lead in °C, ×1.8 in °F.
        #expect(ForecastErrorModel().sigma(leadDays: 2, unit: .celsius) == 1.9)
        #expect(abs(ForecastErrorModel().sigma(leadDays: 0, unit: .fahrenheit) - 2.34) < 1e-12)
    }

    @Test func everyRecordedLiveForecast_decodesWithItsIssueTimeAndLead() throws {
        let bytes = try Gzip.decompress(
            Array(
                try Data(
                    contentsOf: URL(
                        fileURLWithPath: Self.weatherDirectory
                            + "/forecasts/erikw03-openmeteo-live-forecast-and-era5-archive-4cities-2026-06-16_2026-07-03.ndjson.gz"))))
        var records: [ForecastRecord] = []
        var answers = 0
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let envelope = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let meta = envelope?["_meta"] as? [String: Any] ?? [:]
            guard meta["kind"] as? String == "weather-forecast" else { continue }
            let response = try JSONSerialization.data(withJSONObject: envelope?["response"] ?? [:])
            let daily = try JSONDecoder().decode(OpenMeteoDaily.self, from: response)
            let issued = try #require(ISO8601Lenient.parse(meta["fetched_at_utc"] as? String ?? ""))
            records += daily.forecasts(city: meta["city"] as? String ?? "", issuedAt: issued, source: "open-meteo forecast")
            answers += 1
        }
        #expect(answers == 1_569)
        #expect(records.count == 1_569 * 3)
        #expect(Set(records.map(\.leadDays)) == [0, 1, 2])
        #expect(records.filter { $0.city == "NYC" }.allSatisfy { $0.unit == .fahrenheit })
        #expect(records.filter { $0.city != "NYC" }.allSatisfy { $0.unit == .celsius })
        // The first record, by hand: Munich fetched 2026-06-16T09:07:14Z, local (UTC+2) day 06-16:
        // highs 22.5, 25.3, 29.7 for 06-16, 06-17, 06-18 at leads 0, 1, 2.
        let first = records.prefix(3)
        #expect(first.map(\.city) == ["Munich", "Munich", "Munich"])
        #expect(first.map(\.targetDate) == ["2026-06-16", "2026-06-17", "2026-06-18"])
        #expect(first.map(\.leadDays) == [0, 1, 2] && first.map(\.high) == [22.5, 25.3, 29.7])
    }

    @Test func theHistoricalForecastFiles_decode_andHaveNoLead() throws {
        for city in ["london", "munich", "nyc", "tokyo"] {
            let path =
                Self.weatherDirectory + "/forecasts/erikw03-openmeteo-historical-forecast-and-era5-\(city)-2026-03-01_2026-06-20.json"
            let file = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            for key in ["historical_forecast", "archive_actuals"] {
                let daily = try JSONDecoder().decode(
                    OpenMeteoDaily.self, from: try JSONSerialization.data(withJSONObject: file?[key] ?? [:]))
                #expect(daily.daily.time.count == 112 && daily.daily.time.first == "2026-03-01" && daily.daily.time.last == "2026-06-20")
                #expect(daily.unit == (city == "nyc" ? .fahrenheit : .celsius))
            }
        }
    }
}
