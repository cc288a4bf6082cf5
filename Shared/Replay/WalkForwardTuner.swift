import Foundation
import PrescientCore
import Verdicts
import Weather

/// Walk-forward tuning of the weather backtest, without look-ahead: the period is cut into
/// windows of `trainDays` followed by `testDays`, rolled forward by `testDays`; in each window
/// every configuration of the grid runs on the training days and the best by daily Sharpe is the
/// one the procedure would have chosen; every configuration also runs on the test days, so each
/// has an out-of-sample record over all windows. Configurations are ranked by the deflated
/// Sharpe of that record (`DeflatedSharpe`, penalising the number tried). Grids above
/// `maximumConfigurations` are refused with the limit named. Nothing is applied to a portfolio.
public struct WalkForwardTuner: Sendable {
    /// One point of the grid.
    public struct Configuration: Sendable, Codable, Hashable, Comparable {
        public let minEdge: Decimal
        public let kellyFraction: Decimal
        public let maxStake: Decimal

        public init(minEdge: Decimal, kellyFraction: Decimal, maxStake: Decimal) {
            self.minEdge = minEdge
            self.kellyFraction = kellyFraction
            self.maxStake = maxStake
        }

        enum CodingKeys: String, CodingKey {
            case minEdge = "min_edge", kellyFraction = "kelly_fraction", maxStake = "max_stake"
        }

        /// `settings` with this configuration's knobs.
        public func applied(to settings: WeatherBacktest.Settings) -> WeatherBacktest.Settings {
            var applied = settings
            applied.minEdge = minEdge
            applied.kellyFraction = kellyFraction
            applied.maxStake = maxStake
            return applied
        }

        public static func < (a: Configuration, b: Configuration) -> Bool {
            (a.minEdge, a.kellyFraction, a.maxStake) < (b.minEdge, b.kellyFraction, b.maxStake)
        }
    }

    public struct Window: Sendable, Codable, Equatable {
        public let trainFrom: String
        public let trainTo: String
        public let testFrom: String
        public let testTo: String
        public let chosen: Configuration
        public let trainSharpe: Double?
        public let testReturnPct: Decimal

        enum CodingKeys: String, CodingKey {
            case chosen
            case trainFrom = "train_from", trainTo = "train_to", testFrom = "test_from", testTo = "test_to", trainSharpe = "train_sharpe"
            case testReturnPct = "test_return_pct"
        }
    }

    public struct Ranked: Sendable, Codable, Equatable {
        public let configuration: Configuration
        public let outOfSampleSharpe: Double?
        public let outOfSampleReturnPct: Decimal
        public let trades: Int
        public let deflatedSharpe: Double?

        enum CodingKeys: String, CodingKey {
            case configuration, trades
            case outOfSampleSharpe = "oos_sharpe", outOfSampleReturnPct = "oos_return_pct", deflatedSharpe = "deflated_sharpe"
        }
    }

    public struct Result: Sendable, Codable, Equatable {
        public let configurationsTried: Int
        public let windows: [Window]
        public let ranking: [Ranked]
        /// The walk-forward procedure's own out-of-sample return: each window's chosen configuration on its test days, compounded.
        public let procedureReturnPct: Decimal
        public let modelled: Bool

        enum CodingKeys: String, CodingKey {
            case windows, ranking, modelled
            case configurationsTried = "configurations_tried", procedureReturnPct = "procedure_return_pct"
        }
    }

    public static let maximumConfigurations = 200

    public let base: WeatherBacktest.Settings
    public let trainDays: Int
    public let testDays: Int
    public let configurations: [Configuration]

    /// The grid: every combination of the values given (a key left out keeps `base`'s value).
    public init(
        base: WeatherBacktest.Settings, trainDays: Int, testDays: Int, minEdge: [Decimal], kellyFraction: [Decimal], maxStake: [Decimal]
    )
        throws
    {
        let edges = minEdge.isEmpty ? [base.minEdge] : minEdge
        let kellies = kellyFraction.isEmpty ? [base.kellyFraction] : kellyFraction
        let stakes = maxStake.isEmpty ? [base.maxStake] : maxStake
        let size = edges.count * kellies.count * stakes.count
        guard size <= Self.maximumConfigurations else { throw GridTooLarge(size: size) }
        guard base.forecasts != "oracle" else { throw OracleForecasts() }
        self.base = base
        self.trainDays = trainDays
        self.testDays = testDays
        configurations = Set(
            edges.flatMap { e in kellies.flatMap { k in stakes.map { Configuration(minEdge: e, kellyFraction: k, maxStake: $0) } } }
        )
        .sorted()
    }

    /// The oracle forecast is made from the recorded outcomes: whatever a tuner chose on it would
    /// be tuned on the answer.
    public struct OracleForecasts: Error, CustomStringConvertible {
        public var description: String { "the tuner refuses oracle forecasts: they are made from the recorded outcomes" }
    }

    /// A grid over the limit.
    public struct GridTooLarge: Error, CustomStringConvertible {
        public let size: Int
        public var description: String {
            "a grid of \(size) configurations is over the limit of \(WalkForwardTuner.maximumConfigurations)"
        }
    }

    /// The windows from `base.from` to `base.to`: (train from, train to, test from, test to).
    public var windows: [(String, String, String, String)] {
        guard var start = CalendarDay.number(base.from), let end = CalendarDay.number(base.to) else { return [] }
        var result: [(String, String, String, String)] = []
        while start + Int64(trainDays + testDays) - 1 <= end {
            let trainEnd = start + Int64(trainDays) - 1
            result.append(
                (
                    CalendarDay.text(start), CalendarDay.text(trainEnd), CalendarDay.text(trainEnd + 1),
                    CalendarDay.text(trainEnd + Int64(testDays))
                ))
            start += Int64(testDays)
        }
        return result
    }

    /// Runs the walk-forward in `schema` (emptied before each backtest); `progress` gets
    /// (backtests done, in all) and may stop the run by returning false; `onTestWindow` gets every
    /// configuration's result on every test window, in window order.
    public func run(
        _ history: WeatherHistory, schema: BacktestSchema, recordedForecasts: [ForecastRecord] = [],
        progress: (Int, Int) -> Bool = { _, _ in true }, onTestWindow: (Configuration, BacktestResult) throws -> Void = { _, _ in }
    ) throws -> Result {
        let windows = self.windows
        let total = windows.count * configurations.count * 2
        var done = 0
        var chosen: [Window] = []
        var outOfSample: [Configuration: (returns: [Double], growth: Decimal, trades: Int)] = [:]
        var modelled = false
        func backtest(_ configuration: Configuration, _ from: String, _ to: String) throws -> BacktestResult {
            var settings = configuration.applied(to: base)
            settings.from = from
            settings.to = to
            try schema.reset()
            let result = try WeatherBacktest(settings: settings, recordedForecasts: recordedForecasts).run(history, pool: schema.pool)
            modelled = modelled || result.modelled
            done += 1
            guard progress(done, total) else { throw Cancelled() }
            return result
        }
        var procedureGrowth: Decimal = 1
        for (trainFrom, trainTo, testFrom, testTo) in windows {
            var best: (configuration: Configuration, sharpe: Double)?
            for configuration in configurations {
                let train = try backtest(configuration, trainFrom, trainTo)
                let sharpe = train.summary.sharpeDaily ?? -.infinity
                if best == nil || sharpe > best!.sharpe { best = (configuration, sharpe) }
            }
            var chosenTest: Decimal = 0
            for configuration in configurations {
                let test = try backtest(configuration, testFrom, testTo)
                try onTestWindow(configuration, test)
                var record = outOfSample[configuration] ?? ([], 1, 0)
                record.returns += test.dailyReturns
                record.growth *= 1 + test.summary.returnPct / 100
                record.trades += test.summary.trades
                outOfSample[configuration] = record
                if configuration == best?.configuration { chosenTest = test.summary.returnPct }
            }
            procedureGrowth *= 1 + chosenTest / 100
            if let best {
                chosen.append(
                    Window(
                        trainFrom: trainFrom, trainTo: trainTo, testFrom: testFrom, testTo: testTo, chosen: best.configuration,
                        trainSharpe: best.sharpe.isFinite ? best.sharpe : nil, testReturnPct: chosenTest))
            }
        }
        let sharpes = outOfSample.mapValues { DeflatedSharpe.sharpe($0.returns) }
        let variance = DeflatedSharpe.Trials(sharpes: Array(sharpes.values)).variance
        let ranking = configurations.map { configuration -> Ranked in
            let record = outOfSample[configuration] ?? ([], 1, 0)
            let sharpe = sharpes[configuration] ?? nil
            let moments = DeflatedSharpe.moments(record.returns)
            return Ranked(
                configuration: configuration, outOfSampleSharpe: sharpe,
                outOfSampleReturnPct: ((record.growth - 1) * 100).rounded(scale: 4),
                trades: record.trades,
                deflatedSharpe: sharpe.flatMap {
                    DeflatedSharpe.probability(
                        sharpe: $0, observations: record.returns.count, skewness: moments.skewness, kurtosis: moments.kurtosis,
                        trials: configurations.count, trialVariance: variance)
                })
        }.sorted { ($0.deflatedSharpe ?? -1, $1.configuration) > ($1.deflatedSharpe ?? -1, $0.configuration) }
        return Result(
            configurationsTried: configurations.count, windows: chosen, ranking: ranking,
            procedureReturnPct: ((procedureGrowth - 1) * 100).rounded(scale: 4), modelled: modelled)
    }

    /// The run was stopped through `progress`.
    public struct Cancelled: Error {}
}
