import Foundation
import Postgres
import PrescientCore

/// What a buy's risk check needs from the portfolio's other holdings, read inside the buy's
/// transaction: cost already in the token and in its exposure group, other open positions, and
/// the equity at the start of the UTC day of `asOf` (the database's clock when nil): the last
/// snapshot before that midnight, else the initial balance.
public struct BuyExposure: Sendable {
    public let positionCost: Decimal
    public let groupCost: Decimal
    public let regionCost: Decimal
    public let otherOpenPositions: Int
    public let startOfDayEquity: Decimal

    public init(positionCost: Decimal, groupCost: Decimal, regionCost: Decimal, otherOpenPositions: Int, startOfDayEquity: Decimal) {
        self.positionCost = positionCost
        self.groupCost = groupCost
        self.regionCost = regionCost
        self.otherOpenPositions = otherOpenPositions
        self.startOfDayEquity = startOfDayEquity
    }

    static func load(portfolioID: PortfolioID, tokenID: TokenID, group: String, region: String?, asOf: Date?, on db: PostgresConnection)
        throws
        -> BuyExposure
    {
        let row = try db.execute(
            """
            SELECT COALESCE(sum(p.cost_basis) FILTER (WHERE p.token_id = \(tokenID)), 0) AS position_cost,
                   COALESCE(sum(p.cost_basis) FILTER (WHERE \(unescaped: MarketTerms.groupExpression) = \(group)), 0) AS group_cost,
                   COALESCE(sum(p.cost_basis) FILTER (WHERE \(unescaped: MarketTerms.regionExpression) = \(region)), 0) AS region_cost,
                   count(*) FILTER (WHERE p.token_id <> \(tokenID)) AS others,
                   COALESCE((SELECT h.balance + h.positions_value FROM portfolio_history h
                             WHERE h.portfolio_id = \(portfolioID) AND h.captured_at < date_trunc('day', COALESCE(\(asOf), now()) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                             ORDER BY h.captured_at DESC LIMIT 1),
                            (SELECT initial_balance FROM portfolios WHERE id = \(portfolioID))) AS start_equity
            FROM portfolio_positions p LEFT JOIN markets m ON m.id = p.market_id
            WHERE p.portfolio_id = \(portfolioID) AND p.status = 'open'
            """)[0]
        return BuyExposure(
            positionCost: try row.decode("position_cost"), groupCost: try row.decode("group_cost"),
            regionCost: try row.decode("region_cost"),
            otherOpenPositions: try row.decode("others"), startOfDayEquity: try row.decode("start_equity"))
    }
}
