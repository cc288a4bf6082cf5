import Foundation
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Trading

/// Marking positions in bulk while fills lock portfolio then position: one lock order, so the
/// two never deadlock (each transaction runs once here: no retry hides a deadlock).
@Suite("Mark to market", .serialized, .tags(.database))
struct MarkToMarketTests {
    @Test func marksAndFillsRunningTogether_neverDeadlock() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 6)
        defer { pool.close() }
        let repository = PortfolioRepository(pool: pool)
        let book = try #require(try BookWalkTests.recordedBooks().map(\.book).first { !$0.asks.isEmpty && !$0.bids.isEmpty })
        let fill = BookWalk.buy(book, dollars: 10, limit: book.asks.map(\.price).min()! + Decimal(string: "0.05")!)
        try #require(fill.shares > 0)
        let tokens = (0..<5).map { TokenID("token-\($0)") }
        var portfolioIDs: [PortfolioID] = []
        for index in 0..<6 {
            let portfolio = try repository.create(
                name: "Lock order \(index)", type: .momentum, config: StrategyConfig(), initialBalance: 1_000_000)
            portfolioIDs.append(portfolio.id)
            for token in tokens { try Self.buy(fill, token: token, portfolioID: portfolio.id, pool: pool) }
        }
        let ids = portfolioIDs
        let failures = Locked<[String]>([])
        let done = DispatchGroup()
        done.enter()
        Thread {
            defer { done.leave() }
            for round in 0..<150 {
                let price = Decimal(30 + round % 40) / 100
                do {
                    _ = try pool.withTransaction(attempts: 1) { db in
                        try MarkToMarket.apply(
                            tokens.map { .init(tokenID: $0, marketID: MarketID("m-\($0)"), price: price) }, snapshotAt: nil, on: db)
                    }
                } catch { failures.mutate { $0.append("mark: \(error)") } }
            }
        }.start()
        for lane in 0..<3 {
            done.enter()
            Thread {
                defer { done.leave() }
                for round in 0..<100 {
                    let portfolioID = ids[(lane * 7 + round) % ids.count]
                    do {
                        try Self.buy(fill, token: tokens[(lane + round) % tokens.count], portfolioID: portfolioID, pool: pool, attempts: 1)
                    } catch { failures.mutate { $0.append("fill: \(error)") } }
                }
            }.start()
        }
        done.wait()
        #expect(failures.value.isEmpty, "\(failures.value.prefix(3))")
        // And every portfolio's figure is the sum over its positions.
        for id in portfolioIDs {
            let row = try pool.execute(
                """
                SELECT p.unrealized_pnl AS stored, (SELECT sum(shares * current_price - cost_basis) FROM portfolio_positions
                                                    WHERE portfolio_id = p.id AND status = 'open') AS summed
                FROM portfolios p WHERE p.id = \(id)
                """)[0]
            #expect(try row.decode("stored", as: Decimal.self) == (try row.decode("summed", as: Decimal.self)))
        }
    }

    /// A fill as the executor makes it: portfolio row locked first, then the position.
    static func buy(_ fill: Fill, token: TokenID, portfolioID: PortfolioID, pool: PostgresPool, attempts: Int = 3) throws {
        try pool.withTransaction(attempts: attempts) { db in
            try db.execute("SELECT 1 FROM portfolios WHERE id = \(portfolioID) FOR UPDATE")
            _ = try Bookkeeping.openPosition(portfolioID: portfolioID, tokenID: token, on: db)
            try Bookkeeping.recordBuy(
                fill, fee: 0,
                target: .init(portfolioID: portfolioID, marketID: "m-\(token)", tokenID: token, outcome: "YES", signalID: nil),
                entryScore: nil, on: db)
        }
    }
}
