import Foundation
import Postgres
import PrescientCore
import Replay
import TestSupport
import Testing
import Weather
import WorldEvidence

/// The look-ahead canaries of the weather backtest on recorded forecasts (NYC, March 2026, the
/// climate-cache forecasts with their commit times): rewriting every resolution learnt after a
/// planted moment and every price after it leaves every trade decided before it byte-identical;
/// shuffling the markets changes nothing. The oracle mode, which reads the outcome, fails the
/// first canary: the canary can fail.
@Suite("Weather backtest look-ahead canaries", .serialized, .tags(.database))
struct WeatherLookAheadCanaryTests {
    static let inputs = Result {
        (
            try WeatherHistory.load(directory: TestEnvironment.fixturesDirectory, cities: ["nyc"]),
            try ClimateCacheForecastFile.records(weatherDirectory: TestEnvironment.fixturesDirectory + "/../weather")
        )
    }

    func run(
        _ settings: WeatherBacktest.Settings, _ history: WeatherHistory, forecasts: [ForecastRecord]? = nil, database: TestDatabase,
        name: String
    ) throws -> BacktestResult {
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let schema = try BacktestSchema.create(run: name, databaseURL: database.url, admin: admin)
        defer { try? schema.drop(admin: admin) }
        let records = try forecasts ?? Self.inputs.get().1
        return try WeatherBacktest(settings: settings, recordedForecasts: records).run(history, pool: schema.pool)
    }

    @Test func theRecordedRun_decidesTheSameBeforeARewrittenFuture_andInAnyMarketOrder() throws {
        let database = try TestDatabase()
        let (history, forecasts) = try Self.inputs.get()
        let settings = WeatherBacktest.Settings(from: "2026-03-01", to: "2026-03-10")
        let base = try run(settings, history, database: database, name: "base")
        try #require(base.trades.count >= 4, "\(base.trades.count) trades")
        let cut = base.trades[base.trades.count / 2].time + 1
        let before = LookAheadCanary.decisions(base, before: cut)
        #expect(!before.isEmpty)

        // Resolutions learnt after the cut, prices after it and forecasts issued after it, all rewritten.
        let rewritten = try run(
            settings, LookAheadCanary.rewritten(history, from: cut, settleAfter: settings.settleAfter),
            forecasts: LookAheadCanary.rewritten(forecasts, from: cut), database: database, name: "rewritten")
        #expect(LookAheadCanary.decisions(rewritten, before: cut) == before)
        #expect(rewritten.curve.filter { $0.time < cut } == base.curve.filter { $0.time < cut })
        #expect(try rewritten.encoded() != base.encoded(), "the rewritten future is read once its time comes")

        let shuffled = try run(settings, LookAheadCanary.shuffled(history, seed: 24), database: database, name: "shuffled")
        #expect(try shuffled.encoded() == base.encoded())
    }

    @Test func theOracle_failsTheCanary_becauseItReadsTheOutcome() throws {
        let database = try TestDatabase()
        let history = try Self.inputs.get().0
        var settings = WeatherBacktest.Settings(from: "2026-03-01", to: "2026-03-10")
        settings.forecasts = "oracle"
        let base = try run(settings, history, database: database, name: "oracle")
        let cut = try #require(base.trades.first).time + 1
        // Every resolution learnt after the first trade rewritten (prices change only from the cut
        // on): the oracle's forecast of that trade's own day changes at once, so the trade decided
        // before the cut changes, which an honest run's cannot.
        let rewritten = try run(
            settings, LookAheadCanary.rewritten(history, from: cut, settleAfter: settings.settleAfter), database: database,
            name: "oracle_rewritten")
        #expect(LookAheadCanary.decisions(rewritten, before: cut) != LookAheadCanary.decisions(base, before: cut))
    }
}
