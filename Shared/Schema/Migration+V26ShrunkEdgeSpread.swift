extension Migration {
    /// Issue 24: each profile keeps the posterior standard deviation of its shrunk edge, so the
    /// scanner can list a market only when its trusted money's edge interval excludes zero.
    static let v26ShrunkEdgeSpread = Migration(
        version: 26, name: "shrunk_edge_spread",
        sql: """
            ALTER TABLE wallet_profiles ADD COLUMN shrunk_edge_sd NUMERIC NOT NULL DEFAULT 0;
            ALTER TABLE seer_trade_candidates ADD COLUMN trust_lower_bound NUMERIC NOT NULL DEFAULT 0;
            """)
}
