import Foundation
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Trading

/// How a held token ends, read from recorded resolved markets.
@Suite("Settlement outcome", .tags(.database))
struct SettlementOutcomeTests {
    static func resolvedMarkets() throws -> [GammaMarket] {
        let data = try Data(
            contentsOf: URL(
                fileURLWithPath: TestEnvironment.fixturesDirectory + "/gamma-markets/markets_resolved_btc-updown-5m_2026-07-24.json"))
        return try JSONDecoder().decode([GammaMarket].self, from: data)
    }

    @Test func winnerAndLoserTokens_settleWonAndLost() throws {
        let market = try #require(try Self.resolvedMarkets().first)
        let resolution = MarketResolution(market)
        guard case .resolved(let winner) = resolution else {
            Issue.record("a recorded resolved market must read as resolved, got \(resolution)")
            return
        }
        // The winner, read from the raw prices: the token whose price is "1".
        let prices = market.outcomePrices
        #expect(prices[winner] == 1)
        #expect(resolution.outcome(of: market.clobTokenIDs[winner], in: market) == .won)
        #expect(resolution.outcome(of: market.clobTokenIDs[1 - winner], in: market) == .lost)
    }

    @Test func tokenTheMarketDoesNotList_staysPendingInsteadOfLosing() throws {
        let market = try #require(try Self.resolvedMarkets().first)
        let resolution = MarketResolution(market)
        #expect(resolution.outcome(of: "12345", in: market) == nil)
        #expect(resolution.outcome(of: "", in: market) == nil)
        var stripped = market
        stripped.clobTokenIDs = []
        #expect(resolution.outcome(of: market.clobTokenIDs[0], in: stripped) == nil)
    }
}

@Suite("Settlement bookkeeping", .tags(.database))
struct SettlementBookkeepingTests {
    @Test func positionWhoseOutcomeIsUnknown_staysOpenFlaggedAndUnpaid() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 2)
        defer { pool.close() }
        let portfolio = try PortfolioRepository(pool: pool).create(
            name: "Unknown token", type: .momentum, config: StrategyConfig(), initialBalance: 100)
        let book = try #require(try BookWalkTests.recordedBooks().map(\.book).first { !$0.asks.isEmpty })
        let fill = BookWalk.buy(book, dollars: 10, limit: book.asks.map(\.price).min()! + Decimal(string: "0.02")!)
        let positionID = try pool.withTransaction { db -> Int64 in
            try db.execute("SELECT 1 FROM portfolios WHERE id = \(portfolio.id) FOR UPDATE")
            try Bookkeeping.recordBuy(
                fill, fee: 0, target: .init(portfolioID: portfolio.id, marketID: "m", tokenID: "t", outcome: "YES", signalID: nil),
                entryScore: nil, on: db)
            return try db.execute("SELECT id FROM portfolio_positions WHERE token_id = 't'")[0].decode("id")
        }
        let paid = try pool.withTransaction { db in
            try db.execute("SELECT 1 FROM portfolios WHERE id = \(portfolio.id) FOR UPDATE")
            return try Bookkeeping.recordSettlement(positionID: positionID, portfolioID: portfolio.id, outcome: { _ in nil }, on: db)
        }
        #expect(paid == nil)
        let row = try pool.execute("SELECT status, settlement_note FROM portfolio_positions WHERE id = \(positionID)")[0]
        #expect(try row.decode("status", as: String.self) == "open")
        #expect((try row.decodeIfPresent("settlement_note", as: String.self) ?? "").hasPrefix("awaiting resolution"))
        #expect(try pool.execute("SELECT count(*) AS n FROM settlements")[0].decode("n", as: Int.self) == 0)
        #expect(
            try pool.execute("SELECT current_balance AS v FROM portfolios WHERE id = \(portfolio.id)")[0].decode("v", as: Decimal.self)
                == 100 - fill.notional)
    }
}
