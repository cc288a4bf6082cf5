import Foundation
import Portfolios
import Postgres

/// What a market's own terms mean for a fill: the taker fee (its fee schedule, else its fee
/// type's published rate, else a category guess recorded as such; nothing when fees are off), its
/// tick size, and the exposure group it counts toward
/// (`event:<id>` for a negRisk event, else `category:<name>`).
struct MarketTerms: Sendable {
    let feeRate: Decimal
    let feeExponent: Int
    /// Where the rate came from: `fee_schedule`, `fee_type:<type>`, `category_guess:<category>`,
    /// or `fees_disabled`.
    let feeSource: String
    let tickSize: Decimal?
    let group: String

    /// The SQL expression of a market's exposure group over the `markets` row aliased `m` (the one
    /// definition: the buy's own group and the groups of held positions both come from it).
    static let groupExpression = """
        CASE WHEN m.neg_risk AND m.neg_risk_market_id IS NOT NULL THEN 'event:' || m.neg_risk_market_id
             ELSE 'category:' || COALESCE(m.category, 'other') END
        """

    static let columns =
        "m.fees_enabled, m.fee_rate, m.fee_exponent, m.fee_source, m.category, m.tick_size, (\(groupExpression)) AS exposure_group"

    init(row: PostgresRow) throws {
        let category: String? = try row.decodeIfPresent("category")
        if try row.decode("fees_enabled", as: Bool.self) {
            if let rate: Decimal = try row.decodeIfPresent("fee_rate") {
                // The market's own schedule or the published rate of its fee type.
                feeRate = rate
                feeExponent = try row.decodeIfPresent("fee_exponent", as: Int.self) ?? 1
                feeSource = try row.decodeIfPresent("fee_source") ?? "fee_schedule"
            } else {
                // Fees on, but the market names neither: a guess from the category, recorded as one.
                feeRate = TakerFee.rate(category: category)
                feeExponent = 1
                feeSource = "category_guess:\(category ?? "other")"
            }
        } else {
            feeRate = 0
            feeExponent = 1
            feeSource = "fees_disabled"
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
