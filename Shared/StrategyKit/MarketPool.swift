import Foundation
import Portfolios
import Postgres
import PrescientCore

/// Reads the shared market pool through a portfolio's filters, and the price history strategies
/// compare against. Owns the strategies' read-only SQL.
public struct MarketPool: Sendable {
    public let pool: PostgresPool
    /// Shared by every request of the service that made this pool.
    let cache = MarketPoolCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The columns `CandidateMarket` reads (never `raw`: the payloads are large).
    static let columns = """
        m.id, m.condition_id, m.event_id, m.question, m.category, m.yes_token_id, m.no_token_id, m.yes_price, m.best_bid,
        m.best_ask, m.liquidity, m.volume, m.one_day_price_change, m.one_week_price_change, m.end_date, m.neg_risk,
        m.neg_risk_market_id, m.start_date, m.tick_size, m.fees_enabled, m.fee_rate, m.fee_exponent, m.fee_source
        """

    /// Open, tradable markets passing the portfolio's filters, most liquid first. The tradable
    /// universe is read once per version of the `markets` table; its markets passing the
    /// liquidity, volume and category filters are kept per filter (thousands of `Decimal`
    /// comparisons, the same for every portfolio with those filters), and only the end-date
    /// window, which moves with `now`, is applied per call.
    public func candidates(for config: StrategyConfig, now: Date, limit: Int = 5_000) throws -> [CandidateMarket] {
        let earliestEnd = now.addingTimeInterval(NSDecimalNumber(decimal: config.minDaysToEnd).doubleValue * 86_400)
        let latestEnd = config.maxDaysToEnd.map { now.addingTimeInterval(NSDecimalNumber(decimal: $0).doubleValue * 86_400) }
        let universe = try tradableUniverse()
        let categories = Set(config.categories)
        let key = "\(config.minLiquidity)|\(config.minVolume)|\(categories.sorted().joined(separator: ","))"
        let filtered = cache.filtered(version: universe.version, key: key) {
            universe.markets.filter { market in
                guard market.liquidity >= config.minLiquidity, market.volume >= config.minVolume else { return false }
                guard !categories.isEmpty else { return true }
                return market.category.map(categories.contains) ?? false
            }
        }
        var result: [CandidateMarket] = []
        for market in filtered {
            if let end = market.endDate, end < earliestEnd { continue }
            if let latestEnd {
                guard let end = market.endDate, end <= latestEnd else { continue }
            }
            result.append(market)
            if result.count == limit { break }
        }
        return result
    }

    /// Identifies the filters `candidates(for:now:)` applies: two configurations with the same key
    /// get the same candidates at the same moment.
    public static func filterKey(_ config: StrategyConfig) -> String {
        let maxDays = config.maxDaysToEnd.map { "\($0)" } ?? "-"
        return
            "\(config.minLiquidity)|\(config.minVolume)|\(config.minDaysToEnd)|\(maxDays)|\(config.categories.sorted().joined(separator: ","))"
    }

    /// Every open, tradable market (quality filter passed, both tokens known), most liquid first.
    func tradableUniverse() throws -> MarketPoolCache.Universe {
        try cache.universe(version: try universeVersion()) {
            try pool.execute(
                """
                SELECT \(unescaped: Self.columns) FROM markets m
                WHERE m.passes_quality_filter AND m.in_open_universe AND NOT m.closed
                  AND m.yes_token_id IS NOT NULL AND m.no_token_id IS NOT NULL
                ORDER BY m.liquidity DESC NULLS LAST, m.id
                """
            ).rows.map(CandidateMarket.init(row:))
        }
    }

    /// Changes whenever an export writes markets (each write stamps `updated_at`).
    func universeVersion() throws -> String {
        try pool.execute(
            "SELECT COALESCE(max(updated_at)::text, 'empty') AS v FROM markets"
        )[0].decode("v")
    }

    /// Every open market of the given negRisk groups (arbitrage across multi-outcome events): the
    /// groups of the whole open universe are read in one query per version of `markets`, and
    /// every portfolio's scan then picks its groups from memory.
    public func negRiskGroups(_ groupIDs: [String]) throws -> [String: [CandidateMarket]] {
        guard !groupIDs.isEmpty else { return [:] }
        let all = try cache.negRiskGroups(version: try universeVersion()) {
            try pool.execute(
                """
                SELECT \(unescaped: Self.columns) FROM markets m WHERE m.neg_risk_market_id IS NOT NULL
                  AND m.in_open_universe AND NOT m.closed AND m.yes_token_id IS NOT NULL AND m.no_token_id IS NOT NULL
                ORDER BY m.id
                """
            ).rows.map(CandidateMarket.init(row:))
        }
        var groups: [String: [CandidateMarket]] = [:]
        for id in groupIDs { if let members = all[id] { groups[id] = members } }
        return groups
    }

    /// For each token: the latest snapshot price at or before `now`, and the latest at or before
    /// `now − lookback` (nil when the history is shorter than the lookback). The moves of the whole
    /// tradable universe are read once per clock reading, cut-off and snapshot version; tokens
    /// outside it are read directly.
    ///
    /// The cut-off is the last time any snapshot was captured at or before `now − lookback`: every
    /// snapshot at or before `now − lookback` is at or before it, so each token's answer is the
    /// same, and lookbacks that fall between the same two collections share one read (many
    /// portfolios' lookbacks, few collections).
    public func priceChanges(tokens: [String], now: Date, lookback: TimeInterval) throws -> [String: (now: Decimal, then: Decimal?)] {
        guard !tokens.isEmpty else { return [:] }
        let universe = try tradableUniverse()
        let past = now.addingTimeInterval(-lookback)
        // The snapshots' version and the cut-off in one round trip (each portfolio asks).
        let reading = try pool.execute(
            """
            SELECT COALESCE((SELECT max(id) FROM market_snapshots), 0) AS v,
                   (SELECT max(captured_at) FROM market_snapshots WHERE captured_at <= \(past)) AS c
            """)[0]
        let snapshots: Int64 = try reading.decode("v")
        let cutoff: Date? = try reading.decodeIfPresent("c")
        let generation = "\(now.timeIntervalSince1970)/\(snapshots)/\(universe.version)"
        let cached = try cache.moves(generation: generation, cutoff: cutoff.map { "\($0.timeIntervalSince1970)" } ?? "none") {
            try loadPriceChanges(tokens: Array(universe.tokens), now: now, past: cutoff ?? past)
        }
        let others = tokens.filter { !universe.tokens.contains($0) }
        let direct = others.isEmpty ? [:] : try loadPriceChanges(tokens: others, now: now, past: cutoff ?? past)
        var result: [String: (now: Decimal, then: Decimal?)] = [:]
        for token in tokens {
            if let change = cached[token] ?? direct[token] { result[token] = (change.now, change.then) }
        }
        return result
    }

    /// Each token's last snapshot price at or before `now` and at or before `past`. Written as a
    /// range of the (token, time) index so the planner cannot walk the time-only index backwards
    /// instead: with stale statistics it did, reading every snapshot for each token that has none
    /// in range (151 ms a call in a replay's fresh schema, against 2 ms).
    private func loadPriceChanges(tokens: [String], now: Date, past: Date) throws -> [String: PriceChange] {
        let rows = try pool.execute(
            """
            SELECT t.token_id,
                (SELECT price FROM market_snapshots s
                 WHERE (s.token_id, s.captured_at) <= (t.token_id, \(now)::timestamptz)
                   AND (s.token_id, s.captured_at) > (t.token_id, '-infinity'::timestamptz)
                 ORDER BY s.token_id DESC, s.captured_at DESC LIMIT 1) AS latest,
                (SELECT price FROM market_snapshots s
                 WHERE (s.token_id, s.captured_at) <= (t.token_id, \(past)::timestamptz)
                   AND (s.token_id, s.captured_at) > (t.token_id, '-infinity'::timestamptz)
                 ORDER BY s.token_id DESC, s.captured_at DESC LIMIT 1) AS earlier
            FROM unnest(\(tokens)::text[]) AS t(token_id)
            """
        ).rows
        var result: [String: PriceChange] = [:]
        for row in rows {
            guard let latest: Decimal = try row.decodeIfPresent("latest") else { continue }
            result[try row.decode("token_id")] = PriceChange(now: latest, then: try row.decodeIfPresent("earlier"))
        }
        return result
    }

    /// Markets in which the portfolio already holds an open position.
    public func heldMarkets(portfolioID: PortfolioID) throws -> Set<String> {
        Set(
            try pool.execute("SELECT DISTINCT market_id FROM portfolio_positions WHERE portfolio_id = \(portfolioID) AND status = 'open'")
                .rows.map { try $0.decode("market_id", as: String.self) })
    }
}
