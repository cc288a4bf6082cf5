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
