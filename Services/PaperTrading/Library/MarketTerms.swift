import Foundation
import Portfolios
import Postgres

/// What a market's own terms mean for a fill: the taker fee (its fee schedule, else the category
/// table, nothing when fees are off), its tick size, and the exposure group it counts toward
/// (`event:<id>` for a negRisk event, else `category:<name>`).
struct MarketTerms: Sendable {
    let feeRate: Decimal
    let feeExponent: Int
    let tickSize: Decimal?
    let group: String

    static let columns = "fees_enabled, fee_rate, fee_exponent, category, tick_size, neg_risk, neg_risk_market_id"

    /// The SQL expression of a market's exposure group over the `markets` row aliased `m`.
    static let groupExpression = """
        CASE WHEN m.neg_risk AND m.neg_risk_market_id IS NOT NULL THEN 'event:' || m.neg_risk_market_id
             ELSE 'category:' || COALESCE(m.category, 'other') END
        """

    init(row: PostgresRow?) throws {
        guard let row else {
            feeRate = 0
            feeExponent = 1
            tickSize = nil
            group = "category:other"
            return
        }
        let category: String? = try row.decodeIfPresent("category")
        if try row.decode("fees_enabled", as: Bool.self) {
            feeRate = try row.decodeIfPresent("fee_rate") ?? TakerFee.rate(category: category)
            feeExponent = try row.decodeIfPresent("fee_exponent", as: Int.self) ?? 1
        } else {
            feeRate = 0
            feeExponent = 1
        }
        tickSize = try row.decodeIfPresent("tick_size")
        if try row.decode("neg_risk", as: Bool.self), let event: String = try row.decodeIfPresent("neg_risk_market_id") {
            group = "event:" + event
        } else {
            group = "category:" + (category ?? "other")
        }
    }

    static func load(marketID: String, on db: PostgresConnection) throws -> MarketTerms {
        try MarketTerms(row: db.execute("SELECT \(unescaped: columns) FROM markets WHERE id = \(marketID)").rows.first)
    }

    /// The terms of the market trading `tokenID`, or nil when no stored market has it.
    static func load(tokenID: String, pool: PostgresPool) throws -> MarketTerms? {
        try pool.execute(
            "SELECT \(unescaped: columns) FROM markets WHERE yes_token_id = \(tokenID) OR no_token_id = \(tokenID) LIMIT 1"
        ).rows.first.map { try MarketTerms(row: $0) }
    }
}

/// What a buy's risk check needs from the portfolio's other holdings, read inside the buy's
/// transaction: cost already in the token and in its exposure group, other open positions, and
/// the equity at the start of the UTC day (the last snapshot before midnight, else the initial balance).
struct ExposureQueries {
    let positionCost: Decimal
    let groupCost: Decimal
    let otherOpenPositions: Int
    let startOfDayEquity: Decimal

    static func load(portfolioID: Int64, tokenID: String, group: String, on db: PostgresConnection) throws -> ExposureQueries {
        let row = try db.execute(
            """
            SELECT COALESCE(sum(p.cost_basis) FILTER (WHERE p.token_id = \(tokenID)), 0) AS position_cost,
                   COALESCE(sum(p.cost_basis) FILTER (WHERE \(unescaped: MarketTerms.groupExpression) = \(group)), 0) AS group_cost,
                   count(*) FILTER (WHERE p.token_id <> \(tokenID)) AS others,
                   COALESCE((SELECT h.balance + h.positions_value FROM portfolio_history h
                             WHERE h.portfolio_id = \(portfolioID) AND h.captured_at < date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                             ORDER BY h.captured_at DESC LIMIT 1),
                            (SELECT initial_balance FROM portfolios WHERE id = \(portfolioID))) AS start_equity
            FROM portfolio_positions p LEFT JOIN markets m ON m.id = p.market_id
            WHERE p.portfolio_id = \(portfolioID) AND p.status = 'open'
            """)[0]
        return ExposureQueries(
            positionCost: try row.decode("position_cost"), groupCost: try row.decode("group_cost"),
            otherOpenPositions: try row.decode("others"), startOfDayEquity: try row.decode("start_equity"))
    }
}
