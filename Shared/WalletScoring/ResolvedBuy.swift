import Foundation

/// One of a wallet's resolved buys: what it paid per share, how many dollars it staked, and
/// whether the outcome it bought won. The unit every skill measure is computed over.
public struct ResolvedBuy: Sendable, Equatable {
    /// Price paid per share, in (0, 1).
    public var price: Decimal
    /// Dollars staked.
    public var stake: Decimal
    public var won: Bool
    /// The market, for clustering (a bootstrap or a merge of co-entries).
    public var market: String

    public init(price: Decimal, stake: Decimal, won: Bool, market: String = "") {
        self.price = price
        self.stake = stake
        self.won = won
        self.market = market
    }

    /// Shares bought: the stake over the price.
    public var shares: Decimal { price > 0 ? stake / price : 0 }
    /// Dollars back at resolution: a share of a winner pays $1.
    public var payout: Decimal { won ? shares : 0 }
}
