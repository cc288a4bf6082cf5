extension Migration {
    /// The live tier (issue 11): the operator's watchlist, 10-second snapshots in a table
    /// partitioned by day (partitions made and dropped by the live-signals service), live signals
    /// with their elite attribution, the trades polled in watched markets, a score for every
    /// signal of every strategy, and mutes.
    static let v16LiveSignals = Migration(
        version: 16, name: "live_signals",
        sql: """
            ALTER TABLE portfolios DROP CONSTRAINT portfolios_strategy_type_check;
            ALTER TABLE portfolios ADD CONSTRAINT portfolios_strategy_type_check
                CHECK (strategy_type IN ('momentum', 'mean_reversion', 'arbitrage', 'hybrid', 'smart_money', 'live_momentum'));

            CREATE TABLE live_watchlist (
                condition_id  TEXT PRIMARY KEY,
                note          TEXT,
                added_at      TIMESTAMPTZ NOT NULL DEFAULT now()
            );

            CREATE TABLE live_snapshots (
                asset_id      TEXT NOT NULL,
                condition_id  TEXT NOT NULL,
                bucket_start  TIMESTAMPTZ NOT NULL,
                best_bid      NUMERIC,
                best_ask      NUMERIC,
                mid           NUMERIC,
                spread_bps    NUMERIC,
                bid_depth     NUMERIC NOT NULL,
                ask_depth     NUMERIC NOT NULL,
                last_trade    NUMERIC,
                trades        INT NOT NULL,
                volume        NUMERIC NOT NULL,
                events        INT NOT NULL,
                source        TEXT NOT NULL CHECK (source IN ('channel', 'backfill')),
                PRIMARY KEY (asset_id, bucket_start)
            ) PARTITION BY RANGE (bucket_start);
            CREATE TABLE live_snapshots_default PARTITION OF live_snapshots DEFAULT;

            CREATE TABLE live_signals (
                id                  BIGSERIAL PRIMARY KEY,
                detector            TEXT NOT NULL,
                condition_id        TEXT NOT NULL,
                asset_id            TEXT NOT NULL,
                direction           TEXT NOT NULL CHECK (direction IN ('up', 'down')),
                detected_at         TIMESTAMPTZ NOT NULL,
                mid                 NUMERIC NOT NULL,
                best_bid            NUMERIC,
                best_ask            NUMERIC,
                spread_bps          NUMERIC,
                velocity            NUMERIC NOT NULL,
                acceleration        NUMERIC NOT NULL,
                volume_surge        NUMERIC,
                confidence          TEXT NOT NULL CHECK (confidence IN ('LOW', 'MEDIUM', 'HIGH')),
                implied_probability NUMERIC NOT NULL CHECK (implied_probability > 0 AND implied_probability < 1),
                figures             JSONB NOT NULL,
                reason              TEXT NOT NULL,
                elite_wallets       JSONB NOT NULL DEFAULT '[]',
                elite_notional      NUMERIC NOT NULL DEFAULT 0,
                attributed_at       TIMESTAMPTZ,
                created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (detector, asset_id, detected_at)
            );
            CREATE INDEX live_signals_detected_idx ON live_signals (detected_at DESC);

            CREATE TABLE live_trades (
                dedupe_key        TEXT PRIMARY KEY,
                transaction_hash  TEXT NOT NULL,
                condition_id      TEXT NOT NULL,
                asset_id          TEXT NOT NULL,
                wallet            TEXT NOT NULL,
                side              TEXT NOT NULL,
                size              NUMERIC NOT NULL,
                price             NUMERIC NOT NULL,
                traded_at         TIMESTAMPTZ NOT NULL,
                polled_at         TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX live_trades_market_idx ON live_trades (condition_id, traded_at);

            CREATE TABLE signal_scores (
                source              TEXT NOT NULL CHECK (source IN ('cycle', 'live')),
                signal_id           BIGINT NOT NULL,
                strategy            TEXT NOT NULL,
                portfolio_id        BIGINT,
                detector            TEXT,
                condition_id        TEXT NOT NULL,
                asset_id            TEXT NOT NULL,
                side                TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
                signal_at           TIMESTAMPTZ NOT NULL,
                entry_bid           NUMERIC,
                entry_ask           NUMERIC,
                entry_mid           NUMERIC NOT NULL,
                implied_probability NUMERIC NOT NULL,
                mid_5m              NUMERIC,
                mid_15m             NUMERIC,
                mid_60m             NUMERIC,
                markout_15m         NUMERIC,
                profitable_15m      BOOLEAN,
                outcome             NUMERIC,
                resolved_at         TIMESTAMPTZ,
                realized_pnl        NUMERIC,
                updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (source, signal_id)
            );
            CREATE INDEX signal_scores_strategy_idx ON signal_scores (strategy, signal_at);
            CREATE INDEX signal_scores_open_idx ON signal_scores (signal_at) WHERE outcome IS NULL;

            CREATE TABLE strategy_mutes (
                id            BIGSERIAL PRIMARY KEY,
                portfolio_id  BIGINT NOT NULL REFERENCES portfolios (id),
                strategy      TEXT NOT NULL,
                muted_by      TEXT NOT NULL CHECK (muted_by IN ('operator', 'scorecard')),
                reason        TEXT NOT NULL,
                figures       JSONB,
                muted_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
                unmuted_at    TIMESTAMPTZ,
                unmute_reason TEXT
            );
            CREATE UNIQUE INDEX strategy_mutes_active_idx ON strategy_mutes (portfolio_id) WHERE unmuted_at IS NULL;
            """)
}
