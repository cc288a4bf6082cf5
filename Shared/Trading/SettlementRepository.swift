import Foundation
import Portfolios
import Postgres
import PrescientCore

/// What a settlement pass reads and flags: the markets of open positions, the positions of one
/// market, and the note on positions waiting for a resolution. Owns that SQL (the payouts
/// themselves are `Bookkeeping`'s).
struct SettlementRepository: Sendable {
    let pool: PostgresPool

    /// One portfolio's open holding in one market.
    struct Holding {
        let portfolioID: PortfolioID
        let marketID: MarketID
        let conditionID: String
    }

    /// The markets held in open positions, each once per portfolio: every one, or only
    /// `marketIDs`, or only those of `portfolioIDs`.
    func holdings(marketIDs: [MarketID]?, portfolioIDs: [PortfolioID]?) throws -> [Holding] {
        try pool.execute(
            """
            SELECT DISTINCT p.portfolio_id, p.market_id, m.condition_id FROM portfolio_positions p JOIN markets m ON m.id = p.market_id
            WHERE p.status = 'open' AND (\(marketIDs == nil) OR p.market_id = ANY(\(marketIDs ?? [])::text[]))
              AND (\(portfolioIDs == nil) OR p.portfolio_id = ANY(\(portfolioIDs ?? [])::bigint[]))
            """
        ).rows.map { row in
            Holding(
                portfolioID: try row.decode("portfolio_id"), marketID: try row.decode("market_id"),
                conditionID: try row.decode("condition_id"))
        }
    }

    /// Notes on the market's open positions (of `portfolioIDs` when given) that they wait for a
    /// resolution; returns the portfolio of each position noted.
    func flagAwaitingResolution(marketID: MarketID, reason: String, portfolioIDs: [PortfolioID]?) throws -> [PortfolioID] {
        try pool.execute(
            """
            UPDATE portfolio_positions SET settlement_note = \("awaiting resolution: \(reason)"), updated_at = now()
            WHERE market_id = \(marketID) AND status = 'open'
              AND (\(portfolioIDs == nil) OR portfolio_id = ANY(\(portfolioIDs ?? [])::bigint[]))
            RETURNING portfolio_id
            """
        ).rows.map { try $0.decode("portfolio_id", as: PortfolioID.self) }
    }

    /// The market's open positions (of `portfolioIDs` when given), oldest first.
    func openPositions(marketID: MarketID, portfolioIDs: [PortfolioID]?) throws -> [(id: Int64, portfolioID: PortfolioID)] {
        try pool.execute(
            """
            SELECT id, portfolio_id FROM portfolio_positions WHERE market_id = \(marketID) AND status = 'open'
              AND (\(portfolioIDs == nil) OR portfolio_id = ANY(\(portfolioIDs ?? [])::bigint[])) ORDER BY id
            """
        ).rows.map { (try $0.decode("id", as: Int64.self), try $0.decode("portfolio_id", as: PortfolioID.self)) }
    }
}
