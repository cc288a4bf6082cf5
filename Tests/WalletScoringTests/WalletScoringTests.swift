import Foundation
import Testing
import WalletScoring

/// The skill measures against hand computations (the expected values are worked out in the
/// comments, not by the code under test).
@Suite("Wallet scoring")
struct WalletScoringTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

    @Test func skill_isMeasuredAgainstThePricesPaid() {
        // Buys of $10 at 0.20 (won), 0.50 (lost), 0.80 (won), 0.40 (won).
        let skill = WalletSkill([
            ResolvedBuy(price: d("0.2"), stake: 10, won: true), ResolvedBuy(price: d("0.5"), stake: 10, won: false),
            ResolvedBuy(price: d("0.8"), stake: 10, won: true), ResolvedBuy(price: d("0.4"), stake: 10, won: true),
        ])
        #expect(skill.resolved == 4 && skill.wins == 3 && close(skill.winRate, 0.75))
        // edge = (0.8 − 0.5 + 0.2 + 0.6) / 4 = 0.275
        #expect(close(skill.edge, 0.275))
        // z = (3 − 1.9) / √(0.16 + 0.25 + 0.16 + 0.24) = 1.1 / 0.9
        #expect(close(skill.zScore, 1.1 / 0.9))
        #expect(close(skill.noiseVariance, 0.81 / 4))
        // Shares 50, 20, 12.5, 25; paid back 50 + 0 + 12.5 + 25 = 87.5 for 40 staked.
        #expect(skill.realizedPnl == d("47.5") && skill.roi == d("1.1875"))
        // Gains 40 + 2.5 + 15 = 57.5 against a loss of 10.
        #expect(skill.omega == d("5.75"))
    }

    @Test func wilsonLowerBound_isTheConservativeWinRate() {
        // 8 of 10 at 95%: √0.025604 = 0.1600125, so (0.99208 − 0.3136245) / 1.38416 = 0.6784555 / 1.38416
        // = 0.490157 (tables give 0.4902).
        #expect(close(WalletSkill.wilsonLowerBound(successes: 8, trials: 10), 0.490157, 1e-6))
        #expect(WalletSkill.wilsonLowerBound(successes: 0, trials: 0) == 0)
        #expect(WalletSkill.wilsonLowerBound(successes: 5, trials: 5) < 1)
    }

    @Test func shrinkage_trustsLongRecordsMoreThanShortOnes() {
        // Two wallets of 100 buys at 0.50: 60 wins (edge +0.1) and 40 wins (edge −0.1).
        func wallet(wins: Int, of n: Int) -> WalletSkill {
            WalletSkill((0..<n).map { ResolvedBuy(price: d("0.5"), stake: 1, won: $0 < wins) })
        }
        let shrinkage = EdgeShrinkage(population: [wallet(wins: 60, of: 100), wallet(wins: 40, of: 100)])
        // var(edges) = 0.02, sampling 0.25 / 100 = 0.0025, so σ²_skill = 0.0175 and k = 0.25 / 0.0175.
        #expect(close(shrinkage.skillVariance, 0.0175) && close(shrinkage.k, 0.25 / 0.0175))
        // 100 / (100 + 14.2857…) · 0.1 = 0.0875
        #expect(close(shrinkage.shrunk(wallet(wins: 60, of: 100)), 0.0875))
        // The same edge over 10 buys earns much less trust: 10 / 24.2857… · 0.1
        #expect(close(shrinkage.shrunk(wallet(wins: 6, of: 10)), 10 / (10 + 0.25 / 0.0175) * 0.1))
        // A population that differs only by noise has no skill to trust.
        let flat = EdgeShrinkage(population: [wallet(wins: 50, of: 100), wallet(wins: 50, of: 100)])
        #expect(abs(flat.shrunk(wallet(wins: 50, of: 100))) < 1e-6)
    }

    @Test func effectiveWallets_countASybilClusterOnce() {
        let equal = (0..<4).map { EffectiveWallets.Stake(wallet: "w\($0)", yes: true, weight: 1) }
        #expect(close(EffectiveWallets.kish(equal), 4))
        #expect(close(EffectiveWallets.kish([.init(wallet: "a", yes: true, weight: 4), .init(wallet: "b", yes: true, weight: 0)]), 1))
        let cluster = (0..<10).map { EffectiveWallets.Stake(wallet: "s\($0)", yes: true, weight: 1, cluster: "c") }
        #expect(close(EffectiveWallets.kish(cluster), 1))
        // The cluster (weight 10) beside one other wallet (1): 11² / (100 + 1).
        #expect(close(EffectiveWallets.kish(cluster + [.init(wallet: "x", yes: true, weight: 1)]), 121.0 / 101.0))
        let split = [
            EffectiveWallets.Stake(wallet: "a", yes: true, weight: 3), EffectiveWallets.Stake(wallet: "b", yes: false, weight: 1),
        ]
        #expect(close(EffectiveWallets.clarity(split), 0.5))
        let alignment = EffectiveWallets.alignment(split)
        #expect(close(alignment.share, 0.75) && alignment.yes)
    }

    @Test func classification_setsLiquidityMakersBotsAndProtocolWalletsApart() {
        #expect(WalletClass.classify(.init(liquidityIncomeShare: 0.05, bothSidesShare: 0.1, zeroCostShare: 0)) == .trader)
        #expect(WalletClass.classify(.init(liquidityIncomeShare: 0.05, bothSidesShare: 0.9, zeroCostShare: 0)) == .liquidityProvider)
        #expect(WalletClass.classify(.init(liquidityIncomeShare: 0.6, bothSidesShare: 0, zeroCostShare: 0)) == .liquidityProvider)
        #expect(
            WalletClass.classify(.init(liquidityIncomeShare: 0.6, bothSidesShare: 1, zeroCostShare: 0, trades: 120)) == .marketMaker)
        #expect(WalletClass.classify(.init(liquidityIncomeShare: 0, bothSidesShare: 1, zeroCostShare: 1)) == .protocolWallet)
        // Eighty fills a day in sizes within 10% of each other: a bot; the same pace in varied sizes: a trader.
        #expect(
            WalletClass.classify(
                .init(liquidityIncomeShare: 0, bothSidesShare: 0, zeroCostShare: 0, tradesPerActiveDay: 80, sizeVariation: 0.1, trades: 800)
            )
                == .bot)
        #expect(
            WalletClass.classify(
                .init(liquidityIncomeShare: 0, bothSidesShare: 0, zeroCostShare: 0, tradesPerActiveDay: 80, sizeVariation: 0.9, trades: 800)
            )
                == .trader)
        #expect(WalletClass.allCases.filter(\.maySignal) == [.trader])
    }
}
