/// Judges a finished run's stored evidence: the configuration at a rank, among the trials the
/// ledger holds for its strategy and dataset, its overfitting measured over the tuner run's
/// trials (or, for a backtest, over every configuration of the strategy tried on the same
/// dataset and period).
public struct VerdictJudge: Sendable {
    public let trials: TrialsLedger

    public init(trials: TrialsLedger) {
        self.trials = trials
    }

    /// The most trials CSCV reads for a backtest (the most recently tried configurations, the
    /// backtest's own among them), so one verdict's splits stay bounded however many were tried.
    public static let maximumOverfittingTrials = 400

    /// The report of the configuration at `rank` (1 = best) of `evidence`; nil when it has no such rank.
    public func report(_ evidence: StoredEvidence, rank: Int, runID: String, tuner: Bool) throws -> VerdictReport? {
        guard evidence.configurations.indices.contains(rank - 1) else { return nil }
        let chosen = evidence.configurations[rank - 1]
        let matrix =
            tuner
            ? try trials.returns(run: runID)
            : try trials.returns(
                strategy: evidence.strategy, dataset: evidence.dataset, from: evidence.from, to: evidence.to,
                limit: Self.maximumOverfittingTrials)
        return VerdictReport(
            subject: tuner ? "tuner run \(runID), rank \(rank)" : "backtest \(runID)", strategy: evidence.strategy,
            configHash: chosen.configHash, trades: chosen.trades, dailyReturns: chosen.dailyReturns,
            trials: try trials.trials(strategy: evidence.strategy, dataset: evidence.dataset),
            trialReturns: matrix)
    }
}
