import Foundation
import Testing
import Verdicts
import WorldEvidence

/// Published and hand-built cases: Bailey and López de Prado's worked example of the deflated
/// Sharpe ratio, CSCV cases whose PBO follows by hand, and 200 configurations of noise, none with
/// any edge over the period, whose best in-sample Sharpe is high yet whose verdict is NO_GO.
@Suite("Evidence gates on published and hand-built cases")
struct PublishedExamplesTests {
    /// "The Deflated Sharpe Ratio" (2014), section 4's example: an annualised Sharpe of 2.5 over
    /// 1,250 daily returns (skewness −3, kurtosis 10), the best of 100 trials whose annualised
    /// Sharpe ratios had variance 1/2: SR0 = 0.1132 a day and DSR = 0.9004.
    @Test func deflatedSharpeOfThePapersExample() throws {
        let daily = 2.5 / 250.0.squareRoot()
        let threshold = DeflatedSharpe.expectedMaximum(trials: 100, variance: 0.5 / 250)
        #expect(abs(threshold - 0.1132) < 5e-5)
        let value = try #require(
            DeflatedSharpe.probability(
                sharpe: daily, observations: 1_250, skewness: -3, kurtosis: 10, trials: 100, trialVariance: 0.5 / 250))
        #expect(abs(value - 0.9004) < 5e-4)
    }

    /// Two trials over 16 one-day blocks, each the mirror of the other (+1 where it wins, −1 where
    /// it loses, eight blocks each): whichever wins more in-sample blocks wins fewer of the rest,
    /// so every one of the 12,870 splits picks a trial that ranks last out of sample: PBO = 1.
    /// A trial better in every block is never below the median: PBO = 0.
    @Test func cscvOfHandBuiltTrials() throws {
        let first = (0..<16).map { $0 % 2 == 0 ? 1.0 : -1.0 }
        let mirrored = try #require(BacktestOverfitting.probability([first, first.map { -$0 }]))
        #expect(mirrored.probability == 1)
        #expect(mirrored.splits == 12_870)
        let spread = (0..<32).map { Double($0 % 3) * 0.01 }
        let dominated = try #require(BacktestOverfitting.probability([spread.map { $0 + 0.02 }, spread]))
        #expect(dominated.probability == 0)
        #expect(BacktestOverfitting.probability([first]) == nil)
        // Two configurations that traded identically are one trial, not a tie read as overfitting.
        #expect(TrialsLedger.comparable([first, first, first.map { -$0 }, [1, 2]]) == [first, first.map { -$0 }])
        #expect(BacktestOverfitting.probability(TrialsLedger.comparable([first, first])) == nil)
        #expect(BacktestOverfitting.gate([first]).pass == nil)
    }

    /// 200 configurations of daily noise over 120 days, each shifted to a mean of exactly zero over
    /// the period (none has an edge over it, the null a tuner should be judged against): what one
    /// configuration gains in-sample it gives back out of sample, so picking the in-sample best
    /// picks an out-of-sample loser — overfitting in its purest form. The best in-sample Sharpe is
    /// high, the PBO is above 0.5, and the verdict is NO_GO even though the chosen configuration's
    /// trades look good. (Independent noise, means left as drawn, gives about one half: below.)
    @Test func tunerOverNoiseConfigurationsIsOverfit() throws {
        var random = SeededNormal(seed: 3)
        let trials = (0..<200).map { _ -> [Double] in
            let raw = (0..<120).map { _ in 0.01 * random.next() }
            let mean = raw.reduce(0, +) / 120
            return raw.map { $0 - mean }
        }
        let bestFirstHalf = trials.compactMap { DeflatedSharpe.sharpe(Array($0.prefix(60))) }.max() ?? 0
        #expect(bestFirstHalf * 252.0.squareRoot() > 3, "an annualised in-sample Sharpe above 3 from noise")
        let overfitting = try #require(BacktestOverfitting.probability(trials))
        #expect(overfitting.probability > 0.5)
        let chosen = trials[0]
        let verdict = EvidenceGates.verdict(
            trades: PlantedEvidence.trades(events: 60, edge: 0.15, seed: 4), dailyReturns: chosen,
            trials: DeflatedSharpe.Trials(sharpes: trials.map(DeflatedSharpe.sharpe)), trialReturns: trials)
        #expect(verdict.verdict == .noGo)
        #expect(verdict.failedGates.contains(.overfitting))
    }

    /// Planted trades with a true edge and daily returns to match pass every gate: GO; the same
    /// markets without the edge do not; fewer than 30 events are INSUFFICIENT with the shortfall named.
    @Test func plantedEdgeIsGoAndNoEdgeIsNot() {
        let daily = (0..<90).map { 0.004 + 0.01 * sin(Double($0)) }
        let edge = EvidenceGates.verdict(
            trades: PlantedEvidence.trades(events: 400, edge: 0.15, seed: 5), dailyReturns: daily, trials: .init(count: 1, variance: 0))
        #expect(edge.verdict == .go, "\(edge.gates.filter { $0.pass == false })")
        let none = EvidenceGates.verdict(
            trades: PlantedEvidence.trades(events: 400, edge: 0, seed: 5), dailyReturns: daily.map { $0 - 0.004 },
            trials: .init(count: 1, variance: 0))
        #expect(none.verdict == .noGo)
        let few = EvidenceGates.verdict(
            trades: PlantedEvidence.trades(events: 12, edge: 0.15, seed: 5), dailyReturns: daily, trials: .init(count: 1, variance: 0))
        #expect(few.verdict == .insufficient)
        #expect(few.eventsNeeded == 18)
    }
}

/// The estimator is not rigged toward "overfit": independent noise (each configuration's mean left
/// as drawn) gives a PBO near one half, neither 0 nor 1.
@Suite("PBO of independent noise")
struct IndependentNoiseTests {
    @Test func independentNoiseIsNearOneHalf() throws {
        var random = SeededNormal(seed: 11)
        let trials = (0..<50).map { _ in (0..<96).map { _ in 0.01 * random.next() } }
        let result = try #require(BacktestOverfitting.probability(trials))
        #expect(result.probability > 0.2 && result.probability < 0.8, "\(result.probability)")
    }
}
