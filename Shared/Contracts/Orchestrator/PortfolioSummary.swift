import Foundation

/// One row of `GET /trading/portfolio-summary`: a portfolio's money and its last cycle.
public struct PortfolioSummary: Codable, Sendable, Equatable {
    public var portfolioID: Int64
    public var name: String
    public var strategyType: String
    public var status: String
    public var initialBalance: Decimal
    public var balance: Decimal
    public var totalInvested: Decimal
    public var realizedPnl: Decimal
    public var unrealizedPnl: Decimal
    public var feesPaid: Decimal
    /// Realised + unrealised − fees.
    public var totalPnl: Decimal
    public var openPositions: Int
    public var trades: Int
    public var lastCycleID: String?
    public var lastCycleStatus: String?
    public var lastCycleAt: Date?

    enum CodingKeys: String, CodingKey {
        case portfolioID = "portfolio_id", name, strategyType = "strategy_type", status, initialBalance = "initial_balance", balance,
            totalInvested = "total_invested", realizedPnl = "realized_pnl", unrealizedPnl = "unrealized_pnl", feesPaid = "fees_paid",
            totalPnl = "total_pnl", openPositions = "open_positions", trades, lastCycleID = "last_cycle_id",
            lastCycleStatus = "last_cycle_status", lastCycleAt = "last_cycle_at"
    }

    public init(
        portfolioID: Int64, name: String, strategyType: String, status: String, initialBalance: Decimal, balance: Decimal,
        totalInvested: Decimal, realizedPnl: Decimal, unrealizedPnl: Decimal, feesPaid: Decimal, openPositions: Int, trades: Int,
        lastCycleID: String?, lastCycleStatus: String?, lastCycleAt: Date?
    ) {
        self.portfolioID = portfolioID
        self.name = name
        self.strategyType = strategyType
        self.status = status
        self.initialBalance = initialBalance
        self.balance = balance
        self.totalInvested = totalInvested
        self.realizedPnl = realizedPnl
        self.unrealizedPnl = unrealizedPnl
        self.feesPaid = feesPaid
        self.totalPnl = realizedPnl + unrealizedPnl - feesPaid
        self.openPositions = openPositions
        self.trades = trades
        self.lastCycleID = lastCycleID
        self.lastCycleStatus = lastCycleStatus
        self.lastCycleAt = lastCycleAt
    }
}

/// `GET /trading/portfolio-summary`.
public struct PortfolioSummaryList: Codable, Sendable, Equatable {
    public var portfolios: [PortfolioSummary]

    public init(portfolios: [PortfolioSummary]) {
        self.portfolios = portfolios
    }
}
