extension Migration {
    /// Weather (issue 12): the `weather` strategy type, and each forecast of a city's daily high with when it became known,
    /// its lead, its source and the raw answer, so a replay sees only what was known at its step.
    static let v17WeatherForecasts = Migration(
        version: 17, name: "weather_forecasts",
        sql: """
            ALTER TABLE portfolios DROP CONSTRAINT portfolios_strategy_type_check;
            ALTER TABLE portfolios ADD CONSTRAINT portfolios_strategy_type_check
                CHECK (strategy_type IN ('momentum', 'mean_reversion', 'arbitrage', 'hybrid', 'smart_money', 'live_momentum', 'weather'));

            CREATE TABLE weather_forecasts (
                city         TEXT NOT NULL,
                target_date  DATE NOT NULL,
                issued_at    TIMESTAMPTZ NOT NULL,
                lead_days    INT NOT NULL,
                source       TEXT NOT NULL,
                high         DOUBLE PRECISION NOT NULL,
                low          DOUBLE PRECISION,
                unit         TEXT NOT NULL CHECK (unit IN ('celsius', 'fahrenheit')),
                raw          JSONB NOT NULL,
                PRIMARY KEY (city, target_date, issued_at, source)
            );
            CREATE INDEX weather_forecasts_known_idx ON weather_forecasts (city, target_date, issued_at DESC);
            """)
}
