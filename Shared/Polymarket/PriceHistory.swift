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

/// A Data API trade (`GET /trades`): price and size arrive as JSON numbers with float noise.
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
    public var transactionHash: String?

    enum CodingKeys: String, CodingKey {
        case proxyWallet, side, asset, conditionId, size, price, timestamp, title, outcome, transactionHash
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        proxyWallet = c.lenientString(.proxyWallet)
        side = c.lenientString(.side)
        asset = c.lenientString(.asset)
        conditionID = c.lenientString(.conditionId)
        size = c.lenientDecimal(.size, usuallyNumber: true)
        price = c.lenientDecimal(.price, usuallyNumber: true)
        timestamp = c.lenientInt(.timestamp)
        title = c.lenientString(.title)
        outcome = c.lenientString(.outcome)
        transactionHash = c.lenientString(.transactionHash)
    }
}
