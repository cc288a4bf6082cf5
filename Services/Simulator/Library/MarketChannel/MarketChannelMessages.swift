import Foundation
import Polymarket
import PrescientCore

/// The market channel's messages in Polymarket's shapes (`book`, and `price_change` in its
/// `price_changes[]` form with each asset's best bid and ask): prices and sizes as strings,
/// timestamps in milliseconds as strings.
enum MarketChannelMessages {
    struct Level: Encodable {
        let price: String
        let size: String
    }

    struct Book: Encodable {
        let event_type = "book"
        let asset_id: String
        let market: String
        let bids: [Level]
        let asks: [Level]
        let timestamp: String
        let hash: String
    }

    struct PriceChange: Encodable {
        struct Change: Encodable {
            let asset_id: String
            let price: String
            let size: String
            let side: String
            let hash: String
            let best_bid: String
            let best_ask: String
        }

        let event_type = "price_change"
        let market: String
        let price_changes: [Change]
        let timestamp: String
    }

    struct LastTradePrice: Encodable {
        let event_type = "last_trade_price"
        let asset_id: String
        let market: String
        let price: String
        let size: String
        let side: String
        let fee_rate_bps: String
        let timestamp: String
    }

    static func lastTrade(_ trade: PlantedTrade) -> LastTradePrice {
        LastTradePrice(
            asset_id: trade.token, market: trade.conditionID, price: DecimalText.format(trade.price),
            size: DecimalText.format(trade.size), side: trade.side, fee_rate_bps: "0", timestamp: "\(trade.timestamp * 1_000)")
    }

    static func book(_ book: OrderBook, market: String, milliseconds: Int64) -> Book {
        Book(
            asset_id: book.assetID, market: market,
            bids: book.bids.map { Level(price: DecimalText.format($0.price), size: DecimalText.format($0.size)) },
            asks: book.asks.map { Level(price: DecimalText.format($0.price), size: DecimalText.format($0.size)) },
            timestamp: "\(milliseconds)", hash: hash(book.assetID, milliseconds))
    }

    /// A change at the touch: the side whose best level moved, with both best prices after it.
    static func change(_ book: OrderBook, previous: OrderBook?, milliseconds: Int64) -> PriceChange.Change? {
        let bid = book.bestBid, ask = book.bestAsk
        guard
            bid?.price != previous?.bestBid?.price || ask?.price != previous?.bestAsk?.price
                || bid?.size != previous?.bestBid?.size || ask?.size != previous?.bestAsk?.size
        else { return nil }
        let bidMoved = bid?.price != previous?.bestBid?.price || bid?.size != previous?.bestBid?.size
        let level = bidMoved ? bid : ask
        return PriceChange.Change(
            asset_id: book.assetID, price: DecimalText.format(level?.price ?? 0), size: DecimalText.format(level?.size ?? 0),
            side: bidMoved ? "BUY" : "SELL", hash: hash(book.assetID, milliseconds),
            best_bid: DecimalText.format(bid?.price ?? 0), best_ask: DecimalText.format(ask?.price ?? 1))
    }

    static func hash(_ asset: String, _ milliseconds: Int64) -> String {
        String(format: "%016llx%016llx", PriceWalk.mix(UInt64(truncatingIfNeeded: asset.hashValue)), PriceWalk.mix(UInt64(milliseconds)))
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
