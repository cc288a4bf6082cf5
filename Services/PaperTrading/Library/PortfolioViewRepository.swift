import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore

/// Reads a portfolio's open positions with their marks into the `PortfolioView` contract.
struct PortfolioViewRepository: Sendable {
    let pool: PostgresPool

    func view(of portfolio: Portfolio, withPositions: Bool) throws -> PortfolioView {
        try views(of: [portfolio], withPositions: withPositions)[0]
    }

    /// The views of several portfolios, in their order, from one query.
    func views(of portfolios: [Portfolio], withPositions: Bool) throws -> [PortfolioView] {
        guard !portfolios.isEmpty else { return [] }
        let rows = try pool.execute(
            """
            SELECT p.*, m.question FROM portfolio_positions p LEFT JOIN markets m ON m.id = p.market_id
            WHERE p.portfolio_id = ANY(\(portfolios.map(\.id))::bigint[]) AND p.status = 'open' ORDER BY p.cost_basis DESC, p.id
            """
        ).rows
        var positions: [PortfolioID: [PortfolioView.Position]] = [:]
        for row in rows {
            let shares: Decimal = try row.decode("shares")
            let cost: Decimal = try row.decode("cost_basis")
            let mark: Decimal? = try row.decodeIfPresent("current_price")
            let marketValue = mark.map { $0 * shares }
            positions[try row.decode("portfolio_id"), default: []].append(
                PortfolioView.Position(
                    marketID: try row.decode("market_id"), question: try row.decodeIfPresent("question"),
                    tokenID: try row.decode("token_id"), outcome: try row.decode("outcome"), shares: shares,
                    averagePrice: shares > 0 ? (cost / shares).rounded(scale: 6) : 0, costBasis: cost, currentPrice: mark,
                    marketValue: marketValue, unrealizedPnl: marketValue.map { $0 - cost } ?? 0,
                    priceUpdatedAt: try row.decodeIfPresent("price_updated_at")))
        }
        return portfolios.map { Self.view(of: $0, positions: positions[$0.id] ?? [], withPositions: withPositions) }
    }

    /// A portfolio's view from its open positions: a position without a mark counts at its cost.
    static func view(of portfolio: Portfolio, positions: [PortfolioView.Position], withPositions: Bool) -> PortfolioView {
        let value = positions.reduce(Decimal(0)) { $0 + ($1.marketValue ?? $1.costBasis) }
        let unrealized = positions.reduce(Decimal(0)) { $0 + $1.unrealizedPnl }
        return PortfolioView(
            figures: PortfolioFigures(
                portfolioID: portfolio.id, name: portfolio.name, strategyType: portfolio.strategyType.rawValue,
                status: portfolio.status, initialBalance: portfolio.initialBalance, balance: portfolio.currentBalance,
                totalInvested: portfolio.totalInvested, realizedPnl: portfolio.realizedPnl, unrealizedPnl: unrealized,
                feesPaid: portfolio.feesPaid, openPositions: positions.count),
            openCost: positions.reduce(Decimal(0)) { $0 + $1.costBasis }, positionsValue: value,
            lastPriceUpdate: portfolio.lastPriceUpdate, positions: withPositions ? positions : nil)
    }
}
