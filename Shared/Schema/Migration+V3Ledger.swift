extension Migration {
    /// The ledger: every balance-affecting event, written in the same transaction as the change
    /// it records. `amount` is signed (money in is positive); `balance_after` is the cash after it.
    static let v3Ledger = Migration(
        version: 3, name: "ledger",
        sql: """
            CREATE TABLE ledger (
                id             BIGSERIAL PRIMARY KEY,
                portfolio_id   BIGINT NOT NULL REFERENCES portfolios (id),
                kind           TEXT NOT NULL CHECK (kind IN ('deposit', 'buy_fill', 'sell_fill', 'fee', 'settlement', 'adjustment')),
                amount         NUMERIC NOT NULL,
                balance_after  NUMERIC NOT NULL CHECK (balance_after >= 0),
                trade_id       BIGINT REFERENCES trades (id),
                reference      TEXT,
                note           TEXT,
                created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX ledger_portfolio_idx ON ledger (portfolio_id, id);

            -- Portfolios created before the ledger existed get their opening deposit, and each
            -- earlier buy its fill row, so every portfolio reconciles from the first day.
            INSERT INTO ledger (portfolio_id, kind, amount, balance_after, note, created_at)
            SELECT id, 'deposit', initial_balance, initial_balance, 'initial deposit', created_at FROM portfolios;
            INSERT INTO ledger (portfolio_id, kind, amount, balance_after, trade_id, note, created_at)
            SELECT t.portfolio_id, 'buy_fill', -t.amount,
                   p.initial_balance - sum(t.amount) OVER (PARTITION BY t.portfolio_id ORDER BY t.id),
                   t.id, 'backfilled', t.executed_at
            FROM trades t JOIN portfolios p ON p.id = t.portfolio_id ORDER BY t.id;
            """)
}
