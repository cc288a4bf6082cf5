import Contracts
import Foundation
import PrescientCore

extension TradingSignal {
    /// A pending signal for tests: portfolio 1's cycle `c-1` on market `m-1`'s `yes-1` token,
    /// confidence 0.7, unless given.
    public static func make(
        _ action: Action, amount: Decimal, limit: Decimal, portfolio: PortfolioID = 1, cycle: CycleID = "c-1",
        market: MarketID = "m-1", token: TokenID = "yes-1", group: String? = nil, reason: String = "test"
    ) -> TradingSignal {
        var signal = TradingSignal(
            portfolioID: portfolio, cycleID: cycle, marketID: market, tokenID: token, action: action, amount: amount,
            limitPrice: limit, confidence: Decimal(string: "0.7")!, reason: reason)
        signal.groupID = group
        return signal
    }
}
