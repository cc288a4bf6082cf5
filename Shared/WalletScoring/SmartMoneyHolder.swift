import Foundation
import PrescientCore

/// One wallet's holding of one side of a market, as the scanner weighs it.
public struct SmartMoneyHolder: Sendable, Equatable {
    public var wallet: String
    /// True for the first outcome (YES).
    public var yes: Bool
    /// Shares held.
    public var size: Decimal
    /// Dollars the holding is worth now.
    public var notional: Decimal
    /// The wallet's shrunk edge, nil when it has no profile yet.
    public var skill: Double?
    /// The posterior standard deviation of that shrunk edge (0 without a profile).
    public var skillSD: Double
    /// False for a wallet classified as a liquidity provider, market maker, bot or protocol
    /// wallet: it weighs nothing.
    public var eligible: Bool
    /// When it first bought this side (epoch seconds), where known.
    public var enteredAt: Int64?
    /// The co-entry cluster the wallet was put in, if any.
    public var cluster: String?

    public init(
        wallet: String, yes: Bool, size: Decimal, notional: Decimal, skill: Double?, eligible: Bool, enteredAt: Int64? = nil,
        cluster: String? = nil, skillSD: Double = 0
    ) {
        self.skillSD = skillSD
        self.wallet = wallet
        self.yes = yes
        self.size = size
        self.notional = notional
        self.skill = skill
        self.eligible = eligible
        self.enteredAt = enteredAt
        self.cluster = cluster
    }

    /// `(max(ê, 0) + baseTrust) · log10(1 + notional)`: trust times stake, the stake on a log
    /// scale so that money without skill cannot outweigh skill (a $10,000 holder with no edge
    /// weighs less than a $250 one with an edge of 0.15). A trader without a profile, or without a
    /// positive shrunk edge, still counts a little (`baseTrust`) as an independent wallet; a
    /// classified wallet counts nothing.
    public func weight(baseTrust: Double) -> Double {
        guard eligible else { return 0 }
        return (max(skill ?? 0, 0) + baseTrust) * log10(1 + NSDecimalNumber(decimal: notional).doubleValue)
    }
}
