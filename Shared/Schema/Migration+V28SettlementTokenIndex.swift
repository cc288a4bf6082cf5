extension Migration {
    /// Issue 25: live verdicts read whether a token won from any settlement of it.
    static let v28SettlementTokenIndex = Migration(
        version: 28, name: "settlement_token_index",
        sql: """
            CREATE INDEX settlements_token_idx ON settlements (token_id);
            """)
}
