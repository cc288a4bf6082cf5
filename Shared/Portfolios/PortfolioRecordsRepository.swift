import Foundation
import Postgres
import PrescientCore

/// What the reports read about one portfolio's past: its equity history, trade counts and
/// closed positions (performance, Kelly sizing) and the figures its books are proved with
/// (reconciliation). Owns that SQL; the reports only compute.
public struct PortfolioRecordsRepository: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The equity recorded after each cycle, oldest first.
    func equityHistory(portfolioID: PortfolioID) throws -> [PerformanceReport.Point] {
        try pool.execute(
            """
            SELECT captured_at, balance + positions_value AS equity, cycle_id FROM portfolio_history
            WHERE portfolio_id = \(portfolioID) ORDER BY captured_at, id
            """
        ).rows.map {
            PerformanceReport.Point(
                at: try $0.decode("captured_at"), equity: try $0.decode("equity"), cycle_id: try $0.decodeIfPresent("cycle_id"))
        }
    }

    /// Trades in all, buys and sells.
    func tradeCounts(portfolioID: PortfolioID) throws -> (trades: Int, buys: Int, sells: Int) {
        let row = try pool.execute(
            """
            SELECT count(*) AS trades, count(*) FILTER (WHERE side = 'buy') AS buys, count(*) FILTER (WHERE side = 'sell') AS sells
            FROM trades WHERE portfolio_id = \(portfolioID)
            """)[0]
        return (try row.decode("trades"), try row.decode("buys"), try row.decode("sells"))
    }

    /// Each closed position's realised P&L and the dollars its buys cost.
    func closedPositions(portfolioID: PortfolioID) throws -> [(realizedPnl: Decimal, staked: Decimal)] {
        try pool.execute(
            """
            SELECT p.realized_pnl, COALESCE(sum(t.amount) FILTER (WHERE t.side = 'buy'), 0) AS staked
            FROM portfolio_positions p LEFT JOIN trades t ON t.position_id = p.id
            WHERE p.portfolio_id = \(portfolioID) AND p.status = 'closed'
            GROUP BY p.id, p.realized_pnl
            """
        ).rows.map { (try $0.decode("realized_pnl", as: Decimal.self), try $0.decode("staked", as: Decimal.self)) }
    }

    /// The figures a reconciliation compares, all read in one read-only snapshot, so a
    /// concurrent fill cannot make the books look wrong.
    func reconciliationFacts(portfolioID: PortfolioID) throws -> Reconciliation.Facts {
        try pool.withConnection { db in
            try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? db.execute("COMMIT") }
            let state = try db.execute(
                "SELECT current_balance, initial_balance, realized_pnl, total_invested, fees_paid FROM portfolios WHERE id = \(portfolioID)"
            )[0]
            let ledger = try db.execute(
                """
                SELECT COALESCE(sum(amount), 0) AS total, count(*) AS entries,
                       (SELECT balance_after FROM ledger WHERE portfolio_id = \(portfolioID) ORDER BY id DESC LIMIT 1) AS last,
                       COALESCE(-sum(amount) FILTER (WHERE kind = 'fee'), 0) AS fees
                FROM ledger WHERE portfolio_id = \(portfolioID)
                """)[0]
            let positions = try db.execute(
                """
                SELECT p.token_id, p.shares, p.cost_basis,
                       COALESCE(sum(CASE WHEN t.side = 'buy' THEN t.shares ELSE -t.shares END), 0) AS fill_shares,
                       COALESCE(sum(CASE WHEN t.side = 'buy' THEN t.amount ELSE -t.cost_removed END), 0) AS fill_cost
                FROM portfolio_positions p
                LEFT JOIN trades t ON t.position_id = p.id
                WHERE p.portfolio_id = \(portfolioID) AND p.status = 'open'
                GROUP BY p.id, p.token_id, p.shares, p.cost_basis
                """
            ).rows.map { row in
                Reconciliation.Facts.Position(
                    tokenID: try row.decode("token_id"), shares: try row.decode("shares"), costBasis: try row.decode("cost_basis"),
                    fillShares: try row.decode("fill_shares"), fillCost: try row.decode("fill_cost"))
            }
            return Reconciliation.Facts(
                cash: try state.decode("current_balance"), initial: try state.decode("initial_balance"),
                realized: try state.decode("realized_pnl"), invested: try state.decode("total_invested"),
                fees: try state.decode("fees_paid"), ledgerSum: try ledger.decode("total"), ledgerEntries: try ledger.decode("entries"),
                lastBalanceAfter: try ledger.decodeIfPresent("last"), ledgerFees: try ledger.decode("fees"), positions: positions)
        }
    }
}
