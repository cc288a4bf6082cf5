extension Migration {
    /// Walk-forward tuner runs (issue 12), kept exactly as backtest runs are (the same columns,
    /// checks, defaults and indexes): settings (the base, the windows and the grid), progress in
    /// backtests, status and result.
    static let v19TunerRuns = Migration(
        version: 19, name: "tuner_runs",
        sql: """
            CREATE TABLE tuner_runs (LIKE backtest_runs INCLUDING ALL);
            """)
}
