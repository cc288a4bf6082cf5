import Foundation

/// How many independent wallets stand behind one side of a market, and how one-sided skilled
/// money is (`polymarket-wallet-api.md` §3.7–3.8).
public enum EffectiveWallets {
    /// One wallet's weight on one side: trust (shrunk edge, at least 0) × stake.
    public struct Stake: Sendable {
        public var wallet: String
        public var yes: Bool
        public var weight: Double
        /// Wallets in one cluster (same owner: co-entry within minutes, same sizes) count as one.
        public var cluster: String?

        public init(wallet: String, yes: Bool, weight: Double, cluster: String? = nil) {
            self.wallet = wallet
            self.yes = yes
            self.weight = weight
            self.cluster = cluster
        }
    }

    /// Kish's effective sample size `(Σw)² / Σw²`, after merging each cluster into one wallet.
    public static func kish(_ stakes: [Stake]) -> Double {
        var merged: [String: Double] = [:]
        for stake in stakes where stake.weight > 0 { merged[stake.cluster ?? stake.wallet, default: 0] += stake.weight }
        let total = merged.values.reduce(0, +)
        let squares = merged.values.reduce(0) { $0 + $1 * $1 }
        return squares > 0 ? total * total / squares : 0
    }

    /// Clarity `|Σ_yes w − Σ_no w| / Σ w` (0: split, 1: all on one side).
    public static func clarity(_ stakes: [Stake]) -> Double {
        let yes = stakes.filter(\.yes).reduce(0) { $0 + $1.weight }
        let no = stakes.filter { !$0.yes }.reduce(0) { $0 + $1.weight }
        return yes + no > 0 ? abs(yes - no) / (yes + no) : 0
    }

    /// Alignment: the weighted share on the dominant side, and that side (true for YES).
    public static func alignment(_ stakes: [Stake]) -> (share: Double, yes: Bool) {
        let yes = stakes.filter(\.yes).reduce(0) { $0 + $1.weight }
        let no = stakes.filter { !$0.yes }.reduce(0) { $0 + $1.weight }
        guard yes + no > 0 else { return (0, true) }
        return (max(yes, no) / (yes + no), yes >= no)
    }
}
