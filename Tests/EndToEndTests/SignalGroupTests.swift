import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// A group's legs (an arbitrage) execute all together or not at all, in equal shares.
@Suite("Signal groups end to end", .serialized, .tags(.stack, .database))
struct SignalGroupTests {
    /// Inserts one leg of a group, sized in shares.
    static func leg(
        _ stack: TradingStack, portfolio: PortfolioID, group: String, market: String, token: String, action: String,
        shares: Decimal, limit: Decimal
    ) throws -> Int64 {
        try stack.insertSignal(
            portfolio: portfolio, cycle: group, market: market, token: token, action: action, amount: shares * limit, limit: limit,
            shares: shares, group: group)
    }

    @Test func legsOfAGroup_fillTogetherInEqualSharesOrNotAtAll() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let id = try stack.createPortfolio(
            #"{"name":"Legs","strategy_type":"arbitrage","initial_balance":1000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1}}"#
        )
        let market = try stack.pool.execute(
            """
            SELECT id, yes_token_id, no_token_id FROM markets
            WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 AND NOT fees_enabled ORDER BY liquidity DESC LIMIT 1
            """)[0]
        let marketID: String = try market.decode("id")
        let yes: String = try market.decode("yes_token_id")
        let no: String = try market.decode("no_token_id")

        // One leg's limit sits below every ask: neither leg may fill.
        let goodLeg = try Self.leg(
            stack, portfolio: id, group: "g-refused", market: marketID, token: yes, action: "buy_yes", shares: 10,
            limit: Decimal(string: "0.99")!)
        let badLeg = try Self.leg(
            stack, portfolio: id, group: "g-refused", market: marketID, token: no, action: "buy_no", shares: 10,
            limit: Decimal(string: "0.01")!)
        let first = try stack.execute(id)
        #expect(first.status == 200, "\(first.text)")
        #expect(first.json["trades_executed"] as? Int == 0)
        #expect(try stack.signalStatus(badLeg).status == "rejected")
        let sibling = try stack.signalStatus(goodLeg)
        #expect(sibling.status == "rejected" && sibling.reason.contains("no leg executes alone"), "\(sibling)")
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id)") == 0)

        // Both legs fillable: both fill, each exactly 10 shares.
        let a = try Self.leg(
            stack, portfolio: id, group: "g-filled", market: marketID, token: yes, action: "buy_yes", shares: 10,
            limit: Decimal(string: "0.99")!)
        let b = try Self.leg(
            stack, portfolio: id, group: "g-filled", market: marketID, token: no, action: "buy_no", shares: 10,
            limit: Decimal(string: "0.99")!)
        let second = try stack.execute(id)
        #expect(second.json["trades_executed"] as? Int == 2, "\(second.text)")
        #expect(try stack.signalStatus(a).status == "executed" && (try stack.signalStatus(b).status) == "executed")
        let shares = try stack.pool.execute("SELECT shares FROM trades WHERE portfolio_id = \(id) ORDER BY id").rows.map {
            try $0.decode("shares", as: Decimal.self)
        }
        #expect(shares == [10, 10])
        try expectMoneyReconciles(stack)
    }
}
