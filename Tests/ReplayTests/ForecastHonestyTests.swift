import Foundation
import Postgres
import PrescientCore
import Replay
import TestSupport
import Testing
import Weather

/// What keeps the weather backtest honest, each against a hand computation: the error model is
/// fitted only from days resolved before the step (a planted later pair is never read), a price
/// older than one step is no price (no trade, no score), and skill is scored per event with an
/// interval over events.
@Suite("Weather backtest honesty", .serialized, .tags(.database))
struct ForecastHonestyTests {
    @Test func theRollingFit_readsOnlyPairsResolvedBeforeTheStep() {
        // NYC at lead 1: errors +2 and +4 °F known at 1,000 and 2,000; a planted +100 known at 5,000.
        let pairs = [
            ForecastErrorFit.Pair(city: "NYC", leadDays: 1, error: 2, knownAt: 1_000),
            ForecastErrorFit.Pair(city: "NYC", leadDays: 1, error: 4, knownAt: 2_000),
            ForecastErrorFit.Pair(city: "NYC", leadDays: 1, error: 100, knownAt: 5_000),
            ForecastErrorFit.Pair(city: "NYC", leadDays: 2, error: -50, knownAt: 0),
        ]
        let fit = ForecastErrorFit(pairs: pairs)
        // By hand, prior σ₀ = (1.3 + 0.3·1)·1.8 = 2.88 °F as five pseudo-pairs with no bias:
        // bias = 6/7 = 0.857142857; σ = √((5·2.88² + (2 − 6/7)² + (4 − 6/7)²) / 7) = 2.742670062.
        let before = fit.model(city: "NYC", leadDays: 1, unit: .fahrenheit, at: 4_999)
        #expect(before.pairs == 2 && abs(before.bias - 6.0 / 7.0) < 1e-12 && abs(before.sigma - 2.742670061647116) < 1e-9)
        // At 5,000 the planted pair is known: bias 106/8 = 13.25, σ = 31.183247706.
        let after = fit.model(city: "NYC", leadDays: 1, unit: .fahrenheit, at: 5_000)
        #expect(after.pairs == 3 && abs(after.bias - 13.25) < 1e-12 && abs(after.sigma - 31.183247706100147) < 1e-9)
        // Before anything resolved: the prior alone. Another lead or city never mixes in.
        let empty = fit.model(city: "NYC", leadDays: 1, unit: .fahrenheit, at: 999)
        #expect(empty.pairs == 0 && empty.bias == 0 && abs(empty.sigma - 2.88) < 1e-12)
        #expect(fit.model(city: "London", leadDays: 1, unit: .celsius, at: 10_000).pairs == 0)
    }

    /// One event: bucket 20 °C (priced 0.10 at 1,000 and, in the fresh variant, again at 5,000)
    /// and bucket 25 °C (priced 0.50 every 1,800 s); a forecast of 20 °C issued at 5,000.
    static func oneEvent(freshAt5000: Bool) -> (WeatherHistory, [ForecastRecord]) {
        var cheap = [WeatherHistory.Point(time: 1_000, price: Decimal(string: "0.10")!)]
        if freshAt5000 { cheap.append(WeatherHistory.Point(time: 5_000, price: Decimal(string: "0.10")!)) }
        let steady = stride(from: Int64(1_000), through: 30_000, by: 1_800).map {
            WeatherHistory.Point(time: $0, price: Decimal(string: "0.50")!)
        }
        let event = WeatherHistory.Event(
            city: "Testville", targetDate: "1970-01-01", slug: "testville", endTime: 30_000, unit: .celsius,
            buckets: [
                .init(label: "20°C", bucket: TemperatureBucket.parse("20°C")!, token: "t20", resolvedYes: true, points: cheap),
                .init(label: "25°C", bucket: TemperatureBucket.parse("25°C")!, token: "t25", resolvedYes: false, points: steady),
            ])
        let forecast = ForecastRecord(
            city: "Testville", targetDate: "1970-01-01", issuedAt: Date(timeIntervalSince1970: 5_000), leadDays: 0, source: "test",
            high: 20, low: nil, unit: .celsius)
        return (WeatherHistory(events: [event]), [forecast])
    }

    func run(_ history: WeatherHistory, _ forecasts: [ForecastRecord], database: TestDatabase, name: String) throws -> BacktestResult {
        var settings = WeatherBacktest.Settings(from: "1970-01-01", to: "1970-01-01")
        settings.errorModel = "published"
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let schema = try BacktestSchema.create(run: name, databaseURL: database.url, admin: admin)
        defer { try? schema.drop(admin: admin) }
        return try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(history, pool: schema.pool)
    }

    @Test func aPriceOlderThanOneStep_isNoPrice_noTradeAndNoScore() throws {
        let database = try TestDatabase()
        // Steps every 1,800 s from 1,800. The forecast exists from the step at 5,400; by then the
        // 20 °C price (0.10, at 1,000) is 4,400 s old: no price, so no trade on it and no score.
        // P(20 °C) = Φ((20.5 − 20)/1.3) − Φ((19.5 − 20)/1.3) = 0.2995 > 0.10 + 0.05, the edge it would have had.
        let (stale, forecasts) = Self.oneEvent(freshAt5000: false)
        let refused = try run(stale, forecasts, database: database, name: "stale")
        #expect(refused.trades.isEmpty)
        // Scored: only 25 °C, at the 14 steps from 5,400 to 28,800 while the market was open.
        #expect(refused.buckets.pairs == 14)
        // The same with the 20 °C price refreshed at 5,000 (400 s before the step): bought at 5,400.
        let (fresh, _) = Self.oneEvent(freshAt5000: true)
        let bought = try run(fresh, forecasts, database: database, name: "fresh")
        #expect(bought.trades.count == 1 && bought.trades.first?.time == 5_400 && bought.trades.first?.token == "t20")
        #expect(bought.buckets.pairs == 15, "25 °C at 14 steps and 20 °C at the one step its price was fresh")
        #expect(bought.summary.eventSkill?.events == 1)
    }

    @Test func eventSkill_isScoredPerEvent_withABootstrapIntervalOverBlocksOfEvents() {
        var skill = EventSkill()
        // Event a: one pair, forecast 0.8 on a winner, mid 0.5: 0.04 against 0.25.
        skill.add(event: "a", block: "week 1", forecast: 0.8, mid: 0.5, won: true)
        // Event b: two pairs (means over its pairs): forecast (0.09 + 0.01)/2 = 0.05, mid (0.16 + 0.04)/2 = 0.10.
        skill.add(event: "b", block: "week 2", forecast: 0.3, mid: 0.4, won: false)
        skill.add(event: "b", block: "week 2", forecast: 0.9, mid: 0.8, won: true)
        let summary = skill.summary()
        // 1 − (0.04 + 0.05) / (0.25 + 0.10) = 1 − 0.09/0.35 = 0.742857.
        #expect(summary.events == 2 && summary.blocks == 2 && abs((summary.brierSkill ?? 0) - (1 - 0.09 / 0.35)) < 1e-12)
        // Resamples of two blocks: {a,a} 0.84, {b,b} 0.5, {a,b} 0.742857: the interval spans them.
        #expect(abs((summary.low ?? 0) - 0.5) < 1e-9 && abs((summary.high ?? 0) - 0.84) < 1e-9)
        // One block holding both: no interval from a single block.
        var together = EventSkill()
        together.add(event: "a", block: "week 1", forecast: 0.8, mid: 0.5, won: true)
        together.add(event: "b", block: "week 1", forecast: 0.3, mid: 0.4, won: false)
        #expect(together.summary().blocks == 1 && together.summary().low == nil)
        #expect(EventSkill().summary().events == 0 && EventSkill().summary().brierSkill == nil)
        // Blocks are a city's week: days 0–6 since 1970-01-01 in one, day 7 in the next.
        #expect(EventSkill.block(city: "NYC", day: "1970-01-07") == "NYC|0" && EventSkill.block(city: "NYC", day: "1970-01-08") == "NYC|1")
    }
}
