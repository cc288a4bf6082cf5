extension Migration {
    /// Taker fees: paid per trade, totalled per portfolio (and written to the ledger as `fee` rows).
    static let v4Fees = Migration(
        version: 4, name: "fees",
        sql: """
            ALTER TABLE portfolios ADD COLUMN fees_paid NUMERIC NOT NULL DEFAULT 0 CHECK (fees_paid >= 0);
            ALTER TABLE trades ADD COLUMN fee NUMERIC NOT NULL DEFAULT 0 CHECK (fee >= 0);
            """)
}
