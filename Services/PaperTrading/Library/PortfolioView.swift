import Foundation
import Portfolios
import Postgres

/// A portfolio's money and positions with their current marks, as operators read it.
struct PortfolioView: Encodable {
    struct Position: Encodable {
        let market_id: String
        let question: String?
        let token_id: String
        let outcome: String
        let shares: Decimal
        let average_price: Decimal
        let cost_basis: Decimal
        let current_price: Decimal?
        let market_value: Decimal?
        let unrealized_pnl: Decimal
        let price_updated_at: Date?
    }

    let portfolio_id: Int64
    let name: String
    let strategy_type: String
    let status: String
    let initial_balance: Decimal
    let balance: Decimal
    let total_invested: Decimal
    let positions_value: Decimal
    let equity: Decimal
    let realized_pnl: Decimal
    let unrealized_pnl: Decimal
    let fees_paid: Decimal
    /// Realised + unrealised − fees.
    let total_pnl: Decimal
    let open_positions: Int
    let last_price_update: Date?
    let positions: [Position]?

    static func load(_ portfolio: Portfolio, pool: PostgresPool, withPositions: Bool) throws -> PortfolioView {
        let rows = try pool.execute(
            """
            SELECT p.*, m.question FROM portfolio_positions p LEFT JOIN markets m ON m.id = p.market_id
            WHERE p.portfolio_id = \(portfolio.id) AND p.status = 'open' ORDER BY p.cost_basis DESC, p.id
            """
        ).rows
        var positions: [Position] = []
        var value: Decimal = 0
        var unrealized: Decimal = 0
        for row in rows {
            let shares: Decimal = try row.decode("shares")
            let cost: Decimal = try row.decode("cost_basis")
            let mark: Decimal? = try row.decodeIfPresent("current_price")
            let marketValue = mark.map { $0 * shares }
            let pnl = marketValue.map { $0 - cost } ?? 0
            value += marketValue ?? cost
            unrealized += pnl
            positions.append(
                Position(
                    market_id: try row.decode("market_id"), question: try row.decodeIfPresent("question"),
                    token_id: try row.decode("token_id"), outcome: try row.decode("outcome"), shares: shares,
                    average_price: shares > 0 ? (cost / shares).rounded(scale: 6) : 0, cost_basis: cost, current_price: mark,
                    market_value: marketValue, unrealized_pnl: pnl, price_updated_at: try row.decodeIfPresent("price_updated_at")))
        }
        return PortfolioView(
            portfolio_id: portfolio.id, name: portfolio.name, strategy_type: portfolio.strategyType.rawValue,
            status: portfolio.status.rawValue, initial_balance: portfolio.initialBalance, balance: portfolio.currentBalance,
            total_invested: portfolio.totalInvested, positions_value: value, equity: portfolio.currentBalance + value,
            realized_pnl: portfolio.realizedPnl, unrealized_pnl: unrealized, fees_paid: portfolio.feesPaid,
            total_pnl: portfolio.realizedPnl + unrealized - portfolio.feesPaid,
            open_positions: positions.count, last_price_update: portfolio.lastPriceUpdate,
            positions: withPositions ? positions : nil)
    }
}
