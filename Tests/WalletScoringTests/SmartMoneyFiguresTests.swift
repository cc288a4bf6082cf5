import Foundation
import PrescientCore
import Testing
import WalletScoring

/// A market's smart-money figures and its co-entry clusters, against hand computations.
@Suite("Smart-money figures")
struct SmartMoneyFiguresTests {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

    @Test func figures_weighTrustTimesStakeAndLeaveClassifiedWalletsOut() {
        let figures = SmartMoneyFigures(
            [
                SmartMoneyHolder(wallet: "a", yes: true, size: 200, notional: 100, skill: 0.10, eligible: true),
                SmartMoneyHolder(wallet: "b", yes: true, size: 400, notional: 200, skill: nil, eligible: true),
                SmartMoneyHolder(wallet: "c", yes: false, size: 200, notional: 100, skill: 0.05, eligible: true),
                SmartMoneyHolder(wallet: "d", yes: false, size: 2_000, notional: 1_000, skill: 0.30, eligible: false),
            ], baseTrust: 0.01)
        // Weights (trust × log10(1 + dollars)): a 0.11·log10(101), b 0.01·log10(201), c 0.06·log10(101), d classified 0.
        let a: Double = 0.11 * log10(101.0)
        let b: Double = 0.01 * log10(201.0)
        let c: Double = 0.06 * log10(101.0)
        #expect(close(figures.yesStrength, a + b) && close(figures.noStrength, c) && close(figures.delta, a + b - c))
        let total: Double = a + b + c
        #expect(close(figures.clarity, (a + b - c) / total) && close(figures.alignment, (a + b) / total) && figures.yes)
        // Trust on YES, by dollars: (100·0.10 + 200·0) / 300. n_eff of weights a and b: (a + b)² / (a² + b²).
        #expect(close(figures.trust, 1.0 / 30.0))
        let nEff: Double = (a + b) * (a + b) / (a * a + b * b)
        #expect(close(figures.nEff, nEff) && figures.wallets == 3)
        let share: Double = nEff / (nEff + 2)
        let expected: Double = (a + b - c) / total * (1.0 / 30.0) * share * log10(1 + a + b - c)
        #expect(close(figures.priority, expected))
    }

    @Test func theSkillTest_listsOnlyWhenTheWeightedEdgeIntervalExcludesZero() {
        // Two independent YES holders of $99 each (log10(100) = 2): weights (0.04 + 0.01)·2 = 0.10
        // and (0 + 0.01)·2 = 0.02 for edges 0.04 (sd 0.01) and −0.02 (sd 0.01; a negative edge weighs
        // as zero but counts in the mean). Mean (0.10·0.04 + 0.02·(−0.02)) / 0.12 = 0.0036 / 0.12 = 0.03;
        // error √((0.10·0.01)² + (0.02·0.01)²) / 0.12 = √(1.04e-6) / 0.12 = 0.0084984; lower
        // bound 0.03 − 1.96·0.0084984 = 0.0133431 > 0.
        let pair = [
            SmartMoneyHolder(wallet: "a", yes: true, size: 99, notional: 99, skill: 0.04, eligible: true, skillSD: 0.01),
            SmartMoneyHolder(wallet: "b", yes: true, size: 99, notional: 99, skill: -0.02, eligible: true, skillSD: 0.01),
        ]
        let figures = SmartMoneyFigures(pair, baseTrust: 0.01)
        #expect(abs(figures.signedTrust - 0.03) < 1e-12)
        #expect(abs(figures.signedTrustError - 1.04e-6.squareRoot() / 0.12) < 1e-12)
        #expect(abs(figures.trustLowerBound - (0.03 - 1.96 * 1.04e-6.squareRoot() / 0.12)) < 1e-12 && figures.showsSkill)
        // The same two as one cluster: errors add before squaring, √((0.001 + 0.0002)²) / 0.12 = 0.01;
        // lower bound 0.03 − 0.0196 = 0.0104, still above 0.
        let clustered = SmartMoneyFigures(
            pair.map {
                var holder = $0
                holder.cluster = "c"
                return holder
            }, baseTrust: 0.01)
        #expect(abs(clustered.signedTrustError - 0.01) < 1e-12 && clustered.showsSkill)
        // A wider posterior (sd 0.04 each): √((0.004)² + (0.0008)²) / 0.12 = 0.0339935; 0.03 − 0.0666 < 0.
        let unsure = SmartMoneyFigures(
            pair.map {
                var holder = $0
                holder.skillSD = 0.04
                return holder
            }, baseTrust: 0.01)
        #expect(
            !unsure.showsSkill
                && abs(unsure.trustLowerBound - (0.03 - 1.96 * (0.004 * 0.004 + 0.0008 * 0.0008).squareRoot() / 0.12)) < 1e-12)
        // No edge measured at all (the shrinkage of a population without skill): nothing to list.
        let none = SmartMoneyFigures(
            pair.map {
                var holder = $0
                holder.skill = 0
                holder.skillSD = 0
                return holder
            }, baseTrust: 0.01)
        #expect(!none.showsSkill)
    }

    @Test func aCluster_countsAsOneWallet() {
        let members = (0..<10).map {
            SmartMoneyHolder(wallet: "s\($0)", yes: true, size: 500, notional: 250, skill: 0.02, eligible: true, cluster: "c")
        }
        let figures = SmartMoneyFigures(members, baseTrust: 0.01)
        #expect(close(figures.nEff, 1) && close(figures.nEffUnmerged, 10))
    }

    @Test func coEntry_linksSameSideNearEqualSizesWithinTheWindow() {
        let holders = [
            SmartMoneyHolder(wallet: "w3", yes: true, size: 100, notional: 50, skill: nil, eligible: true, enteredAt: 0),
            SmartMoneyHolder(wallet: "w1", yes: true, size: 101, notional: 50, skill: nil, eligible: true, enteredAt: 60),
            // 100 within 2% of 101 and 240 s after w1: linked through w1 although 340 s after w3.
            SmartMoneyHolder(wallet: "w2", yes: true, size: 100, notional: 50, skill: nil, eligible: true, enteredAt: 300),
            // Too late, the other side, or a different size: alone.
            SmartMoneyHolder(wallet: "late", yes: true, size: 100, notional: 50, skill: nil, eligible: true, enteredAt: 1_000),
            SmartMoneyHolder(wallet: "other", yes: false, size: 100, notional: 50, skill: nil, eligible: true, enteredAt: 30),
            SmartMoneyHolder(wallet: "big", yes: true, size: 150, notional: 75, skill: nil, eligible: true, enteredAt: 30),
            SmartMoneyHolder(wallet: "undated", yes: true, size: 100, notional: 50, skill: nil, eligible: true),
        ]
        let clusters = CoEntryClusters.detect(holders)
        #expect(clusters == ["w1": "cluster-w1", "w2": "cluster-w1", "w3": "cluster-w1"])
        // Two alone are not a cluster.
        #expect(CoEntryClusters.detect(Array(holders.prefix(2))).isEmpty)
    }
}
