import Foundation
import Postgres
import Schema
import Trading

/// A backtest's own schema (`backtest_<run>`), holding the same tables as the live suite (every
/// migration applied inside it), reached through a pool whose connections look there first
/// (`search_path`). Nothing a backtest writes touches the live tables.
public struct BacktestSchema: Sendable {
    public let name: String
    public let pool: PostgresPool

    /// Makes the schema for `run` (letters, digits and _ only) and migrates it.
    public static func create(run: String, databaseURL: String, admin: PostgresPool) throws -> BacktestSchema {
        let safe = run.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
        precondition(!safe.isEmpty && safe.count <= 50, "a run id of letters and digits")
        let name = "backtest_" + safe
        _ = try admin.execute("CREATE SCHEMA \(unescaped: name)")
        let separator = databaseURL.contains("?") ? "&" : "?"
        let pool = PostgresPool(connectionString: databaseURL + separator + "options=-csearch_path%3D\(name)", maxConnections: 2)
        _ = try Migrator(pool: pool).migrate()
        return BacktestSchema(name: name, pool: pool)
    }

    /// Empties the portfolio tables (portfolios and everything that references them) for the
    /// next run in the same schema.
    public func reset() throws {
        try Bookkeeping.clearAccounts(pool: pool)
    }

    /// Drops the schema and everything in it.
    public func drop(admin: PostgresPool) throws {
        pool.close()
        try Self.drop(named: name, admin: admin)
    }

    /// Drops the backtest schema called `name` (nothing when it is gone; only a `backtest_` name
    /// of letters, digits and `_` is ever dropped).
    public static func drop(named name: String, admin: PostgresPool) throws {
        guard name.hasPrefix("backtest_"), name.count <= 63, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return }
        _ = try admin.execute("DROP SCHEMA IF EXISTS \(unescaped: name) CASCADE")
    }
}
