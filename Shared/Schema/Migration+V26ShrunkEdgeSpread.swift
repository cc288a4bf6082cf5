extension Migration {
    /// Issue 24: each profile keeps the posterior standard deviation of its shrunk edge, so the
    /// scanner can list a market only when its trusted money's edge interval excludes zero.
    static let v26ShrunkEdgeSpread = Migration(
        version: 26, name: "shrunk_edge_spread",
        sql: """
            ALTER TABLE wallet_profiles ADD COLUMN shrunk_edge_sd NUMERIC NOT NULL DEFAULT 0;
            -- Profiles stored before the column get their spread from the newest fit; where none can
            -- be had (no fit, or a skill variance stored as 0 at six places) their shrunk edge goes to
            -- 0 as well, so until the next refit nothing passes the skill test on a missing spread.
            UPDATE wallet_profiles p SET shrunk_edge_sd = round(sqrt(f.skill_variance * f.k / (p.resolved_markets + f.k)), 8)
            FROM (SELECT k, skill_variance FROM wallet_population_fits ORDER BY id DESC LIMIT 1) f
            WHERE f.k IS NOT NULL AND f.skill_variance > 0 AND p.resolved_markets + f.k > 0;
            UPDATE wallet_profiles SET shrunk_edge = 0 WHERE shrunk_edge_sd = 0;
            ALTER TABLE seer_trade_candidates ADD COLUMN trust_lower_bound NUMERIC NOT NULL DEFAULT 0;
            """)
}
