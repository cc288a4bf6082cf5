import Postgres
import PrescientCore

/// Reads a portfolio's ledger, oldest entry first. (Entries are written by `Bookkeeping`.)
public struct LedgerRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// One page of entries and the portfolio's total count.
    public func page(portfolioID: PortfolioID, limit: Int, offset: Int) throws -> (entries: [LedgerEntry], total: Int) {
        let entries = try pool.execute(
            "SELECT * FROM ledger WHERE portfolio_id = \(portfolioID) ORDER BY id LIMIT \(limit) OFFSET \(offset)"
        ).rows.map(LedgerEntry.init(row:))
        let total = try pool.execute("SELECT count(*) AS n FROM ledger WHERE portfolio_id = \(portfolioID)")[0].decode("n", as: Int.self)
        return (entries, total)
    }
}
