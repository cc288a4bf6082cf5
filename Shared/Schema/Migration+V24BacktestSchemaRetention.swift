extension Migration {
    /// Issue 23: a backtest's or tuner run's schema is dropped when the run is deleted, or some
    /// hours after it finished (`BACKTEST_SCHEMA_TTL_H`); the run's row, with its result, stays until
    /// `BACKTEST_RETENTION_DAYS`. `schema_dropped_at` says when its tables went.
    static let v24BacktestSchemaRetention = Migration(
        version: 24, name: "backtest_schema_retention",
        sql: """
            ALTER TABLE backtest_runs ADD COLUMN schema_dropped_at TIMESTAMPTZ;
            ALTER TABLE tuner_runs ADD COLUMN schema_dropped_at TIMESTAMPTZ;
            """)
}
