extension Migration {
    /// Backtest runs (issue 12): each run's settings, progress and result; its trades, positions
    /// and ledger live in a schema of its own (`backtest_<id>`), never in the live tables.
    static let v18BacktestRuns = Migration(
        version: 18, name: "backtest_runs",
        sql: """
            CREATE TABLE backtest_runs (
                id           TEXT PRIMARY KEY,
                strategy     TEXT NOT NULL,
                settings     JSONB NOT NULL,
                status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
                steps_done   INT NOT NULL DEFAULT 0,
                steps_total  INT NOT NULL DEFAULT 0,
                schema_name  TEXT NOT NULL,
                error        TEXT,
                summary      JSONB,
                result       JSONB,
                started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
                finished_at  TIMESTAMPTZ
            );
            CREATE INDEX backtest_runs_started_idx ON backtest_runs (started_at DESC);
            """)
}
