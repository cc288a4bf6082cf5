import Foundation
import PrescientCore

/// `POST /paper-trading/execute-signals?portfolio_id=…[&cycle_id=…]`: what one execution pass did.
public struct ExecuteSignalsResult: Codable, Sendable, Equatable {
    /// One signal that did not trade, and why.
    public struct Rejection: Codable, Sendable, Equatable {
        public var signalID: Int64
        public var reason: String

        enum CodingKeys: String, CodingKey { case signalID = "signal_id", reason }

        public init(signalID: Int64, reason: String) {
            self.signalID = signalID
            self.reason = reason
        }
    }

    public var status: String
    public var portfolioID: PortfolioID
    public var signalsConsidered: Int
    public var tradesExecuted: Int
    public var signalsRejected: Int
    /// Signals another call had already executed or rejected by the time this pass reached them.
    public var skippedAlreadyHandled: Int
    public var newBalance: Decimal
    public var totalInvested: Decimal
    public var realizedPnl: Decimal
    /// Absent only in a cycle step's stored summary.
    public var rejections: [Rejection]?
    /// True when this answer comes from a run another concurrent call started after this one arrived.
    public var joinedConcurrentCall: Bool

    enum CodingKeys: String, CodingKey {
        case status, portfolioID = "portfolio_id", signalsConsidered = "signals_considered", tradesExecuted = "trades_executed",
            signalsRejected = "signals_rejected", skippedAlreadyHandled = "skipped_already_handled", newBalance = "new_balance",
            totalInvested = "total_invested", realizedPnl = "realized_pnl", rejections, joinedConcurrentCall = "joined_concurrent_call"
    }

    public init(
        portfolioID: PortfolioID, signalsConsidered: Int, tradesExecuted: Int, signalsRejected: Int, skippedAlreadyHandled: Int,
        newBalance: Decimal, totalInvested: Decimal, realizedPnl: Decimal, rejections: [Rejection], joinedConcurrentCall: Bool = false
    ) {
        self.status = "success"
        self.portfolioID = portfolioID
        self.signalsConsidered = signalsConsidered
        self.tradesExecuted = tradesExecuted
        self.signalsRejected = signalsRejected
        self.skippedAlreadyHandled = skippedAlreadyHandled
        self.newBalance = newBalance
        self.totalInvested = totalInvested
        self.realizedPnl = realizedPnl
        self.rejections = rejections
        self.joinedConcurrentCall = joinedConcurrentCall
    }
}
