import Foundation
import Postgres
import Trading

/// What the orchestrator keeps of its own tables: cycles (and their steps) for `cycleDays`, and
/// portfolio history whole for `fullHistoryDays`, then thinned to three rows a day per portfolio
/// (the day's last, highest and lowest equity).
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
}

/// The orchestrator's retention pass (`RETENTION_INTERVAL_S`, hourly; 0 off): cycles older than
/// `CYCLE_RETENTION_DAYS` (90) go, portfolio history older than `HISTORY_FULL_DAYS` (30) is thinned
/// to each day's last, highest and lowest equity.
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
        // Batches until one comes back short (at most 50 a pass), so a backlog is cleared.
        var cyclesDeleted = 0
        for _ in 0..<50 {
            let batch = try cycles.pruneCycles(olderThanDays: cycleDays)
            cyclesDeleted += batch
            if batch < 10_000 { break }
        }
        return Outcome(
            cyclesDeleted: cyclesDeleted, historyRowsThinned: try EquityHistory.thin(olderThanDays: fullHistoryDays, pool: cycles.pool))
    }
}
