import Foundation

/// `POST /paper-trading/settle[?portfolio_id=…]`: what one settlement pass found and paid.
public struct SettlementResult: Codable, Sendable, Equatable {
    public var marketsChecked: Int
    public var positionsSettled: Int
    /// Positions in markets that closed but have no usable resolution yet.
    public var positionsPending: Int
    public var payout: Decimal

    enum CodingKeys: String, CodingKey {
        case marketsChecked = "markets_checked", positionsSettled = "positions_settled", positionsPending = "positions_pending", payout
    }

    public init(marketsChecked: Int, positionsSettled: Int, positionsPending: Int, payout: Decimal) {
        self.marketsChecked = marketsChecked
        self.positionsSettled = positionsSettled
        self.positionsPending = positionsPending
        self.payout = payout
    }

    /// Nothing to check.
    public static let empty = SettlementResult(marketsChecked: 0, positionsSettled: 0, positionsPending: 0, payout: 0)
}
