import Foundation
import Postgres

/// What the orchestrator keeps of its own tables: cycles (and their steps) for `cycleDays`, and
/// portfolio history whole for `fullHistoryDays`, then thinned to each portfolio's last row of
/// every day (an equity curve by the day; the drawdown and Sharpe read daily points anyway).
extension CycleRepository {
    /// Deletes cycles that finished more than `days` ago, with their steps; at most `limit` a call.
    func pruneCycles(olderThanDays days: Double, limit: Int = 10_000) throws -> Int {
        try pool.withTransaction { transaction in
            try transaction.execute(
                """
                WITH old AS (
                    SELECT id FROM trading_cycles
                    WHERE finished_at < now() - make_interval(secs => \(days * 86_400)) ORDER BY finished_at LIMIT \(limit)),
                steps AS (DELETE FROM cycle_steps s USING old WHERE s.cycle_id = old.id)
                DELETE FROM trading_cycles c USING old WHERE c.id = old.id
                """
            ).affectedRows
        }
    }

    /// Keeps, of the history older than `days`, only each portfolio's last row of each UTC day.
    func downsampleHistory(olderThanDays days: Double) throws -> Int {
        try pool.execute(
            """
            DELETE FROM portfolio_history h
            WHERE h.captured_at < now() - make_interval(secs => \(days * 86_400))
              AND EXISTS (
                SELECT 1 FROM portfolio_history later
                WHERE later.portfolio_id = h.portfolio_id
                  AND (later.captured_at AT TIME ZONE 'UTC')::date = (h.captured_at AT TIME ZONE 'UTC')::date
                  AND (later.captured_at, later.id) > (h.captured_at, h.id))
            """
        ).affectedRows
    }
}

/// The orchestrator's retention pass (`RETENTION_INTERVAL_S`, hourly; 0 off): cycles older than
/// `CYCLE_RETENTION_DAYS` (90) go, portfolio history older than `HISTORY_FULL_DAYS` (30) is thinned
/// to a row a day.
public struct OrchestratorRetention: Sendable {
    public struct Outcome: Sendable, Equatable {
        public let cyclesDeleted: Int
        public let historyRowsThinned: Int

        public init(cyclesDeleted: Int, historyRowsThinned: Int) {
            self.cyclesDeleted = cyclesDeleted
            self.historyRowsThinned = historyRowsThinned
        }
    }

    let cycles: CycleRepository
    let cycleDays: Double
    let fullHistoryDays: Double

    public init(pool: PostgresPool, cycleDays: Double = 90, fullHistoryDays: Double = 30) {
        cycles = CycleRepository(pool: pool)
        self.cycleDays = cycleDays
        self.fullHistoryDays = fullHistoryDays
    }

    public func run() throws -> Outcome {
        Outcome(
            cyclesDeleted: try cycles.pruneCycles(olderThanDays: cycleDays),
            historyRowsThinned: try cycles.downsampleHistory(olderThanDays: fullHistoryDays))
    }
}
