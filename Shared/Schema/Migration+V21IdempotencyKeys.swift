extension Migration {
    /// Issue 13: the first answer to each `Idempotency-Key` a service was sent (per service), kept
    /// until it expires, and how many portfolios a run of all portfolios set out to run (its
    /// progress).
    static let v21IdempotencyKeys = Migration(
        version: 21, name: "idempotency_keys",
        sql: """
            CREATE TABLE idempotency_keys (
                service               TEXT NOT NULL,
                key                   TEXT NOT NULL,
                fingerprint           TEXT NOT NULL,
                method                TEXT NOT NULL,
                path                  TEXT NOT NULL,
                status                TEXT NOT NULL CHECK (status IN ('running', 'done')),
                response_status       INTEGER,
                response_reason       TEXT,
                response_content_type TEXT,
                response_location     TEXT,
                response_body         TEXT,
                created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
                completed_at          TIMESTAMPTZ,
                expires_at            TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (service, key)
            );
            CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
            ALTER TABLE trading_runs ADD COLUMN portfolios_total INTEGER;
            """)
}
