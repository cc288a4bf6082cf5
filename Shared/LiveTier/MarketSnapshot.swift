import Foundation

/// One asset's state at the end of a snapshot interval (10 seconds by default): what the live
/// tier stores instead of every tick.
public struct MarketSnapshot: Sendable, Equatable {
    public let asset: String
    public let market: String
    /// The interval's start, epoch milliseconds.
    public let bucketStart: Int64
    public let bestBid: Decimal?
    public let bestAsk: Decimal?
    /// (bid + ask) / 2, when both sides quote.
    public let mid: Decimal?
    /// (ask − bid) / mid in basis points, when both sides quote.
    public let spreadBps: Decimal?
    /// Shares resting on each side.
    public let bidDepth: Decimal
    public let askDepth: Decimal
    /// The last trade's price (this interval's or an earlier one's).
    public let lastTrade: Decimal?
    /// Trades and shares traded within the interval.
    public let trades: Int
    public let volume: Decimal
    /// Channel events folded into this interval.
    public let events: Int

    public init(
        asset: String, market: String, bucketStart: Int64, bestBid: Decimal?, bestAsk: Decimal?, mid: Decimal?, spreadBps: Decimal?,
        bidDepth: Decimal, askDepth: Decimal, lastTrade: Decimal?, trades: Int, volume: Decimal, events: Int
    ) {
        self.asset = asset
        self.market = market
        self.bucketStart = bucketStart
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.mid = mid
        self.spreadBps = spreadBps
        self.bidDepth = bidDepth
        self.askDepth = askDepth
        self.lastTrade = lastTrade
        self.trades = trades
        self.volume = volume
        self.events = events
    }
}
