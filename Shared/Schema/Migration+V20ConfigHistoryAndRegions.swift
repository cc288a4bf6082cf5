extension Migration {
    /// Issue 12: every change of a portfolio's configuration with where it came from (an operator's
    /// `PATCH`, or a tuner run applied with `apply-tuned`) and the configuration before and after;
    /// and the parsed weather markets (city, region, target date, bucket) the correlation limit
    /// groups buys by.
    static let v20ConfigHistoryAndRegions = Migration(
        version: 20, name: "config_history_and_regions",
        sql: """
            CREATE TABLE portfolio_config_changes (
                id               BIGSERIAL PRIMARY KEY,
                portfolio_id     BIGINT NOT NULL REFERENCES portfolios(id),
                changed_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
                source           TEXT NOT NULL CHECK (source IN ('created', 'operator', 'tuner')),
                tuner_run_id     TEXT,
                previous_config  JSONB,
                new_config       JSONB NOT NULL,
                note             TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX portfolio_config_changes_portfolio_idx ON portfolio_config_changes (portfolio_id, id);

            CREATE TABLE weather_markets (
                market_id    TEXT PRIMARY KEY,
                city         TEXT NOT NULL,
                region       TEXT NOT NULL,
                target_date  DATE NOT NULL,
                bucket       TEXT NOT NULL,
                unit         TEXT NOT NULL CHECK (unit IN ('celsius', 'fahrenheit')),
                station      TEXT,
                parsed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX weather_markets_region_idx ON weather_markets (region, target_date);
            """)
}
