extension Migration {
    /// Signals that must execute together (an arbitrage's legs) share a `group_id`, and a buy may
    /// ask for an exact number of `shares` (equal legs) instead of spending `amount` dollars.
    static let v12SignalGroups = Migration(
        version: 12, name: "signal_groups",
        sql: """
            ALTER TABLE trading_signals ADD COLUMN group_id TEXT, ADD COLUMN shares NUMERIC CHECK (shares > 0);
            ALTER TABLE signal_archives ADD COLUMN group_id TEXT, ADD COLUMN shares NUMERIC;
            CREATE INDEX trading_signals_group ON trading_signals (group_id) WHERE group_id IS NOT NULL;
            """)
}
