extension Migration {
    /// Wallet profiles and the smart-money scanner (issue 10). Raw facts (each wallet's fills and
    /// income, each market's outcome and when it became known) are kept so a profile can be
    /// rebuilt as of any moment; `wallet_profiles` holds each wallet's latest profile.
    static let v15SmartMoney = Migration(
        version: 15, name: "smart_money",
        sql: """
            ALTER TABLE portfolios DROP CONSTRAINT portfolios_strategy_type_check;
            ALTER TABLE portfolios ADD CONSTRAINT portfolios_strategy_type_check
                CHECK (strategy_type IN ('momentum', 'mean_reversion', 'arbitrage', 'hybrid', 'smart_money'));

            CREATE TABLE wallet_fills (
                address          TEXT NOT NULL,
                ts               TIMESTAMPTZ NOT NULL,
                condition_id     TEXT NOT NULL,
                outcome_index    INT NOT NULL,
                side             TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
                price            NUMERIC NOT NULL,
                size             NUMERIC NOT NULL,
                usdc             NUMERIC NOT NULL,
                category         TEXT NOT NULL,
                transaction_hash TEXT
            );
            CREATE INDEX wallet_fills_address_idx ON wallet_fills (address, ts);
            CREATE INDEX wallet_fills_market_idx ON wallet_fills (condition_id, outcome_index, address);

            CREATE TABLE wallet_income (
                address TEXT NOT NULL,
                ts      TIMESTAMPTZ NOT NULL,
                type    TEXT NOT NULL,
                amount  NUMERIC NOT NULL
            );
            CREATE INDEX wallet_income_address_idx ON wallet_income (address, ts);

            CREATE TABLE market_outcomes (
                condition_id    TEXT PRIMARY KEY,
                status          TEXT NOT NULL CHECK (status IN ('resolved', 'void', 'pending')),
                winning_outcome INT,
                resolved_at     TIMESTAMPTZ,
                checked_at      TIMESTAMPTZ NOT NULL DEFAULT now()
            );

            CREATE TABLE wallet_profiles (
                address              TEXT PRIMARY KEY,
                as_of                TIMESTAMPTZ NOT NULL,
                fetched_at           TIMESTAMPTZ NOT NULL,
                resolved_markets     INT NOT NULL,
                wins                 INT NOT NULL,
                win_rate             NUMERIC NOT NULL,
                win_rate_lower_bound NUMERIC NOT NULL,
                edge                 NUMERIC NOT NULL,
                shrunk_edge          NUMERIC NOT NULL DEFAULT 0,
                z_score              NUMERIC NOT NULL,
                noise_variance       NUMERIC NOT NULL,
                realized_pnl         NUMERIC NOT NULL,
                roi                  NUMERIC NOT NULL,
                omega                NUMERIC,
                liquidity_income     NUMERIC NOT NULL,
                contrarian_resolved  INT NOT NULL,
                contrarian_edge      NUMERIC NOT NULL,
                markets_traded       INT NOT NULL,
                last_active          TIMESTAMPTZ,
                top_categories       JSONB NOT NULL,
                wallet_class         TEXT NOT NULL,
                indicators           JSONB NOT NULL
            );
            CREATE INDEX wallet_profiles_edge_idx ON wallet_profiles (shrunk_edge DESC);

            CREATE TABLE wallet_population_fits (
                id              BIGSERIAL PRIMARY KEY,
                fitted_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
                wallets         INT NOT NULL,
                k               NUMERIC,
                skill_variance  NUMERIC NOT NULL,
                noise_variance  NUMERIC NOT NULL
            );

            CREATE TABLE seer_scan_history (
                id                 BIGSERIAL PRIMARY KEY,
                started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
                finished_at        TIMESTAMPTZ,
                status             TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'failed')),
                markets_scanned    TEXT[] NOT NULL DEFAULT '{}',
                level1_calls       INT NOT NULL DEFAULT 0,
                level2_calls       INT NOT NULL DEFAULT 0,
                profiles_refreshed INT NOT NULL DEFAULT 0,
                duration_ms        INT,
                error              TEXT
            );
            CREATE INDEX seer_scan_history_started_idx ON seer_scan_history (started_at DESC);

            CREATE TABLE seer_trade_candidates (
                condition_id   TEXT PRIMARY KEY,
                market_id      TEXT NOT NULL,
                question       TEXT NOT NULL,
                priority_1     NUMERIC NOT NULL,
                priority_2     NUMERIC NOT NULL,
                rank           INT NOT NULL,
                top12          BOOLEAN NOT NULL DEFAULT FALSE,
                yes_strength   NUMERIC NOT NULL,
                no_strength    NUMERIC NOT NULL,
                delta          NUMERIC NOT NULL,
                clarity        NUMERIC NOT NULL,
                alignment      NUMERIC NOT NULL,
                trust          NUMERIC NOT NULL,
                n_eff          NUMERIC NOT NULL,
                wallets        INT NOT NULL,
                side           TEXT NOT NULL CHECK (side IN ('YES', 'NO')),
                token_id       TEXT,
                scan_id        BIGINT NOT NULL REFERENCES seer_scan_history (id),
                first_ranked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
            );

            CREATE TABLE seer_position_map (
                condition_id  TEXT NOT NULL,
                wallet        TEXT NOT NULL,
                outcome_index INT NOT NULL,
                side          TEXT NOT NULL,
                size          NUMERIC NOT NULL,
                notional      NUMERIC NOT NULL,
                entry_price   NUMERIC,
                entered_at    TIMESTAMPTZ,
                skill         NUMERIC,
                weight        NUMERIC NOT NULL,
                wallet_class  TEXT,
                cluster       TEXT,
                scan_id       BIGINT NOT NULL,
                PRIMARY KEY (condition_id, wallet, outcome_index)
            );

            CREATE TABLE smart_money_alerts (
                id                 BIGSERIAL PRIMARY KEY,
                dedupe_key         TEXT NOT NULL UNIQUE,
                kind               TEXT NOT NULL,
                condition_id       TEXT NOT NULL,
                wallets            TEXT[] NOT NULL,
                transaction_hashes TEXT[] NOT NULL,
                traded_at          TIMESTAMPTZ NOT NULL,
                side               TEXT NOT NULL,
                outcome_index      INT NOT NULL,
                notional           NUMERIC NOT NULL,
                confidence         NUMERIC NOT NULL,
                evidence           JSONB NOT NULL,
                summary            TEXT NOT NULL,
                detected_at        TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX smart_money_alerts_kind_idx ON smart_money_alerts (kind, traded_at DESC);
            CREATE INDEX smart_money_alerts_traded_idx ON smart_money_alerts (traded_at DESC);
            """)
}
