import Foundation

/// One row of a wallet's on-chain activity (`GET /activity`, `GET /v2/activity`): a trade, or a
/// split, merge, redeem, reward, rebate, conversion… Non-trade rows carry price 0, an empty
/// token and side, and outcome index 999 (so do some v2 trade rows: resolve the side by token).
public struct WalletActivity: Decodable, Sendable {
    public var proxyWallet: String
    public var timestamp: Int64
    /// `TRADE`, `SPLIT`, `MERGE`, `REDEEM`, `REWARD`, `CONVERSION`, `MAKER_REBATE`, `TAKER_REBATE`, …
    public var type: String
    public var conditionID: String?
    /// Shares.
    public var size: Decimal?
    /// Dollars.
    public var usdcSize: Decimal?
    public var price: Decimal?
    public var tokenID: String?
    public var side: String?
    public var outcomeIndex: Int?
    public var outcome: String?
    public var title: String?
    public var slug: String?
    public var eventSlug: String?
    public var transactionHash: String?
    public var name: String?
    public var pseudonym: String?

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["proxyWallet", "proxy_wallet"]), let timestamp = f.int("timestamp"), let type = f.string("type")
        else { throw DataAPIShapeError(type: "activity") }
        (proxyWallet, self.timestamp, self.type) = (wallet, timestamp, type)
        conditionID = f.string(["conditionId", "condition_id"]).flatMap { $0.isEmpty ? nil : $0 }
        size = f.decimal("size", usuallyNumber: true)
        usdcSize = f.decimal(["usdcSize", "usdc_size"])
        price = f.decimal("price", usuallyNumber: true)
        tokenID = f.string(["asset", "token_id"]).flatMap { $0.isEmpty ? nil : $0 }
        side = f.string("side").flatMap { $0.isEmpty ? nil : $0 }
        outcomeIndex = f.int(["outcomeIndex", "outcome_index"]).map(Int.init)
        outcome = f.string("outcome")
        title = f.string("title")
        slug = f.string("slug")
        eventSlug = f.string(["eventSlug", "event_slug"])
        transactionHash = f.string(["transactionHash", "transaction_hash"])
        name = f.string("name")
        pseudonym = f.string("pseudonym")
    }

    /// Whether the row is a fill (as opposed to a redeem, reward, rebate…).
    public var isTrade: Bool { type == "TRADE" }
}
