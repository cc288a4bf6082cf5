import Foundation
import SimulatorService
import TestSupport
import Testing
import WorldEvidence

/// The control the smart-money evidence must pass: in a world where no wallet has an edge, the
/// scanner's Top 12 (with its skill test) lists nothing, seed after seed; where skill is large
/// (the easy world) the same code does list and earns, so the test could have come out the other way.
@Suite("Smart-money evidence against the no-skill control")
struct NoSkillControlTests {
    static let source = Result {
        try WalletWorldSnapshot.Source(
            datasetDirectory: TestEnvironment.fixturesDirectory, marketsFile: "gamma-markets/markets_active_all_2026-03-11.json.gz")
    }

    @Test func theNoSkillWorld_listsNothingInAtLeast19Of20Seeds() throws {
        let source = try Self.source.get()
        let evidence = SmartMoneyEvidence()
        var listing: [UInt64] = []
        for seed in UInt64(1)...20 {
            let world = source.world(.noSkill, seed: seed, wallets: 2_000)
            #expect(world.wallets.allSatisfy { $0.edge == 0 })
            if !evidence.evaluate(world).follows.isEmpty { listing.append(seed) }
        }
        // The criterion: at most one seed of twenty may list (and so trade) anything.
        #expect(listing.count <= 1, "seeds that listed markets: \(listing)")
    }

    @Test func theEasyWorld_listsAndEarns_soTheControlCouldHaveFailed() throws {
        let source = try Self.source.get()
        let evidence = SmartMoneyEvidence()
        let results = (UInt64(1)...5).map { evidence.evaluate(source.world(.easy, seed: $0, wallets: 2_000)) }
        let follows = results.flatMap(\.follows)
        #expect(!follows.isEmpty, "the easy world's large edges pass the skill test somewhere")
        // Its fates are coin flips that informed wallets lean to: following them beats the mid.
        let markout = follows.map(\.markout).reduce(0, +) / Double(max(follows.count, 1))
        #expect(markout > 0, "mean markout \(markout) over \(follows.count) follows")
    }

    @Test func everyHistory_endsBeforeTheClock_andOutcomesAreKnownOnlyWhenResolved() throws {
        let world = try Self.source.get().world(.adversarial, seed: 3, wallets: 500)
        #expect(world.fills.allSatisfy { $0.timestamp < world.clock })
        // Every resolved market a wallet traded was settled before the clock; fills precede settlement.
        for fill in world.fills where world.markets[fill.market].winner != nil {
            #expect(world.markets[fill.market].resolvedAt < world.clock)
            #expect(fill.timestamp < world.markets[fill.market].resolvedAt)
        }
    }
}
