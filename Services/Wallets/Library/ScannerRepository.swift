import Contracts
import Foundation
import Postgres

/// The scanner's tables: which markets were scanned when (`seer_scan_history`), the Top 33 with
/// their figures (`seer_trade_candidates`) and the wallet map of each (`seer_position_map`);
/// and which stored markets are eligible for a pass. Owns that SQL.
struct ScannerRepository: Sendable {
    let pool: PostgresPool

    /// A market the scanner may look at, from the shared `markets` table.
    struct MarketRow: Sendable {
        let conditionID: String
        let marketID: String
        let question: String
        let yesToken: String
        let noToken: String
    }

    /// Up to `limit` tradable markets ending after `endingAfter`, with a YES price inside
    /// `prices` (a market at 99.5% leaves nothing to follow skilled money into), that no pass
    /// scanned in the last `rescanAfter` seconds, busiest (24-hour volume) first.
    func discover(limit: Int, endingAfter: Date, rescanAfter: TimeInterval, prices: ClosedRange<Decimal>) throws -> [MarketRow] {
        try pool.execute(
            """
            SELECT id, condition_id, question, yes_token_id, no_token_id FROM markets m
            WHERE passes_quality_filter AND in_open_universe AND NOT closed AND yes_token_id IS NOT NULL AND no_token_id IS NOT NULL
              AND (end_date IS NULL OR end_date > \(endingAfter))
              AND COALESCE((best_bid + best_ask) / 2, yes_price) BETWEEN \(prices.lowerBound) AND \(prices.upperBound)
              AND NOT EXISTS (SELECT 1 FROM seer_scan_history h
                              WHERE h.started_at > now() - make_interval(secs => \(rescanAfter)) AND m.condition_id = ANY(h.markets_scanned))
            ORDER BY volume_24hr DESC NULLS LAST, id LIMIT \(limit)
            """
        ).rows.map(Self.market)
    }

    /// These markets, where they are still tradable and end after `endingAfter`.
    func tradable(_ conditionIDs: [String], endingAfter: Date) throws -> [MarketRow] {
        try pool.execute(
            """
            SELECT DISTINCT ON (condition_id) id, condition_id, question, yes_token_id, no_token_id FROM markets
            WHERE condition_id = ANY(\(conditionIDs)::text[]) AND passes_quality_filter AND in_open_universe AND NOT closed
              AND yes_token_id IS NOT NULL AND no_token_id IS NOT NULL AND (end_date IS NULL OR end_date > \(endingAfter))
            ORDER BY condition_id, id
            """
        ).rows.map(Self.market)
    }

    static func market(_ row: PostgresRow) throws -> MarketRow {
        MarketRow(
            conditionID: try row.decode("condition_id"), marketID: try row.decode("id"), question: try row.decode("question"),
            yesToken: try row.decode("yes_token_id"), noToken: try row.decode("no_token_id"))
    }

    func startScan() throws -> Int64 {
        try pool.execute("INSERT INTO seer_scan_history DEFAULT VALUES RETURNING id").rows[0].decode("id")
    }

    /// Records how a pass ended.
    func finishScan(_ id: Int64, scanned: [String], result: SmartMoneyScanResult?, error: String?) throws {
        try pool.execute(
            """
            UPDATE seer_scan_history SET finished_at = now(), status = \(error == nil ? "success" : "failed"),
                markets_scanned = \(scanned)::text[], level1_calls = \(result?.level1Calls ?? 0),
                level2_calls = \(result?.level2Calls ?? 0), profiles_refreshed = \(result?.profilesRefreshed ?? 0),
                duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int, error = \(error)
            WHERE id = \(id)
            """)
    }

    /// The stored Top 33 and each one's Level 1 priority.
    func storedTop33() throws -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for row in try pool.execute("SELECT condition_id, priority_1 FROM seer_trade_candidates").rows {
            result[try row.decode("condition_id")] = try row.decode("priority_1")
        }
        return result
    }

    /// Replaces the Top 33 and their wallet maps, in one transaction; a market staying in keeps
    /// the time it was first ranked.
    func store(_ candidates: [SmartMoneyCandidate]) throws {
        let ids = candidates.map(\.conditionID)
        try pool.withTransaction { db in
            try db.execute("DELETE FROM seer_trade_candidates WHERE condition_id <> ALL(\(ids)::text[])")
            try db.execute("DELETE FROM seer_position_map")
            for candidate in candidates {
                try db.execute(
                    """
                    INSERT INTO seer_trade_candidates (condition_id, market_id, question, priority_1, priority_2, rank, top12,
                        yes_strength, no_strength, delta, clarity, alignment, trust, trust_lower_bound, n_eff, wallets, side, token_id, scan_id)
                    VALUES (\(candidate.conditionID), \(candidate.marketID), \(candidate.question), \(candidate.priority1),
                        \(candidate.priority2), \(candidate.rank), \(candidate.top12), \(candidate.yesStrength), \(candidate.noStrength),
                        \(candidate.delta), \(candidate.clarity), \(candidate.alignment), \(candidate.trust), \(candidate.trustLowerBound),
                        \(candidate.nEff), \(candidate.wallets), \(candidate.side), \(candidate.tokenID), \(candidate.scanID))
                    ON CONFLICT (condition_id) DO UPDATE SET market_id = excluded.market_id, question = excluded.question,
                        priority_1 = excluded.priority_1, priority_2 = excluded.priority_2, rank = excluded.rank, top12 = excluded.top12,
                        yes_strength = excluded.yes_strength, no_strength = excluded.no_strength, delta = excluded.delta,
                        clarity = excluded.clarity, alignment = excluded.alignment, trust = excluded.trust, trust_lower_bound = excluded.trust_lower_bound, n_eff = excluded.n_eff,
                        wallets = excluded.wallets, side = excluded.side, token_id = excluded.token_id, scan_id = excluded.scan_id,
                        updated_at = now()
                    """)
                let map = candidate.walletMap ?? []
                guard !map.isEmpty else { continue }
                try db.execute(
                    """
                    INSERT INTO seer_position_map (condition_id, wallet, outcome_index, side, size, notional, entry_price, entered_at,
                        skill, weight, wallet_class, cluster, scan_id)
                    SELECT \(candidate.conditionID), w, o, s, sz, n, ep, to_timestamp(ea), sk, wt, cls, cl, \(candidate.scanID)
                    FROM unnest(\(map.map(\.wallet))::text[], \(map.map(\.outcomeIndex))::int[], \(map.map(\.side))::text[],
                                \(map.map(\.size))::numeric[], \(map.map(\.notional))::numeric[], \(map.map(\.entryPrice))::numeric[],
                                \(map.map { $0.enteredAt.map { Int64($0.timeIntervalSince1970) } })::bigint[], \(map.map(\.skill))::numeric[],
                                \(map.map(\.weight))::numeric[], \(map.map(\.walletClass))::text[], \(map.map(\.cluster))::text[])
                         AS m(w, o, s, sz, n, ep, ea, sk, wt, cls, cl)
                    """)
            }
        }
    }

    /// The stored Top 33 (or only the Top 12), best first, with their wallet maps when asked.
    func candidates(top12Only: Bool, withMaps: Bool) throws -> [SmartMoneyCandidate] {
        let rows = try pool.execute(
            "SELECT * FROM seer_trade_candidates WHERE top12 OR NOT \(top12Only) ORDER BY rank, condition_id"
        ).rows.map(Self.candidate)
        guard withMaps else { return rows }
        let maps = try walletMaps(rows.map(\.conditionID))
        return rows.map {
            var candidate = $0
            candidate.walletMap = maps[$0.conditionID] ?? []
            return candidate
        }
    }

    /// One stored candidate with its wallet map.
    func candidate(_ conditionID: String) throws -> SmartMoneyCandidate? {
        guard
            var candidate = try pool.execute("SELECT * FROM seer_trade_candidates WHERE condition_id = \(conditionID)").rows.first
                .map(Self.candidate)
        else { return nil }
        candidate.walletMap = try walletMaps([conditionID])[conditionID] ?? []
        return candidate
    }

    func walletMaps(_ conditionIDs: [String]) throws -> [String: [SmartMoneyWallet]] {
        var result: [String: [SmartMoneyWallet]] = [:]
        for row in try pool.execute(
            "SELECT * FROM seer_position_map WHERE condition_id = ANY(\(conditionIDs)::text[]) ORDER BY condition_id, weight DESC, wallet"
        ).rows {
            result[try row.decode("condition_id"), default: []].append(
                SmartMoneyWallet(
                    wallet: try row.decode("wallet"), outcomeIndex: try row.decode("outcome_index"), side: try row.decode("side"),
                    size: try row.decode("size"), notional: try row.decode("notional"), entryPrice: try row.decodeIfPresent("entry_price"),
                    enteredAt: try row.decodeIfPresent("entered_at"), skill: try row.decodeIfPresent("skill"),
                    weight: try row.decode("weight"),
                    walletClass: try row.decodeIfPresent("wallet_class"), cluster: try row.decodeIfPresent("cluster")))
        }
        return result
    }

    static func candidate(_ row: PostgresRow) throws -> SmartMoneyCandidate {
        SmartMoneyCandidate(
            conditionID: try row.decode("condition_id"), marketID: try row.decode("market_id"), question: try row.decode("question"),
            rank: try row.decode("rank"), top12: try row.decode("top12"), priority1: try row.decode("priority_1"),
            priority2: try row.decode("priority_2"), yesStrength: try row.decode("yes_strength"), noStrength: try row.decode("no_strength"),
            delta: try row.decode("delta"), clarity: try row.decode("clarity"), alignment: try row.decode("alignment"),
            trust: try row.decode("trust"), nEff: try row.decode("n_eff"), wallets: try row.decode("wallets"), side: try row.decode("side"),
            tokenID: try row.decodeIfPresent("token_id"), scanID: try row.decode("scan_id"),
            firstRankedAt: try row.decode("first_ranked_at"),
            updatedAt: try row.decode("updated_at"), walletMap: nil, trustLowerBound: try row.decode("trust_lower_bound"))
    }

    /// The latest passes, newest first.
    func scans(limit: Int) throws -> [ScanRecord] {
        try pool.execute(
            """
            SELECT id, started_at, finished_at, status, cardinality(markets_scanned) AS markets, level1_calls, level2_calls,
                   profiles_refreshed, duration_ms, error
            FROM seer_scan_history ORDER BY id DESC LIMIT \(limit)
            """
        ).rows.map { row in
            ScanRecord(
                id: try row.decode("id"), started_at: try row.decode("started_at"), finished_at: try row.decodeIfPresent("finished_at"),
                status: try row.decode("status"), markets_scanned: try row.decode("markets"), level1_calls: try row.decode("level1_calls"),
                level2_calls: try row.decode("level2_calls"), profiles_refreshed: try row.decode("profiles_refreshed"),
                duration_ms: try row.decodeIfPresent("duration_ms"), error: try row.decodeIfPresent("error"))
        }
    }

    /// One row of `GET /smart-money/scans`.
    struct ScanRecord: Encodable {
        let id: Int64
        let started_at: Date
        let finished_at: Date?
        let status: String
        let markets_scanned: Int
        let level1_calls: Int
        let level2_calls: Int
        let profiles_refreshed: Int
        let duration_ms: Int?
        let error: String?
    }
}
