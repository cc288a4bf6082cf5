import Foundation
import Postgres
import PrescientCore

/// The one writer of `portfolio_history`: each portfolio's state after a cycle, read from its
/// `portfolios` row (the one definition of equity and total P&L: cash + cost basis + unrealised
/// P&L, and realised + unrealised − fees), and the thinning of old rows.
public enum EquityHistory {
    /// Appends each portfolio's state after its cycle, at `capturedAt` (the database's clock when
    /// nil; a replay's step time otherwise). A cycle is recorded once per portfolio.
    public static func record(_ entries: [(portfolioID: PortfolioID, cycleID: CycleID)], capturedAt: Date? = nil, pool: PostgresPool) throws
    {
        guard !entries.isEmpty else { return }
        try pool.execute(
            """
            INSERT INTO portfolio_history (portfolio_id, cycle_id, balance, total_invested, positions_value, realized_pnl,
                unrealized_pnl, total_pnl, open_positions, captured_at)
            SELECT p.id, f.cycle_id, p.current_balance, p.total_invested, p.total_invested + p.unrealized_pnl, p.realized_pnl,
                   p.unrealized_pnl, \(unescaped: MoneyFigures.totalPnlSQL("p")),
                   (SELECT count(*) FROM portfolio_positions x WHERE x.portfolio_id = p.id AND x.status = 'open'),
                   COALESCE(\(capturedAt)::timestamptz, now())
            FROM unnest(\(entries.map(\.portfolioID))::bigint[], \(entries.map(\.cycleID))::text[]) AS f(id, cycle_id)
            JOIN portfolios p ON p.id = f.id
            ON CONFLICT (portfolio_id, cycle_id) DO NOTHING
            """)
    }

    /// Thins history older than `days` to each portfolio's last, highest and lowest equity of each
    /// UTC day, so the breaker's peak, the performance report's drawdown and the daily returns are
    /// what they were; returns the rows removed.
    public static func thin(olderThanDays days: Double, pool: PostgresPool) throws -> Int {
        try pool.execute(
            """
            WITH old AS (
                SELECT id, portfolio_id, captured_at, balance + positions_value AS equity,
                       (captured_at AT TIME ZONE 'UTC')::date AS day
                FROM portfolio_history WHERE captured_at < now() - make_interval(secs => \(days * 86_400))),
            ranked AS (
                SELECT id,
                       row_number() OVER (PARTITION BY portfolio_id, day ORDER BY captured_at DESC, id DESC) AS latest,
                       row_number() OVER (PARTITION BY portfolio_id, day ORDER BY equity DESC, id) AS highest,
                       row_number() OVER (PARTITION BY portfolio_id, day ORDER BY equity, id) AS lowest
                FROM old)
            DELETE FROM portfolio_history h USING ranked r
            WHERE h.id = r.id AND r.latest > 1 AND r.highest > 1 AND r.lowest > 1
            """
        ).affectedRows
    }
}
