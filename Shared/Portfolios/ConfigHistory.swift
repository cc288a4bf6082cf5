import Foundation
import Postgres
import PrescientCore

/// Every configuration a portfolio has had (`portfolio_config_changes`): written in the same
/// transaction as the change, with where it came from. Owns that table's SQL.
public enum ConfigHistory {
    /// Where a configuration came from.
    public enum Change: Sendable, Equatable {
        case created
        case `operator`
        /// A tuner run's chosen configuration, applied by an operator's `apply-tuned`.
        case tuner(runID: String, note: String)

        var source: String {
            switch self {
            case .created: return "created"
            case .operator: return "operator"
            case .tuner: return "tuner"
            }
        }
    }

    /// One recorded change.
    public struct Entry: Sendable, Encodable {
        public let id: Int64
        public let changedAt: Date
        public let source: String
        public let tunerRunID: String?
        public let previousConfig: JSONValue?
        public let newConfig: JSONValue
        public let note: String

        enum CodingKeys: String, CodingKey {
            case id, source, note
            case changedAt = "changed_at", tunerRunID = "tuner_run_id", previousConfig = "previous_config", newConfig = "new_config"
        }
    }

    public static func record(portfolioID: PortfolioID, change: Change, previous: String?, new: String, on db: PostgresConnection) throws {
        var runID: String?
        var note = ""
        if case .tuner(let id, let text) = change {
            runID = id
            note = text
        }
        try db.execute(
            """
            INSERT INTO portfolio_config_changes (portfolio_id, source, tuner_run_id, previous_config, new_config, note)
            VALUES (\(portfolioID), \(change.source), \(runID), \(previous)::jsonb, \(new)::jsonb, \(note))
            """)
    }

    /// The portfolio's changes, oldest first.
    public static func entries(portfolioID: PortfolioID, pool: PostgresPool) throws -> [Entry] {
        try pool.execute(
            """
            SELECT id, changed_at, source, tuner_run_id, previous_config::text AS previous, new_config::text AS new, note
            FROM portfolio_config_changes WHERE portfolio_id = \(portfolioID) ORDER BY id
            """
        ).rows.map { row in
            let previous: String? = try row.decodeIfPresent("previous")
            return Entry(
                id: try row.decode("id"), changedAt: try row.decode("changed_at"), source: try row.decode("source"),
                tunerRunID: try row.decodeIfPresent("tuner_run_id"), previousConfig: try previous.map(Self.json),
                newConfig: try Self.json(try row.decode("new")), note: try row.decode("note"))
        }
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
