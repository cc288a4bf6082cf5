import Foundation
import Postgres
import PrescientCore
import Replay

/// `backtest_runs`: each run's settings, progress, status and result. Owns that SQL.
struct BacktestRunRepository: Sendable {
    let pool: PostgresPool

    func insert(id: String, strategy: String, settings: String, schema: String) throws {
        _ = try pool.execute(
            """
            INSERT INTO backtest_runs (id, strategy, settings, status, schema_name)
            VALUES (\(id), \(strategy), \(settings)::jsonb, 'running', \(schema))
            """)
    }

    func progress(id: String, done: Int, total: Int) throws {
        _ = try pool.execute("UPDATE backtest_runs SET steps_done = \(done), steps_total = \(total) WHERE id = \(id)")
    }

    func finish(id: String, status: String, result: BacktestResult?, error: String?) throws {
        let summary = try result.map { String(decoding: try WireJSON.encoder().encode($0.summary), as: UTF8.self) }
        let full = try result.map { String(decoding: try $0.encoded(), as: UTF8.self) }
        _ = try pool.execute(
            """
            UPDATE backtest_runs SET status = \(status), summary = \(summary)::jsonb, result = \(full)::jsonb, error = \(error),
                finished_at = now()
            WHERE id = \(id)
            """)
    }

    /// Runs left `running` by a process that stopped are failed at start.
    func failAbandoned() throws {
        _ = try pool.execute(
            "UPDATE backtest_runs SET status = 'failed', error = 'the service stopped during the run', finished_at = now() WHERE status = 'running'"
        )
    }

    func find(_ id: String, full: Bool) throws -> BacktestRunView? {
        try pool.execute(
            "SELECT \(unescaped: BacktestRunView.columns(full: full)) FROM backtest_runs WHERE id = \(id)"
        ).rows.first.map(BacktestRunView.init)
    }

    func list(limit: Int) throws -> [BacktestRunView] {
        try pool.execute(
            "SELECT \(unescaped: BacktestRunView.columns(full: false)) FROM backtest_runs ORDER BY started_at DESC, id LIMIT \(limit)"
        ).rows.map(BacktestRunView.init)
    }
}
