import Foundation
import PrescientCore

/// A CLOB order book (`GET /book`, one element of `POST /books`).
///
/// The API sends bids ascending and asks descending, so the best levels are the last elements;
/// `bestBid`/`bestAsk` do not rely on that order and take the max/min.
public struct OrderBook: Codable, Sendable {
    public struct Level: Codable, Sendable, Equatable {
        public var price: Decimal
        public var size: Decimal

        public init(price: Decimal, size: Decimal) {
            self.price = price
            self.size = size
        }

        enum CodingKeys: String, CodingKey { case price, size }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard let price = c.lenientDecimal(.price), let size = c.lenientDecimal(.size) else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "level without price/size"))
            }
            self.price = price
            self.size = size
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(DecimalText.format(price), forKey: .price)
            try c.encode(DecimalText.format(size), forKey: .size)
        }
    }

    public var market: String?
    public var assetID: String
    public var timestamp: String?
    public var hash: String?
    public var bids: [Level]
    public var asks: [Level]
    public var minOrderSize: Decimal?
    public var tickSize: Decimal?
    public var negRisk: Bool?
    public var lastTradePrice: Decimal?

    enum CodingKeys: String, CodingKey {
        case market, assetID = "asset_id", timestamp, hash, bids, asks, minOrderSize = "min_order_size",
            tickSize = "tick_size", negRisk = "neg_risk", lastTradePrice = "last_trade_price"
    }

    public init(
        market: String?, assetID: String, timestamp: String?, hash: String?, bids: [Level], asks: [Level],
        minOrderSize: Decimal?, tickSize: Decimal?, negRisk: Bool?, lastTradePrice: Decimal?
    ) {
        self.market = market
        self.assetID = assetID
        self.timestamp = timestamp
        self.hash = hash
        self.bids = bids
        self.asks = asks
        self.minOrderSize = minOrderSize
        self.tickSize = tickSize
        self.negRisk = negRisk
        self.lastTradePrice = lastTradePrice
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let asset = c.lenientString(.assetID) else {
            throw DecodingError.keyNotFound(CodingKeys.assetID, .init(codingPath: c.codingPath, debugDescription: "book without asset_id"))
        }
        assetID = asset
        market = c.lenientString(.market)
        timestamp = c.lenientString(.timestamp)
        hash = c.lenientString(.hash)
        bids = (try? c.decodeIfPresent(LenientList<Level>.self, forKey: .bids)?.elements) ?? []
        asks = (try? c.decodeIfPresent(LenientList<Level>.self, forKey: .asks)?.elements) ?? []
        minOrderSize = c.lenientDecimal(.minOrderSize)
        tickSize = c.lenientDecimal(.tickSize)
        negRisk = c.lenientBool(.negRisk)
        lastTradePrice = c.lenientDecimal(.lastTradePrice)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(market, forKey: .market)
        try c.encode(assetID, forKey: .assetID)
        try c.encodeIfPresent(timestamp, forKey: .timestamp)
        try c.encodeIfPresent(hash, forKey: .hash)
        try c.encode(bids, forKey: .bids)
        try c.encode(asks, forKey: .asks)
        try c.encodeIfPresent(minOrderSize.map(DecimalText.format), forKey: .minOrderSize)
        try c.encodeIfPresent(tickSize.map(DecimalText.format), forKey: .tickSize)
        try c.encodeIfPresent(negRisk, forKey: .negRisk)
        try c.encodeIfPresent(lastTradePrice.map(DecimalText.format), forKey: .lastTradePrice)
    }

    /// The highest bid.
    public var bestBid: Level? { bids.max { $0.price < $1.price } }
    /// The lowest ask.
    public var bestAsk: Level? { asks.min { $0.price < $1.price } }
    /// The mean of the best bid and ask, when both exist.
    public var midpoint: Decimal? {
        guard let bid = bestBid?.price, let ask = bestAsk?.price else { return nil }
        return (bid + ask) / 2
    }
}
