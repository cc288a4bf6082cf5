import Foundation
import PrescientCore
import SimulatorService
import TestSupport
import Testing
import Verdicts
import WorldEvidence

/// The verdict end to end on planted worlds: following the scanner's Top 12 in the easy world
/// (large true edges) earns GO from the same gates that give the no-skill world (no edge at all)
/// INSUFFICIENT or NO_GO. Each seed is a day of follows; each market followed is an event.
@Suite("Verdicts on planted worlds")
struct PlantedVerdictTests {
    /// The follows of `seeds` worlds as trades and daily returns (a day's P&L over the day's stakes).
    static func evidence(_ kind: WalletWorld, seeds: Int) throws -> (trades: [EvidenceTrade], daily: [Double]) {
        let source = try NoSkillControlTests.source.get()
        let evidence = NoSkillControlTests.evidence
        let found = Locked<[Int: [SmartMoneyEvidence.Follow]]>([:])
        DispatchQueue.concurrentPerform(iterations: seeds) { index in
            let follows = evidence.evaluate(source.world(kind, seed: UInt64(index + 1), wallets: 2_000)).follows
            found.mutate { $0[index] = follows }
        }
        let stake = NSDecimalNumber(decimal: evidence.stake).doubleValue
        var trades: [EvidenceTrade] = []
        var daily: [Double] = []
        for seed in found.value.keys.sorted() {
            let follows = found.value[seed]!
            for (index, follow) in follows.enumerated() {
                let entry = min(follow.mid + evidence.halfSpread, 0.99)
                let payout = follow.won ? stake / entry : 0
                trades.append(
                    EvidenceTrade(
                        event: "seed \(seed) follow \(index)", time: Int64(seed * 86_400 + index), stake: stake,
                        fee: payout - stake - follow.pnl, payout: payout, won: follow.won, price: entry, mid: follow.mid,
                        otherAsk: 1 - follow.mid + evidence.halfSpread, probability: follow.probability))
            }
            daily.append(follows.isEmpty ? 0 : follows.reduce(0) { $0 + $1.pnl } / (stake * Double(evidence.shortlist)))
        }
        return (trades, daily)
    }

    @Test func followingTheEasyWorldIsGo_andTheNoSkillWorldIsNot() throws {
        let easy = try Self.evidence(.easy, seeds: 10)
        let go = EvidenceGates.verdict(trades: easy.trades, dailyReturns: easy.daily, trials: .init(count: 1, variance: 0))
        #expect(go.verdict == .go, "\(go.reason): \(go.gates.filter { $0.pass == false }.map { "\($0.name.rawValue) \($0.detail)" })")
        #expect(go.events >= 30)

        let none = try Self.evidence(.noSkill, seeds: 10)
        let verdict = EvidenceGates.verdict(trades: none.trades, dailyReturns: none.daily, trials: .init(count: 1, variance: 0))
        #expect(verdict.verdict != .go, "\(verdict.reason)")
    }
}
