import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// Sells, exit policies, the category and daily-loss limits, sizing, and the performance views,
/// through the real services.
@Suite("Money management end to end", .serialized, .tags(.stack, .database))
struct MoneyManagementTests {
    static let unlimited = #""max_single_position_pct":1,"max_exposure_pct":1,"max_category_exposure_pct":1"#

    /// A stack with the market data collected, and one liquid market priced between 0.2 and 0.8.
    func prepared() throws -> (TradingStack, market: String, token: String, condition: String) {
        let stack = try TradingStack()
        let collected = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(collected.status == 200, "\(collected.text)")
        let market = try stack.pool.execute(
            """
            SELECT id, yes_token_id, condition_id FROM markets
            WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 AND NOT neg_risk ORDER BY liquidity DESC LIMIT 1
            """)[0]
        return (stack, try market.decode("id"), try market.decode("yes_token_id"), try market.decode("condition_id"))
    }

    func bids(_ stack: TradingStack, token: String) throws -> [(price: Decimal, size: Decimal)] {
        let book = try stack.get(stack.simulator.clobURL + "/book?token_id=\(token)")
        return (book.json["bids"] as? [[String: String]] ?? []).map { (Decimal(string: $0["price"]!)!, Decimal(string: $0["size"]!)!) }
    }

    @Test func sellSignals_walkTheBidsRealiseProfitAndLossAndClose() throws {
        let (stack, market, token, _) = try prepared()
        let id = try stack.createPortfolio(
            #"{"name":"Seller","strategy_type":"momentum","initial_balance":10000,"strategy_config":{\#(Self.unlimited)}}"#)
        try stack.insertSignal(
            portfolio: id, cycle: "b1", market: market, token: token, action: "buy_yes", amount: 300, limit: Decimal(string: "0.95")!)
        #expect(try stack.execute(id).json["trades_executed"] as? Int == 1)
        let bought = try stack.pool.execute("SELECT shares, cost_basis FROM portfolio_positions WHERE portfolio_id = \(id)")[0]
        let shares: Decimal = try bought.decode("shares")
        let cost: Decimal = try bought.decode("cost_basis")

        // Sell half: expected from the raw bids, highest first.
        var half = shares / 2
        var rounded = Decimal()
        NSDecimalRound(&rounded, &half, 2, .down)
        var remaining = rounded
        var proceeds: Decimal = 0
        for level in try bids(stack, token: token).sorted(by: { $0.price > $1.price }) where remaining > 0 {
            let take = min(level.size, remaining)
            proceeds += take * level.price
            remaining -= take
        }
        #expect(remaining == 0, "the book should hold half the position")
        let sellHalf = try stack.insertSignal(
            portfolio: id, cycle: "s1", market: market, token: token, action: "sell_yes", amount: rounded, limit: Decimal(string: "0.01")!)
        let first = try stack.execute(id)
        #expect(first.json["trades_executed"] as? Int == 1, "\(first.text)")
        #expect(try stack.signalStatus(sellHalf).status == "executed")
        let sale = try stack.pool.execute(
            "SELECT shares, amount, cost_removed, realized_pnl, fee FROM trades WHERE side = 'sell' AND portfolio_id = \(id)")[0]
        #expect(try sale.decode("shares", as: Decimal.self) == rounded)
        #expect(try sale.decode("amount", as: Decimal.self) == proceeds)
        var removed = cost * rounded / shares
        var removedRounded = Decimal()
        NSDecimalRound(&removedRounded, &removed, 6, .plain)
        #expect(try sale.decode("cost_removed", as: Decimal.self) == removedRounded)
        #expect(try sale.decode("realized_pnl", as: Decimal.self) == proceeds - removedRounded)
        #expect(try stack.decimal("SELECT realized_pnl AS v FROM portfolios WHERE id = \(id)") == proceeds - removedRounded)
        #expect(
            try stack.count("SELECT count(*) AS n FROM ledger WHERE portfolio_id = \(id) AND kind = 'sell_fill' AND amount = \(proceeds)")
                == 1)

        // Asking for more than is held sells what is held and closes the position.
        try stack.insertSignal(
            portfolio: id, cycle: "s2", market: market, token: token, action: "sell_yes", amount: 1_000_000, limit: Decimal(string: "0.01")!
        )
        #expect(try stack.execute(id).json["trades_executed"] as? Int == 1)
        let closed = try stack.pool.execute(
            "SELECT status, shares, cost_basis, closed_at FROM portfolio_positions WHERE portfolio_id = \(id)")[0]
        #expect(try closed.decode("status", as: String.self) == "closed")
        #expect(try closed.decode("shares", as: Decimal.self) == 0)
        #expect(try closed.decode("cost_basis", as: Decimal.self) == 0)
        #expect(try closed.decodeIfPresent("closed_at", as: Date.self) != nil)
        #expect(try stack.decimal("SELECT total_invested AS v FROM portfolios WHERE id = \(id)") == 0)

        // Nothing left to sell; an order off the tick grid is refused like the CLOB would.
        let nothing = try stack.insertSignal(
            portfolio: id, cycle: "s3", market: market, token: token, action: "sell_yes", amount: 10, limit: Decimal(string: "0.01")!)
        let offGrid = try stack.insertSignal(
            portfolio: id, cycle: "t1", market: market, token: token, action: "buy_yes", amount: 10, limit: Decimal(string: "0.45555")!)
        _ = try stack.execute(id)
        #expect(try stack.signalStatus(nothing) == ("rejected", "no open position in this token to sell"))
        #expect(try stack.signalStatus(offGrid).reason.hasPrefix("limit price 0.45555 is not a multiple of the tick size"))
        try expectMoneyReconciles(stack)

        // The performance view counts the round trip as one resolved trade.
        let performance = try stack.get(stack.url("paper-trading") + "/paper-trading/performance?portfolio_id=\(id)")
        #expect(performance.status == 200)
        #expect(performance.json["trades"] as? Int == 3)
        #expect(performance.json["sells"] as? Int == 2)
        #expect(performance.json["resolved_trades"] as? Int == 1)
    }

    @Test func timeExit_makesTheStrategyEmitASellThatExecutes() throws {
        let (stack, market, token, _) = try prepared()
        let id = try stack.createPortfolio(
            #"{"name":"Timed","strategy_type":"momentum","initial_balance":10000,"strategy_config":{\#(Self.unlimited),"time_exit":true}}"#)
        try stack.insertSignal(
            portfolio: id, cycle: "b1", market: market, token: token, action: "buy_yes", amount: 200, limit: Decimal(string: "0.95")!)
        #expect(try stack.execute(id).json["trades_executed"] as? Int == 1)
        let shares = try stack.decimal("SELECT shares AS v FROM portfolio_positions WHERE portfolio_id = \(id)")
        // 95 of the market's 100 days have passed on the simulator's clock.
        let now = try #require(stack.get(stack.simulator.baseURL + "/sim/state").json["now"] as? String)
        try stack.pool.execute(
            """
            UPDATE markets SET start_date = \(now)::timestamptz - interval '95 days', end_date = \(now)::timestamptz + interval '5 days'
            WHERE id = \(market)
            """)
        let generated = try stack.post(
            stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(id),"cycle_id":"exit-1"}"#)
        #expect(generated.status == 200, "\(generated.text)")
        let sells = (generated.json["signals"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "sell_yes" }
        #expect(sells.count == 1, "\(generated.text)")
        let reason = sells.first?["reason"] as? String
        #expect(reason?.hasPrefix("time exit") == true, "\(reason ?? "no sell")")
        #expect(sells.first.map { Decimal(string: "\($0["amount"]!)") } == shares)
        _ = try stack.execute(id)
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id) AND side = 'sell'") == 1)
        // The strategy may also have bought elsewhere; the timed-out market is closed.
        #expect(
            try stack.count(
                "SELECT count(*) AS n FROM portfolio_positions WHERE portfolio_id = \(id) AND market_id = '\(market)' AND status = 'open'")
                == 0)
        try expectMoneyReconciles(stack)
    }

    @Test func categoryEventAndDailyLossLimits_rejectWithTheReasonRecorded() throws {
        let (stack, _, _, _) = try prepared()
        // Two markets of one negRisk event count as one group.
        let group = try stack.pool.execute(
            """
            SELECT id, yes_token_id, neg_risk_market_id FROM markets WHERE neg_risk AND neg_risk_market_id = (
                SELECT neg_risk_market_id FROM markets WHERE neg_risk AND passes_quality_filter AND best_ask BETWEEN 0.05 AND 0.9
                GROUP BY 1 HAVING count(*) >= 2 ORDER BY count(*) DESC LIMIT 1)
              AND passes_quality_filter AND best_ask BETWEEN 0.05 AND 0.9 ORDER BY liquidity DESC LIMIT 2
            """
        ).rows
        try #require(group.count == 2)
        let capped = try stack.createPortfolio(
            #"{"name":"Capped","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1,"max_category_exposure_pct":0.15}}"#
        )
        var ids: [Int64] = []
        for row in group {
            ids.append(
                try stack.insertSignal(
                    portfolio: capped, cycle: "cap", market: try row.decode("id"), token: try row.decode("yes_token_id"), action: "buy_yes",
                    amount: 100, limit: Decimal(string: "0.95")!))
        }
        _ = try stack.execute(capped)
        #expect(try stack.signalStatus(ids[0]).status == "executed")
        let eventID: String = try group[0].decode("neg_risk_market_id")
        let second = try stack.signalStatus(ids[1])
        #expect(second.reason.hasPrefix("max_category_exposure_pct: event:\(eventID)"), "\(second)")

        // Fees alone lose more than the $1 daily limit: the next buy is refused.
        let markets = try stack.pool.execute(
            "SELECT id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 AND NOT neg_risk ORDER BY liquidity DESC LIMIT 2"
        ).rows
        try stack.pool.execute(
            "UPDATE markets SET fees_enabled = TRUE, category = 'crypto' WHERE id = \(try markets[0].decode("id", as: String.self))")
        let careful = try stack.createPortfolio(
            #"{"name":"Careful","strategy_type":"momentum","initial_balance":1000,"strategy_config":{\#(Self.unlimited),"max_daily_loss":1}}"#
        )
        let buys = try markets.enumerated().map { index, row in
            try stack.insertSignal(
                portfolio: careful, cycle: "loss", market: try row.decode("id"), token: try row.decode("yes_token_id"), action: "buy_yes",
                amount: 300, limit: Decimal(string: "0.95")!)
        }
        _ = try stack.execute(careful)
        #expect(try stack.signalStatus(buys[0]).status == "executed")
        #expect(try stack.decimal("SELECT fees_paid AS v FROM portfolios WHERE id = \(careful)") > 1)
        let refused = try stack.signalStatus(buys[1])
        #expect(refused.reason.hasPrefix("max_daily_loss"), "\(refused)")
        try expectMoneyReconciles(stack)
    }

    @Test func sizingRules_setTheAmountOfEveryBuy() throws {
        let (stack, _, _, _) = try prepared()
        let percent = try stack.createPortfolio(
            #"{"name":"Percent","strategy_type":"momentum","initial_balance":20000,"strategy_config":{"min_conviction":0.01,"sizing":"percent_of_equity","sizing_pct":0.01}}"#
        )
        let generated = try stack.post(
            stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(percent),"cycle_id":"size-1"}"#)
        let sizing = try #require(generated.json["sizing"] as? [String: Any])
        #expect(sizing["method"] as? String == "percent_of_equity")
        #expect(Decimal(string: "\(sizing["amount"]!)") == 200)
        let amounts = (generated.json["signals"] as? [[String: Any]] ?? []).map { Decimal(string: "\($0["amount"]!)") }
        #expect(!amounts.isEmpty)
        #expect(amounts.allSatisfy { $0 == 200 })

        let kelly = try stack.createPortfolio(
            #"{"name":"Kelly","strategy_type":"momentum","initial_balance":5000,"strategy_config":{"min_conviction":0.01,"sizing":"kelly"}}"#
        )
        let early = try stack.post(stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(kelly),"cycle_id":"size-2"}"#)
        let kellySizing = try #require(early.json["sizing"] as? [String: Any])
        #expect(Decimal(string: "\(kellySizing["amount"]!)") == 50)
        #expect((kellySizing["basis"] as? String ?? "").contains("0 of 20 resolved trades"))
    }

    @Test func performanceAndLeaderboard_rankEveryPortfolio() throws {
        let (stack, _, _, _) = try prepared()
        for name in ["One", "Two"] {
            _ = try stack.createPortfolio(
                #"{"name":"\#(name)","strategy_type":"momentum","initial_balance":10000,"strategy_config":{"min_conviction":0.01,"max_signals_per_cycle":3}}"#
            )
        }
        #expect(try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "").status == 200)
        #expect(try stack.post(stack.simulator.baseURL + "/sim/advance", #"{"seconds":90000}"#).status == 200)
        #expect(try stack.post(stack.url("paper-trading") + "/paper-trading/price-updater/run", "").status == 200)
        #expect(try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "").status == 200)
        let ids = try stack.pool.execute("SELECT id FROM portfolios ORDER BY id").rows.map { try $0.decode("id", as: Int64.self) }
        for id in ids {
            let report = try stack.get(stack.url("paper-trading") + "/paper-trading/performance?portfolio_id=\(id)")
            #expect(report.status == 200)
            let curve = report.json["equity_curve"] as? [[String: Any]] ?? []
            #expect(curve.count == 2 + (try stack.count("SELECT count(*) AS n FROM portfolio_history WHERE portfolio_id = \(id)")))
            // Equity from the positions themselves (cash + shares × mark, cost where unmarked), not the stored P&L column.
            let equity = try stack.decimal(
                """
                SELECT p.current_balance + COALESCE((SELECT sum(COALESCE(x.shares * x.current_price, x.cost_basis)) FROM portfolio_positions x
                                                     WHERE x.portfolio_id = p.id AND x.status = 'open'), 0) AS v
                FROM portfolios p WHERE p.id = \(id)
                """)
            #expect(Decimal(string: "\(report.json["equity"]!)") == equity)
            #expect(curve.last.map { Decimal(string: "\($0["equity"]!)") } == equity)
            #expect(report.json["trades"] as? Int == (try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id)")))
            #expect(
                Decimal(string: "\(report.json["fees_paid"]!)")
                    == (try stack.decimal("SELECT fees_paid AS v FROM portfolios WHERE id = \(id)")))
        }
        let board = try stack.get(stack.url("orchestrator") + "/trading/leaderboard?sort=total_pnl")
        #expect(board.status == 200)
        let rows = board.json["portfolios"] as? [[String: Any]] ?? []
        #expect(rows.count == ids.count)
        #expect(rows.map { $0["rank"] as? Int } == Array(1...ids.count))
        let totals = rows.map { Decimal(string: "\($0["total_pnl"]!)")! }
        #expect(totals == totals.sorted(by: >))
        #expect(rows.allSatisfy { $0["equity_curve"] == nil })
        // Every row carries its verdict; a handful of markets is too few events to judge.
        #expect(
            rows.allSatisfy { row in
                row["verdict"] as? String == "INSUFFICIENT" && (row["events"] as? Int).map { 30 - $0 } == row["events_needed"] as? Int
            }, "\(rows.map { ($0["verdict"] ?? "-", $0["verdict_reason"] ?? "-") })")
        #expect(try stack.get(stack.url("orchestrator") + "/trading/leaderboard?sort=luck").errorCode == "invalid_parameter")
        #expect(try stack.get(stack.url("orchestrator") + "/trading/leaderboard?limit=0").errorCode == "invalid_parameter")
        #expect(try stack.get(stack.url("paper-trading") + "/paper-trading/performance").errorCode == "missing_parameter")
        #expect(try stack.get(stack.url("paper-trading") + "/paper-trading/performance?portfolio_id=999999").status == 404)
        try expectMoneyReconciles(stack)
    }
}
