import Foundation
import LiveTier
import Polymarket
import Testing

/// Ticks folded into 10-second snapshots on a fixed path, each figure worked out by hand.
@Suite("Snapshot folder")
struct SnapshotFolderTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }
    func level(_ price: String, _ size: Decimal) -> OrderBook.Level { OrderBook.Level(price: d(price), size: size) }

    @Test func aPath_foldsIntoSnapshotsOfTheStateAtEachIntervalsEnd() {
        var folder = SnapshotFolder(intervalSeconds: 10)
        // 00:00:01 the book: bids 0.48×30, 0.49×20; asks 0.52×25, 0.53×60.
        var closed = folder.fold(
            .book(
                asset: "A", market: "M", bids: [level("0.48", 30), level("0.49", 20)], asks: [level("0.52", 25), level("0.53", 60)],
                timestamp: 1_000), receivedAt: 0)
        // 00:00:04 a bid of 40 at 0.50 (best bid 0.50, best ask 0.52); 00:00:07 a trade of 15 at 0.52.
        closed += folder.fold(
            .priceChange(
                market: "M", changes: [.init(asset: "A", price: d("0.50"), size: 40, side: "BUY", bestBid: d("0.50"), bestAsk: d("0.52"))],
                timestamp: 4_000), receivedAt: 0)
        closed += folder.fold(
            .lastTradePrice(asset: "A", market: "M", price: d("0.52"), size: 15, side: "BUY", timestamp: 7_000), receivedAt: 0)
        #expect(closed.isEmpty, "the first interval is still open")
        // 00:00:12 the 0.52 ask is taken (size 0): the next interval begins, closing the first.
        closed += folder.fold(
            .priceChange(
                market: "M", changes: [.init(asset: "A", price: d("0.52"), size: 0, side: "SELL", bestBid: d("0.50"), bestAsk: d("0.53"))],
                timestamp: 12_000), receivedAt: 0)
        // First interval: bid 0.50, ask 0.52, mid 0.51, spread 0.02 / 0.51 = 392.16 bps; bids 30 + 20 + 40,
        // asks 25 + 60; one trade of 15 at 0.52; three events.
        #expect(
            closed == [
                MarketSnapshot(
                    asset: "A", market: "M", bucketStart: 0, bestBid: d("0.50"), bestAsk: d("0.52"), mid: d("0.51"), spreadBps: d("392.16"),
                    bidDepth: 90, askDepth: 85, lastTrade: d("0.52"), trades: 1, volume: 15, events: 3)
            ])
        // Flushing closes the second: ask 0.53, mid 0.515, spread 0.03 / 0.515 = 582.52 bps, asks 60,
        // the last trade carried over, no trade within it.
        #expect(
            folder.flush() == [
                MarketSnapshot(
                    asset: "A", market: "M", bucketStart: 10_000, bestBid: d("0.50"), bestAsk: d("0.53"), mid: d("0.515"),
                    spreadBps: d("582.52"), bidDepth: 90, askDepth: 60, lastTrade: d("0.52"), trades: 0, volume: 0, events: 1)
            ])
    }

    @Test func aBookAfterAReconnect_replacesTheLocalBook() {
        var folder = SnapshotFolder()
        _ = folder.fold(.book(asset: "A", market: "M", bids: [level("0.40", 10)], asks: [level("0.60", 10)], timestamp: 0), receivedAt: 0)
        _ = folder.fold(
            .priceChange(
                market: "M", changes: [.init(asset: "A", price: d("0.45"), size: 5, side: "BUY", bestBid: d("0.45"), bestAsk: d("0.60"))],
                timestamp: 1_000), receivedAt: 0)
        // The resync: levels the channel no longer shows are gone.
        _ = folder.fold(.book(asset: "A", market: "M", bids: [level("0.41", 7)], asks: [level("0.59", 3)], timestamp: 2_000), receivedAt: 0)
        let snapshot = folder.flush().first
        #expect(snapshot?.bestBid == d("0.41") && snapshot?.bestAsk == d("0.59") && snapshot?.bidDepth == 7 && snapshot?.askDepth == 3)
    }
}
