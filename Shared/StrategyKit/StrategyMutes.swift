import Postgres
import PrescientCore

/// Reads which portfolios are muted (`strategy_mutes`, written by the live-signals service when
/// an operator or a scorecard mutes a portfolio): a muted portfolio's strategy opens nothing,
/// its exits still run.
struct StrategyMutes: Sendable {
    let pool: PostgresPool

    /// The active mute's reason of each muted portfolio among `portfolioIDs`.
    func reasons(_ portfolioIDs: [PortfolioID]) throws -> [PortfolioID: String] {
        guard !portfolioIDs.isEmpty else { return [:] }
        var reasons: [PortfolioID: String] = [:]
        for row in try pool.execute(
            """
            SELECT portfolio_id, muted_by, reason FROM strategy_mutes
            WHERE portfolio_id = ANY(\(portfolioIDs)::bigint[]) AND unmuted_at IS NULL
            """
        ).rows {
            reasons[try row.decode("portfolio_id")] =
                "muted by \(try row.decode("muted_by", as: String.self)): \(try row.decode("reason", as: String.self))"
        }
        return reasons
    }
}
