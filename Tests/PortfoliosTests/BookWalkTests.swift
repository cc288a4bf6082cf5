import Foundation
import Polymarket
import Portfolios
import PrescientCore
import TestSupport
import Testing

/// Fills on the recorded books, checked against values computed here from the raw levels.
@Suite("Book walk and taker fees on recorded books")
struct BookWalkTests {
    struct RawBook {
        let book: OrderBook
        let asks: [(price: Decimal, size: Decimal)]
        let bids: [(price: Decimal, size: Decimal)]
    }

    /// The recorded books, decoded by the code under test and, separately, read raw.
    static func recordedBooks() throws -> [RawBook] {
        let path = TestEnvironment.fixturesDirectory + "/clob-book/books_batch_2026-03-11T21-42Z.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        struct Poll: Decodable { let books: [OrderBook] }
        let decoded = try JSONDecoder().decode([Poll].self, from: data).flatMap(\.books)
        let raw = (try JSONSerialization.jsonObject(with: data) as! [[String: Any]]).flatMap { $0["books"] as! [[String: Any]] }
        func levels(_ list: Any?) -> [(Decimal, Decimal)] {
            (list as! [[String: String]]).map { (Decimal(string: $0["price"]!)!, Decimal(string: $0["size"]!)!) }
        }
        return zip(decoded, raw).map { RawBook(book: $0, asks: levels($1["asks"]), bids: levels($1["bids"])) }
    }

    /// Expected buy: whole levels while they fit in the budget, then whole cents of shares.
    static func expectedBuy(_ raw: RawBook, dollars: Decimal, limit: Decimal) -> (
        shares: Decimal, notional: Decimal, levels: [(Decimal, Decimal)]
    ) {
        var spent: Decimal = 0
        var shares: Decimal = 0
        var taken: [(Decimal, Decimal)] = []
        for (price, size) in raw.asks.sorted(by: { $0.price < $1.price }) where price <= limit {
            if spent + price * size <= dollars {
                spent += price * size
                shares += size
                taken.append((price, size))
            } else {
                var partial = (dollars - spent) / price
                var rounded = Decimal()
                NSDecimalRound(&rounded, &partial, 2, .down)
                if rounded > 0 {
                    spent += price * rounded
                    shares += rounded
                    taken.append((price, rounded))
                }
                break
            }
        }
        return (shares, spent, taken)
    }

    @Test(arguments: [Decimal(10), Decimal(100), Decimal(1_000), Decimal(25_000)])
    func buys_matchTheRawLevels(dollars: Decimal) throws {
        for raw in try Self.recordedBooks() {
            let fill = BookWalk.buy(raw.book, dollars: dollars, limit: Decimal(string: "0.99")!)
            let expected = Self.expectedBuy(raw, dollars: dollars, limit: Decimal(string: "0.99")!)
            #expect(fill.shares == expected.shares, "\(raw.book.assetID.prefix(12)) $\(dollars)")
            #expect(fill.notional == expected.notional)
            #expect(fill.levels.map(\.price) == expected.levels.map(\.0))
            if let average = fill.averagePrice { #expect(average == expected.notional / expected.shares) }
            // The first level taken is the best (lowest) ask, the last element of the API's list.
            if let first = fill.levels.first { #expect(first.price == raw.book.asks.last?.price) }
            let fee = TakerFee.fee(fill, rate: Decimal(string: "0.07")!)
            var expectedFee: Decimal = 0
            for (price, shares) in expected.levels {
                var value = shares * Decimal(string: "0.07")! * price * (1 - price)
                var floored = Decimal()
                NSDecimalRound(&floored, &value, 5, .down)
                expectedFee += floored
            }
            #expect(fee == expectedFee)
        }
    }

    @Test func orderLargerThanTheBook_isIncompleteAndTakesEveryLevelWithinTheLimit() throws {
        for raw in try Self.recordedBooks() {
            let fill = BookWalk.buy(raw.book, dollars: 10_000_000, limit: Decimal(string: "0.99")!)
            let depth = raw.asks.filter { $0.price <= Decimal(string: "0.99")! }
            #expect(fill.complete == false)
            #expect(fill.shares == depth.reduce(0) { $0 + $1.size })
            #expect(fill.notional == depth.reduce(0) { $0 + $1.price * $1.size })
        }
    }

    @Test func limitPrice_stopsTheWalk() throws {
        let raw = try #require(try Self.recordedBooks().first { $0.asks.count > 3 })
        let best = try #require(raw.asks.map(\.price).min())
        let fill = BookWalk.buy(raw.book, dollars: 10_000_000, limit: best)
        #expect(fill.levels.allSatisfy { $0.price == best })
        let below = BookWalk.buy(raw.book, dollars: 100, limit: best - Decimal(string: "0.001")!)
        #expect(below.shares == 0)
    }

    @Test func sells_walkTheBidsFromTheHighest() throws {
        for raw in try Self.recordedBooks() {
            let depth = raw.bids.reduce(Decimal(0)) { $0 + $1.size }
            let fill = BookWalk.sell(raw.book, shares: 50, limit: Decimal(string: "0.01")!)
            if depth >= 50 {
                #expect(fill.shares == 50)
                #expect(fill.complete)
            }
            #expect(fill.levels.first?.price == raw.bids.map(\.price).max())
            #expect(zip(fill.levels, fill.levels.dropFirst()).allSatisfy { $0.price > $1.price })
        }
    }

    @Test func consumedDepth_isNotAvailableAgain() throws {
        let raw = try #require(try Self.recordedBooks().first)
        let first = BookWalk.buy(raw.book, dollars: 200, limit: Decimal(string: "0.99")!)
        var used: [Decimal: Decimal] = [:]
        for level in first.levels { used[level.price, default: 0] += level.shares }
        let second = BookWalk.buy(raw.book, dollars: 200, limit: Decimal(string: "0.99")!, consumed: used)
        for level in second.levels {
            let size = raw.asks.first { $0.price == level.price }!.size
            #expect((used[level.price] ?? 0) + level.shares <= size)
        }
    }

    @Test func feeCategoriesFollowTheTable() {
        #expect(TakerFee.rate(category: "crypto") == Decimal(string: "0.07"))
        #expect(TakerFee.rate(category: "geopolitics") == 0)
        #expect(TakerFee.rate(category: nil) == Decimal(string: "0.05"))
    }
}
