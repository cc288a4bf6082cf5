import BacktestsService
import Foundation
import OrchestratorService
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import WalletsService

/// What each service keeps of the tables it owns, and what goes: rows planted at known ages on a
/// real database, each rule's survivors counted by hand.
@Suite("Retention", .serialized)
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
            try pool.execute("INSERT INTO cycle_steps (cycle_id, step, position, status) VALUES (\(cycle), 'strategy', 1, 'succeeded')")
        }
        // Three rows on one day 40 days ago (noon, 18:00, 23:00 UTC), two on a day 2 days ago.
        let oldDay = "date_trunc('day', now() - interval '40 days')"
        let recentDay = "date_trunc('day', now() - interval '2 days')"
        for (index, at) in [
            "\(oldDay) + interval '12 hours'", "\(oldDay) + interval '18 hours'", "\(oldDay) + interval '23 hours'",
            "\(recentDay) + interval '1 hour'", "\(recentDay) + interval '2 hours'",
        ].enumerated() {
            try pool.execute(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO portfolio_history (portfolio_id, cycle_id, balance, total_invested, positions_value, realized_pnl,
                            unrealized_pnl, total_pnl, open_positions, captured_at)
                        VALUES (\(id), 'c\(index)', \(100 + index), 0, 0, 0, 0, 0, 0, \(at))
                        """))
        }
        let outcome = try OrchestratorRetention(pool: pool, cycleDays: 90, fullHistoryDays: 30).run()
        #expect(outcome == .init(cyclesDeleted: 1, historyRowsThinned: 2))
        #expect(try count(pool, "SELECT count(*) AS n FROM trading_cycles WHERE id = 'new'") == 1)
        #expect(try count(pool, "SELECT count(*) AS n FROM cycle_steps") == 1)
        // The old day keeps its last row (balance 102); the recent day keeps both.
        let balances: [Int] = try pool.execute("SELECT balance::int AS b FROM portfolio_history ORDER BY captured_at").rows.map {
            try $0.decode("b")
        }
        #expect(balances == [102, 103, 104])
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
        let deleted = service.request("DELETE", "/backtests/deleted")
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
