import Foundation
import PrescientCore

/// One portfolio's cycle as a run reports it.
public struct CycleResult: Codable, Sendable, Equatable {
    public var portfolioID: PortfolioID
    public var portfolioName: String
    public var strategyType: String
    /// Empty when the cycle could not start.
    public var cycleID: CycleID
    /// `succeeded` or `failed`.
    public var status: String
    /// `normal`, or `reduce_only` for a paused or halted portfolio (exits run, buys do not).
    public var mode: String
    /// True when this call resumed a cycle that had failed or was abandoned.
    public var resumed: Bool
    public var signalsGenerated: Int
    /// Trades made by the cycle's signals, over every attempt of the cycle.
    public var tradesExecuted: Int
    public var newBalance: Decimal?
    public var totalPnl: Decimal?
    public var failedStep: String?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case portfolioID = "portfolio_id", portfolioName = "portfolio_name", strategyType = "strategy_type", cycleID = "cycle_id",
            status, mode, resumed, signalsGenerated = "signals_generated", tradesExecuted = "trades_executed",
            newBalance = "new_balance", totalPnl = "total_pnl", failedStep = "failed_step", error
    }

    public init(
        portfolioID: PortfolioID, portfolioName: String, strategyType: String, cycleID: CycleID, status: String, mode: String,
        resumed: Bool, signalsGenerated: Int, tradesExecuted: Int, newBalance: Decimal?, totalPnl: Decimal?, failedStep: String?,
        error: String?
    ) {
        self.portfolioID = portfolioID
        self.portfolioName = portfolioName
        self.strategyType = strategyType
        self.cycleID = cycleID
        self.status = status
        self.mode = mode
        self.resumed = resumed
        self.signalsGenerated = signalsGenerated
        self.tradesExecuted = tradesExecuted
        self.newBalance = newBalance
        self.totalPnl = totalPnl
        self.failedStep = failedStep
        self.error = error
    }

    /// Whether the cycle finished every step.
    public var succeeded: Bool { status == "succeeded" }
}
