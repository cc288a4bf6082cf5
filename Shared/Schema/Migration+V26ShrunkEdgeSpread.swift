extension Migration {
    /// Issue 24: each profile keeps the posterior standard deviation of its shrunk edge, so the
    /// scanner can list a market only when its trusted money's edge interval excludes zero.
    static let v26ShrunkEdgeSpread = Migration(
        version: 26, name: "shrunk_edge_spread",
        sql: """
            ALTER TABLE wallet_profiles ADD COLUMN shrunk_edge_sd NUMERIC NOT NULL DEFAULT 0;
            -- Profiles stored before the column get their spread from the newest fit (without one, 0:
            -- their shrunk edge is 0 too), so the skill test holds before the next refit.
            UPDATE wallet_profiles p SET shrunk_edge_sd = round(sqrt(f.skill_variance * f.k / (p.resolved_markets + f.k)), 8)
            FROM (SELECT k, skill_variance FROM wallet_population_fits ORDER BY id DESC LIMIT 1) f
            WHERE f.k IS NOT NULL AND p.resolved_markets + f.k > 0;
            ALTER TABLE seer_trade_candidates ADD COLUMN trust_lower_bound NUMERIC NOT NULL DEFAULT 0;
            """)
}
