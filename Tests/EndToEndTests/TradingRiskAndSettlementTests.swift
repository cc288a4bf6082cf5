import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing
import Verdicts

/// Shared books, settlement and the risk limits across real processes; a suite of its own so it
/// runs beside the cycle suite instead of after it.
@Suite("Shared books, settlement and risk end to end", .serialized, .tags(.stack, .database))
struct TradingRiskAndSettlementTests {
    @Test func twoPortfoliosBuyingOneToken_neverFillMoreThanTheBookHolds() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let market = try stack.pool.execute(
            "SELECT id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask < 0.5 ORDER BY liquidity DESC LIMIT 1")[0]
        let marketID: String = try market.decode("id")
        let token: String = try market.decode("yes_token_id")
        let book = try stack.get(stack.simulator.clobURL + "/book?token_id=\(token)")
        let asks = (book.json["asks"] as? [[String: String]] ?? []).map { (Decimal(string: $0["price"]!)!, Decimal(string: $0["size"]!)!) }
        let limit = Decimal(string: "0.95")!
        let depth = asks.filter { $0.0 <= limit }.reduce(Decimal(0)) { $0 + $1.1 }
        #expect(depth > 0)
        // The small dataset has no fee-enabled market: mark this one (crypto rate 0.07) to charge fees.
        try stack.pool.execute("UPDATE markets SET fees_enabled = TRUE, category = 'crypto' WHERE id = \(marketID)")
        // The quote predicts exactly what the first fill gets, without trading.
        let quoter = try stack.createPortfolio(#"{"name":"Quoter","strategy_type":"momentum","initial_balance":1000000}"#)
        let quote = try stack.get(
            stack.url("paper-trading")
                + "/paper-trading/quote?portfolio_id=\(quoter)&token_id=\(token)&side=buy&amount=500000&limit_price=0.95")
        #expect(quote.status == 200, "\(quote.text)")
        #expect(try stack.count("SELECT count(*) AS n FROM trades") == 0)
        var ids: [PortfolioID] = []
        for name in ["A", "B"] {
            let id = try stack.createPortfolio(
                #"{"name":"\#(name)","strategy_type":"momentum","initial_balance":1000000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1}}"#
            )
            ids.append(id)
            try stack.pool.execute(
                """
                INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason)
                VALUES (\(id), 'contention', \(marketID), \(token), 'buy_yes', 500000, \(limit), 1, 'contention test')
                """)
        }
        let portfolioIDs = ids
        runConcurrently(2) { index in
            _ = try? stack.get(stack.url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(portfolioIDs[index])")
        }
        let filled = try stack.decimal("SELECT COALESCE(sum(shares), 0) AS v FROM trades WHERE token_id = '\(token)'")
        #expect(filled > 0)
        #expect(filled <= depth)
        let firstFill = try stack.pool.execute("SELECT shares, amount, fee FROM trades WHERE token_id = \(token) ORDER BY id LIMIT 1")[0]
        #expect(Decimal(string: "\(quote.json["shares"]!)") == (try firstFill.decode("shares", as: Decimal.self)))
        #expect(Decimal(string: "\(quote.json["fee"]!)") == (try firstFill.decode("fee", as: Decimal.self)))
        // Taker fees: positive, at most shares × 0.07 × 0.25, each one a ledger row.
        for trade in try stack.pool.execute("SELECT shares, price, fee FROM trades WHERE token_id = \(token)").rows {
            let shares: Decimal = try trade.decode("shares")
            let fee: Decimal = try trade.decode("fee")
            #expect(fee > 0)
            #expect(fee <= shares * Decimal(string: "0.0175")!)
        }
        #expect(
            try stack.count("SELECT count(*) AS n FROM ledger WHERE kind = 'fee'")
                == (try stack.count("SELECT count(*) AS n FROM trades WHERE fee > 0")))
        #expect(try stack.decimal("SELECT sum(fees_paid) AS v FROM portfolios") == (try stack.decimal("SELECT sum(fee) AS v FROM trades")))
        try expectMoneyReconciles(stack)
    }

    @Test func settlement_paysWinnersRefundsVoidLocksDisputedAndPaysOnce() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let id = try stack.createPortfolio(#"{"name":"Settler","strategy_type":"momentum","initial_balance":10000}"#)
        let markets = try stack.pool.execute(
            "SELECT id, condition_id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 ORDER BY liquidity DESC LIMIT 4"
        ).rows
        #expect(markets.count == 4)
        for market in markets {
            try stack.pool.execute(
                """
                INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason)
                VALUES (\(id), 'settle', \(try market.decode("id", as: String.self)), \(try market.decode("yes_token_id", as: String.self)),
                        'buy_yes', 100, 0.95, 1, 'settlement test')
                """)
        }
        // Registered in the signal ledger as the generator registers them, decided before any resolution.
        let registered = try stack.pool.execute(
            "SELECT id, market_id, token_id, amount, limit_price FROM trading_signals WHERE portfolio_id = \(id) ORDER BY id"
        ).rows.map { row in
            RegisteredSignal(
                source: "live", portfolioID: id, strategy: "momentum", configHash: "0123456789abcdef",
                marketID: try row.decode("market_id"),
                tokenID: try row.decode("token_id"), side: "buy_yes", probability: nil, score: 1, price: try row.decode("limit_price"),
                amount: try row.decode("amount"), signalID: try row.decode("id"), decidedAt: Date(timeIntervalSince1970: 1_773_000_000))
        }
        try stack.pool.withTransaction { try SignalLedger.append(registered, on: $0) }
        let executed = try stack.get(stack.url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(id)")
        #expect(executed.json["trades_executed"] as? Int == 4, "\(executed.text)")
        let outcomes = ["YES", "NO", "VOID", "DISPUTED"]
        var expectedPayout: Decimal = 0
        for (market, outcome) in zip(markets, outcomes) {
            let condition: String = try market.decode("condition_id")
            #expect(
                try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"\#(outcome)"}"#)
                    .status == 200)
            let position = try stack.pool.execute(
                "SELECT shares, cost_basis FROM portfolio_positions WHERE portfolio_id = \(id) AND market_id = \(try market.decode("id", as: String.self))"
            )[0]
            switch outcome {
            case "YES": expectedPayout += try position.decode("shares", as: Decimal.self)
            case "VOID": expectedPayout += try position.decode("cost_basis", as: Decimal.self)
            default: break
            }
        }
        let cashBefore = try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(id)")
        let first = try stack.post(stack.url("paper-trading") + "/paper-trading/settle", "")
        #expect(first.status == 200)
        #expect(first.json["positions_settled"] as? Int == 3, "\(first.text)")
        #expect(first.json["positions_pending"] as? Int == 1, "\(first.text)")
        let second = try stack.post(stack.url("paper-trading") + "/paper-trading/settle", "")
        #expect(second.json["positions_settled"] as? Int == 0)
        #expect(try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(id)") == cashBefore + expectedPayout)
        #expect(try stack.count("SELECT count(*) AS n FROM settlements WHERE portfolio_id = \(id)") == 3)
        #expect(try stack.count("SELECT count(*) AS n FROM ledger WHERE portfolio_id = \(id) AND kind = 'settlement'") == 3)
        #expect(
            Set(
                try stack.pool.execute("SELECT resolution FROM settlements WHERE portfolio_id = \(id)").rows.map {
                    try $0.decode("resolution", as: String.self)
                }) == ["won", "lost", "void"])
        // The disputed market's capital stays locked in the open, flagged position.
        let disputedID: String = try markets[3].decode("id")
        let locked = try stack.pool.execute(
            "SELECT status, settlement_note, shares FROM portfolio_positions WHERE portfolio_id = \(id) AND market_id = \(disputedID)")[0]
        #expect(try locked.decode("status", as: String.self) == "open")
        #expect(try locked.decodeIfPresent("settlement_note", as: String.self) == "awaiting resolution: disputed")
        try expectMoneyReconciles(stack)
        // Once UMA settles the dispute, the next pass pays it.
        let condition: String = try markets[3].decode("condition_id")
        #expect(
            try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"YES"}"#).status == 200)
        let third = try stack.post(stack.url("paper-trading") + "/paper-trading/settle", "")
        #expect(third.json["positions_settled"] as? Int == 1, "\(third.text)")
        #expect(
            try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(id)") == cashBefore + expectedPayout
                + (try locked.decode("shares", as: Decimal.self)))
        #expect(try stack.count("SELECT count(*) AS n FROM portfolio_positions WHERE portfolio_id = \(id) AND status = 'open'") == 0)
        // A final outcome cannot change.
        #expect(try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"NO"}"#).status == 409)
        try expectMoneyReconciles(stack)

        // The evidence read back from the ledger: each executed buy with its settlement's payout and
        // outcome (the void refund has no winner), its stake and fee as the trade row holds them.
        let found = try LedgerEvidence(pool: stack.pool).load(.init(strategy: "momentum", portfolioID: id))
        #expect(found.late == 0 && found.trades.count == 4 && found.portfolios == [id])
        let truth = try stack.pool.execute(
            """
            SELECT t.amount, t.fee, s.payout, s.resolution FROM trades t JOIN trading_signals g ON g.id = t.signal_id
            JOIN settlements s ON s.position_id = t.position_id WHERE t.portfolio_id = \(id) ORDER BY g.id
            """
        ).rows
        #expect(truth.count == 4)
        for (trade, row) in zip(found.trades, truth) {
            #expect(trade.stake == (try row.decode("amount", as: Decimal.self)).doubleValue)
            #expect(trade.fee == (try row.decode("fee", as: Decimal.self)).doubleValue)
            #expect(trade.payout == (try row.decode("payout", as: Decimal.self)).doubleValue)
            let resolution: String = try row.decode("resolution")
            #expect(trade.won == (resolution == "void" ? nil : resolution == "won"), "\(resolution)")
        }
        #expect(found.trades.map(\.won) == [true, false, nil, true])
    }

    @Test func riskLimits_rejectWithTheReasonRecorded() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let id = try stack.createPortfolio(
            #"{"name":"Careful","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"min_balance_reserve":650}}"#)
        let markets = try stack.pool.execute(
            "SELECT id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 ORDER BY liquidity DESC LIMIT 3"
        ).rows
        for (market, amount) in zip(markets, [300, 200, 200]) {
            try stack.pool.execute(
                """
                INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason)
                VALUES (\(id), 'limits', \(try market.decode("id", as: String.self)), \(try market.decode("yes_token_id", as: String.self)),
                        'buy_yes', \(amount), 0.95, 1, 'limits test')
                """)
        }
        _ = try stack.get(stack.url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(id)")
        let reasons = try stack.pool.execute(
            "SELECT status, status_reason FROM trading_signals WHERE portfolio_id = \(id) ORDER BY id"
        ).rows.map {
            (try $0.decode("status", as: String.self), try $0.decodeIfPresent("status_reason", as: String.self) ?? "")
        }
        #expect(reasons.count == 3)
        #expect(reasons[0].0 == "rejected" && reasons[0].1.hasPrefix("max_single_position_pct"), "\(reasons)")
        #expect(reasons[1].0 == "executed", "\(reasons)")
        #expect(reasons[2].0 == "rejected" && reasons[2].1.hasPrefix("min_balance_reserve"), "\(reasons)")

        // max_positions and max_exposure_pct, each tripped by the second of two buys.
        for (config, reason) in [
            (#""max_positions":1"#, "max_positions 1 reached"),
            (#""max_exposure_pct":0.15,"max_single_position_pct":1"#, "max_exposure_pct: exposure would be"),
        ] {
            let limited = try stack.createPortfolio(
                #"{"name":"Limited","strategy_type":"momentum","initial_balance":1000,"strategy_config":{\#(config)}}"#)
            let signals = try markets.prefix(2).map { market in
                try stack.insertSignal(
                    portfolio: limited, cycle: "limits", market: try market.decode("id"), token: try market.decode("yes_token_id"),
                    action: "buy_yes", amount: 100, limit: Decimal(string: "0.95")!)
            }
            _ = try stack.execute(limited)
            #expect(try stack.signalStatus(signals[0]).status == "executed")
            let second = try stack.signalStatus(signals[1])
            #expect(second.status == "rejected" && second.reason.hasPrefix(reason), "\(second)")
        }
        try expectMoneyReconciles(stack)
    }

    @Test func drawdownBreaker_haltsCyclesSkipAndOnlyResumeClearsIt() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let id = try stack.createPortfolio(
            #"{"name":"Reckless","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1}}"#
        )
        let market = try stack.pool.execute(
            "SELECT id, condition_id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 ORDER BY liquidity DESC LIMIT 1"
        )[0]
        try stack.pool.execute(
            """
            INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason)
            VALUES (\(id), 'breaker', \(try market.decode("id", as: String.self)), \(try market.decode("yes_token_id", as: String.self)),
                    'buy_yes', 400, 0.95, 1, 'breaker test')
            """)
        let executed = try stack.get(stack.url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(id)")
        #expect(executed.json["trades_executed"] as? Int == 1, "\(executed.text)")
        let condition: String = try market.decode("condition_id")
        #expect(try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"NO"}"#).status == 200)
        // The price updater notices the book is gone, settles the loss, and the breaker trips.
        #expect(try stack.post(stack.url("paper-trading") + "/paper-trading/price-updater/run", "").status == 200)
        #expect(try stack.count("SELECT count(*) AS n FROM settlements WHERE portfolio_id = \(id) AND resolution = 'lost'") == 1)

        let halted = try stack.get(stack.url("paper-trading") + "/portfolios/\(id)")
        #expect(halted.json["status"] as? String == "halted")
        #expect((halted.json["status_reason"] as? String ?? "").contains("drawdown breaker"))
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let processed = (run.json["results"] as? [[String: Any]] ?? []).compactMap { $0["portfolio_id"] as? Int }
        #expect(!processed.contains(Int(id.rawValue)))
        let patch = try stack.http.sendJSON(
            "PATCH", stack.url("paper-trading") + "/portfolios/\(id)", body: Array(#"{"status":"active"}"#.utf8))
        #expect(patch.status == 409)
        #expect(patch.errorCode == "portfolio_halted")
        #expect(try stack.post(stack.url("paper-trading") + "/portfolios/\(id)/resume", "{}").errorCode == "confirmation_required")
        #expect(try stack.post(stack.url("paper-trading") + "/portfolios/\(id)/resume", #"{"confirm":false}"#).status == 400)
        let resumed = try stack.post(stack.url("paper-trading") + "/portfolios/\(id)/resume", #"{"confirm":true}"#)
        #expect(resumed.status == 200)
        #expect(resumed.json["status"] as? String == "active")
        #expect(try stack.post(stack.url("paper-trading") + "/portfolios/\(id)/resume", #"{"confirm":true}"#).status == 409)
        // Measured from the resume on: the old peak does not halt it again.
        #expect(try stack.post(stack.url("paper-trading") + "/paper-trading/settle", "").status == 200)
        #expect(try stack.get(stack.url("paper-trading") + "/portfolios/\(id)").json["status"] as? String == "active")
        try expectMoneyReconciles(stack)
    }
}
