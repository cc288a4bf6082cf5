extension Migration {
    /// `max(updated_at)` of `markets` is the version strategy services cache the tradable universe
    /// by; the index makes reading it a single index probe.
    static let v8MarketVersions = Migration(
        version: 8, name: "market_versions",
        sql: """
            CREATE INDEX markets_updated_at_idx ON markets (updated_at);
            """)
}
