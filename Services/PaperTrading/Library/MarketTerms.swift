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

    /// The SQL expression of a market's exposure group over the `markets` row aliased `m` (the one
    /// definition: the buy's own group and the groups of held positions both come from it).
    static let groupExpression = """
        CASE WHEN m.neg_risk AND m.neg_risk_market_id IS NOT NULL THEN 'event:' || m.neg_risk_market_id
             ELSE 'category:' || COALESCE(m.category, 'other') END
        """

    static let columns = "m.fees_enabled, m.fee_rate, m.fee_exponent, m.category, m.tick_size, (\(groupExpression)) AS exposure_group"

    init(row: PostgresRow) throws {
        let category: String? = try row.decodeIfPresent("category")
        if try row.decode("fees_enabled", as: Bool.self) {
            feeRate = try row.decodeIfPresent("fee_rate") ?? TakerFee.rate(category: category)
            feeExponent = try row.decodeIfPresent("fee_exponent", as: Int.self) ?? 1
        } else {
            feeRate = 0
            feeExponent = 1
        }
        tickSize = try row.decodeIfPresent("tick_size")
        group = try row.decode("exposure_group")
    }

    /// The market's terms, or nil when no stored market has this id.
    static func load(marketID: String, on db: PostgresConnection) throws -> MarketTerms? {
        try db.execute("SELECT \(unescaped: columns) FROM markets m WHERE m.id = \(marketID)").rows.first.map { try MarketTerms(row: $0) }
    }

    /// The terms of the market trading `tokenID`, or nil when no stored market has it.
    static func load(tokenID: String, pool: PostgresPool) throws -> MarketTerms? {
        try pool.execute(
            "SELECT \(unescaped: columns) FROM markets m WHERE m.yes_token_id = \(tokenID) OR m.no_token_id = \(tokenID) LIMIT 1"
        ).rows.first.map { try MarketTerms(row: $0) }
    }
}
