extension Migration {
    /// Portfolios' unrealised P&L used to keep a stale figure after their last position closed
    /// (only portfolios with open positions were refreshed). Recomputed once from the positions;
    /// from now on every change keeps it exact in its own transaction.
    static let v10ExactUnrealizedPnl = Migration(
        version: 10, name: "exact_unrealized_pnl",
        sql: """
            UPDATE portfolios p SET unrealized_pnl = COALESCE((SELECT sum(x.unrealized_pnl) FROM portfolio_positions x
                                                              WHERE x.portfolio_id = p.id AND x.status = 'open'), 0);
            """)
}
