import Foundation
import Portfolios
import Postgres
import PrescientCore
import Replay
import TestSupport
import Testing
import WorldEvidence

/// The look-ahead canaries of every replayable cycle strategy, each strategy a case of its own
/// (run beside the other replay tests, not after them).
@Suite("Cycle strategy look-ahead canaries", .tags(.database))
struct CycleLookAheadCanaryTests {
    let replays = StrategyReplayTests()

    /// The look-ahead canaries of every replayable cycle strategy: every resolution learnt after a
    /// planted moment rewritten and every price after it turned to its complement leave every
    /// trade decided before it byte-identical; the markets in another order (and so a second run)
    /// give the same bytes.
    @Test(arguments: [StrategyType.momentum, .meanReversion, .arbitrage, .hybrid])
    func aReplay_decidesTheSameBeforeARewrittenFuture_andInAnyMarketOrder(_ type: StrategyType) throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let config: [String: JSONValue] =
            switch type {
            case .hybrid: ["min_score": .number(0.1)]
            case .meanReversion: ["min_days_to_end": .number(0), "spike_threshold": .number(0.05), "extreme_price_threshold": .number(0.8)]
            default: [:]
            }
        // Two days of markets (three of hourly steps with the settlement day): trades on either side of the cut.
        let (first, a) = try replays.replay(type, config: config, to: "2026-03-02", stepSeconds: 3_600, database: database, run: "base")
        defer { try? a.drop(admin: admin) }
        try #require(first.trades.count >= 2, "\(type): \(first.trades.count) trades")
        let cut = first.trades[first.trades.count / 2].time + 1

        let rewritten = LookAheadCanary.rewritten(try StrategyReplayTests.recorded(), from: cut, settleAfter: first.settings.settleAfter)
        let (changed, c) = try replays.replay(
            type, config: config, to: "2026-03-02", stepSeconds: 3_600, history: rewritten, database: database, run: "rewritten")
        defer { try? c.drop(admin: admin) }
        let before = LookAheadCanary.decisions(first, before: cut)
        #expect(!before.isEmpty && before == LookAheadCanary.decisions(changed, before: cut), "\(type)")
        #expect(first.curve.filter { $0.time < cut } == changed.curve.filter { $0.time < cut })
        #expect(try first.encoded() != changed.encoded(), "the rewritten future is read once its time comes")

        let (shuffled, d) = try replays.replay(
            type, config: config, to: "2026-03-02", stepSeconds: 3_600,
            history: LookAheadCanary.shuffled(try StrategyReplayTests.recorded(), seed: 24),
            database: database,
            run: "shuffled")
        defer { try? d.drop(admin: admin) }
        #expect(try shuffled.encoded() == first.encoded(), "\(type): the order of the markets changes nothing")
    }
}
