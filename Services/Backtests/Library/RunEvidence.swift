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

    /// Everything a run was configured with but its dataset and window (the fields a trial
    /// differs by: a seed, a slippage or a step changed is another trial), with a cycle strategy's
    /// configuration beside them.
    static func configuration(_ settings: WeatherBacktest.Settings, strategyConfig: JSONValue? = nil) throws -> JSONValue {
        guard case .object(var fields) = try json(settings) else { return .null }
        for key in ["from", "to", "prices", "forecasts"] { fields[key] = nil }
        if let strategyConfig { fields["strategy_config"] = strategyConfig }
        return .object(fields)
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
        let config = try Self.configuration(settings, strategyConfig: configuration)
        let hash = ConfigHash.of(config)
        // A cancelled run's trial covers the days it reached, so it never stands in for a finished run of the whole period.
        let reached = result.cancelled ? result.curve.last.map { CalendarDay.text($0.time / 86_400) } ?? settings.from : settings.to
        let trial = TrialsLedger.Trial(
            strategy: strategy, dataset: dataset(settings), configHash: hash, configuration: try text(config), source: .backtest,
            runID: runID, from: settings.from, to: reached, dailyReturns: result.dailyReturns, returnPct: result.summary.returnPct,
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

    /// A replay's decisions as the suite's ledger registers them, under `source` (`backtest:<id>`
    /// or `tuner:<id>`): a cycle strategy's signals as its own ledger registered them (decided at
    /// the replay's clock), the weather backtest's buys from its trades. They are registered when
    /// the run ends, after the markets it replayed resolved: whether a replayed signal came before
    /// its market's resolution is judged on the replay's clock, which the look-ahead canaries hold
    /// to what was known then.
    static func replayed(_ result: BacktestResult, ownLedger: SignalLedger, source: String, configHash: String) throws
        -> [RegisteredSignal]
    {
        result.strategy != nil
            ? try ownLedger.all().map { $0.replayed(as: source, configHash: configHash) }
            : buys(result, source: source, configHash: configHash)
    }

    /// The weather backtest's buys, as its strategy would have registered them when it decided.
    static func buys(_ result: BacktestResult, source: String, configHash: String) -> [RegisteredSignal] {
        result.trades.map { trade in
            RegisteredSignal(
                source: source, portfolioID: 0, strategy: "weather", configHash: configHash,
                marketID: "\(trade.city)|\(trade.targetDate)|\(trade.bucket)", tokenID: trade.token, side: "buy_yes",
                probability: trade.probability, score: trade.probability, price: trade.ask, amount: trade.notional, signalID: nil,
                decidedAt: Date(timeIntervalSince1970: TimeInterval(trade.time)))
        }
    }

    /// A tuned configuration's hash, as its trials and evidence carry it: its knobs over the tuner's base settings.
    static func hash(_ configuration: WalkForwardTuner.Configuration, base: WeatherBacktest.Settings) throws -> String {
        ConfigHash.of(try Self.configuration(configuration.applied(to: base)))
    }

    /// One tuner configuration's out-of-sample record, window after window.
    struct OutOfSample {
        var trades: [EvidenceTrade] = []
        var dailyReturns: [Double] = []
        /// Test windows finished.
        var windows = 0
    }

    /// The trials of a cancelled tuner run: each configuration over the test windows it finished.
    static func partialTuner(_ records: [WalkForwardTuner.Configuration: OutOfSample], tuner: WalkForwardTuner, runID: String) throws
        -> [TrialsLedger.Trial]
    {
        let windows = tuner.windows
        return try records.keys.sorted().compactMap { configuration -> TrialsLedger.Trial? in
            let record = records[configuration]!
            guard record.windows > 0, let first = windows.first, windows.indices.contains(record.windows - 1) else { return nil }
            let growth = record.dailyReturns.reduce(1.0) { $0 * (1 + $1) }
            return TrialsLedger.Trial(
                strategy: "weather", dataset: dataset(tuner.base), configHash: try hash(configuration, base: tuner.base),
                configuration: try text(Self.configuration(configuration.applied(to: tuner.base))), source: .tuner, runID: runID,
                from: first.2, to: windows[record.windows - 1].3, dailyReturns: record.dailyReturns,
                returnPct: Decimal((growth - 1) * 100).rounded(scale: 4), trades: record.trades.count)
        }
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
                    strategy: "weather", dataset: dataset, configHash: try hash(ranked.configuration, base: tuner.base),
                    configuration: try text(Self.configuration(ranked.configuration.applied(to: tuner.base))), source: .tuner, runID: runID,
                    from: from, to: to,
                    dailyReturns: record.dailyReturns, returnPct: ranked.outOfSampleReturnPct, trades: ranked.trades))
        }
        let kept = try result.ranking.prefix(tunerConfigurationsKept).map { ranked -> StoredEvidence.Configuration in
            let record = records[ranked.configuration] ?? OutOfSample()
            return .init(
                configHash: try hash(ranked.configuration, base: tuner.base), configuration: try json(ranked.configuration),
                trades: record.trades, dailyReturns: record.dailyReturns)
        }
        return (trials, try text(StoredEvidence(strategy: "weather", dataset: dataset, from: from, to: to, configurations: kept)))
    }
}
