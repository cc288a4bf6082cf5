import Foundation

/// `GET /paper-trading/portfolio?portfolio_id=…`: a portfolio's money and positions with their
/// current marks, as operators read it (and as the orchestrator snapshots it every cycle).
public struct PortfolioView: Codable, Sendable, Equatable {
    /// One open position with its mark.
    public struct Position: Codable, Sendable, Equatable {
        public var marketID: String
        public var question: String?
        public var tokenID: String
        public var outcome: String
        public var shares: Decimal
        public var averagePrice: Decimal
        public var costBasis: Decimal
        public var currentPrice: Decimal?
        public var marketValue: Decimal?
        public var unrealizedPnl: Decimal
        public var priceUpdatedAt: Date?

        enum CodingKeys: String, CodingKey {
            case marketID = "market_id", question, tokenID = "token_id", outcome, shares, averagePrice = "average_price",
                costBasis = "cost_basis", currentPrice = "current_price", marketValue = "market_value",
                unrealizedPnl = "unrealized_pnl", priceUpdatedAt = "price_updated_at"
        }

        public init(
            marketID: String, question: String?, tokenID: String, outcome: String, shares: Decimal, averagePrice: Decimal,
            costBasis: Decimal, currentPrice: Decimal?, marketValue: Decimal?, unrealizedPnl: Decimal, priceUpdatedAt: Date?
        ) {
            self.marketID = marketID
            self.question = question
            self.tokenID = tokenID
            self.outcome = outcome
            self.shares = shares
            self.averagePrice = averagePrice
            self.costBasis = costBasis
            self.currentPrice = currentPrice
            self.marketValue = marketValue
            self.unrealizedPnl = unrealizedPnl
            self.priceUpdatedAt = priceUpdatedAt
        }
    }

    public var portfolioID: Int64
    public var name: String
    public var strategyType: String
    public var status: String
    public var initialBalance: Decimal
    public var balance: Decimal
    public var totalInvested: Decimal
    public var positionsValue: Decimal
    public var equity: Decimal
    public var realizedPnl: Decimal
    public var unrealizedPnl: Decimal
    public var feesPaid: Decimal
    /// Realised + unrealised − fees.
    public var totalPnl: Decimal
    public var openPositions: Int
    public var lastPriceUpdate: Date?
    /// Absent in lists and in a cycle's snapshot.
    public var positions: [Position]?

    enum CodingKeys: String, CodingKey {
        case portfolioID = "portfolio_id", name, strategyType = "strategy_type", status, initialBalance = "initial_balance", balance,
            totalInvested = "total_invested", positionsValue = "positions_value", equity, realizedPnl = "realized_pnl",
            unrealizedPnl = "unrealized_pnl", feesPaid = "fees_paid", totalPnl = "total_pnl", openPositions = "open_positions",
            lastPriceUpdate = "last_price_update", positions
    }

    public init(
        portfolioID: Int64, name: String, strategyType: String, status: String, initialBalance: Decimal, balance: Decimal,
        totalInvested: Decimal, positionsValue: Decimal, equity: Decimal, realizedPnl: Decimal, unrealizedPnl: Decimal,
        feesPaid: Decimal, totalPnl: Decimal, openPositions: Int, lastPriceUpdate: Date?, positions: [Position]?
    ) {
        self.portfolioID = portfolioID
        self.name = name
        self.strategyType = strategyType
        self.status = status
        self.initialBalance = initialBalance
        self.balance = balance
        self.totalInvested = totalInvested
        self.positionsValue = positionsValue
        self.equity = equity
        self.realizedPnl = realizedPnl
        self.unrealizedPnl = unrealizedPnl
        self.feesPaid = feesPaid
        self.totalPnl = totalPnl
        self.openPositions = openPositions
        self.lastPriceUpdate = lastPriceUpdate
        self.positions = positions
    }
}
