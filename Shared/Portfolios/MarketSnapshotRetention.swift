import Foundation
import Postgres

/// How long the prices `MarkToMarket` appends to `market_snapshots` are kept: `days` before the
/// market clock's now (the simulated clock in a simulated world, whose snapshots carry its time).
/// Replays read what is kept (`ArchivedHistory`); older prices are gone.
public struct MarketSnapshotRetention: Sendable {
    let pool: PostgresPool
    let days: Double

    public init(pool: PostgresPool, days: Double) {
        self.pool = pool
        self.days = days
    }

    /// Deletes snapshots captured before `now - days`, `batch` at a time until a batch comes back
    /// short (at most `batches`, so a backlog is cleared over a few passes, each statement short);
    /// returns how many.
    @discardableResult
    public func prune(now: Date, batch: Int = 50_000, batches: Int = 40) throws -> Int {
        let cutoff = now.addingTimeInterval(-days * 86_400)
        var removed = 0
        for _ in 0..<batches {
            let count = try pool.execute(
                """
                DELETE FROM market_snapshots WHERE id IN (
                    SELECT id FROM market_snapshots WHERE captured_at < \(cutoff) ORDER BY captured_at LIMIT \(batch))
                """
            ).affectedRows
            removed += count
            if count < batch { break }
        }
        return removed
    }
}
