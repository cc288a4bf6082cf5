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
    /// The follows of `worlds` (one a seed) as trades and daily returns (a day's P&L over the day's stakes).
    static func evidence(_ worlds: [NoSkillControlTests.Seeded]) -> (trades: [EvidenceTrade], daily: [Double]) {
        let evidence = NoSkillControlTests.evidence
        let stake = NSDecimalNumber(decimal: evidence.stake).doubleValue
        var trades: [EvidenceTrade] = []
        var daily: [Double] = []
        for (seed, world) in worlds.enumerated() {
            for (index, follow) in world.follows.enumerated() {
                let entry = min(follow.mid + evidence.halfSpread, 0.99)
                let payout = follow.won ? stake / entry : 0
                trades.append(
                    EvidenceTrade(
                        event: "seed \(seed) follow \(index)", time: Int64(seed * 86_400 + index), stake: stake,
                        fee: payout - stake - follow.pnl, payout: payout, won: follow.won, price: entry, mid: follow.mid,
                        otherAsk: 1 - follow.mid + evidence.halfSpread, probability: follow.probability))
            }
            daily.append(world.follows.reduce(0) { $0 + $1.pnl } / (stake * Double(evidence.shortlist)))
        }
        return (trades, daily)
    }

    @Test func followingTheEasyWorldIsGo_andTheNoSkillWorldIsNot() throws {
        let easy = Self.evidence(try NoSkillControlTests.easyWorlds.get())
        let go = EvidenceGates.verdict(trades: easy.trades, dailyReturns: easy.daily, trials: .init(count: 1, variance: 0))
        #expect(go.verdict == .go, "\(go.reason): \(go.gates.filter { $0.pass == false }.map { "\($0.name.rawValue) \($0.detail)" })")
        #expect(go.events >= 30)

        let none = Self.evidence(Array(try NoSkillControlTests.noSkillWorlds.get().prefix(6)))
        let verdict = EvidenceGates.verdict(trades: none.trades, dailyReturns: none.daily, trials: .init(count: 1, variance: 0))
        #expect(verdict.verdict != .go, "\(verdict.reason)")
    }
}
