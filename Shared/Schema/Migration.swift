/// One versioned schema change. Versions are applied in order, each exactly once.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Every migration of the shared database, oldest first.
    public static let all: [Migration] = [
        .v1MarketData,
        .v2Portfolios,
        .v3Ledger,
        .v4Fees,
        .v5Settlements,
        .v6DrawdownBaseline,
        .v7Exits,
        .v8MarketVersions,
        .v9MarketPayloadHash,
        .v10ExactUnrealizedPnl,
        .v11FeeSource,
        .v12SignalGroups,
        .v13RunClaims,
        .v14PositionsFillFactor,
        .v15SmartMoney,
        .v16LiveSignals,
        .v17WeatherForecasts,
        .v18BacktestRuns,
        .v19TunerRuns,
        .v20ConfigHistoryAndRegions,
        .v21IdempotencyKeys,
        .v22NotificationOutbox,
        .v23DeliveryLeases,
        .v24BacktestSchemaRetention,
        .v25RetentionIndexes,
        .v26ShrunkEdgeSpread,
        .v27EvidenceLedgers,
        .v28SettlementTokenIndex,
        .v29CycleStepNames,
    ]
}
