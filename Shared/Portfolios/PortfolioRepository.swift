import Contracts
import Foundation
import Postgres
import PrescientCore

/// Reads portfolios and changes what is not money (name, status, configuration). Opening a
/// portfolio (its balance and deposit) and resuming a halted one are `Trading`'s.
public struct PortfolioRepository: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// A configuration as stored: JSON with sorted keys.
    public static func encode(_ config: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(config)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public func find(id: PortfolioID) throws -> Portfolio? {
        try pool.execute("SELECT * FROM portfolios WHERE id = \(id)").rows.first.map(Portfolio.init(row:))
    }

    /// The portfolios of `ids` that exist, by id (one query for a whole batch).
    public func find(ids: [PortfolioID]) throws -> [PortfolioID: Portfolio] {
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
        id: PortfolioID, name: String?, status: Portfolio.Status?, reason: String?, config: StrategyConfig?,
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
}
