import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore

/// Opening a portfolio and resuming a halted one: the writes of `portfolios`' money and breaker
/// columns that `PortfolioRepository` leaves to the money's owner.
extension PortfolioRepository {
    /// Opens a portfolio with `initialBalance` deposited (its row, the ledger's deposit and the
    /// configuration's first history entry, in one transaction).
    public func create(name: String, type: StrategyType, config: StrategyConfig, initialBalance: Decimal) throws -> Portfolio {
        let json = Self.encode(config.json(for: type))
        return try pool.withTransaction { db in
            let portfolio = try Portfolio(
                row: try Bookkeeping.openAccount(
                    name: name, type: type.rawValue, configJSON: json, initialBalance: initialBalance, note: "initial deposit", on: db))
            try ConfigHistory.record(portfolioID: portfolio.id, change: .created, previous: nil, new: json, on: db)
            return portfolio
        }
    }

    /// The only way out of `halted`: back to active, with the drawdown breaker measuring afresh
    /// from the equity now. One transaction under the row lock, so it cannot clear a halt that
    /// was not there, or race a new one.
    public func resume(id: PortfolioID) throws -> Portfolio? {
        try pool.withTransaction { db in
            guard let current = try db.execute("SELECT * FROM portfolios WHERE id = \(id) FOR UPDATE").rows.first.map(Portfolio.init(row:))
            else { return nil }
            guard current.status == .halted else { throw PortfolioStateError.notHalted(id: id, status: current.status) }
            let row = try db.execute(
                """
                UPDATE portfolios SET status = 'active',
                    status_reason = \("resumed by operator after: \(current.statusReason ?? "halt")"),
                    drawdown_baseline = \(unescaped: MoneyFigures.equitySQL("portfolios")), drawdown_since = now(), updated_at = now()
                WHERE id = \(id) RETURNING *
                """)[0]
            return try Portfolio(row: row)
        }
    }
}
