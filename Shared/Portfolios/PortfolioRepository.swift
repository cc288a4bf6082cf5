import Foundation
import Postgres
import PrescientCore

/// Reads and writes portfolios. Owns the SQL of the `portfolios` table's lifecycle.
public struct PortfolioRepository: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static func encode(_ config: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(config)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public func create(name: String, type: StrategyType, config: StrategyConfig, initialBalance: Decimal) throws -> Portfolio {
        let json = Self.encode(config.json(for: type))
        return try pool.withTransaction { db in
            let row = try db.execute(
                """
                INSERT INTO portfolios (name, strategy_type, strategy_config, initial_balance, current_balance)
                VALUES (\(name), \(type.rawValue), \(json)::jsonb, \(initialBalance), \(initialBalance))
                RETURNING *
                """)[0]
            let portfolio = try Portfolio(row: row)
            try db.execute(
                """
                INSERT INTO ledger (portfolio_id, kind, amount, balance_after, note)
                VALUES (\(portfolio.id), 'deposit', \(initialBalance), \(initialBalance), 'initial deposit')
                """)
            try ConfigHistory.record(portfolioID: portfolio.id, change: .created, previous: nil, new: json, on: db)
            return portfolio
        }
    }

    public func find(id: Int64) throws -> Portfolio? {
        try pool.execute("SELECT * FROM portfolios WHERE id = \(id)").rows.first.map(Portfolio.init(row:))
    }

    /// The portfolios of `ids` that exist, by id (one query for a whole batch).
    public func find(ids: [Int64]) throws -> [Int64: Portfolio] {
        guard !ids.isEmpty else { return [:] }
        let found = try pool.execute("SELECT * FROM portfolios WHERE id = ANY(\(ids)::bigint[])").rows.map(Portfolio.init(row:))
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func list(status: Portfolio.Status? = nil) throws -> [Portfolio] {
        try pool.execute("SELECT * FROM portfolios WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)) ORDER BY id")
            .rows.map(Portfolio.init(row:))
    }

    /// The portfolios a run of cycles covers: every active one, and every paused or halted one
    /// that still holds positions (reduce-only: its exits and stop-losses run, it buys nothing).
    public func listForCycles() throws -> [Portfolio] {
        try pool.execute(
            """
            SELECT * FROM portfolios p WHERE p.status = 'active'
               OR (p.status IN ('paused', 'halted')
                   AND EXISTS (SELECT 1 FROM portfolio_positions x WHERE x.portfolio_id = p.id AND x.status = 'open'))
            ORDER BY id
            """
        ).rows.map(Portfolio.init(row:))
    }

    /// Applies a change to name, status and/or configuration; returns the updated portfolio.
    public func update(
        id: Int64, name: String?, status: Portfolio.Status?, reason: String?, config: StrategyConfig?,
        configChange: ConfigHistory.Change = .operator
    ) throws -> Portfolio? {
        try pool.withTransaction { db in
            guard let current = try db.execute("SELECT * FROM portfolios WHERE id = \(id) FOR UPDATE").rows.first.map(Portfolio.init(row:))
            else { return nil }
            // Decided under the row lock: a halt set after the caller last looked still holds.
            if current.status == .archived && (status != nil || name != nil || config != nil) && status != .archived {
                throw PortfolioStateError.archived(id: id)
            }
            if current.status == .halted, let status, status != .archived {
                throw PortfolioStateError.halted(id: id, reason: current.statusReason)
            }
            let json = config.map { Self.encode($0.json(for: current.strategyType)) }
            let row = try db.execute(
                """
                UPDATE portfolios SET
                    name = COALESCE(\(name), name),
                    status = COALESCE(\(status?.rawValue), status),
                    status_reason = CASE WHEN \(status?.rawValue)::text IS NULL THEN status_reason ELSE \(reason) END,
                    strategy_config = COALESCE(\(json)::jsonb, strategy_config),
                    updated_at = now()
                WHERE id = \(id) RETURNING *
                """)[0]
            if let json {
                try ConfigHistory.record(
                    portfolioID: id, change: configChange, previous: Self.encode(current.config.json(for: current.strategyType)), new: json,
                    on: db)
            }
            return try Portfolio(row: row)
        }
    }

    /// The only way out of `halted`: back to active, with the drawdown breaker measuring afresh
    /// from the equity now. One transaction under the row lock, so it cannot clear a halt that
    /// was not there, or race a new one.
    public func resume(id: Int64) throws -> Portfolio? {
        try pool.withTransaction { db in
            guard let current = try db.execute("SELECT * FROM portfolios WHERE id = \(id) FOR UPDATE").rows.first.map(Portfolio.init(row:))
            else { return nil }
            guard current.status == .halted else { throw PortfolioStateError.notHalted(id: id, status: current.status) }
            let row = try db.execute(
                """
                UPDATE portfolios SET status = 'active',
                    status_reason = \("resumed by operator after: \(current.statusReason ?? "halt")"),
                    drawdown_baseline = current_balance + total_invested + unrealized_pnl, drawdown_since = now(), updated_at = now()
                WHERE id = \(id) RETURNING *
                """)[0]
            return try Portfolio(row: row)
        }
    }
}
