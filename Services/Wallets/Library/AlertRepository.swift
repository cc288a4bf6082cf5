import Contracts
import Foundation
import Postgres
import WalletScoring

/// The detectors' alerts (`smart_money_alerts`, one row per finding: a finding seen again is not
/// stored twice) and what they watch: the Top 33 and every market a portfolio holds. Owns that SQL.
struct AlertRepository: Sendable {
    let pool: PostgresPool

    /// What the detectors need of a market.
    struct MarketContext: Sendable {
        let question: String
        let volume24h: Decimal
    }

    /// The Top 33's markets and the markets of open portfolio positions (a read of paper
    /// trading's positions, for the condition ids only).
    func watchedMarkets() throws -> [String] {
        try pool.execute(
            """
            SELECT condition_id FROM seer_trade_candidates
            UNION
            SELECT DISTINCT m.condition_id FROM portfolio_positions p JOIN markets m ON m.id = p.market_id WHERE p.status = 'open'
            ORDER BY 1
            """
        ).rows.map { try $0.decode("condition_id") }
    }

    func context(_ conditionIDs: [String]) throws -> [String: MarketContext] {
        var result: [String: MarketContext] = [:]
        for row in try pool.execute(
            """
            SELECT DISTINCT ON (condition_id) condition_id, question, COALESCE(volume_24hr, 0) AS volume_24hr FROM markets
            WHERE condition_id = ANY(\(conditionIDs)::text[]) ORDER BY condition_id, in_open_universe DESC, id
            """
        ).rows {
            result[try row.decode("condition_id")] = MarketContext(
                question: try row.decode("question"), volume24h: try row.decode("volume_24hr"))
        }
        return result
    }

    /// Stores the findings not stored before, in one statement; returns how many were new, by kind.
    func store(_ alerts: [(market: String, alert: TradeAlert)]) throws -> [String: Int] {
        guard !alerts.isEmpty else { return [:] }
        let found = alerts.map(\.alert)
        let firsts = found.map { $0.trades[0] }
        let evidence = try found.map { alert in
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: alert.evidence.mapValues { $0.isFinite ? $0 : 0 }, options: .sortedKeys),
                as: UTF8.self)
        }
        // Wallet addresses and transaction hashes hold no commas: each alert's lists travel joined.
        let rows = try pool.execute(
            """
            INSERT INTO smart_money_alerts (dedupe_key, kind, condition_id, wallets, transaction_hashes, traded_at, side,
                outcome_index, notional, confidence, evidence, summary)
            SELECT k, kd, m, string_to_array(w, ','), string_to_array(h, ','), to_timestamp(t), sd, o, n, round(c, 4), e::jsonb, sm
            FROM unnest(\(found.map { Self.key($0) })::text[], \(found.map(\.kind.rawValue))::text[], \(alerts.map(\.market))::text[],
                        \(found.map { $0.trades.map(\.wallet).joined(separator: ",") })::text[],
                        \(found.map { $0.trades.map(\.id).joined(separator: ",") })::text[], \(firsts.map(\.timestamp))::bigint[],
                        \(firsts.map { ($0.isBuy ? "BUY " : "SELL ") + ($0.outcome == 0 ? "YES" : "NO") })::text[],
                        \(firsts.map(\.outcome))::int[], \(found.map { $0.trades.map(\.notional).reduce(0, +) })::numeric[],
                        \(found.map { WalletProfileRepository.statistic($0.confidence) })::numeric[], \(evidence)::text[],
                        \(found.map(\.summary))::text[])
                 AS a(k, kd, m, w, h, t, sd, o, n, c, e, sm)
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING kind
            """
        ).rows
        var stored = Dictionary(found.map { ($0.kind.rawValue, 0) }, uniquingKeysWith: { first, _ in first })
        for row in rows { stored[try row.decode("kind"), default: 0] += 1 }
        return stored
    }

    /// One finding's identity: its kind and its trades (a finding seen again is the same row).
    static func key(_ alert: TradeAlert) -> String {
        alert.kind.rawValue + ":" + alert.trades.map { "\($0.id)/\($0.wallet)" }.sorted().joined(separator: ",")
    }

    /// Alerts newest first (by trade time), of one kind, market or wallet when given, traded since `since`.
    func list(kind: String?, market: String?, wallet: String?, since: Date?, limit: Int, offset: Int) throws -> [SmartMoneyAlert] {
        try pool.execute(
            """
            SELECT a.*, m.question FROM smart_money_alerts a
            LEFT JOIN LATERAL (SELECT question FROM markets WHERE condition_id = a.condition_id LIMIT 1) m ON TRUE
            WHERE (\(kind)::text IS NULL OR a.kind = \(kind)) AND (\(market)::text IS NULL OR a.condition_id = \(market))
              AND (\(wallet)::text IS NULL OR \(wallet) = ANY(a.wallets)) AND (\(since)::timestamptz IS NULL OR a.traded_at >= \(since))
            ORDER BY a.traded_at DESC, a.id DESC LIMIT \(limit) OFFSET \(offset)
            """
        ).rows.map { row in
            let evidence = try JSONDecoder().decode([String: Decimal].self, from: Data(try row.decode("evidence", as: String.self).utf8))
            return SmartMoneyAlert(
                id: try row.decode("id"), kind: try row.decode("kind"), conditionID: try row.decode("condition_id"),
                question: try row.decodeIfPresent("question"), wallets: try Self.textArray(row.decode("wallets")),
                transactionHashes: try Self.textArray(row.decode("transaction_hashes")), tradedAt: try row.decode("traded_at"),
                side: try row.decode("side"), outcomeIndex: try row.decode("outcome_index"), notional: try row.decode("notional"),
                confidence: try row.decode("confidence"), evidence: evidence, summary: try row.decode("summary"),
                detectedAt: try row.decode("detected_at"))
        }
    }

    /// A `text[]` of hex addresses and hashes (no quoting needed) from its text form `{a,b}`.
    static func textArray(_ text: String) -> [String] {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map(String.init)
    }
}
