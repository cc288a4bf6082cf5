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
public struct SettlementPass: Sendable {
    let pool: PostgresPool
    let client: PolymarketClient
    let logger: Logger

    public init(pool: PostgresPool, client: PolymarketClient, logger: Logger) {
        self.pool = pool
        self.client = client
        self.logger = logger
    }

    var repository: SettlementRepository { SettlementRepository(pool: pool) }

    /// What a pass did, in all and for each portfolio it touched.
    public struct Outcome: Sendable {
        public var total = SettlementResult.empty
        public var byPortfolio: [PortfolioID: SettlementResult] = [:]

        /// One portfolio's part (`empty` when it held nothing to check).
        public func of(_ portfolioID: PortfolioID) -> SettlementResult { byPortfolio[portfolioID] ?? .empty }

        /// Counts what happened to one portfolio's positions (`markets` it held checked).
        mutating func add(_ portfolioID: PortfolioID, markets: Int = 0, settled: Int = 0, pending: Int = 0, payout: Decimal = 0) {
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
    public func run(onlyMarkets marketIDs: [MarketID]? = nil, portfolioIDs: [PortfolioID]? = nil) throws -> Outcome {
        // Settlement's calls come first in the rate budget, as execution's do.
        try RequestPriority.critical { try settle(onlyMarkets: marketIDs, portfolioIDs: portfolioIDs) }
    }

    private func settle(onlyMarkets marketIDs: [MarketID]?, portfolioIDs: [PortfolioID]?) throws -> Outcome {
        if marketIDs?.isEmpty == true || portfolioIDs?.isEmpty == true {
            return Outcome()
        }
        let holdings = try repository.holdings(marketIDs: marketIDs, portfolioIDs: portfolioIDs)
        var outcome = Outcome()
        for holding in holdings { outcome.add(holding.portfolioID, markets: 1) }
        let conditions = Set(holdings.map(\.conditionID))
        outcome.total.marketsChecked = conditions.count
        guard !conditions.isEmpty else { return outcome }
        for market in try client.closedMarkets(conditionIDs: conditions.sorted()) {
            let resolution = MarketResolution(market)
            switch resolution {
            case .open:
                continue
            case .pending(let reason):
                for portfolioID in try repository.flagAwaitingResolution(
                    marketID: MarketID(market.id), reason: reason, portfolioIDs: portfolioIDs)
                {
                    outcome.add(portfolioID, pending: 1)
                }
            case .resolved, .void:
                for position in try repository.openPositions(marketID: MarketID(market.id), portfolioIDs: portfolioIDs) {
                    if let paid = try settle(
                        positionID: position.id, portfolioID: position.portfolioID, market: market, resolution: resolution)
                    {
                        outcome.add(position.portfolioID, settled: 1, payout: paid)
                    }
                }
            }
        }
        return outcome
    }

    /// Settles one position; returns the payout, or nil when it was already settled or its
    /// token is not one of the market's (then it stays open, flagged: never closed at zero on a guess).
    private func settle(positionID: Int64, portfolioID: PortfolioID, market: GammaMarket, resolution: MarketResolution) throws -> Decimal? {
        try pool.withTransaction { db in
            try Bookkeeping.lockPortfolio(portfolioID, on: db)
            return try Bookkeeping.recordSettlement(
                positionID: positionID, portfolioID: portfolioID,
                outcome: { token in
                    resolution.outcome(of: token.rawValue, in: market)
                }, on: db)
        }
    }
}
