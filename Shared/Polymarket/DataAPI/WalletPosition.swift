import Foundation

/// An open position of a wallet (`GET /positions`, `GET /v2/positions`), in either generation.
/// Money and sizes are exact decimals of what the API sent.
public struct WalletPosition: Decodable, Sendable {
    public var proxyWallet: String
    public var tokenID: String
    public var conditionID: String
    /// Shares held now (v1 `size`, v2 `current_size`).
    public var size: Decimal
    public var averagePrice: Decimal?
    /// Dollars the held shares cost (v1 `initialValue`, v2 `entry_cost_usdc`).
    public var initialValue: Decimal?
    public var currentValue: Decimal?
    /// Unrealised P&L in dollars (v1 `cashPnl`, v2 `unrealized_pnl`).
    public var cashPnl: Decimal?
    public var percentPnl: Decimal?
    /// Shares ever bought (v1 `totalBought`, v2 `total_size`).
    public var totalBought: Decimal?
    public var realizedPnl: Decimal?
    public var currentPrice: Decimal?
    public var redeemable: Bool
    public var mergeable: Bool
    public var negativeRisk: Bool
    /// The market and side the position is in.
    public var market: PositionMarket
    /// v2 only: fees paid on entry, total cost with them, total P&L and `OPEN`/`CLOSED`/`REDEEMABLE`.
    public var entryFees: Decimal?
    public var totalCost: Decimal?
    public var totalPnl: Decimal?
    public var status: String?

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["proxyWallet", "proxy_wallet"]), let token = f.string(["asset", "token_id"]),
            let condition = f.string(["conditionId", "condition_id"]), let size = f.decimal(["size", "current_size"])
        else { throw DataAPIShapeError(type: "position") }
        (proxyWallet, tokenID, conditionID, self.size) = (wallet, token, condition, size)
        averagePrice = f.decimal(["avgPrice", "avg_price"])
        initialValue = f.decimal(["initialValue", "entry_cost_usdc"])
        currentValue = f.decimal(["currentValue", "current_value"])
        cashPnl = f.decimal(["cashPnl", "unrealized_pnl"])
        percentPnl = f.decimal(["percentPnl", "percent_pnl"])
        totalBought = f.decimal(["totalBought", "total_size"])
        realizedPnl = f.decimal(["realizedPnl", "realized_pnl"])
        currentPrice = f.decimal(["curPrice", "currPrice", "current_price"])
        redeemable = f.bool("redeemable") ?? false
        mergeable = f.bool("mergeable") ?? false
        negativeRisk = f.bool(["negativeRisk", "negative_risk"]) ?? false
        market = PositionMarket(f)
        entryFees = f.decimal(["entry_fees_usdc"])
        totalCost = f.decimal(["total_cost_usdc"])
        totalPnl = f.decimal(["total_pnl", "totalPnl"])
        status = f.string("status")
    }
}

/// A Data API row without a field the type cannot do without.
public struct DataAPIShapeError: Error, CustomStringConvertible {
    public let type: String
    public var description: String { "a Data API \(type) row lacks a required field" }
}
