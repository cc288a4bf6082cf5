import Contracts
import Foundation
import Postgres
import WalletScoring

/// Each wallet's latest profile (`wallet_profiles`) and the population fits its shrunk edge comes
/// from (`wallet_population_fits`). Owns that SQL.
struct WalletProfileRepository: Sendable {
    let pool: PostgresPool
    /// Resolved markets a trader needs before it can count as smart money.
    let minResolved: Int

    /// Stores profiles built now from histories read at `fetchedAt` (their shrunk edge comes with the next `refit`).
    func upsert(_ profiles: [(address: String, profile: WalletProfile)], fetchedAt: Date) throws {
        guard !profiles.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let skills = profiles.map(\.profile.skill)
        try pool.execute(
            """
            INSERT INTO wallet_profiles (address, as_of, fetched_at, resolved_markets, wins, win_rate, win_rate_lower_bound, edge,
                z_score, noise_variance, realized_pnl, roi, omega, liquidity_income, contrarian_resolved, contrarian_edge, markets_traded, last_active, top_categories,
                wallet_class, indicators)
            SELECT a, to_timestamp(asof), \(fetchedAt), n, w, wr, wl, e, z, nv, pnl, roi, om, li, cn, ce, mt, to_timestamp(la), tc::jsonb, cls, ind::jsonb
            FROM unnest(\(profiles.map(\.address))::text[], \(profiles.map(\.profile.asOf))::bigint[], \(skills.map(\.resolved))::int[],
                        \(skills.map(\.wins))::int[], \(skills.map { Self.statistic($0.winRate) })::numeric[],
                        \(skills.map { Self.statistic($0.winRateLowerBound) })::numeric[], \(skills.map { Self.statistic($0.edge) })::numeric[],
                        \(skills.map { Self.statistic($0.zScore) })::numeric[], \(skills.map { Self.statistic($0.noiseVariance) })::numeric[],
                        \(skills.map(\.realizedPnl))::numeric[], \(skills.map(\.roi))::numeric[], \(skills.map(\.omega))::numeric[],
                        \(profiles.map(\.profile.liquidityIncome))::numeric[], \(profiles.map(\.profile.contrarian.resolved))::int[],
                        \(profiles.map { Self.statistic($0.profile.contrarian.edge) })::numeric[], \(profiles.map(\.profile.marketsTraded))::int[],
                        \(profiles.map(\.profile.lastActive))::bigint[], \(try profiles.map { try text(Self.view($0.profile.topCategories)) })::text[],
                        \(profiles.map(\.profile.walletClass.rawValue))::text[], \(try profiles.map { try text(Self.view($0.profile.indicators)) })::text[])
                 AS p(a, asof, n, w, wr, wl, e, z, nv, pnl, roi, om, li, cn, ce, mt, la, tc, cls, ind)
            ON CONFLICT (address) DO UPDATE SET as_of = excluded.as_of, fetched_at = excluded.fetched_at,
                resolved_markets = excluded.resolved_markets, wins = excluded.wins, win_rate = excluded.win_rate,
                win_rate_lower_bound = excluded.win_rate_lower_bound, edge = excluded.edge, z_score = excluded.z_score,
                noise_variance = excluded.noise_variance, realized_pnl = excluded.realized_pnl, roi = excluded.roi,
                omega = excluded.omega, liquidity_income = excluded.liquidity_income, contrarian_resolved = excluded.contrarian_resolved,
                contrarian_edge = excluded.contrarian_edge, markets_traded = excluded.markets_traded,
                last_active = excluded.last_active, top_categories = excluded.top_categories, wallet_class = excluded.wallet_class,
                indicators = excluded.indicators
            """)
    }

    /// Fits the shrinkage to every stored trader with a resolved market, records the fit and
    /// rewrites every shrunk edge with it, in one transaction.
    @discardableResult
    func refit() throws -> EdgeShrinkage {
        try pool.withTransaction { db in
            let records = try db.execute(
                "SELECT resolved_markets, edge, noise_variance FROM wallet_profiles WHERE wallet_class = 'trader' AND resolved_markets > 0"
            ).rows.map { row in
                EdgeShrinkage.Record(
                    resolved: try row.decode("resolved_markets"), edge: try row.decode("edge"),
                    noiseVariance: try row.decode("noise_variance"))
            }
            let fit = EdgeShrinkage(records: records)
            let k: Decimal? = fit.k.isFinite ? Self.statistic(fit.k) : nil
            try db.execute(
                """
                INSERT INTO wallet_population_fits (wallets, k, skill_variance, noise_variance)
                VALUES (\(records.count), \(k), \(Self.statistic(fit.skillVariance)), \(Self.statistic(fit.noiseVariance)))
                """)
            // k and σ²_skill at full precision for the spread: rounded to six places a small σ²_skill
            // would read as 0 and every interval would collapse onto its shrunk edge.
            let exactK: String? = fit.k.isFinite ? String(format: "%.17g", fit.k) : nil
            let exactSkill = String(format: "%.17g", fit.skillVariance)
            try db.execute(
                """
                UPDATE wallet_profiles SET shrunk_edge = CASE WHEN \(k)::numeric IS NULL OR resolved_markets = 0 THEN 0
                    ELSE round(resolved_markets / (resolved_markets + \(k)::numeric) * edge, 6) END,
                    shrunk_edge_sd = CASE WHEN \(exactK)::float8 IS NULL OR resolved_markets + \(exactK)::float8 <= 0 THEN 0
                    ELSE round(sqrt(\(exactSkill)::float8 * \(exactK)::float8 / (resolved_markets + \(exactK)::float8))::numeric, 8) END
                """)
            return fit
        }
    }

    /// Forgets population fits older than `days`, always keeping the newest; returns how many went.
    @discardableResult
    func pruneFits(olderThanDays days: Double) throws -> Int {
        try pool.execute(
            """
            DELETE FROM wallet_population_fits
            WHERE fitted_at < now() - make_interval(secs => \(days * 86_400))
              AND id < (SELECT max(id) FROM wallet_population_fits)
            """
        ).affectedRows
    }

    /// The latest fit's k, or nil (nothing to trust yet).
    func latestK() throws -> Double? {
        try pool.execute("SELECT k FROM wallet_population_fits ORDER BY id DESC LIMIT 1").rows.first?.decodeIfPresent("k")
    }

    func find(_ address: String) throws -> WalletProfileView? {
        try pool.execute("SELECT * FROM wallet_profiles WHERE address = \(address)").rows.first.map(view)
    }

    /// Stored profiles of these wallets, by address.
    func find(_ addresses: [String]) throws -> [String: WalletProfileView] {
        var result: [String: WalletProfileView] = [:]
        for row in try pool.execute("SELECT * FROM wallet_profiles WHERE address = ANY(\(addresses)::text[])").rows {
            let profile = try view(row)
            result[profile.address] = profile
        }
        return result
    }

    /// Profiles fetched before `before`, oldest first (the background refresh's work list).
    func stale(before: Date, limit: Int) throws -> [String] {
        try pool.execute("SELECT address FROM wallet_profiles WHERE fetched_at < \(before) ORDER BY fetched_at LIMIT \(limit)")
            .rows.map { try $0.decode("address") }
    }

    /// How a leaderboard of our own scores is ordered.
    enum Sort: String, CaseIterable {
        case edge, z = "z_score", roi, pnl = "realized_pnl", winRate = "win_rate", resolved = "resolved_markets"

        var column: String {
            switch self {
            case .edge: return "shrunk_edge"
            default: return rawValue
            }
        }
    }

    /// A leaderboard of stored profiles: `walletClass` nil for every class, `category` among the
    /// wallet's top categories.
    func list(sort: Sort, minResolved: Int, walletClass: String?, category: String?, limit: Int, offset: Int) throws
        -> (profiles: [WalletProfileView], total: Int)
    {
        // The sort column is one of a fixed set of names, never request text.
        let rows = try pool.execute(
            PostgresQuery(
                unsafeSQL: """
                    SELECT *, count(*) OVER () AS total FROM wallet_profiles
                    WHERE resolved_markets >= $1 AND ($2::text IS NULL OR wallet_class = $2)
                      AND ($3::text IS NULL OR top_categories @> jsonb_build_array(jsonb_build_object('category', $3::text)))
                    ORDER BY \(sort.column) DESC, address LIMIT $4 OFFSET $5
                    """, bindings: [String(minResolved), walletClass, category, String(limit), String(offset)])
        ).rows
        return (try rows.map(view), try rows.first?.decode("total") ?? 0)
    }

    func view(_ row: PostgresRow) throws -> WalletProfileView {
        let decoder = JSONDecoder()
        let walletClass: String = try row.decode("wallet_class")
        let resolved: Int = try row.decode("resolved_markets")
        let shrunk: Decimal = try row.decode("shrunk_edge")
        let categories = try decoder.decode(
            [WalletProfileView.CategoryVolume].self, from: Data(try row.decode("top_categories", as: String.self).utf8))
        let indicators = try decoder.decode(
            WalletProfileView.Indicators.self, from: Data(try row.decode("indicators", as: String.self).utf8))
        return WalletProfileView(
            address: try row.decode("address"), asOf: try row.decode("as_of"), fetchedAt: try row.decodeIfPresent("fetched_at"),
            walletClass: walletClass,
            smartMoney: WalletClass(rawValue: walletClass)?.maySignal == true && resolved >= minResolved && shrunk > 0,
            resolvedMarkets: resolved, wins: try row.decode("wins"), winRate: try row.decode("win_rate"),
            winRateLowerBound: try row.decode("win_rate_lower_bound"), edge: try row.decode("edge"), shrunkEdge: shrunk,
            zScore: try row.decode("z_score"), realizedPnl: try row.decode("realized_pnl"), roi: try row.decode("roi"),
            omega: try row.decodeIfPresent("omega"), liquidityIncome: try row.decode("liquidity_income"),
            contrarianResolved: try row.decode("contrarian_resolved"), contrarianEdge: try row.decode("contrarian_edge"),
            marketsTraded: try row.decode("markets_traded"), lastActive: try row.decodeIfPresent("last_active"),
            topCategories: categories, indicators: indicators, shrunkEdgeSD: try row.decode("shrunk_edge_sd"))
    }

    static func view(_ categories: [WalletProfile.CategoryVolume]) -> [WalletProfileView.CategoryVolume] {
        categories.map { .init(category: $0.category, volume: $0.volume) }
    }

    static func view(_ indicators: WalletClass.Indicators) -> WalletProfileView.Indicators {
        WalletProfileView.Indicators(
            liquidityIncomeShare: statistic(indicators.liquidityIncomeShare), bothSidesShare: statistic(indicators.bothSidesShare),
            zeroCostShare: statistic(indicators.zeroCostShare), tradesPerActiveDay: statistic(indicators.tradesPerActiveDay),
            sizeVariation: statistic(indicators.sizeVariation), trades: indicators.trades)
    }

    /// A statistic (not money) as a decimal of six places.
    static func statistic(_ value: Double) -> Decimal {
        guard value.isFinite else { return 0 }
        return Decimal(string: String(format: "%.6f", value)) ?? 0
    }
}

/// The wallets service's retention: population fits older than `FIT_RETENTION_DAYS` (90) are
/// forgotten, the newest always kept.
public enum WalletsRetention {
    @discardableResult
    public static func pruneFits(pool: PostgresPool, olderThanDays days: Double) throws -> Int {
        try WalletProfileRepository(pool: pool, minResolved: 0).pruneFits(olderThanDays: days)
    }
}
