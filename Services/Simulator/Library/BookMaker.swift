import Foundation
import Polymarket

/// Produces the order book of a token at the current simulated time: the recorded book shifted
/// by the price walk where one was recorded, otherwise a deterministic ladder around the walk.
struct BookMaker: Sendable {
    let walk: PriceWalk
    let recordedBooks: [String: OrderBook]
    /// Epoch seconds of the recording (clock zero).
    let epoch: Int64
    /// Every level's size is multiplied by this (`SIM_BOOK_DEPTH`, 1): a deep book lets every
    /// order of a scale benchmark fill instead of finding the depth other portfolios took.
    var depth: Decimal = 1
    static let levels = 8

    /// The walked YES price in thousandths at `step` (a price path set through `/sim/price-path`
    /// replaces it: `Simulator.yesPrice(of:atSecond:)`).
    func walkedYesPrice(of market: SimulatedMarket, step: Int64) -> Int64 {
        let start = Self.thousandths(market.startingYesPrice)
        guard let yesToken = market.tokenIDs.first else { return start }
        return walk.price(token: yesToken, start: start, step: step)
    }

    /// The book of `token` when the market's YES price is `yesNow` thousandths.
    func book(for token: String, of market: SimulatedMarket, yesNow: Int64, step: Int64, elapsedSeconds: Int64) -> OrderBook {
        let outcomeIndex = market.tokenIDs.firstIndex(of: token) ?? 0
        let yesStart = Self.thousandths(market.startingYesPrice)
        let shift = (yesNow - yesStart) * (outcomeIndex == 0 ? 1 : -1)
        let timestamp = String((epoch + elapsedSeconds) * 1000)
        let hash = String(PriceWalk.mix(PriceWalk.hash(token) ^ UInt64(bitPattern: step)), radix: 16)
        if var recorded = recordedBooks[token] {
            let delta = Decimal(shift) / 1000
            recorded.bids = recorded.bids.map { .init(price: $0.price + delta, size: $0.size * depth) }.filter {
                $0.price > 0 && $0.price < 1
            }
            recorded.asks = recorded.asks.map { .init(price: $0.price + delta, size: $0.size * depth) }.filter {
                $0.price > 0 && $0.price < 1
            }
            recorded.timestamp = timestamp
            recorded.hash = hash
            recorded.lastTradePrice = recorded.lastTradePrice.map { min(max($0 + delta, 0), 1) }
            return recorded
        }
        let (bestBid, bestAsk) = syntheticTouch(outcomeIndex: outcomeIndex, yesNow: yesNow, market: market)
        let tick = max(1, Self.thousandths(market.tickSize))
        var bids: [OrderBook.Level] = []
        var asks: [OrderBook.Level] = []
        let sizeSeed = PriceWalk.hash(token) ^ walk.seed ^ UInt64(step / 5)
        for level in 0..<Self.levels {
            let bidPrice = bestBid - Int64(level) * tick
            if bidPrice > 0 {
                bids.append(.init(price: Decimal(bidPrice) / 1000, size: Self.size(sizeSeed, level: level, side: 1) * depth))
            }
            let askPrice = bestAsk + Int64(level) * tick
            if askPrice < 1000 {
                asks.append(.init(price: Decimal(askPrice) / 1000, size: Self.size(sizeSeed, level: level, side: 2) * depth))
            }
        }
        // The last trade: this token's mid now, on the tick grid (the recorded one is the YES
        // token's at the recording).
        let lastTrade = Decimal((bestBid + bestAsk) / 2 / tick * tick) / 1000
        // The real API sends bids ascending and asks descending: best last.
        return OrderBook(
            market: market.conditionID, assetID: token, timestamp: timestamp, hash: hash, bids: bids.reversed(),
            asks: asks.reversed(), minOrderSize: market.minOrderSize, tickSize: market.tickSize, negRisk: market.negRisk,
            lastTradePrice: lastTrade)
    }

    /// The synthetic best bid and ask in thousandths around the walked price, keeping the
    /// market's recorded spread (1 to 10 ticks).
    func syntheticTouch(outcomeIndex: Int, yesNow: Int64, market: SimulatedMarket) -> (bid: Int64, ask: Int64) {
        let mid = outcomeIndex == 0 ? yesNow : 1000 - yesNow
        let tick = max(1, Self.thousandths(market.tickSize))
        var spreadTicks: Int64 = 1
        if let bid = market.bestBid, let ask = market.bestAsk, ask > bid {
            spreadTicks = min(10, max(1, Self.thousandths(ask - bid) / tick))
        }
        var bestBid = ((mid * 2 - spreadTicks * tick) / 2) / tick * tick
        bestBid = min(max(bestBid, tick), 1000 - tick * (spreadTicks + 1))
        return (bestBid, bestBid + spreadTicks * tick)
    }

    /// The midpoint alone, without building the book (the price updater asks for thousands).
    func midpoint(for token: String, of market: SimulatedMarket, yesNow: Int64) -> Decimal? {
        if recordedBooks[token] != nil {
            return book(for: token, of: market, yesNow: yesNow, step: 0, elapsedSeconds: 0).midpoint
        }
        let outcomeIndex = market.tokenIDs.firstIndex(of: token) ?? 0
        let (bid, ask) = syntheticTouch(outcomeIndex: outcomeIndex, yesNow: yesNow, market: market)
        return Decimal(bid + ask) / 2000
    }

    /// Level size in shares with two decimals, 10.00 to 1,509.99, deeper away from the touch.
    static func size(_ seed: UInt64, level: Int, side: UInt64) -> Decimal {
        let cents = 1_000 + Int64(PriceWalk.mix(seed &+ UInt64(level) &* 31 &+ side) % 150_000) * Int64(level + 1) / 4
        return Decimal(cents) / 100
    }

    static func thousandths(_ value: Decimal) -> Int64 {
        var scaled = value * 1000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return Int64(truncating: NSDecimalNumber(decimal: rounded))
    }
}
