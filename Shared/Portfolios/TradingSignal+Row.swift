import Contracts
import Foundation
import Postgres

extension TradingSignal {
    /// A stored signal, from a `trading_signals` (or `signal_archives`) row.
    public init(row: PostgresRow) throws {
        guard let action = Action(rawValue: try row.decode("action")), let status = Status(rawValue: try row.decode("status")) else {
            throw PostgresError(.decodingFailed, message: "unknown signal action or status")
        }
        self.init(
            portfolioID: try row.decode("portfolio_id"), cycleID: try row.decode("cycle_id"), marketID: try row.decode("market_id"),
            tokenID: try row.decode("token_id"), action: action, amount: try row.decode("amount"),
            limitPrice: try row.decode("limit_price"), confidence: try row.decode("confidence"), reason: try row.decode("reason"))
        id = try row.decode("id")
        self.status = status
        statusReason = try row.decodeIfPresent("status_reason")
        shares = try row.decodeIfPresent("shares")
        groupID = try row.decodeIfPresent("group_id")
        createdAt = try row.decodeIfPresent("created_at")
        executedAt = try row.decodeIfPresent("executed_at")
    }
}
