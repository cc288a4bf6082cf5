extension Migration {
    /// Settlement of positions in resolved markets: one row per settled position (which is what
    /// makes settling twice pay once), and a flag on positions waiting for a final resolution.
    static let v5Settlements = Migration(
        version: 5, name: "settlements",
        sql: """
            CREATE TABLE settlements (
                id            BIGSERIAL PRIMARY KEY,
                portfolio_id  BIGINT NOT NULL REFERENCES portfolios (id),
                position_id   BIGINT NOT NULL UNIQUE REFERENCES portfolio_positions (id),
                market_id     TEXT NOT NULL,
                token_id      TEXT NOT NULL,
                resolution    TEXT NOT NULL CHECK (resolution IN ('won', 'lost', 'void')),
                shares        NUMERIC NOT NULL,
                cost_basis    NUMERIC NOT NULL,
                payout        NUMERIC NOT NULL CHECK (payout >= 0),
                realized_pnl  NUMERIC NOT NULL,
                settled_at    TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX settlements_portfolio_idx ON settlements (portfolio_id, settled_at);
            ALTER TABLE portfolio_positions ADD COLUMN settlement_note TEXT;
            ALTER TABLE ledger ADD COLUMN settlement_id BIGINT REFERENCES settlements (id);
            """)
}
