import Foundation

/// A closed (sold out or redeemed) position of a wallet (`GET /closed-positions`,
/// `/v1/closed-positions`).
public struct ClosedWalletPosition: Decodable, Sendable {
    public var proxyWallet: String
    public var tokenID: String
    public var conditionID: String
    public var averagePrice: Decimal?
    public var totalBought: Decimal?
    public var realizedPnl: Decimal?
    /// The price when it closed: 1 or 0 for a resolved market.
    public var currentPrice: Decimal?
    /// The market and side the position is in.
    public var market: PositionMarket
    /// When it closed (epoch seconds).
    public var timestamp: Int64?

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["proxyWallet", "proxy_wallet"]), let token = f.string(["asset", "token_id"]),
            let condition = f.string(["conditionId", "condition_id"])
        else { throw DataAPIShapeError(type: "closed position") }
        (proxyWallet, tokenID, conditionID) = (wallet, token, condition)
        averagePrice = f.decimal(["avgPrice", "avg_price"])
        totalBought = f.decimal(["totalBought", "total_size"])
        realizedPnl = f.decimal(["realizedPnl", "realized_pnl"])
        currentPrice = f.decimal(["curPrice", "current_price"])
        market = PositionMarket(f)
        timestamp = f.int("timestamp")
    }
}
