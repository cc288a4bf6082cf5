extension Migration {
    /// A fingerprint of each market's stored payload: an export sends the payload again only when
    /// the fingerprint changed, instead of re-parsing 148 MB of JSONB on every run.
    static let v9MarketPayloadHash = Migration(
        version: 9, name: "market_payload_hash",
        sql: """
            ALTER TABLE markets ADD COLUMN raw_hash BIGINT;
            """)
}
