import Foundation
import Postgres
import PrescientCore

/// `strategy_mutes`: a portfolio's strategy muted (no new buys; exits still run), by an operator
/// or by its scorecard, with the reason and figures; unmuting keeps the row with its own reason.
/// Owns that SQL.
struct MuteRepository: Sendable {
    let pool: PostgresPool

    struct Mute: Sendable, Encodable {
        let id: Int64
        let portfolioID: PortfolioID
        let strategy: String
        let mutedBy: String
        let reason: String
        let figures: String?
        let mutedAt: Date
        let unmutedAt: Date?
        let unmuteReason: String?

        enum CodingKeys: String, CodingKey {
            case id, strategy, reason, figures
            case portfolioID = "portfolio_id", mutedBy = "muted_by", mutedAt = "muted_at", unmutedAt = "unmuted_at"
            case unmuteReason = "unmute_reason"
        }

        init(_ row: PostgresRow) throws {
            id = try row.decode("id")
            portfolioID = try row.decode("portfolio_id")
            strategy = try row.decode("strategy")
            mutedBy = try row.decode("muted_by")
            reason = try row.decode("reason")
            figures = try row.decodeIfPresent("figures")
            mutedAt = try row.decode("muted_at")
            unmutedAt = try row.decodeIfPresent("unmuted_at")
            unmuteReason = try row.decodeIfPresent("unmute_reason")
        }
    }

    static let columns = "id, portfolio_id, strategy, muted_by, reason, figures::text AS figures, muted_at, unmuted_at, unmute_reason"

    /// Mutes a portfolio; nil when it does not exist or is muted already.
    func mute(portfolioID: PortfolioID, by: String, reason: String, figures: String?) throws -> Mute? {
        try pool.execute(
            """
            INSERT INTO strategy_mutes (portfolio_id, strategy, muted_by, reason, figures)
            SELECT id, strategy_type, \(by), \(reason), \(figures)::jsonb FROM portfolios WHERE id = \(portfolioID)
            ON CONFLICT DO NOTHING RETURNING \(unescaped: Self.columns)
            """
        ).rows.first.map(Mute.init)
    }

    /// Ends a portfolio's mute; nil when it was not muted.
    func unmute(portfolioID: PortfolioID, reason: String) throws -> Mute? {
        try pool.execute(
            """
            UPDATE strategy_mutes SET unmuted_at = now(), unmute_reason = \(reason)
            WHERE portfolio_id = \(portfolioID) AND unmuted_at IS NULL RETURNING \(unescaped: Self.columns)
            """
        ).rows.first.map(Mute.init)
    }

    /// Every mute, the active ones first; of one portfolio when given.
    func list(portfolioID: PortfolioID?) throws -> [Mute] {
        try pool.execute(
            """
            SELECT \(unescaped: Self.columns) FROM strategy_mutes WHERE (\(portfolioID)::bigint IS NULL OR portfolio_id = \(portfolioID))
            ORDER BY unmuted_at IS NOT NULL, muted_at DESC, id DESC LIMIT 500
            """
        ).rows.map(Mute.init)
    }

    /// Portfolios (not archived) with no active mute, and when their last mute ended.
    func unmutedPortfolios() throws -> [(id: PortfolioID, lastUnmuted: Date?)] {
        try pool.execute(
            """
            SELECT p.id, (SELECT max(unmuted_at) FROM strategy_mutes m WHERE m.portfolio_id = p.id) AS last_unmuted
            FROM portfolios p
            WHERE p.status <> 'archived'
              AND NOT EXISTS (SELECT 1 FROM strategy_mutes m WHERE m.portfolio_id = p.id AND m.unmuted_at IS NULL)
            ORDER BY p.id
            """
        ).rows.map { (try $0.decode("id"), try $0.decodeIfPresent("last_unmuted")) }
    }

    func portfolioExists(_ id: PortfolioID) throws -> Bool {
        try !pool.execute("SELECT 1 FROM portfolios WHERE id = \(id)").rows.isEmpty
    }
}
