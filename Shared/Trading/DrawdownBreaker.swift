import Foundation
import Postgres
import PrescientCore

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

    /// The pure decision: the reason to halt a portfolio at `equity` whose peak is `peak` and
    /// whose cap is `cap` (a fraction), or nil. It trips when the fall from the peak is at least
    /// the cap; a portfolio without a positive peak never trips.
    public static func halt(equity: Decimal, peak: Decimal, cap: Decimal) -> String? {
        let fall = MoneyFigures.drawdown(equity: equity, peak: peak)
        guard fall > 0, fall >= cap else { return nil }
        return "drawdown breaker: equity \(equity.rounded(scale: 2)) is \((100 * fall).rounded(scale: 2))% below its peak "
            + "\(peak.rounded(scale: 2)) (max_drawdown_pct \((100 * cap).rounded(scale: 2))%)"
    }

    /// Checks every active portfolio, or only `portfolioIDs` (a cycle's settle step checks its
    /// own portfolios, so a run over N portfolios does small checks, not N checks of all N).
    /// Returns the ids of the portfolios it halted.
    @discardableResult
    public func check(portfolioIDs: [PortfolioID]? = nil) throws -> [PortfolioID] {
        // Judged on a snapshot; a halt applies only to a portfolio still active (no row is held
        // locked while the others are judged).
        let rows = try pool.execute(
            """
            SELECT p.id, \(unescaped: MoneyFigures.equitySQL("p")) AS equity,
                   GREATEST(COALESCE(p.drawdown_baseline, p.initial_balance),
                            COALESCE((SELECT max(h.balance + h.positions_value) FROM portfolio_history h
                                      WHERE h.portfolio_id = p.id AND h.captured_at >= COALESCE(p.drawdown_since, '-infinity')), 0)) AS peak,
                   COALESCE((p.strategy_config->>'max_drawdown_pct')::numeric, 0.30) AS cap
            FROM portfolios p WHERE p.status = 'active'
              AND (NOT \(portfolioIDs != nil) OR p.id = ANY(\(portfolioIDs ?? [])::bigint[]))
            ORDER BY p.id
            """
        ).rows
        var halted: [PortfolioID] = []
        for row in rows {
            guard let reason = Self.halt(equity: try row.decode("equity"), peak: try row.decode("peak"), cap: try row.decode("cap"))
            else { continue }
            let id: PortfolioID = try row.decode("id")
            let updated = try pool.execute(
                """
                UPDATE portfolios SET status = 'halted', updated_at = now(),
                    status_reason = \(reason) || ' at ' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                WHERE id = \(id) AND status = 'active' RETURNING id
                """
            ).rows
            if !updated.isEmpty { halted.append(id) }
        }
        return halted
    }
}
