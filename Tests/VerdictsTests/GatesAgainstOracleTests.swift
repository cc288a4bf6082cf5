import Foundation
import Testing
import Verdicts

/// Every gate's figure against the Python reference's (`oracle.json`): the deflated Sharpe ratio
/// (scipy's normal and moments), the PBO by CSCV (itertools over the 12,870 splits), and on three
/// seeded trade sets the return per dollar with its event-clustered interval, the return without
/// the largest winner, the market skill at each horizon, both baselines and the cost stress.
@Suite("Evidence gates against the Python reference")
struct GatesAgainstOracleTests {
    let oracle: OracleFile

    init() throws { oracle = try OracleFile.load() }

    func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    @Test func deflatedSharpeMatchesScipy() {
        #expect(oracle.deflatedSharpe.count == 3)
        for example in oracle.deflatedSharpe {
            let gate = DeflatedSharpe.gate(returns: example.returns, trials: .init(count: example.trials, variance: example.variance))
            // Φ⁻¹ is Acklam's approximation (relative error below 1.2e-9), so the figure agrees to 1e-7.
            #expect(close(gate.value, example.expected, tolerance: 1e-7), "\(gate.value ?? .nan) vs \(example.expected)")
            #expect(gate.pass == (example.expected > 0.95))
        }
    }

    @Test func overfittingMatchesTheReferenceCSCV() {
        for example in oracle.cscv {
            let result = BacktestOverfitting.probability(example.returns)
            #expect(result?.splits == 12_870)
            #expect(close(result?.probability, example.expected, tolerance: 1e-12))
        }
    }

    @Test func returnPerDollarAndItsClusteredInterval() {
        for example in oracle.tradeCases {
            #expect(close(ReturnPerDollar.of(example.trades), example.returnPerDollar.point), "\(example.name)")
            let gate = ReturnPerDollar.gate(example.trades, seed: 25)
            #expect(close(gate.value, example.returnPerDollar.low), "\(example.name)")
            #expect(gate.detail.contains(String(format: "%+.4f", example.returnPerDollar.high)))
            #expect(close(ReturnPerDollar.withoutLargestWinner(example.trades).value, example.withoutLargestWinner), "\(example.name)")
        }
    }

    @Test func marketSkillAtEachHorizon() {
        for example in oracle.tradeCases {
            let figures = MarketSkill.figures(example.trades, seed: 25)
            #expect(figures.map(\.horizon.rawValue) == example.horizons.map(\.horizon))
            for (figure, expected) in zip(figures, example.horizons) {
                #expect(figure.events == expected.events, "\(example.name) \(expected.horizon)")
                #expect(close(figure.value, expected.value), "\(example.name) \(expected.horizon)")
                #expect(close(figure.low, expected.low), "\(example.name) \(expected.horizon)")
                #expect(close(figure.high, expected.high), "\(example.name) \(expected.horizon)")
            }
        }
    }

    @Test func baselinesAndCostStress() {
        for example in oracle.tradeCases {
            #expect(close(Baselines.strategy(example.trades), example.baselines.strategy), "\(example.name)")
            let draws = Baselines.randomSide(example.trades, seed: 25)
            #expect(draws.count == 1_000)
            #expect(close(BlockBootstrap.percentile(draws, 0.95), example.baselines.randomP95), "\(example.name)")
            #expect(close(Baselines.favourite(example.trades), example.baselines.favourite), "\(example.name)")
            #expect(close(CostStress.returnPerDollar(example.trades), example.costStress), "\(example.name)")
        }
    }
}
