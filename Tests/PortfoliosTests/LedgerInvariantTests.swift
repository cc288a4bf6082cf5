import Foundation
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Trading

/// Hundreds of random sequences of buys, sells, price moves and settlements across several
/// portfolios, on a real database through the same `Bookkeeping` the executor and the settlement
/// pass use. The books are the recorded CLOB books, shifted by random whole ticks as prices move.
/// After every sequence, for every portfolio, exactly: cash = Σ ledger = the cash this test
/// computed on its own, realised P&L = the test's own average-cost tally, unrealised P&L = the
/// test's Σ shares × mark − cost, and initial + realised P&L (gross of fees) − fees = cash + cost basis.
@Suite("Books stay exact under random trading", .serialized, .tags(.database))
struct LedgerInvariantTests {
    static let seed: UInt64 = 0x5EED_2026
    static let sequences = 300

    /// The test's own model of one portfolio.
    struct Model {
        let id: PortfolioID
        let initial: Decimal
        var cash: Decimal
        var realized: Decimal = 0
        var fees: Decimal = 0
        /// Open positions by token: shares, cost basis and the last mark, all tracked here.
        var positions: [String: Holding] = [:]

        /// Σ shares × mark − cost over the open positions.
        var unrealized: Decimal { positions.values.reduce(0) { $0 + $1.shares * $1.mark - $1.cost } }
    }

    struct Holding {
        var shares: Decimal
        var cost: Decimal
        var mark: Decimal
    }

    /// Average cost, computed in integers: the cost basis leaving with `sold` of `shares` is
    /// cost × sold / shares rounded half up to the micro-dollar, or all of it when none remain.
    static func costRemoved(cost: Decimal, shares: Decimal, sold: Decimal) -> Decimal {
        if sold == shares { return cost }
        let micros = NSDecimalNumber(decimal: cost * 1_000_000).int64Value
        let held = NSDecimalNumber(decimal: shares * 100).int64Value
        let taken = NSDecimalNumber(decimal: sold * 100).int64Value
        let removed = (2 * micros * taken + held) / (2 * held)
        return Decimal(removed) / 1_000_000
    }

    @Test func randomSequences_keepEveryPortfolioExactlyReconciled() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 2)
        defer { pool.close() }
        let repository = PortfolioRepository(pool: pool)
        var rng = SplitMixGenerator(seed: Self.seed)
        let recorded = try BookWalkTests.recordedBooks().map(\.book).filter { !$0.asks.isEmpty && !$0.bids.isEmpty }
        try #require(recorded.count >= 4)
        var models: [Model] = []
        for (index, balance) in ["1000", "2500.5", "777.77", "10000"].enumerated() {
            let initial = Decimal(string: balance)!
            let portfolio = try repository.create(
                name: "Random \(index)", type: .momentum, config: StrategyConfig(), initialBalance: initial)
            models.append(Model(id: portfolio.id, initial: initial, cash: initial))
        }
        // Each market: a recorded book for YES, its tick offset (the price walk), a fee rate and exponent.
        struct Market {
            let id: String
            let book: OrderBook
            var shift: Int
            let rate: Decimal
            let exponent: Int
            var resolved = false
        }
        let rates = Array(TakerFee.categoryRates.values) + [Decimal(string: "0.0625")!]
        var markets = recorded.prefix(12).enumerated().map { index, book in
            Market(
                id: "m\(index)", book: book, shift: 0, rate: rates[Int.random(in: 0..<rates.count, using: &rng)],
                exponent: Int.random(in: 1...2, using: &rng))
        }
        var counts = (buys: 0, sells: 0, settlements: 0, moves: 0, closedBySell: 0)
        for _ in 0..<Self.sequences {
            for _ in 0..<Int.random(in: 2...8, using: &rng) {
                let p = Int.random(in: 0..<models.count, using: &rng)
                let roll = Int.random(in: 0..<100, using: &rng)
                let open = markets.indices.filter { !markets[$0].resolved }
                guard let m = open.randomElement(using: &rng) else { break }
                let book = Self.shifted(markets[m].book, by: markets[m].shift)
                if roll < 45 {
                    let dollars = Decimal(Int.random(in: 1...40_000, using: &rng)) / 100
                    let limit = book.asks.map(\.price).min()! + Decimal(Int.random(in: 0...5, using: &rng)) / 100
                    let fill = BookWalk.buy(book, dollars: dollars, limit: limit)
                    let fee = TakerFee.fee(fill, rate: markets[m].rate, exponent: markets[m].exponent)
                    guard fill.shares > 0, fill.notional + fee <= models[p].cash else { continue }
                    try pool.withTransaction { db in
                        try db.execute("SELECT 1 FROM portfolios WHERE id = \(models[p].id) FOR UPDATE")
                        try Bookkeeping.recordBuy(
                            fill, fee: fee,
                            target: .init(
                                portfolioID: models[p].id, marketID: MarketID(markets[m].id), tokenID: TokenID("yes-\(markets[m].id)"),
                                outcome: "YES",
                                signalID: nil),
                            entryScore: 1, on: db)
                    }
                    models[p].cash -= fill.notional + fee
                    models[p].fees += fee
                    let token = "yes-\(markets[m].id)"
                    if var holding = models[p].positions[token] {
                        holding.shares += fill.shares
                        holding.cost += fill.notional
                        models[p].positions[token] = holding
                    } else {
                        // A new position is marked at its own average fill price.
                        models[p].positions[token] = Holding(
                            shares: fill.shares, cost: fill.notional, mark: (fill.notional / fill.shares).rounded(scale: 6))
                    }
                    counts.buys += 1
                } else if roll < 75 {
                    let sold = try pool.withTransaction { db -> (Fill, Decimal, Bookkeeping.SellResult)? in
                        try db.execute("SELECT 1 FROM portfolios WHERE id = \(models[p].id) FOR UPDATE")
                        guard
                            let position = try Bookkeeping.openPosition(portfolioID: models[p].id, tokenID: "yes-\(markets[m].id)", on: db)
                        else {
                            return nil
                        }
                        // Sometimes all of it, sometimes an odd fraction.
                        let wanted =
                            Bool.random(using: &rng)
                            ? position.shares
                            : (position.shares * Decimal(Int.random(in: 1...99, using: &rng)) / 100).rounded(scale: 2, .down)
                        let limit = max(
                            Decimal(string: "0.001")!, book.bids.map(\.price).max()! - Decimal(Int.random(in: 0...5, using: &rng)) / 100)
                        let fill = BookWalk.sell(book, shares: wanted, limit: limit)
                        guard fill.shares > 0 else { return nil }
                        let fee = TakerFee.fee(fill, rate: markets[m].rate, exponent: markets[m].exponent)
                        let result = try Bookkeeping.recordSell(
                            fill, fee: fee, from: position, signalID: nil, portfolioID: models[p].id, on: db)
                        return (fill, fee, result)
                    }
                    guard let (fill, fee, result) = sold else { continue }
                    let token = "yes-\(markets[m].id)"
                    var holding = try #require(models[p].positions[token])
                    let removed = Self.costRemoved(cost: holding.cost, shares: holding.shares, sold: fill.shares)
                    #expect(result.costRemoved == removed)
                    #expect(result.realizedPnl == fill.notional - removed)
                    holding.shares -= fill.shares
                    holding.cost -= removed
                    models[p].positions[token] = holding.shares == 0 ? nil : holding
                    models[p].cash += fill.notional - fee
                    models[p].fees += fee
                    models[p].realized += fill.notional - removed
                    counts.sells += 1
                    if result.closed { counts.closedBySell += 1 }
                } else if roll < 92 {
                    // A price move: the book shifts by whole ticks and the positions are marked at its mid.
                    markets[m].shift += Int.random(in: -3...3, using: &rng)
                    let moved = Self.shifted(markets[m].book, by: markets[m].shift)
                    let mid = (moved.bids.map(\.price).max()! + moved.asks.map(\.price).min()!) / 2
                    let token = "yes-\(markets[m].id)"
                    let holders = models.indices.filter { models[$0].positions[token] != nil }
                    let marked = try pool.withTransaction { db in
                        try MarkToMarket.apply(
                            [.init(tokenID: TokenID(token), marketID: MarketID(markets[m].id), price: mid)], snapshotAt: nil, on: db)
                    }
                    #expect(marked.portfolios == holders.count)
                    for index in holders { models[index].positions[token]!.mark = mid }
                    counts.moves += 1
                } else {
                    // Settlement: YES, NO or void; the second pass must pay nothing.
                    let outcome: Bookkeeping.SettlementOutcome = [.won, .lost, .void][Int.random(in: 0...2, using: &rng)]
                    markets[m].resolved = true
                    // A new market lists in its place.
                    markets.append(
                        Market(
                            id: "m\(markets.count)", book: recorded[markets.count % recorded.count], shift: 0,
                            rate: rates[Int.random(in: 0..<rates.count, using: &rng)], exponent: Int.random(in: 1...2, using: &rng)))
                    for pass in 0..<2 {
                        let positions = try pool.execute(
                            "SELECT id, portfolio_id FROM portfolio_positions WHERE token_id = \("yes-\(markets[m].id)") AND status = 'open'"
                        ).rows
                        #expect(pass == 0 || positions.isEmpty)
                        for row in positions {
                            let portfolioID: PortfolioID = try row.decode("portfolio_id")
                            let positionID: Int64 = try row.decode("id")
                            let before = try pool.execute("SELECT shares, cost_basis FROM portfolio_positions WHERE id = \(positionID)")[0]
                            let shares: Decimal = try before.decode("shares")
                            let cost: Decimal = try before.decode("cost_basis")
                            let paid = try pool.withTransaction { db in
                                try db.execute("SELECT 1 FROM portfolios WHERE id = \(portfolioID) FOR UPDATE")
                                return try Bookkeeping.recordSettlement(
                                    positionID: positionID, portfolioID: portfolioID, outcome: { _ in outcome }, on: db)
                            }
                            let expected = outcome == .won ? shares : outcome == .void ? cost : 0
                            #expect(paid == expected)
                            let index = models.firstIndex { $0.id == portfolioID }!
                            let held = try #require(models[index].positions["yes-\(markets[m].id)"])
                            #expect(held.shares == shares && held.cost == cost)
                            models[index].positions["yes-\(markets[m].id)"] = nil
                            models[index].cash += expected
                            models[index].realized += expected - cost
                            counts.settlements += 1
                            // Settling the same position again pays nothing.
                            let again = try pool.withTransaction { db in
                                try Bookkeeping.recordSettlement(
                                    positionID: positionID, portfolioID: portfolioID, outcome: { _ in outcome }, on: db)
                            }
                            #expect(again == nil)
                        }
                    }
                }
            }
            for model in models { try Self.expectExact(model, pool: pool) }
        }
        // The run exercised every kind of step, many times.
        #expect(
            counts.buys > 100 && counts.sells > 50 && counts.settlements > 5 && counts.moves > 50 && counts.closedBySell > 5, "\(counts)")
    }

    /// Every identity, exactly, against both the database's own reconciliation and this test's model.
    static func expectExact(_ model: Model, pool: PostgresPool) throws {
        let portfolio = try #require(try PortfolioRepository(pool: pool).find(id: model.id))
        let reconciliation = try Reconciliation.run(portfolio, pool: pool)
        #expect(reconciliation.differences.isEmpty, "\(reconciliation.differences)")
        #expect(portfolio.currentBalance == model.cash)
        #expect(reconciliation.ledger_sum == model.cash)
        #expect(portfolio.realizedPnl == model.realized)
        #expect(portfolio.feesPaid == model.fees)
        let basis = try pool.execute(
            "SELECT COALESCE(sum(cost_basis), 0) AS v FROM portfolio_positions WHERE portfolio_id = \(model.id) AND status = 'open'"
        )[0].decode("v", as: Decimal.self)
        #expect(model.initial + model.realized - model.fees == model.cash + basis)
        #expect(basis == model.positions.values.reduce(0) { $0 + $1.cost })
        // The stored unrealised P&L is the sum over the open positions, never a stale figure.
        #expect(portfolio.unrealizedPnl == model.unrealized, "portfolio \(model.id)")
        #expect(portfolio.equity == model.cash + model.positions.values.reduce(0) { $0 + $1.shares * $1.mark })
    }

    /// The book with every level moved by `ticks` of 0.01, keeping levels strictly inside (0, 1).
    static func shifted(_ book: OrderBook, by ticks: Int) -> OrderBook {
        let delta = Decimal(ticks) / 100
        var moved = book
        func move(_ levels: [OrderBook.Level]) -> [OrderBook.Level] {
            levels.compactMap { level in
                let price = level.price + delta
                return price > 0 && price < 1 ? OrderBook.Level(price: price, size: level.size) : nil
            }
        }
        moved.bids = move(book.bids)
        moved.asks = move(book.asks)
        if moved.bids.isEmpty { moved.bids = [.init(price: Decimal(string: "0.01")!, size: 100)] }
        if moved.asks.isEmpty { moved.asks = [.init(price: Decimal(string: "0.99")!, size: 100)] }
        return moved
    }
}
