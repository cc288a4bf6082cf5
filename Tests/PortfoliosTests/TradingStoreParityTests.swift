import Contracts
import Foundation
import Logging
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Trading

/// The in-memory store is only worth its speed if it books what PostgreSQL books: the same
/// seeded signals go through the same executor on both stores, and every portfolio's money,
/// ledger, trades and positions must come out equal, to the micro-dollar.
@Suite("Trading stores agree", .tags(.database))
struct TradingStoreParityTests {
    static let tokens = ["p-a", "p-b", "p-c"]

    /// A quote source serving one fixed set of books.
    struct Books: QuoteSource {
        let books: [String: OrderBook]
        func books(tokenIDs: [String]) throws -> [OrderBook] { tokenIDs.compactMap { books[$0] } }
        func midpoints(tokenIDs: [String]) throws -> [String: Decimal] { [:] }
    }

    /// `text` with the signal ids of a group's refusal masked (they differ between the stores).
    static func withoutIDs(_ text: String) -> String {
        text.replacingOccurrences(of: #"leg [0-9]+"#, with: "leg #", options: .regularExpression)
    }

    @Test func theSameSignals_bookTheSameMoneyInPostgresAndInMemory() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 2)
        defer { pool.close() }
        // One market per token (a cycle holds one signal per market and action): two in politics
        // with fees at 0.03 (exponent 1), one in sports at 0.0625 (exponent 2).
        try pool.execute(
            """
            INSERT INTO markets (id, condition_id, category, fees_enabled, fee_rate, fee_exponent, fee_source, tick_size, raw)
            VALUES ('pm-a', '0x1', 'politics', true, 0.03, 1, 'fee_schedule', 0.01, '{}'),
                   ('pm-b', '0x2', 'politics', true, 0.03, 1, 'fee_schedule', 0.01, '{}'),
                   ('pm-c', '0x3', 'sports', true, 0.0625, 2, 'fee_schedule', 0.01, '{}')
            """)
        let postgres = PostgresTradingStore(pool: pool)
        let memory = InMemoryTradingStore()
        for (id, terms) in try postgres.marketTerms(["pm-a", "pm-b", "pm-c"]) { memory.addMarket(id, terms: terms) }
        #expect(try memory.marketTerms(["pm-a", "pm-b", "pm-c"]).count == 3)
        var portfolios: [(Portfolio, Portfolio)] = []
        for balance in ["1000", "250.5"] {
            let initial = Decimal(string: balance)!
            let stored = try PortfolioRepository(pool: pool).create(
                name: "parity \(balance)", type: .momentum, config: StrategyConfig(), initialBalance: initial)
            let inMemory = Portfolio(
                id: memory.openAccount(initialBalance: initial), name: stored.name, strategyType: .momentum,
                strategyConfig: stored.strategyConfig, initialBalance: initial)
            portfolios.append((stored, inMemory))
        }
        var random = SplitMixGenerator(seed: 2026)
        let logger = Logger(label: "parity")
        for step in 0..<12 {
            var books: [String: OrderBook] = [:]
            for token in Self.tokens {
                let mid = Int.random(in: 15...85, using: &random)
                books[token] = OrderBook.make(
                    token: token, market: "pm", asks: [(Decimal(mid + 1) / 100, 120), (Decimal(mid + 4) / 100, 400)],
                    bids: [(Decimal(mid - 1) / 100, 150)])
            }
            // Halfway, the second portfolio is halted in both stores: it may only sell from then on.
            if step == 6 {
                try pool.execute("UPDATE portfolios SET status = 'halted' WHERE id = \(portfolios[1].0.id)")
                memory.setStatus(.halted, of: portfolios[1].1.id)
                portfolios[1].0.status = .halted
                portfolios[1].1.status = .halted
            }
            var signals: [(Int, TradingSignal)] = []
            // Each step the first portfolio also buys a two-leg group (cycle g-…): both legs or neither.
            for (leg, token) in ["p-a", "p-c"].enumerated() {
                let signal = TradingSignal.make(
                    .buyYes, amount: Decimal(Int.random(in: 5...200, using: &random)), limit: Decimal(string: "0.95")!,
                    portfolio: portfolios[0].0.id, cycle: "g-\(step)", market: leg == 0 ? "pm-a" : "pm-c", token: TokenID(token),
                    group: "group-\(step)", reason: "parity group")
                signals.append((0, signal))
            }
            for (index, token) in Self.tokens.enumerated() {
                for (owner, (stored, _)) in portfolios.enumerated() {
                    let buys = Bool.random(using: &random)
                    signals.append(
                        (
                            owner,
                            TradingSignal.make(
                                buys ? .buyYes : .sellYes, amount: Decimal(Int.random(in: 5...90, using: &random)),
                                limit: buys ? Decimal(string: "0.95")! : Decimal(string: "0.05")!, portfolio: stored.id,
                                cycle: "c-\(step)", market: ["pm-a", "pm-b", "pm-c"][index], token: TokenID(token), reason: "parity")
                        ))
                }
            }
            _ = try SignalRepository(pool: pool).store(signals.map(\.1))
            for (owner, signal) in signals {
                var copy = signal
                copy.portfolioID = portfolios[owner].1.id
                try memory.addSignal(copy)
            }
            let quotes = Books(books: books)
            for cycle: CycleID in ["g-\(step)", "c-\(step)"] {
                let viaPostgres = try SignalExecutor(store: postgres, quotes: quotes, logger: logger).execute(
                    portfolios.map { ($0.0, cycle) })
                let viaMemory = try SignalExecutor(store: memory, quotes: quotes, logger: logger).execute(
                    portfolios.map { ($0.1, cycle) })
                for (stored, inMemory) in portfolios {
                    let a = try viaPostgres[stored.id]!.get()
                    let b = try viaMemory[inMemory.id]!.get()
                    #expect(a.tradesExecuted == b.tradesExecuted && a.signalsRejected == b.signalsRejected, "\(cycle)")
                    #expect(
                        (a.rejections ?? []).map { Self.withoutIDs($0.reason) } == (b.rejections ?? []).map { Self.withoutIDs($0.reason) })
                }
            }
        }
        // Every signal ended the same way in both stores (ids differ between them, so reasons are
        // compared without their numbers).
        let storedSignals = try pool.execute("SELECT status, status_reason FROM trading_signals ORDER BY id").rows.map {
            "\(try $0.decode("status", as: String.self)) \(Self.withoutIDs(try $0.decodeIfPresent("status_reason", as: String.self) ?? ""))"
        }
        let memorySignals = memory.allSignals().map { "\($0.status.rawValue) \(Self.withoutIDs($0.statusReason ?? ""))" }
        #expect(storedSignals == memorySignals)
        #expect(storedSignals.contains { $0.hasPrefix("rejected group") } && storedSignals.contains { $0.hasPrefix("executed") })
        var executed = 0
        for (stored, inMemory) in portfolios {
            let money = try postgres.money(of: [stored.id])[stored.id]
            #expect(money == (try memory.money(of: [inMemory.id])[inMemory.id]))
            let ledger = try pool.execute("SELECT kind, amount, balance_after FROM ledger WHERE portfolio_id = \(stored.id) ORDER BY id")
                .rows
            let memoryLedger = memory.ledger(of: inMemory.id)
            #expect(try ledger.map { try $0.decode("kind", as: String.self) } == memoryLedger.map(\.kind))
            #expect(try ledger.map { try $0.decode("amount", as: Decimal.self) } == memoryLedger.map(\.amount))
            #expect(try ledger.map { try $0.decode("balance_after", as: Decimal.self) } == memoryLedger.map(\.balanceAfter))
            let positions = try pool.execute(
                "SELECT token_id, shares, cost_basis, unrealized_pnl, realized_pnl, status FROM portfolio_positions WHERE portfolio_id = \(stored.id) ORDER BY id"
            ).rows
            let memoryPositions = memory.positions(of: inMemory.id)
            #expect(try positions.map { try $0.decode("token_id", as: TokenID.self) } == memoryPositions.map(\.tokenID))
            #expect(try positions.map { try $0.decode("shares", as: Decimal.self) } == memoryPositions.map(\.shares))
            #expect(try positions.map { try $0.decode("cost_basis", as: Decimal.self) } == memoryPositions.map(\.costBasis))
            #expect(try positions.map { try $0.decode("unrealized_pnl", as: Decimal.self) } == memoryPositions.map(\.unrealizedPnl))
            #expect(try positions.map { try $0.decode("realized_pnl", as: Decimal.self) } == memoryPositions.map(\.realizedPnl))
            #expect(try positions.map { try $0.decode("status", as: String.self) == "open" } == memoryPositions.map(\.isOpen))
            executed += memory.trades(of: inMemory.id).count
            let trades = try pool.execute(
                """
                SELECT side, token_id, shares, price, amount, fee, cost_removed, realized_pnl FROM trades
                WHERE portfolio_id = \(stored.id) ORDER BY id
                """
            ).rows.map { row in
                "\(try row.decode("side", as: String.self)) \(try row.decode("token_id", as: String.self)) "
                    + "\(try row.decode("shares", as: Decimal.self)) \(try row.decode("price", as: Decimal.self)) "
                    + "\(try row.decode("amount", as: Decimal.self)) \(try row.decode("fee", as: Decimal.self)) "
                    + "\(try row.decode("cost_removed", as: Decimal.self)) \(try row.decode("realized_pnl", as: Decimal.self))"
            }
            #expect(
                trades
                    == memory.trades(of: inMemory.id).map {
                        "\($0.side) \($0.tokenID) \($0.shares) \($0.price) \($0.amount) \($0.fee) \($0.costRemoved) \($0.realizedPnl)"
                    })
        }
        // The comparison means something only if both sides traded and sold.
        #expect(executed >= 20)
        #expect(portfolios.contains { memory.trades(of: $0.1.id).contains { $0.side == .sell } })
    }
}
