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

    /// What a pass did, in all and for each portfolio it touched.
    struct Outcome {
        var total = SettlementResult.empty
        var byPortfolio: [Int64: SettlementResult] = [:]

        /// One portfolio's part (`empty` when it held nothing to check).
        func of(_ portfolioID: Int64) -> SettlementResult { byPortfolio[portfolioID] ?? .empty }

        /// Counts what happened to one portfolio's positions (`markets` it held checked).
        mutating func add(_ portfolioID: Int64, markets: Int = 0, settled: Int = 0, pending: Int = 0, payout: Decimal = 0) {
            var mine = of(portfolioID)
            mine.marketsChecked += markets
            mine.positionsSettled += settled
            mine.positionsPending += pending
            mine.payout += payout
            byPortfolio[portfolioID] = mine
            total.positionsSettled += settled
            total.positionsPending += pending
            total.payout += payout
        }
    }

    /// Checks the markets of every open position, or only `marketIDs`, or only the positions of
    /// `portfolioIDs` (a cycle's settle step, or a batch of them).
    func run(onlyMarkets marketIDs: [String]? = nil, portfolioIDs: [Int64]? = nil) throws -> Outcome {
        if marketIDs?.isEmpty == true || portfolioIDs?.isEmpty == true {
            return Outcome()
        }
        let scoped = portfolioIDs != nil
        let rows = try pool.execute(
            """
            SELECT DISTINCT p.portfolio_id, p.market_id, m.condition_id FROM portfolio_positions p JOIN markets m ON m.id = p.market_id
            WHERE p.status = 'open' AND (\(marketIDs == nil) OR p.market_id = ANY(\(marketIDs ?? [])::text[]))
              AND (NOT \(scoped) OR p.portfolio_id = ANY(\(portfolioIDs ?? [])::bigint[]))
            """
        ).rows
        var outcome = Outcome()
        var conditions = Set<String>()
        for row in rows {
            outcome.add(try row.decode("portfolio_id"), markets: 1)
            conditions.insert(try row.decode("condition_id"))
        }
        outcome.total.marketsChecked = conditions.count
        guard !conditions.isEmpty else { return outcome }
        for market in try client.closedMarkets(conditionIDs: conditions.sorted()) {
            let resolution = MarketResolution(market)
            switch resolution {
            case .open:
                continue
            case .pending(let reason):
                let flagged = try pool.execute(
                    """
                    UPDATE portfolio_positions SET settlement_note = \("awaiting resolution: \(reason)"), updated_at = now()
                    WHERE market_id = \(market.id) AND status = 'open'
                      AND (NOT \(scoped) OR portfolio_id = ANY(\(portfolioIDs ?? [])::bigint[]))
                    RETURNING portfolio_id
                    """
                ).rows
                for row in flagged { outcome.add(try row.decode("portfolio_id"), pending: 1) }
            case .resolved, .void:
                let positions = try pool.execute(
                    """
                    SELECT id, portfolio_id FROM portfolio_positions WHERE market_id = \(market.id) AND status = 'open'
                      AND (NOT \(scoped) OR portfolio_id = ANY(\(portfolioIDs ?? [])::bigint[])) ORDER BY id
                    """
                ).rows
                for position in positions {
                    let portfolioID: Int64 = try position.decode("portfolio_id")
                    if let paid = try settle(
                        positionID: try position.decode("id"), portfolioID: portfolioID, market: market, resolution: resolution)
                    {
                        outcome.add(portfolioID, settled: 1, payout: paid)
                    }
                }
            }
        }
        return outcome
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
