import Foundation
import Polymarket
import Portfolios
import PrescientCore
import TestSupport
import Testing
import Trading

@Suite("Shared liquidity")
struct SharedLiquidityTests {
    static func book(hash: String?, timestamp: String, askSize: Decimal) -> OrderBook {
        OrderBook.make(
            token: "t", market: nil, asks: [(Decimal(string: "0.5")!, askSize)], bids: [(Decimal(string: "0.4")!, 100)], minimum: nil,
            tick: nil, hash: hash, timestamp: timestamp)
    }

    @Test func booksWithoutAHash_doNotShareDepthAcrossSnapshots() {
        let liquidity = SharedLiquidity()
        let price = Decimal(string: "0.5")!
        let first = Self.book(hash: nil, timestamp: "1", askSize: 100)
        liquidity.withToken("t", book: first) { used in ((), [(price, Decimal(60))]) }
        // The same snapshot again: the 60 shares taken are gone for the next portfolio.
        let sameSnapshot = liquidity.withToken("t", book: first) { used in (used[price], [(Decimal, Decimal)]()) }
        #expect(sameSnapshot == 60)
        // A refreshed book without a hash is a new snapshot: its depth is whole again.
        let refreshed = liquidity.withToken("t", book: Self.book(hash: nil, timestamp: "2", askSize: 100)) { used in
            (used[price], [(Decimal, Decimal)]())
        }
        #expect(refreshed == nil)
        #expect(SharedLiquidity.snapshotKey(first) != SharedLiquidity.snapshotKey(Self.book(hash: nil, timestamp: "2", askSize: 100)))
        #expect(SharedLiquidity.snapshotKey(Self.book(hash: "abc", timestamp: "1", askSize: 1)) == "hash:abc")
    }

    @Test func depthOfStaleSnapshots_isForgotten() {
        let liquidity = SharedLiquidity(retention: 60)
        let start = Date()
        for index in 0..<5_000 {
            liquidity.withToken(
                "token-\(index)", book: Self.book(hash: "h\(index)", timestamp: "1", askSize: 10),
                now: start.addingTimeInterval(Double(index))
            ) { _ in
                ((), [(Decimal(string: "0.5")!, Decimal(1))])
            }
        }
        #expect(liquidity.trackedTokens < 1_100, "tracked \(liquidity.trackedTokens)")
    }
}
