import Foundation
import PrescientCore

/// How one market's holders line up (`polymarket-wallet-api.md` §3.7–3.8, the lotus-seer
/// scanner's Level 2): each holder weighs trust × stake; the side with more weight is the
/// recommendation.
public struct SmartMoneyFigures: Sendable, Equatable {
    /// Σ weight on YES and on NO.
    public let yesStrength: Double
    public let noStrength: Double
    /// |YES − NO| weight.
    public let delta: Double
    /// delta / total weight: 0 split, 1 all on one side.
    public let clarity: Double
    /// The dominant side's share of the weight.
    public let alignment: Double
    /// Stake-weighted mean positive shrunk edge of the dominant side's eligible wallets.
    public let trust: Double
    /// The dominant side's mean shrunk edge, weighted as the holders weigh (`SmartMoneyHolder.weight`),
    /// losses included (a wallet without a profile counts 0), and its posterior standard error:
    /// each co-entry cluster's members' errors add up as one (one owner, one record), independent
    /// wallets' in quadrature. The weights are functions of the data, so this is the posterior of
    /// that weighted skill under the population's empirical-Bayes prior, not a frequentist test.
    public let signedTrust: Double
    public let signedTrustError: Double
    /// Kish's effective number of independent wallets on the dominant side, each co-entry
    /// cluster merged into one wallet first.
    public let nEff: Double
    /// The same without merging clusters (for comparison: a sybil cluster inflates it).
    public let nEffUnmerged: Double
    /// Eligible wallets on either side.
    public let wallets: Int
    public let yes: Bool

    public init(_ holders: [SmartMoneyHolder], baseTrust: Double) {
        let weighted = holders.map { ($0, $0.weight(baseTrust: baseTrust)) }
        yesStrength = weighted.filter { $0.0.yes }.reduce(0) { $0 + $1.1 }
        noStrength = weighted.filter { !$0.0.yes }.reduce(0) { $0 + $1.1 }
        let dominant = yesStrength >= noStrength
        yes = dominant
        delta = abs(yesStrength - noStrength)
        let total = yesStrength + noStrength
        clarity = total > 0 ? delta / total : 0
        alignment = total > 0 ? max(yesStrength, noStrength) / total : 0
        wallets = holders.filter(\.eligible).count
        let side = weighted.filter { $0.0.yes == dominant && $0.1 > 0 }
        let stakes = side.map { EffectiveWallets.Stake(wallet: $0.0.wallet, yes: dominant, weight: $0.1, cluster: $0.0.cluster) }
        nEff = EffectiveWallets.kish(stakes)
        nEffUnmerged = EffectiveWallets.kish(stakes.map { EffectiveWallets.Stake(wallet: $0.wallet, yes: dominant, weight: $0.weight) })
        let money = side.map { NSDecimalNumber(decimal: $0.0.notional).doubleValue }
        let edges = side.map { max($0.0.skill ?? 0, 0) }
        let staked = money.reduce(0, +)
        trust = staked > 0 ? zip(money, edges).reduce(0) { $0 + $1.0 * $1.1 } / staked : 0
        let weights = side.map(\.1)
        let totalWeight = weights.reduce(0, +)
        signedTrust = totalWeight > 0 ? zip(weights, side).reduce(0) { $0 + $1.0 * ($1.1.0.skill ?? 0) } / totalWeight : 0
        var errorByCluster: [String: Double] = [:]
        for (weight, holder) in zip(weights, side.map(\.0)) {
            errorByCluster[holder.cluster ?? "wallet " + holder.wallet, default: 0] += weight * holder.skillSD
        }
        signedTrustError = totalWeight > 0 ? errorByCluster.values.reduce(0) { $0 + $1 * $1 }.squareRoot() / totalWeight : 0
    }

    /// z of the two-sided 95% interval.
    public static let intervalZ = 1.96

    /// The lower end of the 95% interval of `signedTrust`.
    public var trustLowerBound: Double { signedTrust - Self.intervalZ * signedTrustError }

    /// The skill test a market must pass to be listed: the interval of its trusted money's edge
    /// excludes zero. In a population whose spread of records is all luck, the shrinkage takes
    /// every edge to about zero and nothing passes.
    public var showsSkill: Bool { trustLowerBound > 0 }

    /// Level 2's rank: `clarity · trust · n_eff/(n_eff + 2) · log10(1 + delta)` — one-sided,
    /// trusted money from several independent wallets, in amounts that matter (a lone wallet or a
    /// single cluster keeps a third of its score; dollars count on a log scale).
    public var priority: Double {
        clarity * trust * (nEff / (nEff + 2)) * log10(1 + delta)
    }
}
