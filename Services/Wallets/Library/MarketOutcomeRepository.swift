import Foundation
import Postgres
import WalletScoring

/// How each market a wallet traded ended, and when that became known (`market_outcomes`):
/// resolved and void outcomes are final; a pending market is checked again later. Owns that SQL.
struct MarketOutcomeRepository: Sendable {
    let pool: PostgresPool

    /// One market's state as Gamma reported it.
    struct Row: Sendable {
        let conditionID: String
        /// `resolved`, `void` or `pending`.
        let status: String
        let winner: Int?
        let resolvedAt: Date?
    }

    /// The markets among `conditionIDs` without a final outcome that were not checked in the
    /// last `recheckAfter` seconds.
    func needingCheck(_ conditionIDs: [String], recheckAfter: TimeInterval) throws -> [String] {
        try pool.execute(
            """
            SELECT c.id FROM unnest(\(conditionIDs)::text[]) AS c(id)
            LEFT JOIN market_outcomes o ON o.condition_id = c.id
            WHERE o.condition_id IS NULL
               OR (o.status = 'pending' AND o.checked_at < now() - make_interval(secs => \(recheckAfter)))
            """
        ).rows.map { try $0.decode("id") }
    }

    func store(_ rows: [Row]) throws {
        guard !rows.isEmpty else { return }
        try pool.execute(
            """
            INSERT INTO market_outcomes (condition_id, status, winning_outcome, resolved_at, checked_at)
            SELECT c, s, w, to_timestamp(t), now()
            FROM unnest(\(rows.map(\.conditionID))::text[], \(rows.map(\.status))::text[], \(rows.map(\.winner))::int[],
                        \(rows.map { $0.resolvedAt.map { Int64($0.timeIntervalSince1970) } })::bigint[]) AS r(c, s, w, t)
            ON CONFLICT (condition_id) DO UPDATE SET status = excluded.status, winning_outcome = excluded.winning_outcome,
                resolved_at = excluded.resolved_at, checked_at = now()
            """)
    }

    /// The final outcomes (resolved or void) of these markets, every stored one when nil.
    func outcomes(_ conditionIDs: [String]?) throws -> [String: MarketOutcome] {
        var result: [String: MarketOutcome] = [:]
        for row in try pool.execute(
            """
            SELECT condition_id, winning_outcome, extract(epoch FROM resolved_at)::bigint AS resolved_at FROM market_outcomes
            WHERE status IN ('resolved', 'void') AND resolved_at IS NOT NULL
              AND (\(conditionIDs == nil) OR condition_id = ANY(\(conditionIDs ?? [])::text[]))
            """
        ).rows {
            result[try row.decode("condition_id")] = MarketOutcome(
                winner: try row.decodeIfPresent("winning_outcome"), resolvedAt: try row.decode("resolved_at"))
        }
        return result
    }
}
