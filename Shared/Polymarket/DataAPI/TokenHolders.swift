import Foundation

/// One token's top holders (`GET /holders` → `[{token, holders:[…]}]`, `GET /v2/holders` →
/// `{data:[{token_id, holders:[…]}]}`).
public struct TokenHolders: Decodable, Sendable {
    public struct Holder: Decodable, Sendable {
        public var proxyWallet: String
        /// Shares held.
        public var amount: Decimal
        public var outcomeIndex: Int?
        public var name: String?
        public var pseudonym: String?
        /// v2 with `include_pnl=true`: the holder's average price and P&L in this market.
        public var averagePrice: Decimal?
        public var realizedPnl: Decimal?
        public var totalPnl: Decimal?

        public init(from decoder: any Decoder) throws {
            let f = try DecoderFields(decoder)
            guard let wallet = f.string(["proxyWallet", "proxy_wallet"]), let amount = f.decimal("amount", usuallyNumber: true) else {
                throw DataAPIShapeError(type: "holder")
            }
            (proxyWallet, self.amount) = (wallet, amount)
            outcomeIndex = f.int(["outcomeIndex", "outcome_index"]).map(Int.init)
            name = f.string("name")
            pseudonym = f.string("pseudonym")
            averagePrice = f.decimal(["avg_price", "avgPrice"])
            realizedPnl = f.decimal(["realized_pnl", "realizedPnl"])
            totalPnl = f.decimal(["total_pnl", "totalPnl"])
        }
    }

    public var token: String
    public var holders: [Holder]

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let token = f.string(["token", "token_id"]) else { throw DataAPIShapeError(type: "holders") }
        self.token = token
        holders = try decoder.container(keyedBy: AnyCodingKey.self).decode(LenientList<Holder>.self, forKey: AnyCodingKey("holders"))
            .elements
    }
}
