import Foundation
import Portfolios
import Postgres
import PrescientCore

/// What a market's own terms mean for a fill: the taker fee (its fee schedule, else its fee
/// type's published rate, else a category guess recorded as such; nothing when fees are off), its
/// tick size, and the exposure group it counts toward
/// (`event:<id>` for a negRisk event, else `category:<name>`), and for a parsed weather market its
/// correlation group (`region:<region>|<target date>`).
public struct MarketTerms: Sendable {
    public let fee: MarketFee
    public let tickSize: Decimal?
    public let group: String
    public let region: String?

    public init(fee: MarketFee, tickSize: Decimal?, group: String, region: String? = nil) {
        self.fee = fee
        self.tickSize = tickSize
        self.group = group
        self.region = region
    }

    /// The SQL expression of a market's exposure group over the `markets` row aliased `m` (the one
    /// definition: the buy's own group and the groups of held positions both come from it).
    static let groupExpression = """
        CASE WHEN m.neg_risk AND m.neg_risk_market_id IS NOT NULL THEN 'event:' || m.neg_risk_market_id
             ELSE 'category:' || COALESCE(m.category, 'other') END
        """

    /// The SQL expression of a market's correlation group over the `markets` row aliased `m`:
    /// NULL unless the weather strategy parsed it into `weather_markets`.
    static let regionExpression = """
        (SELECT 'region:' || w.region || '|' || w.target_date FROM weather_markets w WHERE w.market_id = m.id)
        """

    static let columns = "\(MarketFee.columns), m.tick_size, (\(groupExpression)) AS exposure_group, \(regionExpression) AS region_group"

    init(row: PostgresRow) throws {
        fee = try MarketFee(row: row)
        tickSize = try row.decodeIfPresent("tick_size")
        group = try row.decode("exposure_group")
        region = try row.decodeIfPresent("region_group")
    }

    static func load(marketID: MarketID, on db: PostgresConnection) throws -> MarketTerms? {
        try db.execute("SELECT \(unescaped: columns) FROM markets m WHERE m.id = \(marketID)").rows.first.map { try MarketTerms(row: $0) }
    }

    /// The terms of each stored market of `marketIDs`, in one query (unknown ones are absent).
    static func load(marketIDs: [MarketID], pool: PostgresPool) throws -> [MarketID: MarketTerms] {
        guard !marketIDs.isEmpty else { return [:] }
        var terms: [MarketID: MarketTerms] = [:]
        for row in try pool.execute("SELECT m.id, \(unescaped: columns) FROM markets m WHERE m.id = ANY(\(marketIDs)::text[])").rows {
            terms[try row.decode("id")] = try MarketTerms(row: row)
        }
        return terms
    }

    /// The terms of the market trading `tokenID`, or nil when no stored market has it.
    public static func load(tokenID: TokenID, pool: PostgresPool) throws -> MarketTerms? {
        try pool.execute(
            "SELECT \(unescaped: columns) FROM markets m WHERE m.yes_token_id = \(tokenID) OR m.no_token_id = \(tokenID) LIMIT 1"
        ).rows.first.map { try MarketTerms(row: $0) }
    }
}
