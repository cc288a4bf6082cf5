import Foundation
import PrescientCore

/// A portfolio's identity and money as every answer about it shows them, flat in the JSON:
/// the fields `PortfolioView` and `PortfolioSummary` share, defined once. Total P&L is
/// `MoneyFigures.totalPnl` of the figures given.
public struct PortfolioFigures: Codable, Sendable, Equatable {
    public var portfolioID: PortfolioID
    public var name: String
    public var strategyType: String
    public var status: PortfolioStatus
    public var initialBalance: Decimal
    /// Cash.
    public var balance: Decimal
    /// Cost basis of the open positions.
    public var totalInvested: Decimal
    public var realizedPnl: Decimal
    public var unrealizedPnl: Decimal
    public var feesPaid: Decimal
    /// Realised + unrealised − fees.
    public var totalPnl: Decimal
    public var openPositions: Int

    enum CodingKeys: String, CodingKey {
        case portfolioID = "portfolio_id", name, strategyType = "strategy_type", status, initialBalance = "initial_balance", balance,
            totalInvested = "total_invested", realizedPnl = "realized_pnl", unrealizedPnl = "unrealized_pnl", feesPaid = "fees_paid",
            totalPnl = "total_pnl", openPositions = "open_positions"
    }

    public init(
        portfolioID: PortfolioID, name: String, strategyType: String, status: PortfolioStatus, initialBalance: Decimal, balance: Decimal,
        totalInvested: Decimal, realizedPnl: Decimal, unrealizedPnl: Decimal, feesPaid: Decimal, openPositions: Int
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
        totalPnl = MoneyFigures.totalPnl(realized: realizedPnl, unrealized: unrealizedPnl, fees: feesPaid)
        self.openPositions = openPositions
    }
}

/// An answer that carries a portfolio's figures and reads them through: `view.balance` is
/// `view.figures.balance`.
@dynamicMemberLookup
public protocol CarriesPortfolioFigures {
    var figures: PortfolioFigures { get set }
}

extension CarriesPortfolioFigures {
    public subscript<Value>(dynamicMember path: WritableKeyPath<PortfolioFigures, Value>) -> Value {
        get { figures[keyPath: path] }
        set { figures[keyPath: path] = newValue }
    }
}
