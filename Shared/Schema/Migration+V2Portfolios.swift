extension Migration {
    /// Portfolios and everything keyed by them. Money is NUMERIC without a fixed scale: costs are
    /// shares (2 dp, Polymarket's lot) × price (≤ 3 dp) and are stored exactly, never rounded.
    static let v2Portfolios = Migration(
        version: 2, name: "portfolios",
        sql: """
            CREATE TABLE portfolios (
                id               BIGSERIAL PRIMARY KEY,
                name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                strategy_type    TEXT NOT NULL CHECK (strategy_type IN ('momentum', 'mean_reversion', 'arbitrage', 'hybrid')),
                strategy_config  JSONB NOT NULL DEFAULT '{}',
                initial_balance  NUMERIC NOT NULL CHECK (initial_balance > 0),
                current_balance  NUMERIC NOT NULL CHECK (current_balance >= 0),
                total_invested   NUMERIC NOT NULL DEFAULT 0 CHECK (total_invested >= 0),
                realized_pnl     NUMERIC NOT NULL DEFAULT 0,
                unrealized_pnl   NUMERIC NOT NULL DEFAULT 0,
                status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'halted', 'archived')),
                status_reason    TEXT,
                last_price_update TIMESTAMPTZ,
                created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
                updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
            );

            CREATE TABLE trading_signals (
                id            BIGSERIAL PRIMARY KEY,
                portfolio_id  BIGINT NOT NULL REFERENCES portfolios (id),
                cycle_id      TEXT NOT NULL,
                market_id     TEXT NOT NULL,
                token_id      TEXT NOT NULL,
                action        TEXT NOT NULL CHECK (action IN ('buy_yes', 'buy_no', 'sell_yes', 'sell_no')),
                amount        NUMERIC NOT NULL CHECK (amount > 0),
                limit_price   NUMERIC NOT NULL CHECK (limit_price > 0 AND limit_price < 1),
                confidence    NUMERIC NOT NULL CHECK (confidence BETWEEN 0 AND 1),
                reason        TEXT NOT NULL,
                status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'executed', 'rejected')),
                status_reason TEXT,
                created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
                executed_at   TIMESTAMPTZ,
                UNIQUE (portfolio_id, cycle_id, market_id, action)
            );
            CREATE INDEX trading_signals_pending_idx ON trading_signals (portfolio_id, id) WHERE status = 'pending';

            CREATE TABLE signal_archives (
                id            BIGINT PRIMARY KEY,
                portfolio_id  BIGINT NOT NULL REFERENCES portfolios (id),
                cycle_id      TEXT NOT NULL,
                market_id     TEXT NOT NULL,
                token_id      TEXT NOT NULL,
                action        TEXT NOT NULL,
                amount        NUMERIC NOT NULL,
                limit_price   NUMERIC NOT NULL,
                confidence    NUMERIC NOT NULL,
                reason        TEXT NOT NULL,
                status        TEXT NOT NULL,
                status_reason TEXT,
                created_at    TIMESTAMPTZ NOT NULL,
                executed_at   TIMESTAMPTZ,
                archived_at   TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX signal_archives_portfolio_idx ON signal_archives (portfolio_id, created_at);

            -- Append-only: one row per fill.
            CREATE TABLE trades (
                id            BIGSERIAL PRIMARY KEY,
                portfolio_id  BIGINT NOT NULL REFERENCES portfolios (id),
                signal_id     BIGINT UNIQUE,
                market_id     TEXT NOT NULL,
                token_id      TEXT NOT NULL,
                outcome       TEXT NOT NULL CHECK (outcome IN ('YES', 'NO')),
                side          TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
                shares        NUMERIC NOT NULL CHECK (shares > 0),
                price         NUMERIC NOT NULL CHECK (price > 0 AND price < 1),
                amount        NUMERIC NOT NULL CHECK (amount > 0),
                executed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX trades_portfolio_idx ON trades (portfolio_id, executed_at);

            CREATE TABLE portfolio_positions (
                id             BIGSERIAL PRIMARY KEY,
                portfolio_id   BIGINT NOT NULL REFERENCES portfolios (id),
                market_id      TEXT NOT NULL,
                token_id       TEXT NOT NULL,
                outcome        TEXT NOT NULL CHECK (outcome IN ('YES', 'NO')),
                shares         NUMERIC NOT NULL CHECK (shares >= 0),
                cost_basis     NUMERIC NOT NULL CHECK (cost_basis >= 0),
                current_price  NUMERIC,
                unrealized_pnl NUMERIC NOT NULL DEFAULT 0,
                realized_pnl   NUMERIC NOT NULL DEFAULT 0,
                status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
                opened_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
                updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
                price_updated_at TIMESTAMPTZ
            );
            CREATE UNIQUE INDEX portfolio_positions_open_idx ON portfolio_positions (portfolio_id, token_id) WHERE status = 'open';
            CREATE INDEX portfolio_positions_token_idx ON portfolio_positions (token_id) WHERE status = 'open';

            CREATE TABLE portfolio_history (
                id              BIGSERIAL PRIMARY KEY,
                portfolio_id    BIGINT NOT NULL REFERENCES portfolios (id),
                cycle_id        TEXT,
                balance         NUMERIC NOT NULL,
                total_invested  NUMERIC NOT NULL,
                positions_value NUMERIC NOT NULL,
                realized_pnl    NUMERIC NOT NULL,
                unrealized_pnl  NUMERIC NOT NULL,
                total_pnl       NUMERIC NOT NULL,
                open_positions  INTEGER NOT NULL,
                captured_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (portfolio_id, cycle_id)
            );

            CREATE TABLE trading_cycles (
                id            TEXT PRIMARY KEY,
                portfolio_id  BIGINT NOT NULL REFERENCES portfolios (id),
                run_id        TEXT,
                status        TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                current_step  TEXT,
                error         TEXT,
                started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
                finished_at   TIMESTAMPTZ
            );
            CREATE INDEX trading_cycles_portfolio_idx ON trading_cycles (portfolio_id, started_at DESC);

            CREATE TABLE cycle_steps (
                cycle_id     TEXT NOT NULL REFERENCES trading_cycles (id),
                step         TEXT NOT NULL,
                position     INTEGER NOT NULL,
                status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                detail       JSONB,
                error        TEXT,
                started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
                finished_at  TIMESTAMPTZ,
                PRIMARY KEY (cycle_id, step)
            );

            CREATE TABLE data_collections (
                id           BIGSERIAL PRIMARY KEY,
                status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                detail       JSONB,
                error        TEXT,
                started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
                finished_at  TIMESTAMPTZ
            );
            """)
}
