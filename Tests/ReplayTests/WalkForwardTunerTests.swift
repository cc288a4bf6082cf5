import Foundation
import Postgres
import PrescientCore
import Replay
import TestSupport
import Testing
import Verdicts
import Weather

/// The deflated Sharpe ratio against Python's `statistics.NormalDist` (a second implementation),
/// the walk-forward windows by hand, a grid over the limit refused, and each window's choice
/// equal to the best training Sharpe found by running every configuration on its own.
@Suite("Walk-forward tuner", .serialized, .tags(.database))
struct WalkForwardTunerTests {
    @Test func deflatedSharpe_matchesASecondImplementation() {
        // NormalDist().inv_cdf(0.975) = 1.9599639845400536; .cdf(1.96) = 0.9750021048517796; inv_cdf(0.01) = −2.3263478740408408.
        #expect(abs(DeflatedSharpe.inverseNormal(0.975) - 1.9599639845400536) < 1e-8)
        #expect(abs(DeflatedSharpe.normalCDF(1.96) - 0.9750021048517796) < 1e-12)
        #expect(abs(DeflatedSharpe.inverseNormal(0.01) + 2.3263478740408408) < 1e-8)
        // Ten tries with Sharpe variance 1: SR0 = 0.4228·Φ⁻¹(0.9) + 0.5772·Φ⁻¹(1 − 1/(10e)) = 1.57459830134575.
        #expect(abs(DeflatedSharpe.expectedMaximum(trials: 10, variance: 1) - 1.57459830134575) < 1e-7)
        // SR 0.3 over 250 returns, skew −0.5, kurtosis 5: 0.99998937 alone, 2.5043e−12 as the best of ten tries with variance 0.25.
        let alone = DeflatedSharpe.probability(sharpe: 0.3, observations: 250, skewness: -0.5, kurtosis: 5, trials: 1, trialVariance: 0)
        #expect(abs((alone ?? 0) - 0.9999893679162861) < 1e-9)
        let tried = DeflatedSharpe.probability(sharpe: 0.3, observations: 250, skewness: -0.5, kurtosis: 5, trials: 10, trialVariance: 0.25)
        #expect(abs((tried ?? 1) - 2.5043300766469656e-12) < 1e-13)
    }

    @Test func windowsRollByTheTestLength_andAGridOverTheLimitIsRefused() throws {
        let tuner = try WalkForwardTuner(
            base: .init(from: "2026-03-01", to: "2026-03-20"), trainDays: 7, testDays: 3, minEdge: [], kellyFraction: [], maxStake: [])
        #expect(
            tuner.windows.map { [$0.0, $0.1, $0.2, $0.3] } == [
                ["2026-03-01", "2026-03-07", "2026-03-08", "2026-03-10"], ["2026-03-04", "2026-03-10", "2026-03-11", "2026-03-13"],
                ["2026-03-07", "2026-03-13", "2026-03-14", "2026-03-16"], ["2026-03-10", "2026-03-16", "2026-03-17", "2026-03-19"],
            ])
        let values = (1...100).map { Decimal($0) / 1_000 }
        #expect {
            _ = try WalkForwardTuner(
                base: .init(from: "2026-03-01", to: "2026-03-20"), trainDays: 7, testDays: 3, minEdge: values, kellyFraction: values,
                maxStake: values)
        } throws: { error in
            "\(error)" == "a grid of 1000000 configurations is over the limit of 200"
        }
        // Nor does it tune on the oracle forecast, which is made from the outcomes.
        var oracle = WeatherBacktest.Settings(from: "2026-03-01", to: "2026-03-20")
        oracle.forecasts = "oracle"
        #expect(throws: WalkForwardTuner.OracleForecasts.self) {
            _ = try WalkForwardTuner(base: oracle, trainDays: 7, testDays: 3, minEdge: [], kellyFraction: [], maxStake: [])
        }
    }

    @Test func eachWindowChoosesTheBestTrainingSharpe_withoutSeeingItsTestDays() throws {
        // NYC on its recorded forecasts (the tuner refuses the oracle).
        let history = try WeatherHistory.load(directory: TestEnvironment.fixturesDirectory, cities: ["nyc"])
        let forecasts = try ClimateCacheForecastFile.records(weatherDirectory: TestEnvironment.fixturesDirectory + "/../weather")
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let tuner = try WalkForwardTuner(
            base: .init(from: "2026-03-01", to: "2026-03-12"), trainDays: 6, testDays: 3,
            minEdge: [Decimal(string: "0.03")!, Decimal(string: "0.10")!], kellyFraction: [Decimal(string: "0.25")!], maxStake: [50])
        let schema = try BacktestSchema.create(run: "tuner", databaseURL: database.url, admin: admin)
        defer { try? schema.drop(admin: admin) }
        let result = try tuner.run(history, schema: schema, recordedForecasts: forecasts)
        #expect(result.configurationsTried == 2 && result.windows.count == 2 && result.ranking.count == 2 && !result.modelled)

        // A second reading: every configuration on each training window, in a schema of its own.
        let check = try BacktestSchema.create(run: "check", databaseURL: database.url, admin: admin)
        defer { try? check.drop(admin: admin) }
        for window in result.windows {
            var best: (WalkForwardTuner.Configuration, Double)?
            for configuration in tuner.configurations {
                var settings = tuner.base
                (settings.from, settings.to) = (window.trainFrom, window.trainTo)
                (settings.minEdge, settings.kellyFraction, settings.maxStake) =
                    (configuration.minEdge, configuration.kellyFraction, configuration.maxStake)
                try check.reset()
                let sharpe =
                    try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(history, pool: check.pool).summary.sharpeDaily
                    ?? -.infinity
                if best == nil || sharpe > best!.1 { best = (configuration, sharpe) }
            }
            #expect(window.chosen == best?.0, "\(window.trainFrom)…\(window.trainTo)")
        }
        // Ranked by deflated Sharpe, highest first.
        let scores = result.ranking.map { $0.deflatedSharpe ?? -1 }
        #expect(scores == scores.sorted(by: >))
    }
}
