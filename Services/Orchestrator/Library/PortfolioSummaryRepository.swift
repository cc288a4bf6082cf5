import Contracts
import Foundation
import Postgres

/// Reads every portfolio that is not archived with its counts and last cycle, for
/// `GET /trading/portfolio-summary`.
struct PortfolioSummaryRepository: Sendable {
    let pool: PostgresPool

    func summaries() throws -> [PortfolioSummary] {
        try pool.execute(
            """
            SELECT p.id, p.name, p.strategy_type, p.status, p.initial_balance, p.current_balance, p.total_invested,
                   p.realized_pnl, p.unrealized_pnl, p.fees_paid,
                   (SELECT count(*) FROM portfolio_positions x WHERE x.portfolio_id = p.id AND x.status = 'open') AS open_positions,
                   (SELECT count(*) FROM trades t WHERE t.portfolio_id = p.id) AS trades,
                   c.id AS last_cycle_id, c.status AS last_cycle_status, c.finished_at AS last_cycle_at
            FROM portfolios p
            LEFT JOIN LATERAL (SELECT * FROM trading_cycles c WHERE c.portfolio_id = p.id ORDER BY started_at DESC LIMIT 1) c ON TRUE
            WHERE p.status <> 'archived' ORDER BY p.id
            """
        ).rows.map { row in
            PortfolioSummary(
                figures: PortfolioFigures(
                    portfolioID: try row.decode("id"), name: try row.decode("name"), strategyType: try row.decode("strategy_type"),
                    status: try row.decode("status", asCaseOf: PortfolioStatus.self), initialBalance: try row.decode("initial_balance"),
                    balance: try row.decode("current_balance"), totalInvested: try row.decode("total_invested"),
                    realizedPnl: try row.decode("realized_pnl"), unrealizedPnl: try row.decode("unrealized_pnl"),
                    feesPaid: try row.decode("fees_paid"), openPositions: try row.decode("open_positions")),
                trades: try row.decode("trades"),
                lastCycleID: try row.decodeIfPresent("last_cycle_id"), lastCycleStatus: try row.decodeIfPresent("last_cycle_status"),
                lastCycleAt: try row.decodeIfPresent("last_cycle_at"))
        }
    }
}
