extension Migration {
    /// Sells, exits and per-market fee schedules:
    /// - a market's own fee schedule (`fee_rate`, `fee_exponent`) beside the category table;
    /// - on each sell trade, the cost basis it removed from the position and the P&L it realised;
    /// - on each position, the strategy score it was opened on and the most shares it ever held
    ///   (the scaling bands measure from both), and when it closed;
    /// - on each trade, the position it belongs to (earlier trades are matched by token and time).
    static let v7Exits = Migration(
        version: 7, name: "exits",
        sql: """
            ALTER TABLE markets ADD COLUMN fee_rate NUMERIC CHECK (fee_rate >= 0), ADD COLUMN fee_exponent INTEGER;
            ALTER TABLE trades ADD COLUMN cost_removed NUMERIC NOT NULL DEFAULT 0 CHECK (cost_removed >= 0),
                ADD COLUMN realized_pnl NUMERIC NOT NULL DEFAULT 0, ADD COLUMN position_id BIGINT REFERENCES portfolio_positions (id);
            ALTER TABLE portfolio_positions ADD COLUMN entry_score NUMERIC, ADD COLUMN peak_shares NUMERIC,
                ADD COLUMN closed_at TIMESTAMPTZ;
            UPDATE portfolio_positions SET peak_shares = shares;
            UPDATE portfolio_positions p SET closed_at = s.settled_at FROM settlements s WHERE s.position_id = p.id;
            UPDATE trades t SET position_id = (
                SELECT p.id FROM portfolio_positions p WHERE p.portfolio_id = t.portfolio_id AND p.token_id = t.token_id
                  AND p.opened_at <= t.executed_at ORDER BY p.opened_at DESC, p.id DESC LIMIT 1);
            CREATE INDEX trades_position_idx ON trades (position_id);
            CREATE INDEX portfolio_positions_closed_idx ON portfolio_positions (portfolio_id, closed_at) WHERE status = 'closed';
            """)
}
