import Foundation
import PrescientCore

/// A wallet's record on its resolved buys, measured against the prices it paid (the methods of
/// `polymarket-wallet-api.md` §3): win rate alone rewards buying favourites, so skill is the
/// price-relative edge, mean(outcome − price), tested by a Poisson-binomial z.
public struct WalletSkill: Sendable, Equatable {
    public let resolved: Int
    public let wins: Int
    public let winRate: Double
    /// Wilson lower bound of the win rate at 95% (z = 1.96): a conservative win rate.
    public let winRateLowerBound: Double
    /// mean(y − p): how much more often than its prices imply the wallet bought winners.
    public let edge: Double
    /// (Σy − Σp) / √Σp(1−p): wins against what the prices expected, in standard deviations.
    public let zScore: Double
    /// The outcome variance the prices imply per buy, mean p(1−p) (for shrinkage).
    public let noiseVariance: Double
    /// Dollars won minus dollars staked.
    public let realizedPnl: Decimal
    /// Realised P&L over dollars staked.
    public let roi: Decimal
    /// Gains over losses across buys (nil without a losing buy).
    public let omega: Decimal?

    public init(_ buys: [ResolvedBuy]) {
        resolved = buys.count
        wins = buys.filter(\.won).count
        let n = Double(buys.count)
        let prices = buys.map { NSDecimalNumber(decimal: $0.price).doubleValue }
        let outcomes = buys.map { $0.won ? 1.0 : 0.0 }
        winRate = n > 0 ? Double(wins) / n : 0
        winRateLowerBound = Self.wilsonLowerBound(successes: wins, trials: buys.count)
        edge = n > 0 ? zip(outcomes, prices).reduce(0) { $0 + $1.0 - $1.1 } / n : 0
        let variance = prices.reduce(0) { $0 + $1 * (1 - $1) }
        zScore = variance > 0 ? (outcomes.reduce(0, +) - prices.reduce(0, +)) / variance.squareRoot() : 0
        noiseVariance = n > 0 ? variance / n : 0
        let staked = buys.reduce(Decimal(0)) { $0 + $1.stake }
        let results = buys.map { $0.payout - $0.stake }
        realizedPnl = results.reduce(0, +)
        roi = staked > 0 ? (realizedPnl / staked).rounded(scale: 6) : 0
        let gains = results.filter { $0 > 0 }.reduce(0, +)
        let losses = -results.filter { $0 < 0 }.reduce(0, +)
        omega = losses > 0 ? (gains / losses).rounded(scale: 6) : nil
    }

    /// `(p̂ + z²/2n − z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`; 0 without trials.
    public static func wilsonLowerBound(successes: Int, trials: Int, z: Double = 1.96) -> Double {
        guard trials > 0 else { return 0 }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        return (p + z2 / (2 * n) - z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / (1 + z2 / n)
    }
}
