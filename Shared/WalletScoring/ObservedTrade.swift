import Foundation

/// One fill of a market as the Data API's `/trades` lists it: what the detectors read.
public struct ObservedTrade: Sendable, Equatable {
    /// The transaction hash (with the wallet, a fill's identity).
    public var id: String
    public var wallet: String
    public var outcome: Int
    public var isBuy: Bool
    /// Shares.
    public var size: Decimal
    public var price: Decimal
    /// Epoch seconds.
    public var timestamp: Int64

    public init(id: String, wallet: String, outcome: Int, isBuy: Bool, size: Decimal, price: Decimal, timestamp: Int64) {
        self.id = id
        self.wallet = wallet
        self.outcome = outcome
        self.isBuy = isBuy
        self.size = size
        self.price = price
        self.timestamp = timestamp
    }

    /// Dollars that changed hands.
    public var notional: Decimal { size * price }

    /// The first outcome's (YES) price this fill implies.
    public var yesPrice: Decimal { outcome == 0 ? price : 1 - price }
}
