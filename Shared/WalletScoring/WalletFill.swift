import Foundation

/// One fill of a wallet as its activity lists it: the raw fact every profile is rebuilt from.
public struct WalletFill: Sendable, Equatable {
    /// Epoch seconds.
    public var timestamp: Int64
    /// The market's condition id.
    public var market: String
    public var outcome: Int
    public var isBuy: Bool
    /// Price per share.
    public var price: Decimal
    /// Shares.
    public var size: Decimal
    /// Dollars paid or received.
    public var usdc: Decimal
    public var category: String

    public init(
        timestamp: Int64, market: String, outcome: Int, isBuy: Bool, price: Decimal, size: Decimal, usdc: Decimal, category: String
    ) {
        self.timestamp = timestamp
        self.market = market
        self.outcome = outcome
        self.isBuy = isBuy
        self.price = price
        self.size = size
        self.usdc = usdc
        self.category = category
    }
}

/// Reward or maker-rebate income of a wallet.
public struct WalletIncome: Sendable, Equatable {
    public var timestamp: Int64
    public var amount: Decimal

    public init(timestamp: Int64, amount: Decimal) {
        self.timestamp = timestamp
        self.amount = amount
    }
}

/// How a market ended and when that became known.
public struct MarketOutcome: Sendable, Equatable {
    /// The winning outcome's index; nil for a void market (refunded, no winner).
    public var winner: Int?
    /// Epoch seconds when the outcome became known (Gamma's `closedTime`).
    public var resolvedAt: Int64

    public init(winner: Int?, resolvedAt: Int64) {
        self.winner = winner
        self.resolvedAt = resolvedAt
    }
}
