extension Migration {
    /// Issue 25: the evidence ledgers. `signal_ledger` registers every signal of every strategy,
    /// live and replayed, in a hash chain (each row's hash covers the previous row's), and
    /// `evidence_trials` every configuration ever backtested or tuned on a dataset with its
    /// result. Both take inserts only: a trigger refuses UPDATE, DELETE and TRUNCATE. Backtest and
    /// tuner runs keep the evidence their verdicts are judged on.
    static let v27EvidenceLedgers = Migration(
        version: 27, name: "evidence_ledgers",
        sql: """
            CREATE TABLE signal_ledger (
                seq            BIGINT PRIMARY KEY CHECK (seq > 0),
                source         TEXT NOT NULL,
                portfolio_id   BIGINT NOT NULL,
                strategy       TEXT NOT NULL,
                config_hash    TEXT NOT NULL,
                market_id      TEXT NOT NULL,
                token_id       TEXT NOT NULL,
                side           TEXT NOT NULL,
                probability    NUMERIC,
                score          NUMERIC NOT NULL,
                price          NUMERIC NOT NULL,
                amount         NUMERIC NOT NULL,
                signal_id      BIGINT,
                decided_at     TIMESTAMPTZ NOT NULL,
                recorded_at    TIMESTAMPTZ NOT NULL,
                previous_hash  TEXT NOT NULL,
                row_hash       TEXT NOT NULL UNIQUE
            );
            CREATE INDEX signal_ledger_strategy_idx ON signal_ledger (strategy, decided_at);
            CREATE INDEX signal_ledger_portfolio_idx ON signal_ledger (portfolio_id, decided_at);
            CREATE INDEX signal_ledger_signal_idx ON signal_ledger (signal_id) WHERE signal_id IS NOT NULL;

            CREATE TABLE evidence_trials (
                id             BIGSERIAL PRIMARY KEY,
                strategy       TEXT NOT NULL,
                dataset        TEXT NOT NULL,
                config_hash    TEXT NOT NULL,
                configuration  JSONB NOT NULL,
                source         TEXT NOT NULL CHECK (source IN ('backtest', 'tuner')),
                run_id         TEXT NOT NULL,
                period_from    TEXT NOT NULL,
                period_to      TEXT NOT NULL,
                sharpe         DOUBLE PRECISION,
                daily_returns  JSONB NOT NULL,
                return_pct     NUMERIC NOT NULL,
                trades         INT NOT NULL,
                recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX evidence_trials_dataset_idx ON evidence_trials (strategy, dataset);
            CREATE INDEX evidence_trials_run_idx ON evidence_trials (run_id);

            ALTER TABLE backtest_runs ADD COLUMN evidence JSONB;
            ALTER TABLE tuner_runs ADD COLUMN evidence JSONB;

            CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
            END $$;
            CREATE TRIGGER signal_ledger_append_only BEFORE UPDATE OR DELETE ON signal_ledger
                FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
            CREATE TRIGGER signal_ledger_no_truncate BEFORE TRUNCATE ON signal_ledger
                FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
            CREATE TRIGGER evidence_trials_append_only BEFORE UPDATE OR DELETE ON evidence_trials
                FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
            CREATE TRIGGER evidence_trials_no_truncate BEFORE TRUNCATE ON evidence_trials
                FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
            """)
}
