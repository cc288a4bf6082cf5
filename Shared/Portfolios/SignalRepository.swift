import Contracts
import Foundation
import Postgres

/// Storage of trading signals. Signals are unique per (portfolio, cycle, market, action), so a
/// strategy asked twice in one cycle stores each signal once.
public struct SignalRepository: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Stores `signals`; returns how many were new (the rest already existed for this cycle).
    public func store(_ signals: [TradingSignal]) throws -> Int {
        guard !signals.isEmpty else { return 0 }
        return try pool.withTransaction { db in
            var inserted = 0
            for signal in signals {
                inserted += try db.execute(
                    """
                    INSERT INTO trading_signals
                        (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason, shares, group_id)
                    VALUES (\(signal.portfolioID), \(signal.cycleID), \(signal.marketID), \(signal.tokenID),
                            \(signal.action.rawValue), \(signal.amount), \(signal.limitPrice), \(signal.confidence), \(signal.reason),
                            \(signal.shares), \(signal.groupID))
                    ON CONFLICT (portfolio_id, cycle_id, market_id, action) DO NOTHING
                    """
                ).affectedRows
            }
            return inserted
        }
    }

    /// Signals of a portfolio in a cycle.
    public func signals(portfolioID: Int64, cycleID: String) throws -> [TradingSignal] {
        try pool.execute(
            "SELECT * FROM trading_signals WHERE portfolio_id = \(portfolioID) AND cycle_id = \(cycleID) ORDER BY id"
        ).rows.map(TradingSignal.init(row:))
    }

    /// Pending signals of a portfolio, oldest first: of one cycle when `cycleID` is given, else all.
    public func pending(portfolioID: Int64, cycleID: String? = nil) throws -> [TradingSignal] {
        try pool.execute(
            """
            SELECT * FROM trading_signals WHERE portfolio_id = \(portfolioID) AND status = 'pending'
              AND (\(cycleID)::text IS NULL OR cycle_id = \(cycleID))
            ORDER BY id
            """
        ).rows.map(TradingSignal.init(row:))
    }

    /// Moves executed or rejected signals older than `age` seconds to `signal_archives`.
    public func archive(olderThan age: Double) throws -> Int {
        try pool.withTransaction { db in
            try db.execute(
                """
                WITH moved AS (
                    DELETE FROM trading_signals
                    WHERE status <> 'pending' AND created_at < now() - make_interval(secs => \(age))
                    RETURNING *)
                INSERT INTO signal_archives
                    (id, portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason,
                     status, status_reason, created_at, executed_at, shares, group_id)
                SELECT id, portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason,
                       status, status_reason, created_at, executed_at, shares, group_id FROM moved
                """
            ).affectedRows
        }
    }
}
