import Foundation
import Postgres
import PrescientCore

/// `evidence_trials`: every configuration ever backtested or tuned on a dataset, with its daily
/// returns and Sharpe ratio, recorded whether or not anyone looks at it. The deflated Sharpe
/// ratio's number of trials for a strategy on a dataset is the count of distinct (configuration,
/// period) pairs here, and the variance of their Sharpe ratios comes from the same rows. Owns
/// that table's SQL.
public struct TrialsLedger: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// One trial.
    public struct Trial: Sendable {
        public let strategy: String
        public let dataset: String
        public let configHash: String
        /// The configuration as JSON text.
        public let configuration: String
        public let source: Source
        public let runID: String
        public let from: String
        public let to: String
        public let dailyReturns: [Double]
        public let returnPct: Decimal
        public let trades: Int

        public init(
            strategy: String, dataset: String, configHash: String, configuration: String, source: Source, runID: String, from: String,
            to: String, dailyReturns: [Double], returnPct: Decimal, trades: Int
        ) {
            self.strategy = strategy
            self.dataset = dataset
            self.configHash = configHash
            self.configuration = configuration
            self.source = source
            self.runID = runID
            self.from = from
            self.to = to
            self.dailyReturns = dailyReturns
            self.returnPct = returnPct
            self.trades = trades
        }
    }

    public enum Source: String, Sendable {
        case backtest, tuner
    }

    /// Records `trials` in one statement.
    public func record(_ trials: [Trial]) throws {
        guard !trials.isEmpty else { return }
        let returns = try trials.map {
            String(decoding: try JSONEncoder().encode($0.dailyReturns.map { $0.isFinite ? $0 : 0 }), as: UTF8.self)
        }
        _ = try pool.execute(
            """
            INSERT INTO evidence_trials (strategy, dataset, config_hash, configuration, source, run_id, period_from, period_to, sharpe,
                daily_returns, return_pct, trades)
            SELECT t.strategy, t.dataset, t.config_hash, t.configuration::jsonb, t.source, t.run_id, t.period_from, t.period_to, t.sharpe,
                t.daily_returns::jsonb, t.return_pct, t.trades
            FROM unnest(\(trials.map(\.strategy))::text[], \(trials.map(\.dataset))::text[], \(trials.map(\.configHash))::text[],
                \(trials.map(\.configuration))::text[], \(trials.map(\.source.rawValue))::text[], \(trials.map(\.runID))::text[],
                \(trials.map(\.from))::text[], \(trials.map(\.to))::text[],
                \(trials.map { DeflatedSharpe.sharpe($0.dailyReturns).map { "\($0)" } })::double precision[], \(returns)::text[],
                \(trials.map(\.returnPct))::numeric[], \(trials.map(\.trades))::int[])
                AS t(strategy, dataset, config_hash, configuration, source, run_id, period_from, period_to, sharpe, daily_returns,
                     return_pct, trades)
            """)
    }

    /// The trials of `strategy` on `dataset`: the count of distinct (configuration, period) pairs
    /// and the variance of their Sharpe ratios (each pair's latest).
    public func trials(strategy: String, dataset: String) throws -> DeflatedSharpe.Trials {
        let sharpes = try pool.execute(
            """
            SELECT DISTINCT ON (config_hash, period_from, period_to) sharpe FROM evidence_trials
            WHERE strategy = \(strategy) AND dataset = \(dataset)
            ORDER BY config_hash, period_from, period_to, id DESC
            """
        ).rows.map { try $0.decodeIfPresent("sharpe", as: Double.self) }
        return DeflatedSharpe.Trials(sharpes: sharpes)
    }

    /// The daily returns of every configuration a run recorded, in configuration order (the
    /// matrix CSCV reads).
    public func returns(run runID: String) throws -> [[Double]] {
        try Self.matrix(
            pool.execute("SELECT daily_returns::text AS r FROM evidence_trials WHERE run_id = \(runID) ORDER BY config_hash, id").rows)
    }

    /// The daily returns of the `limit` most recently tried configurations of `strategy` on
    /// `dataset` over exactly `from`…`to` (each configuration's latest), newest first.
    public func returns(strategy: String, dataset: String, from: String, to: String, limit: Int) throws -> [[Double]] {
        try Self.matrix(
            pool.execute(
                """
                SELECT r FROM (
                    SELECT DISTINCT ON (config_hash) id, daily_returns::text AS r FROM evidence_trials
                    WHERE strategy = \(strategy) AND dataset = \(dataset) AND period_from = \(from) AND period_to = \(to)
                    ORDER BY config_hash, id DESC) latest
                ORDER BY id DESC LIMIT \(limit)
                """
            ).rows)
    }

    /// The rows' returns, keeping those of the most common length (CSCV needs common periods).
    static func matrix(_ rows: [PostgresRow]) throws -> [[Double]] {
        comparable(try rows.map { try JSONDecoder().decode([Double].self, from: Data(try $0.decode("r", as: String.self).utf8)) })
    }

    /// The series CSCV can compare: those of the most common length, each distinct series once (two
    /// configurations that traded identically are one trial: as two, the in-sample pick would tie
    /// with its twin out of sample and read as overfit).
    public static func comparable(_ all: [[Double]]) -> [[Double]] {
        let lengths = Dictionary(grouping: all, by: \.count)
        guard let common = lengths.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) })?.key else { return [] }
        var seen = Set<[Double]>()
        return all.filter { $0.count == common && seen.insert($0).inserted }
    }
}
