/// A verdict with what a reader needs to check it: the subject judged, the trials it was judged
/// among, the market skill at every horizon, the reliability diagram's bins and the bootstrap
/// distribution of the return per dollar (its sorted draws thinned to 101 quantiles).
public struct VerdictReport: Sendable, Codable, Equatable {
    public let subject: String
    public let strategy: String
    public let configHash: String?
    public let trials: DeflatedSharpe.Trials
    public let verdict: Verdict
    public let horizons: [MarketSkill.Figure]
    public let reliability: [Reliability.Bin]
    public let bootstrapQuantiles: [Double]

    /// Judges `trades` (daily returns `dailyReturns`) among `trials`, with a tuner's `trialReturns` when there are any.
    public init(
        subject: String, strategy: String, configHash: String?, trades: [EvidenceTrade], dailyReturns: [Double],
        trials: DeflatedSharpe.Trials, trialReturns: [[Double]]?, seed: UInt64 = 25
    ) {
        self.subject = subject
        self.strategy = strategy
        self.configHash = configHash
        self.trials = trials
        let draws = ReturnPerDollar.draws(trades, resamples: EvidenceGates.resamples, seed: seed)
        horizons = MarketSkill.figures(trades, resamples: EvidenceGates.resamples, seed: seed)
        verdict = EvidenceGates.verdict(
            trades: trades, dailyReturns: dailyReturns, trials: trials, trialReturns: trialReturns, seed: seed, draws: draws,
            horizons: horizons)
        reliability = Reliability.bins(trades)
        bootstrapQuantiles = draws.isEmpty ? [] : (0...100).map { BlockBootstrap.percentile(draws, Double($0) / 100) }
    }

    enum CodingKeys: String, CodingKey {
        case subject, strategy, trials, verdict, horizons, reliability
        case configHash = "config_hash", bootstrapQuantiles = "bootstrap_quantiles"
    }
}
