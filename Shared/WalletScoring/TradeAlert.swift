import Foundation

/// What a detector found in a market's trades, with the evidence behind it.
public struct TradeAlert: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A trade large against the market's 24-hour volume.
        case whale
        /// Several wallets on the same side within minutes in near-equal sizes.
        case cluster
        /// One wallet buying and selling the same outcome within minutes in near-equal sizes.
        case washTrading = "wash_trading"
        /// A buy of a side the market gives little chance, weighed by the wallet's record on such buys.
        case contrarian
        /// A trade after which the price moved its way by at least the threshold.
        case oddsMovement = "odds_movement"
    }

    public var kind: Kind
    /// The trades behind it (one, or a cluster's).
    public var trades: [ObservedTrade]
    /// 0…1.
    public var confidence: Double
    /// Named figures (notional, share of volume, move, impact per $1,000, members, record edge …).
    public var evidence: [String: Double]
    /// One line a person can read.
    public var summary: String

    public init(kind: Kind, trades: [ObservedTrade], confidence: Double, evidence: [String: Double], summary: String) {
        self.kind = kind
        self.trades = trades
        self.confidence = confidence
        self.evidence = evidence
        self.summary = summary
    }
}
