import Foundation
import PrescientCore

/// One event of Polymarket's CLOB market channel (`wss://ws-subscriptions-clob.polymarket.com/ws/market`),
/// decoded from the shapes its documentation gives: numbers arrive as strings, timestamps as
/// millisecond strings. A message is one event or a JSON array of them (the first books).
public enum MarketChannelEvent: Sendable, Equatable {
    /// The asset's whole book: on subscription, and after a trade that changed it.
    case book(asset: String, market: String, bids: [OrderBook.Level], asks: [OrderBook.Level], timestamp: Int64?)
    /// Touch changes, each with the asset's best bid and ask after it (the `price_changes[]` form).
    case priceChange(market: String, changes: [PriceChange], timestamp: Int64?)
    case lastTradePrice(asset: String, market: String, price: Decimal, size: Decimal?, side: String?, timestamp: Int64?)
    case tickSizeChange(asset: String, market: String, oldTickSize: Decimal?, newTickSize: Decimal, timestamp: Int64?)
    case bestBidAsk(asset: String, market: String, bestBid: Decimal?, bestAsk: Decimal?, timestamp: Int64?)
    case marketResolved(market: String, winningAsset: String?, winningOutcome: String?, timestamp: Int64?)
    /// An event type this client does not know (kept, not dropped, so it can be logged).
    case other(type: String)

    /// One entry of a `price_change`.
    public struct PriceChange: Sendable, Equatable {
        public let asset: String
        public let price: Decimal
        public let size: Decimal
        public let side: String
        public let bestBid: Decimal?
        public let bestAsk: Decimal?

        public init(asset: String, price: Decimal, size: Decimal, side: String, bestBid: Decimal?, bestAsk: Decimal?) {
            self.asset = asset
            self.price = price
            self.size = size
            self.side = side
            self.bestBid = bestBid
            self.bestAsk = bestAsk
        }
    }

    /// Every event in one text message; a message that is not JSON, or an entry without its
    /// required fields, is an error naming what was missing.
    public static func decode(_ text: String) throws -> [MarketChannelEvent] {
        let bytes = Array(text.utf8)
        if text.first(where: { !$0.isWhitespace }) == "[" {
            return try JSONDecoder().decodeBounded([Decoded].self, from: bytes).map(\.event)
        }
        return [try JSONDecoder().decodeBounded(Decoded.self, from: bytes).event]
    }

    struct Decoded: Decodable {
        let event: MarketChannelEvent

        init(from decoder: any Decoder) throws {
            let f = try DecoderFields(decoder)
            func required<T>(_ value: T?, _ name: String) throws -> T {
                guard let value else { throw MarketChannelDecodingError(field: name) }
                return value
            }
            let type = f.string("event_type") ?? (f.contains("price_changes") ? "price_change" : "")
            let market = f.string("market") ?? ""
            let timestamp = f.int("timestamp")
            func levels(_ key: String) -> [OrderBook.Level] {
                (f.objectList(key) ?? []).compactMap { level in
                    guard let price = level.decimal("price", usuallyNumber: false), let size = level.decimal("size", usuallyNumber: false)
                    else { return nil }
                    return OrderBook.Level(price: price, size: size)
                }
            }
            switch type {
            case "book":
                event = .book(
                    asset: try required(f.string("asset_id"), "asset_id"), market: market, bids: levels("bids"), asks: levels("asks"),
                    timestamp: timestamp)
            case "price_change":
                let changes = try (f.objectList("price_changes") ?? []).map { change in
                    PriceChange(
                        asset: try required(change.string("asset_id"), "price_changes[].asset_id"),
                        price: try required(change.decimal("price", usuallyNumber: false), "price_changes[].price"),
                        size: change.decimal("size", usuallyNumber: false) ?? 0, side: change.string("side") ?? "",
                        bestBid: change.decimal("best_bid", usuallyNumber: false), bestAsk: change.decimal("best_ask", usuallyNumber: false)
                    )
                }
                event = .priceChange(market: market, changes: changes, timestamp: timestamp)
            case "last_trade_price":
                event = .lastTradePrice(
                    asset: try required(f.string("asset_id"), "asset_id"), market: market,
                    price: try required(f.decimal("price", usuallyNumber: false), "price"), size: f.decimal("size", usuallyNumber: false),
                    side: f.string("side"), timestamp: timestamp)
            case "tick_size_change":
                event = .tickSizeChange(
                    asset: try required(f.string("asset_id"), "asset_id"), market: market,
                    oldTickSize: f.decimal("old_tick_size", usuallyNumber: false),
                    newTickSize: try required(f.decimal("new_tick_size", usuallyNumber: false), "new_tick_size"), timestamp: timestamp)
            case "best_bid_ask":
                event = .bestBidAsk(
                    asset: try required(f.string("asset_id"), "asset_id"), market: market,
                    bestBid: f.decimal("best_bid", usuallyNumber: false), bestAsk: f.decimal("best_ask", usuallyNumber: false),
                    timestamp: timestamp)
            case "market_resolved":
                event = .marketResolved(
                    market: market, winningAsset: f.string("winning_asset_id"), winningOutcome: f.string("winning_outcome"),
                    timestamp: timestamp)
            default:
                event = .other(type: type)
            }
        }
    }
}

/// A market-channel event without a field it cannot do without.
public struct MarketChannelDecodingError: Error, CustomStringConvertible, Sendable {
    public let field: String
    public var description: String { "a market channel event without \(field)" }
}
