import Foundation
import Portfolios
import Postgres
import PrescientCore

/// Marks open positions at new prices in bulk and keeps every touched portfolio's unrealised
/// P&L exact, in one transaction. Used by the price updater (and by tests, so they exercise the
/// same SQL).
///
/// Lock order, the same everywhere money moves: the portfolio rows first, in id order, then
/// their positions — as execution and settlement take them — so a pass never deadlocks with a fill.
public enum MarkToMarket {
    /// A new price for one token of a market.
    public struct Mark: Sendable {
        public let tokenID: TokenID
        public let marketID: MarketID?
        public let price: Decimal

        public init(tokenID: TokenID, marketID: MarketID?, price: Decimal) {
            self.tokenID = tokenID
            self.marketID = marketID
            self.price = price
        }
    }

    /// Positions marked and portfolios touched.
    public struct Outcome: Sendable {
        public let positions: Int
        public let portfolios: Int
    }

    /// Applies `marks` to every open position in their tokens; with `snapshotAt`, also appends
    /// them to `market_snapshots` at that time.
    public static func apply(_ marks: [Mark], snapshotAt: Date?, on db: PostgresConnection) throws -> Outcome {
        guard !marks.isEmpty else { return Outcome(positions: 0, portfolios: 0) }
        try db.execute("CREATE TEMP TABLE marks (token_id TEXT PRIMARY KEY, market_id TEXT, price NUMERIC) ON COMMIT DROP")
        try db.copyFrom("COPY marks (token_id, market_id, price) FROM STDIN") { writer in
            for mark in marks {
                writer.field(mark.tokenID)
                writer.field(mark.marketID)
                writer.field(mark.price)
                try writer.endRow()
            }
        }
        let touched = try db.execute(
            """
            SELECT id FROM portfolios WHERE id IN (
                SELECT DISTINCT p.portfolio_id FROM portfolio_positions p JOIN marks m ON m.token_id = p.token_id
                WHERE p.status = 'open')
            ORDER BY id FOR UPDATE
            """
        ).rows.map { try $0.decode("id", as: PortfolioID.self) }
        let ids = touched
        let positions = try db.execute(
            """
            UPDATE portfolio_positions p SET current_price = m.price, unrealized_pnl = p.shares * m.price - p.cost_basis,
                price_updated_at = now(), updated_at = now()
            FROM marks m WHERE p.token_id = m.token_id AND p.status = 'open' AND p.portfolio_id = ANY(\(ids)::bigint[])
            """
        ).affectedRows
        try Bookkeeping.refreshUnrealized(portfolioIDs: touched, on: db)
        try db.execute("UPDATE portfolios SET last_price_update = now() WHERE id = ANY(\(ids)::bigint[])")
        if let snapshotAt {
            try db.execute(
                """
                INSERT INTO market_snapshots (market_id, token_id, price, source, captured_at)
                SELECT market_id, token_id, price, 'midpoint', \(snapshotAt) FROM marks
                """)
        }
        return Outcome(positions: positions, portfolios: touched.count)
    }

    /// The market of every token held in an open position (the tokens a price pass marks).
    public static func openTokens(pool: PostgresPool) throws -> [TokenID: MarketID] {
        let rows = try pool.execute("SELECT DISTINCT token_id, market_id FROM portfolio_positions WHERE status = 'open'").rows
        return Dictionary(
            try rows.map { (try $0.decode("token_id", as: TokenID.self), try $0.decode("market_id", as: MarketID.self)) },
            uniquingKeysWith: { first, _ in first })
    }
}
