extension Migration {
    /// Runs shared between orchestrator replicas: a run-all started while another is running
    /// (started within the join window) joins it, and each portfolio of a run is claimed by
    /// exactly one orchestrator (the primary key decides). Every participant holds a shared
    /// advisory lock on the run's `lock_key` while it takes part, so a run whose participants all
    /// died (their sessions, and locks, are gone) is seen as dead and never joined.
    static let v13RunClaims = Migration(
        version: 13, name: "run_claims",
        sql: """
            CREATE TABLE trading_runs (
                id              TEXT PRIMARY KEY,
                lock_key        BIGSERIAL NOT NULL UNIQUE,
                status          TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'failed')),
                started_by      TEXT NOT NULL,
                started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
                shared_data     JSONB,
                shared_ready_at TIMESTAMPTZ,
                finished_at     TIMESTAMPTZ,
                error           TEXT
            );
            CREATE INDEX trading_runs_running_idx ON trading_runs (started_at) WHERE status = 'running';
            CREATE TABLE run_claims (
                run_id       TEXT NOT NULL REFERENCES trading_runs (id),
                portfolio_id BIGINT NOT NULL REFERENCES portfolios (id),
                orchestrator TEXT NOT NULL,
                claimed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (run_id, portfolio_id)
            );
            """)
}
