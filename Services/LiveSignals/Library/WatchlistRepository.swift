import Foundation
import Postgres

/// The live tier's watchlist: markets any portfolio holds, the smart-money Top 12 when a scan
/// has made one, and the markets an operator added (`live_watchlist`, the only rows stored here;
/// the other two are read as they stand). Owns that SQL.
struct WatchlistRepository: Sendable {
    let pool: PostgresPool

    /// A watched market, its two tokens and why it is watched.
    struct Entry: Sendable, Equatable, Encodable {
        let conditionID: String
        let question: String
        let yesToken: String
        let noToken: String
        let held: Bool
        let top12: Bool
        let operatorAdded: Bool
        let note: String?

        var assets: [String] { [yesToken, noToken] }

        enum CodingKeys: String, CodingKey {
            case question, held, top12, note
            case conditionID = "condition_id", yesToken = "yes_token_id", noToken = "no_token_id", operatorAdded = "operator_added"
        }
    }

    /// Every watched market whose tokens the suite knows, condition id order.
    func entries() throws -> [Entry] {
        try pool.execute(
            """
            WITH held AS (
                SELECT DISTINCT m.condition_id FROM portfolio_positions p JOIN markets m ON m.id = p.market_id WHERE p.status = 'open'
            ), top AS (
                SELECT condition_id FROM seer_trade_candidates WHERE top12
            ), watched AS (
                SELECT condition_id FROM held UNION SELECT condition_id FROM top UNION SELECT condition_id FROM live_watchlist
            )
            SELECT DISTINCT ON (w.condition_id) w.condition_id, m.question, m.yes_token_id, m.no_token_id,
                   w.condition_id IN (SELECT condition_id FROM held) AS held,
                   w.condition_id IN (SELECT condition_id FROM top) AS top12,
                   l.condition_id IS NOT NULL AS operator_added, l.note
            FROM watched w
            JOIN markets m ON m.condition_id = w.condition_id AND m.yes_token_id IS NOT NULL AND m.no_token_id IS NOT NULL
            LEFT JOIN live_watchlist l ON l.condition_id = w.condition_id
            ORDER BY w.condition_id, m.in_open_universe DESC, m.id
            """
        ).rows.map { row in
            Entry(
                conditionID: try row.decode("condition_id"), question: try row.decode("question"), yesToken: try row.decode("yes_token_id"),
                noToken: try row.decode("no_token_id"), held: try row.decode("held"), top12: try row.decode("top12"),
                operatorAdded: try row.decode("operator_added"), note: try row.decodeIfPresent("note"))
        }
    }

    /// Whether the suite has stored the market (its tokens are needed to subscribe).
    func isKnown(_ conditionID: String) throws -> Bool {
        try !pool.execute(
            "SELECT 1 FROM markets WHERE condition_id = \(conditionID) AND yes_token_id IS NOT NULL AND no_token_id IS NOT NULL LIMIT 1"
        ).rows.isEmpty
    }

    /// Adds (or renotes) an operator's market; true when it was not on the list before.
    func add(_ conditionID: String, note: String?) throws -> Bool {
        try pool.execute(
            """
            INSERT INTO live_watchlist (condition_id, note) VALUES (\(conditionID), \(note))
            ON CONFLICT (condition_id) DO UPDATE SET note = EXCLUDED.note RETURNING (xmax = 0) AS inserted
            """
        ).rows.first.map { try $0.decode("inserted") } ?? false
    }

    /// Removes an operator's market; false when the operator had not added it.
    func remove(_ conditionID: String) throws -> Bool {
        try !pool.execute("DELETE FROM live_watchlist WHERE condition_id = \(conditionID) RETURNING condition_id").rows.isEmpty
    }
}
