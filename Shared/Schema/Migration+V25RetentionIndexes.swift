extension Migration {
    /// Issue 23: the retention passes find old rows by time without scanning their tables.
    static let v25RetentionIndexes = Migration(
        version: 25, name: "retention_indexes",
        sql: """
            CREATE INDEX market_snapshots_captured_idx ON market_snapshots (captured_at);
            CREATE INDEX trading_cycles_finished_idx ON trading_cycles (finished_at);
            """)
}
