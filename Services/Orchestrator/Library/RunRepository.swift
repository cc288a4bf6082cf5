import Contracts
import Foundation
import Postgres
import PrescientCore

/// Runs of all portfolios shared between orchestrator replicas, and the claims that give each
/// portfolio of a run to exactly one of them. Owns the SQL of `trading_runs` and `run_claims`.
struct RunRepository: Sendable {
    let pool: PostgresPool

    /// Key of the transaction lock that makes "join a running run or start one" atomic.
    static let joinLock: (Int32, Int32) = (0x5043, -1)

    /// On `connection`, which must stay open while this orchestrator takes part: the running run
    /// to join (started less than `window` seconds ago, with a participant still alive), or a new
    /// run started by `orchestrator`. Either way the connection then holds the run's shared lock
    /// (released by `leave` or by the session ending). Runs found dead are marked failed.
    func joinOrStart(on connection: PostgresConnection, orchestrator: String, window: Double) throws -> (id: String, joined: Bool) {
        try connection.withTransaction { db in
            try db.execute("SELECT pg_advisory_xact_lock(\(Self.joinLock.0), \(Self.joinLock.1))")
            let candidates = try db.execute(
                """
                SELECT id, lock_key FROM trading_runs
                WHERE status = 'running' AND started_at > now() - make_interval(secs => \(window))
                ORDER BY started_at DESC
                """
            ).rows
            for candidate in candidates {
                let id: String = try candidate.decode("id")
                let key: Int64 = try candidate.decode("lock_key")
                // Taking the key exclusively works only when no participant holds it: the run is dead.
                let dead = try db.execute("SELECT pg_try_advisory_xact_lock(\(key)) AS free")[0].decode("free", as: Bool.self)
                if dead {
                    try db.execute(
                        """
                        UPDATE trading_runs SET status = 'failed', finished_at = now(),
                            error = 'every orchestrator taking part stopped before the run finished'
                        WHERE id = \(id)
                        """)
                    continue
                }
                try db.execute("SELECT pg_advisory_lock_shared(\(key))")
                return (id, true)
            }
            let id = "r-" + UUID().uuidString.lowercased()
            let key = try db.execute("INSERT INTO trading_runs (id, started_by) VALUES (\(id), \(orchestrator)) RETURNING lock_key")[0]
                .decode("lock_key", as: Int64.self)
            try db.execute("SELECT pg_advisory_lock_shared(\(key))")
            return (id, false)
        }
    }

    /// Releases this orchestrator's part in the run (its shared lock).
    func leave(runID: String, on connection: PostgresConnection) {
        _ = try? connection.execute(
            "SELECT pg_advisory_unlock_shared(lock_key) FROM trading_runs WHERE id = \(runID)")
    }

    /// Records the run's shared data, which joined replicas wait for.
    func sharedDataReady(runID: String, _ shared: SharedDataResult) throws {
        try pool.execute(
            "UPDATE trading_runs SET shared_data = \(CycleRepository.json(shared))::jsonb, shared_ready_at = now() WHERE id = \(runID)")
    }

    /// The run's shared data once its starter recorded it; nil after `timeout` seconds or when the
    /// run failed or finished without it.
    func waitForSharedData(runID: String, timeout: Double) throws -> SharedDataResult? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let row = try pool.execute("SELECT status, shared_data::text AS shared FROM trading_runs WHERE id = \(runID)")[0]
            if let text = try row.decodeIfPresent("shared", as: String.self) {
                return try? ContractCoding.decoder().decode(SharedDataResult.self, from: Data(text.utf8))
            }
            guard try row.decode("status", as: String.self) == "running" else { return nil }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// Claims the portfolios for `orchestrator` in this run, in one statement; returns those it
    /// got (a replica in the same run claimed the others first).
    func claim(runID: String, portfolioIDs: [PortfolioID], orchestrator: String) throws -> Set<PortfolioID> {
        guard !portfolioIDs.isEmpty else { return [] }
        return Set(
            try pool.execute(
                """
                INSERT INTO run_claims (run_id, portfolio_id, orchestrator)
                SELECT \(runID), id, \(orchestrator) FROM unnest(\(portfolioIDs)::bigint[]) AS c(id)
                ON CONFLICT DO NOTHING
                RETURNING portfolio_id
                """
            ).rows.map { try $0.decode("portfolio_id", as: PortfolioID.self) })
    }

    /// Records how many portfolios the run sets out to run (its progress's denominator).
    func planned(runID: String, portfolios: Int) throws {
        try pool.execute("UPDATE trading_runs SET portfolios_total = \(portfolios) WHERE id = \(runID)")
    }

    /// A run's progress: the run, then each portfolio it claimed with its cycle's state and steps.
    func progress(runID: String) throws -> RunProgress? {
        guard
            let run = try pool.execute(
                """
                SELECT id, status, started_by, started_at, shared_ready_at, finished_at, error, portfolios_total
                FROM trading_runs WHERE id = \(runID)
                """
            ).rows.first
        else { return nil }
        let cycles = try pool.execute(
            """
            SELECT rc.portfolio_id, rc.orchestrator, c.id AS cycle_id, c.status, c.current_step, c.error,
                   COALESCE((SELECT json_agg(json_build_object('step', s.step, 'status', s.status, 'error', s.error,
                                'duration_ms', round(extract(epoch FROM COALESCE(s.finished_at, now()) - s.started_at) * 1000))
                                ORDER BY s.position)
                             FROM cycle_steps s WHERE s.cycle_id = c.id), '[]')::text AS steps
            FROM run_claims rc
            LEFT JOIN LATERAL (SELECT * FROM trading_cycles t WHERE t.run_id = rc.run_id AND t.portfolio_id = rc.portfolio_id
                               ORDER BY t.started_at DESC LIMIT 1) c ON true
            WHERE rc.run_id = \(runID) ORDER BY rc.portfolio_id
            """
        ).rows.map { row in
            RunProgress.Portfolio(
                portfolioID: try row.decode("portfolio_id"), orchestrator: try row.decode("orchestrator"),
                cycleID: try row.decodeIfPresent("cycle_id"), status: try row.decodeIfPresent("status") ?? "claimed",
                currentStep: try row.decodeIfPresent("current_step", asCaseOf: CycleStep.self), error: try row.decodeIfPresent("error"),
                steps: try JSONDecoder().decode([RunProgress.Step].self, from: Data(try row.decode("steps", as: String.self).utf8)))
        }
        return RunProgress(
            runID: try run.decode("id"), status: try run.decode("status"), startedBy: try run.decode("started_by"),
            startedAt: try run.decode("started_at"), sharedDataReadyAt: try run.decodeIfPresent("shared_ready_at"),
            finishedAt: try run.decodeIfPresent("finished_at"), error: try run.decodeIfPresent("error"),
            portfoliosTotal: try run.decodeIfPresent("portfolios_total"), portfolios: cycles)
    }

    /// Marks the run finished (the last participant to finish writes last) or failed.
    func finish(runID: String, error: String?) throws {
        try pool.execute(
            """
            UPDATE trading_runs SET status = \(error == nil ? "finished" : "failed"), error = \(error), finished_at = now()
            WHERE id = \(runID)
            """)
    }
}
