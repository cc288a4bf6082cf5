import Foundation
import PrescientCore
import Replay
import Verdicts

/// What a finished run leaves for its verdicts: its trials in the trials ledger (every
/// configuration it ran, whether or not anyone looks at it) and its evidence (each judged
/// configuration's trades and daily returns), on the dataset of the recordings it replayed.
enum RunEvidence {
    /// How many of a tuner's best-ranked configurations keep their evidence for a verdict.
    static let tunerConfigurationsKept = 10

    /// The dataset a run's trials count on: the prices and forecasts it replayed.
    static func dataset(_ settings: WeatherBacktest.Settings) -> String {
        "weather-recordings/\(settings.prices)/\(settings.forecasts)"
    }

    /// The knobs a weather backtest was run with (the tuner's grid dimensions).
    static func weatherConfiguration(_ settings: WeatherBacktest.Settings) -> WalkForwardTuner.Configuration {
        WalkForwardTuner.Configuration(minEdge: settings.minEdge, kellyFraction: settings.kellyFraction, maxStake: settings.maxStake)
    }

    static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try WireJSON.encoder().encode(value))
    }

    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try WireJSON.encoder().encode(value), as: UTF8.self)
    }

    /// A backtest's trial and evidence: `configuration` is the strategy's configuration JSON
    /// (a weather backtest's knobs when nil).
    static func backtest(
        _ result: BacktestResult, history: WeatherHistory, strategy: String, configuration: JSONValue?, runID: String
    ) throws -> (trial: TrialsLedger.Trial, evidence: String) {
        let settings = result.settings
        let config = try configuration ?? json(weatherConfiguration(settings))
        let hash = ConfigHash.of(config)
        let trial = TrialsLedger.Trial(
            strategy: strategy, dataset: dataset(settings), configHash: hash, configuration: try text(config), source: .backtest,
            runID: runID, from: settings.from, to: settings.to, dailyReturns: result.dailyReturns, returnPct: result.summary.returnPct,
            trades: result.summary.trades)
        let evidence = StoredEvidence(
            strategy: strategy, dataset: dataset(settings), from: settings.from, to: settings.to,
            configurations: [
                .init(
                    configHash: hash, configuration: config, trades: BacktestEvidence.trades(result, history: history),
                    dailyReturns: result.dailyReturns)
            ])
        return (trial, try text(evidence))
    }

    /// One tuner configuration's out-of-sample record, window after window.
    struct OutOfSample {
        var trades: [EvidenceTrade] = []
        var dailyReturns: [Double] = []
    }

    /// A tuner run's trials (one per configuration, its out-of-sample record over every test
    /// window) and the evidence of its best-ranked configurations.
    static func tuner(
        _ result: WalkForwardTuner.Result, tuner: WalkForwardTuner, records: [WalkForwardTuner.Configuration: OutOfSample], runID: String
    ) throws -> (trials: [TrialsLedger.Trial], evidence: String) {
        let windows = tuner.windows
        let from = windows.first?.2 ?? tuner.base.from, to = windows.last?.3 ?? tuner.base.to
        let dataset = dataset(tuner.base)
        var trials: [TrialsLedger.Trial] = []
        for ranked in result.ranking {
            let record = records[ranked.configuration] ?? OutOfSample()
            trials.append(
                TrialsLedger.Trial(
                    strategy: "weather", dataset: dataset, configHash: ConfigHash.of(try json(ranked.configuration)),
                    configuration: try text(ranked.configuration), source: .tuner, runID: runID, from: from, to: to,
                    dailyReturns: record.dailyReturns, returnPct: ranked.outOfSampleReturnPct, trades: ranked.trades))
        }
        let kept = try result.ranking.prefix(tunerConfigurationsKept).map { ranked -> StoredEvidence.Configuration in
            let record = records[ranked.configuration] ?? OutOfSample()
            let config = try json(ranked.configuration)
            return .init(configHash: ConfigHash.of(config), configuration: config, trades: record.trades, dailyReturns: record.dailyReturns)
        }
        return (trials, try text(StoredEvidence(strategy: "weather", dataset: dataset, from: from, to: to, configurations: kept)))
    }
}
