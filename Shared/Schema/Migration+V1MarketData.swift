extension Migration {
    /// The shared market-data pool: events, markets (typed columns plus the raw payload) and
    /// price snapshots. Rows are never deleted: markets that leave the open universe are flagged.
    static let v1MarketData = Migration(
        version: 1, name: "market_data",
        sql: """
            CREATE TABLE events (
                id               TEXT PRIMARY KEY,
                slug             TEXT,
                ticker           TEXT,
                title            TEXT NOT NULL DEFAULT '',
                category         TEXT,
                tag_slugs        TEXT[] NOT NULL DEFAULT '{}',
                start_date       TIMESTAMPTZ,
                end_date         TIMESTAMPTZ,
                active           BOOLEAN NOT NULL DEFAULT TRUE,
                closed           BOOLEAN NOT NULL DEFAULT FALSE,
                archived         BOOLEAN NOT NULL DEFAULT FALSE,
                neg_risk         BOOLEAN NOT NULL DEFAULT FALSE,
                liquidity        NUMERIC,
                volume           NUMERIC,
                volume_24hr      NUMERIC,
                open_interest    NUMERIC,
                market_count     INTEGER NOT NULL DEFAULT 0,
                in_open_universe BOOLEAN NOT NULL DEFAULT TRUE,
                is_candidate     BOOLEAN NOT NULL DEFAULT FALSE,
                raw              JSONB NOT NULL,
                first_seen_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
                updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            -- lz4 compresses the large raw payloads several times faster than the default pglz.
            ALTER TABLE events ALTER COLUMN raw SET COMPRESSION lz4;
            CREATE INDEX events_candidate_idx ON events (is_candidate) WHERE is_candidate;
            CREATE INDEX events_end_date_idx ON events (end_date);

            CREATE TABLE markets (
                id                     TEXT PRIMARY KEY,
                condition_id           TEXT NOT NULL,
                event_id               TEXT,
                question               TEXT NOT NULL DEFAULT '',
                slug                   TEXT,
                category               TEXT,
                yes_token_id           TEXT,
                no_token_id            TEXT,
                yes_price              NUMERIC,
                no_price               NUMERIC,
                best_bid               NUMERIC,
                best_ask               NUMERIC,
                last_trade_price       NUMERIC,
                spread                 NUMERIC,
                liquidity              NUMERIC,
                volume                 NUMERIC,
                volume_24hr            NUMERIC,
                one_day_price_change   NUMERIC,
                one_week_price_change  NUMERIC,
                start_date             TIMESTAMPTZ,
                end_date               TIMESTAMPTZ,
                active                 BOOLEAN NOT NULL DEFAULT TRUE,
                closed                 BOOLEAN NOT NULL DEFAULT FALSE,
                accepting_orders       BOOLEAN NOT NULL DEFAULT FALSE,
                enable_order_book      BOOLEAN NOT NULL DEFAULT FALSE,
                neg_risk               BOOLEAN NOT NULL DEFAULT FALSE,
                neg_risk_market_id     TEXT,
                tick_size              NUMERIC,
                order_min_size         NUMERIC,
                fees_enabled           BOOLEAN NOT NULL DEFAULT FALSE,
                uma_resolution_status  TEXT,
                passes_quality_filter  BOOLEAN NOT NULL DEFAULT FALSE,
                in_open_universe       BOOLEAN NOT NULL DEFAULT TRUE,
                raw                    JSONB NOT NULL,
                first_seen_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
                updated_at             TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            ALTER TABLE markets ALTER COLUMN raw SET COMPRESSION lz4;
            CREATE INDEX markets_condition_idx ON markets (condition_id);
            CREATE INDEX markets_event_idx ON markets (event_id);
            CREATE INDEX markets_tradable_idx ON markets (liquidity) WHERE passes_quality_filter AND in_open_universe;
            CREATE INDEX markets_yes_token_idx ON markets (yes_token_id);
            CREATE INDEX markets_no_token_idx ON markets (no_token_id);

            CREATE TABLE market_snapshots (
                id           BIGSERIAL PRIMARY KEY,
                market_id    TEXT NOT NULL,
                token_id     TEXT NOT NULL,
                price        NUMERIC NOT NULL,
                best_bid     NUMERIC,
                best_ask     NUMERIC,
                source       TEXT NOT NULL,
                captured_at  TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX market_snapshots_token_time_idx ON market_snapshots (token_id, captured_at);
            CREATE INDEX market_snapshots_market_time_idx ON market_snapshots (market_id, captured_at);
            """)
}
