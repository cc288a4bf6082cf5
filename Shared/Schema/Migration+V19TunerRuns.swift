extension Migration {
    /// Walk-forward tuner runs (issue 12), kept like backtest runs: settings (the base, the
    /// windows and the grid), progress in backtests, status and result.
    static let v19TunerRuns = Migration(
        version: 19, name: "tuner_runs",
        sql: """
            CREATE TABLE tuner_runs (
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
            CREATE INDEX tuner_runs_started_idx ON tuner_runs (started_at DESC);
            """)
}
