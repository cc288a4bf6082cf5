extension Migration {
    /// Where the drawdown breaker measures from after an operator resumes a halted portfolio:
    /// the equity at the resume, not the old peak (which would halt it again at once).
    static let v6DrawdownBaseline = Migration(
        version: 6, name: "drawdown_baseline",
        sql: """
            ALTER TABLE portfolios ADD COLUMN drawdown_baseline NUMERIC, ADD COLUMN drawdown_since TIMESTAMPTZ;
            """)
}
