import Foundation
import Polymarket
import PrescientCore

/// The order book a replay trades against, rebuilt around a recorded price where no recorded
/// book exists (the documented model): the touch `spread` wide around the price on the market's
/// tick grid (bid rounded down, ask up, inside [tick, 1 − tick]), `levels` levels a side one
/// tick apart, `depth` shares each. Defaults: a 1¢ spread on the 0.001 grid of the weather
/// markets, 5 levels of 200 shares — the recorded weather quotes of 2026-06 (midpoint, best buy
/// and sell) show spreads of 0.1–2¢ on the busy buckets. Where a point carries a recorded touch,
/// that touch is used instead.
public struct BookModel: Sendable, Equatable {
    public var spread = Decimal(string: "0.01")!
    public var tick = Decimal(string: "0.001")!
    public var levels = 5
    public var depth: Decimal = 200

    public init() {}

    /// The book at a recorded point: its recorded touch where one was recorded (a bid of 0 means
    /// none), the model around its price otherwise; `depth` shares a level either way.
    public func book(token: String, point: WeatherHistory.Point) -> OrderBook {
        guard let bid = point.bid, let ask = point.ask, ask > bid, ask < 1 else { return book(token: token, price: point.price) }
        let bids = bid > 0 ? (0..<levels).map { OrderBook.Level(price: bid - Decimal($0) * tick, size: depth) }.filter { $0.price > 0 } : []
        let asks = (0..<levels).map { OrderBook.Level(price: ask + Decimal($0) * tick, size: depth) }.filter { $0.price < 1 }
        return OrderBook(
            market: nil, assetID: token, timestamp: nil, hash: nil, bids: bids, asks: asks, minOrderSize: 5, tickSize: tick, negRisk: true,
            lastTradePrice: point.price)
    }

    public func book(token: String, price: Decimal) -> OrderBook {
        let half = spread / 2
        let bid = max(tick, ((price - half) / tick).rounded(scale: 0, .down) * tick)
        let ask = min(1 - tick, max(bid + tick, ((price + half) / tick).rounded(scale: 0, .up) * tick))
        let bids = (0..<levels).map { OrderBook.Level(price: bid - Decimal($0) * tick, size: depth) }.filter { $0.price > 0 }
        let asks = (0..<levels).map { OrderBook.Level(price: ask + Decimal($0) * tick, size: depth) }.filter { $0.price < 1 }
        return OrderBook(
            market: nil, assetID: token, timestamp: nil, hash: nil, bids: bids, asks: asks, minOrderSize: 5, tickSize: tick, negRisk: true,
            lastTradePrice: price)
    }
}
