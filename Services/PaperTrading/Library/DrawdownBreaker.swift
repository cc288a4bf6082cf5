import Foundation
import Postgres

/// Halts every active portfolio whose equity (cash + cost basis + unrealised P&L) has fallen from
/// its peak (the initial balance, or the equity at the last resume, or the best snapshot in
/// `portfolio_history` since then) by at least its
/// `max_drawdown_pct`. The reason and time are recorded; only `POST /portfolios/{id}/resume`
/// with a confirmation clears it (`PortfolioRepository.resume`, which restarts the measurement
/// from the equity then); a halted portfolio is reduce-only until then.
public struct DrawdownBreaker: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Checks every active portfolio, or only `portfolioIDs` (a cycle's settle step checks its
    /// own portfolios, so a run over N portfolios does small checks, not N checks of all N).
    /// Returns the ids of the portfolios it halted.
    @discardableResult
    public func check(portfolioIDs: [Int64]? = nil) throws -> [Int64] {
        try pool.execute(
            """
            WITH state AS (
                SELECT p.id, p.current_balance + p.total_invested + p.unrealized_pnl AS equity,
                       GREATEST(COALESCE(p.drawdown_baseline, p.initial_balance),
                                COALESCE((SELECT max(h.balance + h.positions_value) FROM portfolio_history h
                                          WHERE h.portfolio_id = p.id AND h.captured_at >= COALESCE(p.drawdown_since, '-infinity')), 0)) AS peak,
                       COALESCE((p.strategy_config->>'max_drawdown_pct')::numeric, 0.30) AS cap
                FROM portfolios p WHERE p.status = 'active'
                  AND (NOT \(portfolioIDs != nil) OR p.id = ANY(\(portfolioIDs ?? [])::bigint[])))
            UPDATE portfolios SET status = 'halted', updated_at = now(),
                status_reason = 'drawdown breaker: equity ' || round(s.equity, 2) || ' is ' || round(100 * (s.peak - s.equity) / s.peak, 2)
                    || '% below its peak ' || round(s.peak, 2) || ' (max_drawdown_pct ' || round(100 * s.cap, 2) || '%) at '
                    || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM state s
            WHERE portfolios.id = s.id AND s.peak > 0 AND (s.peak - s.equity) / s.peak >= s.cap
            RETURNING portfolios.id
            """
        ).rows.map { try $0.decode("id", as: Int64.self) }
    }
}
