import Foundation
import HTTPClient
import Postgres
import PrescientCore
import Testing
import TestSupport

@Suite("Multi-portfolio trading cycle end to end", .serialized)
struct TradingCycleTests {
    static let portfolios = [
        #"{"name":"Momentum","strategy_type":"momentum","initial_balance":10000,"strategy_config":{"min_liquidity":1000,"min_conviction":0.01,"max_signals_per_cycle":5}}"#,
        #"{"name":"Mean reversion","strategy_type":"mean_reversion","initial_balance":10000,"strategy_config":{"min_liquidity":1000,"extreme_price_threshold":0.8,"spike_threshold":0.01,"max_signals_per_cycle":5}}"#,
        #"{"name":"Arbitrage","strategy_type":"arbitrage","initial_balance":10000,"strategy_config":{"min_liquidity":1000,"max_spread":0.2}}"#,
        #"{"name":"Hybrid","strategy_type":"hybrid","initial_balance":5000,"strategy_config":{"min_liquidity":1000,"min_conviction":0.01,"min_score":0.1,"max_signals_per_cycle":5}}"#,
    ]

    @Test func runAllTwice_keepsEveryPortfolioIsolatedAndReconciled() throws {
        let stack = try TradingStack()
        let ids = try Self.portfolios.map { try stack.createPortfolio($0) }
        let first = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(first.status == 200, "\(first.text)")
        #expect(first.json["status"] as? String == "success", "\(first.text)")
        #expect(first.json["portfolios_processed"] as? Int == 4)
        let results = first.json["results"] as? [[String: Any]] ?? []
        #expect(Set(results.compactMap { $0["portfolio_id"] as? Int }) == Set(ids.map(Int.init)))
        #expect(results.allSatisfy { $0["status"] as? String == "succeeded" })
        #expect(try stack.count("SELECT count(*) AS n FROM trades") > 0)
        // Some recorded markets charge fees (crypto and sports fee types): fees are real ledger rows.
        #expect(try stack.count("SELECT count(*) AS n FROM ledger WHERE kind = 'fee'") == (try stack.count("SELECT count(*) AS n FROM trades WHERE fee > 0")))

        #expect(try stack.post(stack.simulator.baseURL + "/sim/advance", #"{"seconds":7200}"#).status == 200)
        let pass = try stack.post(stack.url("paper-trading") + "/paper-trading/price-updater/run", "")
        #expect(pass.status == 200)
        #expect((pass.json["positions_updated"] as? Int ?? 0) > 0)
        let second = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(second.json["status"] as? String == "success", "\(second.text)")

        // Everything a portfolio owns is its own.
        #expect(try stack.count("SELECT count(*) AS n FROM trades t JOIN trading_signals s ON s.id = t.signal_id WHERE s.portfolio_id <> t.portfolio_id") == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM (SELECT signal_id FROM trades GROUP BY signal_id HAVING count(*) > 1) d") == 0)
        // Arbitrage legs: every group executed whole or not at all, in equal shares.
        #expect(try stack.count(
            "SELECT count(*) AS n FROM (SELECT group_id FROM trading_signals WHERE group_id IS NOT NULL GROUP BY group_id HAVING count(DISTINCT status) > 1) g") == 0)
        #expect(try stack.count(
            "SELECT count(*) AS n FROM (SELECT group_id FROM trading_signals WHERE group_id IS NOT NULL GROUP BY group_id HAVING count(DISTINCT shares) > 1) g") == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM portfolio_history") == 8)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'succeeded'") == 8)
        for id in ids {
            let view = try stack.get(stack.url("paper-trading") + "/paper-trading/portfolio?portfolio_id=\(id)")
            #expect(view.status == 200)
            let positions = view.json["positions"] as? [[String: Any]] ?? []
            let owned = try stack.count("SELECT count(*) AS n FROM portfolio_positions WHERE status = 'open' AND portfolio_id = \(id)")
            #expect(positions.count == owned)
        }
        try expectMoneyReconciles(stack)
        let summary = try stack.get(stack.url("orchestrator") + "/trading/portfolio-summary")
        #expect((summary.json["portfolios"] as? [Any])?.count == 4)
        let cycleID = try #require(results.first?["cycle_id"] as? String)
        let cycle = try stack.get(stack.url("orchestrator") + "/trading/cycles/\(cycleID)")
        #expect((cycle.json["steps"] as? [[String: Any]])?.map { $0["step"] as? String } == ["settle", "generate_signals", "execute_signals", "snapshot"])
    }

    @Test func moreParallelPortfoliosThanDatabaseConnections_stillAllComplete() throws {
        // Each running cycle holds its portfolio's advisory lock on a connection of its own pool,
        // so eight at once cannot starve a four-connection pool their steps record through.
        let stack = try TradingStack(extraEnvironment: ["ORCHESTRATOR_PARALLELISM": "8", "PRESCIENT_DB_POOL_SIZE": "4"])
        for index in 1...10 {
            _ = try stack.createPortfolio(
                #"{"name":"P\#(index)","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"min_liquidity":\#(index * 1000),"min_conviction":0.01,"max_signals_per_cycle":2}}"#)
        }
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        let results = run.json["results"] as? [[String: Any]] ?? []
        #expect(results.count == 10)
        #expect(results.allSatisfy { $0["status"] as? String == "succeeded" }, "\(run.text)")
        try expectMoneyReconciles(stack)
    }

    @Test func pausedPortfolioWithoutPositions_isSkippedAndOthersAreUntouchedByIt() throws {
        let stack = try TradingStack()
        let running = try stack.createPortfolio(Self.portfolios[0])
        let paused = try stack.createPortfolio(Self.portfolios[0].replacingOccurrences(of: "\"Momentum\"", with: "\"Paused\""))
        let patch = try stack.http.sendJSON("PATCH", stack.url("paper-trading") + "/portfolios/\(paused)", body: Array(#"{"status":"paused"}"#.utf8))
        #expect(patch.status == 200)
        #expect(patch.json["status"] as? String == "paused")
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.json["portfolios_processed"] as? Int == 1)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE portfolio_id = \(paused)") == 0)
        #expect(try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(paused)") == 10_000)
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(running)") > 0)
        // Asked explicitly, a paused portfolio runs reduce-only: exits only, nothing bought.
        let single = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(paused)}"#)
        #expect(single.status == 200, "\(single.text)")
        #expect((single.json["result"] as? [String: Any])?["mode"] as? String == "reduce_only")
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(paused)") == 0)
    }

    @Test func concurrentExecutions_executeEachSignalOnceAndNeverOverspend() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")  // collect shared data
        let id = try stack.createPortfolio(
            #"{"name":"Tight","strategy_type":"momentum","initial_balance":450,"strategy_config":{"min_liquidity":1000,"min_conviction":0.005,"max_signals_per_cycle":20,"per_trade_amount":100,"max_positions":1000}}"#)
        let generated = try stack.post(stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(id),"cycle_id":"race"}"#)
        #expect(generated.status == 200)
        let signals = try #require(generated.json["signals_new"] as? Int)
        #expect(signals > 4)
        let statuses = Locked<[Int]>([])
        let joined = Locked(0)
        // 300 at once: every call is answered; concurrent calls share runs instead of queueing on the lock.
        runConcurrently(300) { _ in
            let response = try? stack.get(stack.url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(id)")
            statuses.mutate { $0.append(response?.status ?? -1) }
            if response?.json["joined_concurrent_call"] as? Bool == true { joined.mutate { $0 += 1 } }
        }
        #expect(statuses.value.count == 300)
        #expect(statuses.value.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses.value, by: { $0 }).mapValues(\.count))")
        #expect(joined.value > 0)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_signals WHERE portfolio_id = \(id) AND status = 'pending'") == 0)
        let trades = try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id)")
        #expect(trades == (try stack.count("SELECT count(*) AS n FROM trading_signals WHERE portfolio_id = \(id) AND status = 'executed'")))
        #expect(trades >= 1 && trades <= 4)
        #expect(try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(id)") >= 0)
        try expectMoneyReconciles(stack)
        // Generating again in the same cycle stores nothing new.
        let again = try stack.post(stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(id),"cycle_id":"race"}"#)
        #expect(again.json["signals_new"] as? Int == 0)
    }

    @Test func twoCyclesForOnePortfolioAtOnce_secondAnswers409() throws {
        let stack = try TradingStack()
        let id = try stack.createPortfolio(Self.portfolios[0])
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", #"{"latency_ms":600}"#).status == 200)
        let statuses = Locked<[Int]>([])
        runConcurrently(2) { _ in
            let status = (try? stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#).status) ?? -1
            statuses.mutate { $0.append(status) }
        }
        #expect(statuses.value.sorted() == [200, 409])
    }

    @Test func strategyOutage_failsTheCycleAndTheRerunResumesWithoutDuplicates() throws {
        let stack = try TradingStack()
        let id = try stack.createPortfolio(Self.portfolios[0])
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let tradesBefore = try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id)")
        #expect(try stack.post(stack.simulator.baseURL + "/sim/advance", #"{"seconds":3600}"#).status == 200)
        stack.stopService("momentum")
        let failed = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#)
        #expect(failed.status == 200)
        let failedResult = failed.json["result"] as? [String: Any] ?? [:]
        #expect(failedResult["status"] as? String == "failed")
        #expect(failedResult["failed_step"] as? String == "generate_signals")
        let cycleID = try #require(failedResult["cycle_id"] as? String)
        let cycle = try stack.get(stack.url("orchestrator") + "/trading/cycles/\(cycleID)")
        #expect(cycle.json["status"] as? String == "failed")

        try stack.restartService("momentum", variable: "MOMENTUM_PORT")
        let resumed = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#)
        let result = resumed.json["result"] as? [String: Any] ?? [:]
        #expect(result["status"] as? String == "succeeded", "\(resumed.text)")
        #expect(result["resumed"] as? Bool == true)
        #expect(result["cycle_id"] as? String == cycleID)
        // Asking the strategy again for that cycle adds nothing; trades match executed signals one to one.
        let again = try stack.post(stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(id),"cycle_id":"\#(cycleID)"}"#)
        #expect(again.json["signals_new"] as? Int == 0)
        let trades = try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id)")
        #expect(trades >= tradesBefore)
        #expect(trades == (try stack.count("SELECT count(*) AS n FROM trading_signals WHERE portfolio_id = \(id) AND status = 'executed'")))
        try expectMoneyReconciles(stack)
    }

    @Test func handledSignals_moveToArchivesAfterTheConfiguredAge() throws {
        let stack = try TradingStack(extraEnvironment: ["SIGNAL_ARCHIVE_AGE_S": "0"])
        let id = try stack.createPortfolio(Self.portfolios[0])
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200)
        let archived = try #require(run.json["signals_archived"] as? Int)
        #expect(archived > 0)
        #expect(try stack.count("SELECT count(*) AS n FROM signal_archives WHERE portfolio_id = \(id)") == archived)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_signals WHERE status <> 'pending'") == 0)
        // Trades keep pointing at their archived signal.
        #expect(try stack.count("SELECT count(*) AS n FROM trades t LEFT JOIN signal_archives a ON a.id = t.signal_id WHERE a.id IS NULL") == 0)
        try expectMoneyReconciles(stack)
    }

    @Test func twoPortfoliosBuyingOneToken_neverFillMoreThanTheBookHolds() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let market = try stack.pool.execute(
            "SELECT id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask < 0.5 ORDER BY liquidity DESC LIMIT 1")[0]
        let marketID: String = try market.decode("id")
        let token: String = try market.decode("yes_token_id")
        let book = try stack.get(stack.simulator.baseURL + "/book?token_id=\(token)")
        let asks = (book.json["asks"] as? [[String: String]] ?? []).map { (Decimal(string: $0["price"]!)!, Decimal(string: $0["size"]!)!) }
        let limit = Decimal(string: "0.95")!
        let depth = asks.filter { $0.0 <= limit }.reduce(Decimal(0)) { $0 + $1.1 }
        #expect(depth > 0)
        // The small dataset has no fee-enabled market: mark this one (crypto rate 0.07) to charge fees.
        try stack.pool.execute("UPDATE markets SET fees_enabled = TRUE, category = 'crypto' WHERE id = \(marketID)")
        // The quote predicts exactly what the first fill gets, without trading.
        let quoter = try stack.createPortfolio(#"{"name":"Quoter","strategy_type":"momentum","initial_balance":1000000}"#)
        let quote = try stack.get(stack.url("paper-trading") + "/paper-trading/quote?portfolio_id=\(quoter)&token_id=\(token)&side=buy&amount=500000&limit_price=0.95")
        #expect(quote.status == 200, "\(quote.text)")
        #expect(try stack.count("SELECT count(*) AS n FROM trades") == 0)
        var ids: [Int64] = []
        for name in ["A", "B"] {
            let id = try stack.createPortfolio(
                #"{"name":"\#(name)","strategy_type":"momentum","initial_balance":1000000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1}}"#)
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
        #expect(try stack.count("SELECT count(*) AS n FROM ledger WHERE kind = 'fee'") == (try stack.count("SELECT count(*) AS n FROM trades WHERE fee > 0")))
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
        let executed = try stack.get(stack.url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(id)")
        #expect(executed.json["trades_executed"] as? Int == 4, "\(executed.text)")
        let outcomes = ["YES", "NO", "VOID", "DISPUTED"]
        var expectedPayout: Decimal = 0
        for (market, outcome) in zip(markets, outcomes) {
            let condition: String = try market.decode("condition_id")
            #expect(try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"\#(outcome)"}"#).status == 200)
            let position = try stack.pool.execute(
                "SELECT shares, cost_basis FROM portfolio_positions WHERE portfolio_id = \(id) AND market_id = \(try market.decode("id", as: String.self))")[0]
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
        #expect(Set(try stack.pool.execute("SELECT resolution FROM settlements WHERE portfolio_id = \(id)").rows.map { try $0.decode("resolution", as: String.self) }) == ["won", "lost", "void"])
        // The disputed market's capital stays locked in the open, flagged position.
        let disputedID: String = try markets[3].decode("id")
        let locked = try stack.pool.execute(
            "SELECT status, settlement_note, shares FROM portfolio_positions WHERE portfolio_id = \(id) AND market_id = \(disputedID)")[0]
        #expect(try locked.decode("status", as: String.self) == "open")
        #expect(try locked.decodeIfPresent("settlement_note", as: String.self) == "awaiting resolution: disputed")
        try expectMoneyReconciles(stack)
        // Once UMA settles the dispute, the next pass pays it.
        let condition: String = try markets[3].decode("condition_id")
        #expect(try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"YES"}"#).status == 200)
        let third = try stack.post(stack.url("paper-trading") + "/paper-trading/settle", "")
        #expect(third.json["positions_settled"] as? Int == 1, "\(third.text)")
        #expect(try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(id)") == cashBefore + expectedPayout + (try locked.decode("shares", as: Decimal.self)))
        #expect(try stack.count("SELECT count(*) AS n FROM portfolio_positions WHERE portfolio_id = \(id) AND status = 'open'") == 0)
        // A final outcome cannot change.
        #expect(try stack.post(stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"NO"}"#).status == 409)
        try expectMoneyReconciles(stack)
    }

    @Test func riskLimits_rejectWithTheReasonRecorded() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let id = try stack.createPortfolio(#"{"name":"Careful","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"min_balance_reserve":650}}"#)
        let markets = try stack.pool.execute(
            "SELECT id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 ORDER BY liquidity DESC LIMIT 3").rows
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
            "SELECT status, status_reason FROM trading_signals WHERE portfolio_id = \(id) ORDER BY id").rows.map {
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
            let limited = try stack.createPortfolio(#"{"name":"Limited","strategy_type":"momentum","initial_balance":1000,"strategy_config":{\#(config)}}"#)
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
            #"{"name":"Reckless","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1}}"#)
        let market = try stack.pool.execute(
            "SELECT id, condition_id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 ORDER BY liquidity DESC LIMIT 1")[0]
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
        #expect(!processed.contains(Int(id)))
        let patch = try stack.http.sendJSON("PATCH", stack.url("paper-trading") + "/portfolios/\(id)", body: Array(#"{"status":"active"}"#.utf8))
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
