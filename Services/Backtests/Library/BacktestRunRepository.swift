import Foundation
import Postgres
import PrescientCore
import Replay
import Verdicts

/// `backtest_runs` and `tuner_runs` (the same columns): each run's settings, progress, status
/// and result. Owns that SQL.
struct BacktestRunRepository: Sendable {
    let pool: PostgresPool
    /// `backtest_runs` or `tuner_runs`.
    let table: Table

    enum Table: String, Sendable {
        case backtests = "backtest_runs", tuners = "tuner_runs"
    }

    func insert(id: String, strategy: String, settings: String, schema: String) throws {
        _ = try pool.execute(
            """
            INSERT INTO \(unescaped: table.rawValue) (id, strategy, settings, status, schema_name)
            VALUES (\(id), \(strategy), \(settings)::jsonb, 'running', \(schema))
            """)
    }

    func progress(id: String, done: Int, total: Int) throws {
        _ = try pool.execute("UPDATE \(unescaped: table.rawValue) SET steps_done = \(done), steps_total = \(total) WHERE id = \(id)")
    }

    func finish(id: String, status: String, summary: String?, result: String?, evidence: String?, error: String?) throws {
        _ = try pool.execute(
            """
            UPDATE \(unescaped: table.rawValue) SET status = \(status), summary = \(summary)::jsonb, result = \(result)::jsonb,
                evidence = \(evidence)::jsonb, error = \(error), finished_at = now()
            WHERE id = \(id)
            """)
    }

    /// A run's status and the evidence it kept (nil when it has none); nil when there is no such run.
    func evidence(_ id: String) throws -> (status: String, evidence: StoredEvidence?)? {
        guard
            let row = try pool.execute("SELECT status, evidence::text AS evidence FROM \(unescaped: table.rawValue) WHERE id = \(id)").rows
                .first
        else { return nil }
        let text: String? = try row.decodeIfPresent("evidence")
        return (try row.decode("status"), try text.map { try JSONDecoder().decode(StoredEvidence.self, from: Data($0.utf8)) })
    }

    /// Runs left `running` by a process that stopped are failed at start.
    func failAbandoned() throws {
        _ = try pool.execute(
            """
            UPDATE \(unescaped: table.rawValue) SET status = 'failed', error = 'the service stopped during the run', finished_at = now()
            WHERE status = 'running'
            """)
    }

    /// Runs that finished before `cutoff` and still have their schema: (id, schema).
    func finishedWithSchema(before cutoff: Date) throws -> [(id: String, schema: String)] {
        try pool.execute(
            """
            SELECT id, schema_name FROM \(unescaped: table.rawValue)
            WHERE status <> 'running' AND schema_dropped_at IS NULL AND finished_at < \(cutoff) ORDER BY finished_at
            """
        ).rows.map { (try $0.decode("id"), try $0.decode("schema_name")) }
    }

    /// Runs that finished before `cutoff`: (id, schema).
    func finished(before cutoff: Date) throws -> [(id: String, schema: String)] {
        try pool.execute(
            "SELECT id, schema_name FROM \(unescaped: table.rawValue) WHERE status <> 'running' AND finished_at < \(cutoff)"
        ).rows.map { (try $0.decode("id"), try $0.decode("schema_name")) }
    }

    func schemaDropped(id: String) throws {
        _ = try pool.execute("UPDATE \(unescaped: table.rawValue) SET schema_dropped_at = now() WHERE id = \(id)")
    }

    /// Deletes a run that is not running; false when there is none such.
    func delete(id: String) throws -> Bool {
        try pool.execute("DELETE FROM \(unescaped: table.rawValue) WHERE id = \(id) AND status <> 'running'").affectedRows == 1
    }

    func find(_ id: String, full: Bool) throws -> BacktestRunView? {
        try pool.execute(
            "SELECT \(unescaped: BacktestRunView.columns(full: full)) FROM \(unescaped: table.rawValue) WHERE id = \(id)"
        ).rows.first.map(BacktestRunView.init)
    }

    func list(limit: Int) throws -> [BacktestRunView] {
        try pool.execute(
            "SELECT \(unescaped: BacktestRunView.columns(full: false)) FROM \(unescaped: table.rawValue) ORDER BY started_at DESC, id LIMIT \(limit)"
        ).rows.map(BacktestRunView.init)
    }
}
