import BacktestsService
import Foundation
import HTTPServer
import Logging
import OrchestratorService
import PaperTradingService
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Trading
import WalletsService

/// What each service keeps of the tables it owns, and what goes: rows planted at known ages on a
/// real database, each rule's survivors counted by hand.
@Suite("Retention", .serialized, .tags(.database))
struct RetentionTests {
    static func backtests() throws -> InProcessService {
        try InProcessService.make(name: "backtests", environment: ["RETENTION_INTERVAL_S": "0"]) {
            try BacktestsService.routes(context: $0)
        }
    }

    func count(_ pool: PostgresPool, _ sql: String) throws -> Int {
        try pool.execute(PostgresQuery(unsafeSQL: sql))[0].decode("n", as: Int.self)
    }

    @Test func marketSnapshots_olderThanTheirDaysByTheMarketClock_go() throws {
        let service = try Self.backtests()
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        // The market clock of a simulated world: its snapshots carry its time, not the wall clock's.
        let now = Date(timeIntervalSince1970: 1_773_261_000)  // 2026-03-11T20:30Z
        for days in [120.0, 91, 89, 1] {
            try pool.execute(
                "INSERT INTO market_snapshots (market_id, token_id, price, source, captured_at) VALUES ('m', 't', 0.5, 'test', \(now.addingTimeInterval(-days * 86_400)))"
            )
        }
        #expect(try MarketSnapshotRetention(pool: pool, days: 90).prune(now: now) == 2)
        #expect(try count(pool, "SELECT count(*) AS n FROM market_snapshots") == 2)
    }

    @Test func cyclesGo_andOldHistoryIsThinnedToTheLastRowOfEachDay() throws {
        let service = try Self.backtests()
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        let id: Int64 = try pool.execute(
            "INSERT INTO portfolios (name, strategy_type, initial_balance, current_balance) VALUES ('Kept', 'momentum', 100, 100) RETURNING id"
        )[0].decode("id")
        for (cycle, daysAgo) in [("old", 100.0), ("new", 5)] {
            try pool.execute(
                """
                INSERT INTO trading_cycles (id, portfolio_id, status, started_at, finished_at)
                VALUES (\(cycle), \(id), 'succeeded', now() - make_interval(secs => \(daysAgo * 86_400)), now() - make_interval(secs => \(daysAgo * 86_400)))
                """)
            try pool.execute(
                "INSERT INTO cycle_steps (cycle_id, step, position, status) VALUES (\(cycle), 'generate_signals', 1, 'succeeded')")
        }
        // The session's zone is Los Angeles, so a day counted in it rather than in UTC shows.
        try pool.execute("SET TIME ZONE 'America/Los_Angeles'")
        // Five rows on one UTC day 40 days ago (equity 100, a peak of 105, a trough of 95, 101, and
        // 102 last, at 23:30 UTC: the next day in Los Angeles' reckoning), two on a day 2 days ago.
        let oldDay = "(date_trunc('day', now() AT TIME ZONE 'UTC') - interval '40 days') AT TIME ZONE 'UTC'"
        let recentDay = "(date_trunc('day', now() AT TIME ZONE 'UTC') - interval '2 days') AT TIME ZONE 'UTC'"
        let rows = [
            ("\(oldDay) + interval '1 hour'", 100), ("\(oldDay) + interval '6 hours'", 105), ("\(oldDay) + interval '12 hours'", 95),
            ("\(oldDay) + interval '18 hours'", 101), ("\(oldDay) + interval '23 hours 30 minutes'", 102),
            ("\(recentDay) + interval '1 hour'", 103), ("\(recentDay) + interval '2 hours'", 104),
        ]
        for (index, (at, balance)) in rows.enumerated() {
            try pool.execute(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO portfolio_history (portfolio_id, cycle_id, balance, total_invested, positions_value, realized_pnl,
                            unrealized_pnl, total_pnl, open_positions, captured_at)
                        VALUES (\(id), 'c\(index)', \(balance), 0, 0, 0, 0, 0, 0, \(at))
                        """))
        }
        let outcome = try OrchestratorRetention(pool: pool, cycleDays: 90, fullHistoryDays: 30).run()
        #expect(outcome == .init(cyclesDeleted: 1, historyRowsThinned: 2))
        #expect(try count(pool, "SELECT count(*) AS n FROM trading_cycles WHERE id = 'new'") == 1)
        #expect(try count(pool, "SELECT count(*) AS n FROM cycle_steps") == 1)
        // The old UTC day keeps its peak (105), its trough (95) and its last row (102): the drawdown
        // breaker's peak and the report's drawdown are unchanged. The recent day keeps both rows.
        let balances: [Int] = try pool.execute("SELECT balance::int AS b FROM portfolio_history ORDER BY captured_at").rows.map {
            try $0.decode("b")
        }
        #expect(balances == [105, 95, 102, 103, 104])
    }

    @Test func populationFits_olderThanTheirDaysGo_theNewestStays() throws {
        let service = try Self.backtests()
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        for daysAgo in [200, 150, 100] {
            try pool.execute(
                "INSERT INTO wallet_population_fits (wallets, k, skill_variance, noise_variance, fitted_at) VALUES (1, 1, 1, 1, now() - make_interval(days => \(daysAgo)))"
            )
        }
        #expect(try WalletsRetention.pruneFits(pool: pool, olderThanDays: 90) == 2)
        #expect(try count(pool, "SELECT count(*) AS n FROM wallet_population_fits") == 1)
        try pool.execute("INSERT INTO wallet_population_fits (wallets, k, skill_variance, noise_variance) VALUES (1, 1, 1, 1)")
        #expect(try WalletsRetention.pruneFits(pool: pool, olderThanDays: 90) == 1)
        #expect(try count(pool, "SELECT count(*) AS n FROM wallet_population_fits WHERE fitted_at > now() - interval '1 day'") == 1)
    }

    @Test func aRunsSchemaIsDroppedAfterItsHours_itsRowAfterItsDays_andAtOnceWhenDeleted() throws {
        let service = try Self.backtests()
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        func plant(_ id: String, status: String, finishedHoursAgo: Double?) throws {
            try pool.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA backtest_\(id)"))
            try pool.execute(
                """
                INSERT INTO backtest_runs (id, strategy, settings, status, schema_name, finished_at)
                VALUES (\(id), 'weather', '{}'::jsonb, \(status), \("backtest_" + id),
                        now() - make_interval(secs => \(finishedHoursAgo.map { $0 * 3_600 })))
                """)
        }
        func schemas() throws -> Set<String> {
            Set(
                try pool.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'backtest\\_%'").rows.map { try $0.decode("nspname") }
            )
        }
        try plant("fresh", status: "succeeded", finishedHoursAgo: 2)
        try plant("dayold", status: "succeeded", finishedHoursAgo: 30)
        try plant("ancient", status: "failed", finishedHoursAgo: 24 * 40)
        try plant("running", status: "running", finishedHoursAgo: nil)
        try plant("deleted", status: "succeeded", finishedHoursAgo: 1)
        #expect(service.request("DELETE", "/backtests/deleted").status == .conflict, "a finished run is removed only on purge")
        for bad in ["purge=maybe", "purge=%00", "purge=\(String(repeating: "1", count: 5_000))"] {
            #expect(service.request("DELETE", "/backtests/deleted?\(bad)").errorCode == "invalid_parameter", "\(bad)")
        }
        #expect(service.request("DELETE", "/backtests/nothinghere?purge=true").status == .notFound)
        #expect(service.request("DELETE", "/tuner-runs/nothinghere?purge=true").status == .notFound)
        #expect(service.request("DELETE", "/backtests/not-an-id?purge=true").errorCode == "invalid_parameter")
        let deleted = service.request("DELETE", "/backtests/deleted?purge=true")
        #expect(deleted.status == .ok && deleted.text.contains("deleted"), "\(deleted.text)")
        #expect(try !schemas().contains("backtest_deleted"))
        #expect(service.request("GET", "/backtests/deleted").status == .notFound)

        let outcome = try BacktestRetention(pool: pool, schemaHours: 24, runDays: 30).run()
        #expect(outcome == .init(schemasDropped: 2, runsDeleted: 1))
        #expect(try schemas() == ["backtest_fresh", "backtest_running"])
        let kept: [String] = try pool.execute("SELECT id FROM backtest_runs ORDER BY id").rows.map { try $0.decode("id") }
        #expect(kept == ["dayold", "fresh", "running"])
        #expect(try count(pool, "SELECT count(*) AS n FROM backtest_runs WHERE id = 'dayold' AND schema_dropped_at IS NOT NULL") == 1)
    }
}

/// Execution's and settlement's upstream calls are the critical ones of the rate budget: a quote
/// source that records the priority it was called under sees `critical` from the executor.
@Suite("Rate budget wiring", .tags(.database))
struct RateBudgetWiringTests {
    final class RecordingQuotes: QuoteSource, Sendable {
        let seen = Locked<[RequestPriority]>([])
        func books(tokenIDs: [String]) throws -> [OrderBook] {
            seen.mutate { $0.append(RequestPriority.current) }
            return []
        }
        func midpoints(tokenIDs: [String]) throws -> [String: Decimal] { [:] }
    }

    @Test func theExecutorFetchesItsBooksAsCritical() throws {
        let service = try InProcessService.make(name: "paper-trading", environment: ["PRICE_UPDATE_INTERVAL_S": "3600"]) {
            try PaperTradingService.routes(context: $0)
        }
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 2)
        defer { pool.close() }
        let id: PortfolioID = try pool.execute(
            "INSERT INTO portfolios (name, strategy_type, initial_balance, current_balance) VALUES ('Wired', 'momentum', 100, 100) RETURNING id"
        )[0].decode("id")
        try pool.execute(
            """
            INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason)
            VALUES (\(id), 'c', 'm', 't', 'buy_yes', 10, 0.5, 0.8, 'wiring')
            """)
        let quotes = RecordingQuotes()
        let executor = SignalExecutor(pool: pool, quotes: quotes, logger: Logger(label: "test"))
        let portfolio = try #require(try PortfolioRepository(pool: pool).find(id: id))
        _ = try? executor.execute(portfolio: portfolio, cycleID: "c")
        #expect(quotes.seen.value == [.critical])
        #expect(RequestPriority.current == .normal, "the mark does not outlive the call")
    }
}
