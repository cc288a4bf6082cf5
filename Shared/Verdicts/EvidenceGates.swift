/// Every gate over one body of evidence, and the verdict they give: the sample, the return per
/// dollar's interval, the deflated Sharpe ratio with the ledger's trials, the overfitting of a
/// tuner's trials (when there are any), skill against the market at each horizon, the two
/// baselines, the return without the largest winner and under cost stress. Pure: the same
/// inputs give the same verdict (the bootstraps are seeded).
public enum EvidenceGates {
    /// The resamples of every bootstrap and of the random-side baseline.
    public static let resamples = 1_000

    /// The verdict of `trades` (their daily portfolio returns `dailyReturns`), chosen among
    /// `trials`; `trialReturns` are the daily returns of every configuration of the tuner run that
    /// chose it (nil or one row when nothing was tuned).
    public static func verdict(
        trades: [EvidenceTrade], dailyReturns: [Double], trials: DeflatedSharpe.Trials, trialReturns: [[Double]]? = nil,
        seed: UInt64 = 25
    ) -> Verdict {
        verdict(
            trades: trades, dailyReturns: dailyReturns, trials: trials, trialReturns: trialReturns, seed: seed,
            draws: ReturnPerDollar.draws(trades, resamples: resamples, seed: seed),
            horizons: MarketSkill.figures(trades, resamples: resamples, seed: seed))
    }

    /// The verdict from the return per dollar's bootstrap draws and the market-skill figures
    /// already made with `seed` (a report shows them too, so they are drawn once).
    static func verdict(
        trades: [EvidenceTrade], dailyReturns: [Double], trials: DeflatedSharpe.Trials, trialReturns: [[Double]]?, seed: UInt64,
        draws: [Double], horizons: [MarketSkill.Figure]
    ) -> Verdict {
        let events = SampleGate.events(trades)
        let gates = [
            SampleGate.gate(events: events),
            ReturnPerDollar.gate(trades, draws: draws),
            DeflatedSharpe.gate(returns: dailyReturns, trials: trials),
            BacktestOverfitting.gate(trialReturns ?? []),
            MarketSkill.gate(horizons),
            Baselines.randomSideGate(trades, resamples: resamples, seed: seed),
            Baselines.favouriteGate(trades),
            ReturnPerDollar.withoutLargestWinner(trades),
            CostStress.gate(trades),
        ]
        return Verdict(gates: gates, events: events)
    }
}
