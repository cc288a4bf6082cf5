import Contracts
import Foundation
import Postgres
import PrescientCore

/// A portfolio: its own virtual money, strategy and configuration.
public struct Portfolio: Codable, Sendable {
    public typealias Status = PortfolioStatus

    public var id: PortfolioID
    public var name: String
    public var strategyType: StrategyType
    public var strategyConfig: [String: JSONValue]
    public var initialBalance: Decimal
    public var currentBalance: Decimal
    /// Cost basis of open positions.
    public var totalInvested: Decimal
    public var realizedPnl: Decimal
    public var unrealizedPnl: Decimal
    /// Taker fees paid so far.
    public var feesPaid: Decimal
    /// Realised + unrealised P&L, net of fees.
    public var totalPnl: Decimal { MoneyFigures.totalPnl(realized: realizedPnl, unrealized: unrealizedPnl, fees: feesPaid) }
    /// Cash + cost basis of open positions + unrealised P&L (their value at the marks).
    public var equity: Decimal { MoneyFigures.equity(cash: currentBalance, invested: totalInvested, unrealized: unrealizedPnl) }
    public var status: Status
    public var statusReason: String?
    public var lastPriceUpdate: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, strategyType = "strategy_type", strategyConfig = "strategy_config", initialBalance = "initial_balance",
            currentBalance = "current_balance", totalInvested = "total_invested", realizedPnl = "realized_pnl",
            unrealizedPnl = "unrealized_pnl", feesPaid = "fees_paid", totalPnl = "total_pnl", status, statusReason = "status_reason",
            lastPriceUpdate = "last_price_update", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// A portfolio as it opens: `initialBalance` in cash, nothing invested.
    public init(
        id: PortfolioID, name: String, strategyType: StrategyType, strategyConfig: [String: JSONValue] = [:], initialBalance: Decimal,
        status: Status = .active, createdAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.strategyType = strategyType
        self.strategyConfig = strategyConfig
        self.initialBalance = initialBalance
        currentBalance = initialBalance
        totalInvested = 0
        realizedPnl = 0
        unrealizedPnl = 0
        feesPaid = 0
        self.status = status
        self.createdAt = createdAt
        updatedAt = createdAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PortfolioID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        strategyType = try c.decode(StrategyType.self, forKey: .strategyType)
        strategyConfig = try c.decode([String: JSONValue].self, forKey: .strategyConfig)
        initialBalance = try c.decode(Decimal.self, forKey: .initialBalance)
        currentBalance = try c.decode(Decimal.self, forKey: .currentBalance)
        totalInvested = try c.decode(Decimal.self, forKey: .totalInvested)
        realizedPnl = try c.decode(Decimal.self, forKey: .realizedPnl)
        unrealizedPnl = try c.decode(Decimal.self, forKey: .unrealizedPnl)
        feesPaid = try c.decodeIfPresent(Decimal.self, forKey: .feesPaid) ?? 0
        status = try c.decode(Status.self, forKey: .status)
        statusReason = try c.decodeIfPresent(String.self, forKey: .statusReason)
        lastPriceUpdate = try c.decodeIfPresent(Date.self, forKey: .lastPriceUpdate)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(strategyType, forKey: .strategyType)
        try c.encode(strategyConfig, forKey: .strategyConfig)
        try c.encode(initialBalance, forKey: .initialBalance)
        try c.encode(currentBalance, forKey: .currentBalance)
        try c.encode(totalInvested, forKey: .totalInvested)
        try c.encode(realizedPnl, forKey: .realizedPnl)
        try c.encode(unrealizedPnl, forKey: .unrealizedPnl)
        try c.encode(feesPaid, forKey: .feesPaid)
        try c.encode(totalPnl, forKey: .totalPnl)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(statusReason, forKey: .statusReason)
        try c.encodeIfPresent(lastPriceUpdate, forKey: .lastPriceUpdate)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// Reads a `portfolios` row.
    public init(row: PostgresRow) throws {
        id = try row.decode("id")
        name = try row.decode("name")
        guard let type = StrategyType(rawValue: try row.decode("strategy_type")) else {
            throw PostgresError(.decodingFailed, message: "unknown strategy_type")
        }
        strategyType = type
        let configText: String = try row.decode("strategy_config")
        strategyConfig = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(configText.utf8))) ?? [:]
        initialBalance = try row.decode("initial_balance")
        currentBalance = try row.decode("current_balance")
        totalInvested = try row.decode("total_invested")
        realizedPnl = try row.decode("realized_pnl")
        unrealizedPnl = try row.decode("unrealized_pnl")
        feesPaid = try row.decode("fees_paid")
        status = try row.decode("status", asCaseOf: Status.self)
        statusReason = try row.decodeIfPresent("status_reason")
        lastPriceUpdate = try row.decodeIfPresent("last_price_update")
        createdAt = try row.decode("created_at")
        updatedAt = try row.decode("updated_at")
    }

    /// The typed configuration (validated when stored, so this does not fail for stored rows).
    public var config: StrategyConfig {
        (try? StrategyConfig(json: strategyConfig, for: strategyType)) ?? StrategyConfig()
    }
}
