import Foundation
import Polymarket

extension OrderBook {
    /// A book for tests: `asks` and `bids` as (price, shares), tick 0.01 and a five-share minimum
    /// unless given; what a test does not name stays empty (no hash, no timestamp, no last trade).
    public static func make(
        token: String = "yes-1", market: String? = "m-1", asks: [(Decimal, Decimal)] = [], bids: [(Decimal, Decimal)] = [],
        minimum: Decimal? = 5, tick: Decimal? = Decimal(string: "0.01")!, hash: String? = nil, timestamp: String? = nil
    ) -> OrderBook {
        OrderBook(
            market: market, assetID: token, timestamp: timestamp, hash: hash, bids: bids.map { Level(price: $0.0, size: $0.1) },
            asks: asks.map { Level(price: $0.0, size: $0.1) }, minOrderSize: minimum, tickSize: tick, negRisk: false,
            lastTradePrice: nil)
    }
}
