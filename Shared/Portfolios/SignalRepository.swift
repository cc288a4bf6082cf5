import Contracts
import Foundation
import Postgres
import PrescientCore

/// Storage of trading signals. Signals are unique per (portfolio, cycle, market, action), so a
/// strategy asked twice in one cycle stores each signal once.
public struct SignalRepository: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Stores `signals` in one statement; returns how many were new per portfolio (the rest
    /// already existed for their cycle).
    public func store(_ signals: [TradingSignal]) throws -> [PortfolioID: Int] {
        let inserted = try pool.withConnection { try Self.store(signals, on: $0) }
        var counts: [PortfolioID: Int] = [:]
        for signal in inserted { counts[signal.portfolioID, default: 0] += 1 }
        return counts
    }

    /// Stores `signals` in one statement on `db` (in the caller's transaction, when it has one);
    /// returns the new ones as stored (the rest already existed for their cycle).
    public static func store(_ signals: [TradingSignal], on db: PostgresConnection) throws -> [TradingSignal] {
        guard !signals.isEmpty else { return [] }
        return try db.execute(
            """
            INSERT INTO trading_signals
                (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason, shares, group_id)
            SELECT * FROM unnest(\(signals.map(\.portfolioID))::bigint[], \(signals.map(\.cycleID))::text[],
                \(signals.map(\.marketID))::text[], \(signals.map(\.tokenID))::text[], \(signals.map(\.action.rawValue))::text[],
                \(signals.map(\.amount))::numeric[], \(signals.map(\.limitPrice))::numeric[], \(signals.map(\.confidence))::numeric[],
                \(signals.map(\.reason))::text[], \(signals.map(\.shares))::numeric[], \(signals.map(\.groupID))::text[])
            ON CONFLICT (portfolio_id, cycle_id, market_id, action) DO NOTHING
            RETURNING *
            """
        ).rows.map(TradingSignal.init(row:))
    }

    /// Signals of a portfolio in a cycle.
    public func signals(portfolioID: PortfolioID, cycleID: CycleID) throws -> [TradingSignal] {
        try signals(of: [(portfolioID, cycleID)])[portfolioID] ?? []
    }

    /// Signals of each (portfolio, cycle), by portfolio, oldest first, in one query.
    public func signals(of cycles: [(portfolioID: PortfolioID, cycleID: CycleID)]) throws -> [PortfolioID: [TradingSignal]] {
        guard !cycles.isEmpty else { return [:] }
        let rows = try pool.execute(
            """
            SELECT s.* FROM unnest(\(cycles.map(\.portfolioID))::bigint[], \(cycles.map(\.cycleID))::text[]) AS c(portfolio_id, cycle_id)
            JOIN trading_signals s ON s.portfolio_id = c.portfolio_id AND s.cycle_id = c.cycle_id
            ORDER BY s.id
            """
        ).rows.map(TradingSignal.init(row:))
        return Dictionary(grouping: rows, by: \.portfolioID)
    }

    /// Pending signals of a portfolio, oldest first: of one cycle when `cycleID` is given, else all.
    public func pending(portfolioID: PortfolioID, cycleID: CycleID? = nil) throws -> [TradingSignal] {
        try pending(of: [(portfolioID, cycleID)])[portfolioID] ?? []
    }

    /// Pending signals of each portfolio (of its cycle when one is given, else all), oldest
    /// first, by portfolio, in one query.
    public func pending(of cycles: [(portfolioID: PortfolioID, cycleID: CycleID?)]) throws -> [PortfolioID: [TradingSignal]] {
        guard !cycles.isEmpty else { return [:] }
        let rows = try pool.execute(
            """
            SELECT s.* FROM unnest(\(cycles.map(\.portfolioID))::bigint[], \(cycles.map(\.cycleID))::text[]) AS c(portfolio_id, cycle_id)
            JOIN trading_signals s ON s.portfolio_id = c.portfolio_id AND (c.cycle_id IS NULL OR s.cycle_id = c.cycle_id)
            WHERE s.status = 'pending'
            ORDER BY s.id
            """
        ).rows.map(TradingSignal.init(row:))
        return Dictionary(grouping: rows, by: \.portfolioID)
    }

    /// Marks each signal rejected with its reason if it is still pending, in one statement;
    /// returns the ids it rejected (the others were handled by another call first).
    public func rejectPending(_ refusals: [(id: Int64, reason: String)]) throws -> Set<Int64> {
        guard !refusals.isEmpty else { return [] }
        return Set(
            try pool.execute(
                """
                UPDATE trading_signals s SET status = 'rejected', status_reason = r.reason, executed_at = now()
                FROM unnest(\(refusals.map(\.id))::bigint[], \(refusals.map(\.reason))::text[]) AS r(id, reason)
                WHERE s.id = r.id AND s.status = 'pending'
                RETURNING s.id
                """
            ).rows.map { try $0.decode("id", as: Int64.self) })
    }

    /// Locks the signals of `ids` that are still pending, in id order, for the rest of the
    /// caller's transaction; returns how many there are.
    public static func lockPending(_ ids: [Int64], on db: PostgresConnection) throws -> Int {
        try db.execute("SELECT id FROM trading_signals WHERE id = ANY(\(ids)::bigint[]) AND status = 'pending' ORDER BY id FOR UPDATE")
            .count
    }

    /// Marks one signal executed, or rejected with `reason`, in the caller's transaction.
    public static func mark(_ id: Int64, executed: Bool, reason: String? = nil, on db: PostgresConnection) throws {
        try db.execute(
            """
            UPDATE trading_signals SET status = \(executed ? "executed" : "rejected"), status_reason = \(reason), executed_at = now()
            WHERE id = \(id)
            """)
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
