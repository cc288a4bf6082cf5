import Foundation

/// One token's top holders (`GET /holders` → `[{token, holders:[…]}]`, `GET /v2/holders` →
/// `{data:[{token_id, holders:[…]}]}`). Encodes in v1's shape (the simulator serves it).
public struct TokenHolders: Codable, Sendable {
    public struct Holder: Codable, Sendable {
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

        public init(proxyWallet: String, amount: Decimal, outcomeIndex: Int?) {
            self.proxyWallet = proxyWallet
            self.amount = amount
            self.outcomeIndex = outcomeIndex
        }

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

        enum CodingKeys: String, CodingKey { case proxyWallet, amount, outcomeIndex, name, pseudonym }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(proxyWallet, forKey: .proxyWallet)
            try c.encode(amount, forKey: .amount)
            try c.encodeIfPresent(outcomeIndex, forKey: .outcomeIndex)
            try c.encodeIfPresent(name, forKey: .name)
            try c.encodeIfPresent(pseudonym, forKey: .pseudonym)
        }
    }

    public var token: String
    public var holders: [Holder]

    public init(token: String, holders: [Holder]) {
        self.token = token
        self.holders = holders
    }

    enum CodingKeys: String, CodingKey { case token, holders }

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let token = f.string(["token", "token_id"]) else { throw DataAPIShapeError(type: "holders") }
        self.token = token
        holders = try decoder.container(keyedBy: AnyCodingKey.self).decode(LenientList<Holder>.self, forKey: AnyCodingKey("holders"))
            .elements
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(token, forKey: .token)
        try c.encode(holders, forKey: .holders)
    }
}
