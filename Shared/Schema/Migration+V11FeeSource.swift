extension Migration {
    /// Where a market's taker fee comes from: `fee_schedule`, `fee_type:<type>` (the published
    /// rate of the type it names), or `category_guess` (neither was sent). Stored payloads are
    /// marked for a rewrite (their fingerprint cleared), so the next export fills the new column and
    /// the rates of markets that name a fee type without a schedule.
    static let v11FeeSource = Migration(
        version: 11, name: "fee_source",
        sql: """
            ALTER TABLE markets ADD COLUMN fee_source TEXT;
            UPDATE markets SET raw_hash = NULL WHERE fees_enabled;
            """)
}
