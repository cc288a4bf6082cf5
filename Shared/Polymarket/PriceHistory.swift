import Foundation

/// `GET /prices-history`: `{"history":[{"t":1767802200,"p":0.535}]}` (t in epoch seconds).
public struct PriceHistory: Codable, Sendable {
    public struct Point: Codable, Sendable {
        public var t: Int64
        public var p: Decimal

        public init(t: Int64, p: Decimal) {
            self.t = t
            self.p = p
        }

        enum CodingKeys: String, CodingKey { case t, p }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard let t = c.lenientInt(.t), let p = c.lenientDecimal(.p, usuallyNumber: true) else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "point without t/p"))
            }
            self.t = t
            self.p = p
        }
    }

    public var history: [Point]

    public init(history: [Point]) {
        self.history = history
    }

    enum CodingKeys: String, CodingKey { case history }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        history = (try? c.decodeIfPresent(LenientList<Point>.self, forKey: .history)?.elements) ?? []
    }
}

/// A Data API trade (`GET /trades`, `GET /v2/trades`), in either generation: price and size
/// arrive as JSON numbers with float noise.
public struct DataTrade: Decodable, Sendable {
    public var proxyWallet: String?
    public var side: String?
    public var asset: String?
    public var conditionID: String?
    public var size: Decimal?
    public var price: Decimal?
    public var timestamp: Int64?
    public var title: String?
    public var outcome: String?
    public var outcomeIndex: Int?
    public var slug: String?
    public var eventSlug: String?
    public var name: String?
    public var pseudonym: String?
    public var transactionHash: String?

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        proxyWallet = f.string(["proxyWallet", "proxy_wallet"])
        side = f.string("side")
        asset = f.string(["asset", "token_id"])
        conditionID = f.string(["conditionId", "condition_id"])
        size = f.decimal("size", usuallyNumber: true)
        price = f.decimal("price", usuallyNumber: true)
        timestamp = f.int("timestamp")
        title = f.string("title")
        outcome = f.string("outcome")
        outcomeIndex = f.int(["outcomeIndex", "outcome_index"]).map(Int.init)
        slug = f.string("slug")
        eventSlug = f.string(["eventSlug", "event_slug"])
        name = f.string("name")
        pseudonym = f.string("pseudonym")
        transactionHash = f.string(["transactionHash", "transaction_hash"])
    }
}
