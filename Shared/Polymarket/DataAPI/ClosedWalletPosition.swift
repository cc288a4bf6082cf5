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
    public var title: String?
    public var slug: String?
    public var eventSlug: String?
    public var outcome: String?
    public var outcomeIndex: Int?
    public var oppositeOutcome: String?
    public var oppositeTokenID: String?
    public var endDate: String?
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
        title = f.string("title")
        slug = f.string("slug")
        eventSlug = f.string(["eventSlug", "event_slug"])
        outcome = f.string("outcome")
        outcomeIndex = f.int(["outcomeIndex", "outcome_index"]).map(Int.init)
        oppositeOutcome = f.string(["oppositeOutcome", "opposite_outcome"])
        oppositeTokenID = f.string(["oppositeAsset", "opposite_token_id"])
        endDate = f.string(["endDate", "end_date"])
        timestamp = f.int("timestamp")
    }
}
