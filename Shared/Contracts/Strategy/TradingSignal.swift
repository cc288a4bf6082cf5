import Foundation
import PrescientCore

/// A strategy's instruction to a portfolio: buy (or sell) one outcome of one market.
public struct TradingSignal: Codable, Sendable {
    public enum Action: String, Codable, Sendable {
        case buyYes = "buy_yes", buyNo = "buy_no", sellYes = "sell_yes", sellNo = "sell_no"

        /// The outcome the action trades.
        public var outcome: String { self == .buyYes || self == .sellYes ? "YES" : "NO" }
        public var isBuy: Bool { self == .buyYes || self == .buyNo }
    }

    public enum Status: String, Codable, Sendable { case pending, executed, rejected }

    public var id: Int64?
    public var portfolioID: PortfolioID
    public var cycleID: CycleID
    public var marketID: MarketID
    public var tokenID: TokenID
    public var action: Action
    /// Dollars to spend (buys), at most; shares to sell (sells).
    public var amount: Decimal
    /// For a buy: exactly this many shares (within `amount` and the limit) instead of as many as
    /// `amount` buys. Arbitrage legs use it so every leg holds the same number of shares.
    public var shares: Decimal?
    /// Signals sharing a group execute all together or not at all (an arbitrage's legs).
    public var groupID: String?
    /// The worst price the strategy accepts.
    public var limitPrice: Decimal
    public var confidence: Decimal
    /// One human-readable line saying why.
    public var reason: String
    public var status: Status = .pending
    public var statusReason: String?
    public var createdAt: Date?
    public var executedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, portfolioID = "portfolio_id", cycleID = "cycle_id", marketID = "market_id", tokenID = "token_id", action,
            amount, limitPrice = "limit_price", confidence, reason, status, statusReason = "status_reason",
            createdAt = "created_at", executedAt = "executed_at", shares, groupID = "group_id"
    }

    public init(
        portfolioID: PortfolioID, cycleID: CycleID, marketID: MarketID, tokenID: TokenID, action: Action, amount: Decimal,
        limitPrice: Decimal, confidence: Decimal, reason: String
    ) {
        self.portfolioID = portfolioID
        self.cycleID = cycleID
        self.marketID = marketID
        self.tokenID = tokenID
        self.action = action
        self.amount = amount
        self.limitPrice = limitPrice
        self.confidence = confidence
        self.reason = reason
    }
}
