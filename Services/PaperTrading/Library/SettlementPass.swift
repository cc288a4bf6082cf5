import Contracts
import Foundation
import Logging
import Polymarket
import Portfolios
import Postgres
import PrescientCore

/// Settles positions in resolved markets: winning shares pay $1, losing shares $0, void markets
/// refund the cost basis. Pending resolutions (UMA `proposed`/`disputed`) leave the capital locked
/// and flag the position. Each position settles in its own transaction with its portfolio row
/// locked, and the unique `settlements.position_id` makes a second pass pay nothing.
struct SettlementPass: Sendable {
    let pool: PostgresPool
    let client: PolymarketClient
    let logger: Logger

    /// Checks the markets of every open position, or only `marketIDs`, or only one portfolio's.
    func run(onlyMarkets marketIDs: [String]? = nil, portfolioID: Int64? = nil) throws -> SettlementResult {
        if let marketIDs, marketIDs.isEmpty {
            return .empty
        }
        let rows = try pool.execute(
            """
            SELECT DISTINCT p.market_id, m.condition_id FROM portfolio_positions p JOIN markets m ON m.id = p.market_id
            WHERE p.status = 'open' AND (\(marketIDs == nil) OR p.market_id = ANY(\(marketIDs ?? [])::text[]))
              AND (\(portfolioID)::bigint IS NULL OR p.portfolio_id = \(portfolioID))
            """
        ).rows
        let conditions = try rows.map { try $0.decode("condition_id", as: String.self) }
        guard !conditions.isEmpty else { return .empty }
        var settled = 0
        var pending = 0
        var payout: Decimal = 0
        for market in try client.closedMarkets(conditionIDs: conditions) {
            let resolution = MarketResolution(market)
            switch resolution {
            case .open:
                continue
            case .pending(let reason):
                pending += try pool.execute(
                    """
                    UPDATE portfolio_positions SET settlement_note = \("awaiting resolution: \(reason)"), updated_at = now()
                    WHERE market_id = \(market.id) AND status = 'open'
                      AND (\(portfolioID)::bigint IS NULL OR portfolio_id = \(portfolioID))
                    """
                ).affectedRows
            case .resolved, .void:
                let positions = try pool.execute(
                    """
                    SELECT id, portfolio_id FROM portfolio_positions WHERE market_id = \(market.id) AND status = 'open'
                      AND (\(portfolioID)::bigint IS NULL OR portfolio_id = \(portfolioID)) ORDER BY id
                    """
                ).rows
                for position in positions {
                    if let paid = try settle(
                        positionID: try position.decode("id"), portfolioID: try position.decode("portfolio_id"), market: market,
                        resolution: resolution)
                    {
                        settled += 1
                        payout += paid
                    }
                }
            }
        }
        return SettlementResult(marketsChecked: conditions.count, positionsSettled: settled, positionsPending: pending, payout: payout)
    }

    /// Settles one position; returns the payout, or nil when it was already settled or its
    /// token is not one of the market's (then it stays open, flagged: never closed at zero on a guess).
    private func settle(positionID: Int64, portfolioID: Int64, market: GammaMarket, resolution: MarketResolution) throws -> Decimal? {
        try pool.withTransaction { db in
            _ = try db.execute("SELECT id FROM portfolios WHERE id = \(portfolioID) FOR UPDATE")
            return try Bookkeeping.recordSettlement(
                positionID: positionID, portfolioID: portfolioID,
                outcome: { token in
                    resolution.outcome(of: token, in: market)
                }, on: db)
        }
    }
}
