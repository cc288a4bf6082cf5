import Contracts
import Foundation
import HTTPClient
import Postgres
import PrescientCore
import ServiceClients
import TestSupport
import Testing

@Suite("Multi-portfolio trading cycle end to end", .serialized, .tags(.stack, .database))
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
        // Through the typed clients, as the orchestrator itself talks to the services.
        let first = try stack.orchestratorClient.runAllPortfolios()
        #expect(first.status == "success", "\(first)")
        #expect(first.portfoliosProcessed == 4)
        #expect(Set(first.results.map(\.portfolioID)) == Set(ids))
        #expect(first.results.allSatisfy { $0.succeeded })
        for result in first.results {
            // The figures reported per portfolio, against the rows the cycle left behind.
            let trades = try stack.count(
                "SELECT count(*) AS n FROM trades t JOIN trading_signals s ON s.id = t.signal_id WHERE s.cycle_id = '\(result.cycleID)'")
            let signals = try stack.count("SELECT count(*) AS n FROM trading_signals WHERE cycle_id = '\(result.cycleID)'")
            #expect(result.tradesExecuted == trades, "\(result)")
            #expect(result.signalsGenerated == signals, "\(result)")
            let balance = try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(result.portfolioID)")
            #expect(result.newBalance == balance, "\(result)")
        }
        #expect(try stack.count("SELECT count(*) AS n FROM trades") > 0)
        // Some recorded markets charge fees (crypto and sports fee types): fees are real ledger rows.
        #expect(
            try stack.count("SELECT count(*) AS n FROM ledger WHERE kind = 'fee'")
                == (try stack.count("SELECT count(*) AS n FROM trades WHERE fee > 0")))

        #expect(try stack.post(stack.simulator.baseURL + "/sim/advance", #"{"seconds":7200}"#).status == 200)
        let pass = try stack.post(stack.url("paper-trading") + "/paper-trading/price-updater/run", "")
        #expect(pass.status == 200)
        #expect((pass.json["positions_updated"] as? Int ?? 0) > 0)
        let second = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(second.json["status"] as? String == "success", "\(second.text)")

        // Everything a portfolio owns is its own.
        #expect(
            try stack.count(
                "SELECT count(*) AS n FROM trades t JOIN trading_signals s ON s.id = t.signal_id WHERE s.portfolio_id <> t.portfolio_id")
                == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM (SELECT signal_id FROM trades GROUP BY signal_id HAVING count(*) > 1) d") == 0)
        // Arbitrage legs: every group executed whole or not at all, in equal shares.
        #expect(
            try stack.count(
                "SELECT count(*) AS n FROM (SELECT group_id FROM trading_signals WHERE group_id IS NOT NULL GROUP BY group_id HAVING count(DISTINCT status) > 1) g"
            ) == 0)
        #expect(
            try stack.count(
                "SELECT count(*) AS n FROM (SELECT group_id FROM trading_signals WHERE group_id IS NOT NULL GROUP BY group_id HAVING count(DISTINCT shares) > 1) g"
            ) == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM portfolio_history") == 8)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'succeeded'") == 8)
        for id in ids {
            let view = try stack.paperTradingClient.portfolio(id: id)
            let owned = try stack.count("SELECT count(*) AS n FROM portfolio_positions WHERE status = 'open' AND portfolio_id = \(id)")
            #expect(view.positions?.count == owned)
            #expect(view.openPositions == owned)
        }
        try expectMoneyReconciles(stack)
        #expect(try stack.orchestratorClient.portfolioSummary().portfolios.count == 4)
        let cycleID = try #require(first.results.first?.cycleID)
        let cycle = try stack.orchestratorClient.cycle(id: cycleID)
        #expect(cycle.steps.map(\.step.rawValue) == ["settle", "generate_signals", "execute_signals", "snapshot"])
    }

    @Test func moreParallelPortfoliosThanDatabaseConnections_stillAllComplete() throws {
        // Each running cycle holds its portfolio's advisory lock on a connection of its own pool,
        // so eight at once cannot starve a four-connection pool their steps record through.
        let stack = try TradingStack(extraEnvironment: ["ORCHESTRATOR_PARALLELISM": "8", "PRESCIENT_DB_POOL_SIZE": "4"])
        for index in 1...10 {
            _ = try stack.createPortfolio(
                #"{"name":"P\#(index)","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"min_liquidity":\#(index * 1000),"min_conviction":0.01,"max_signals_per_cycle":2}}"#
            )
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
        let patch = try stack.http.sendJSON(
            "PATCH", stack.url("paper-trading") + "/portfolios/\(paused)", body: Array(#"{"status":"paused"}"#.utf8))
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
            #"{"name":"Tight","strategy_type":"momentum","initial_balance":450,"strategy_config":{"min_liquidity":1000,"min_conviction":0.005,"max_signals_per_cycle":20,"per_trade_amount":100,"max_positions":1000}}"#
        )
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
            let status =
                (try? stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#).status) ?? -1
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
        let again = try stack.post(
            stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":\#(id),"cycle_id":"\#(cycleID)"}"#)
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
        #expect(
            try stack.count("SELECT count(*) AS n FROM trades t LEFT JOIN signal_archives a ON a.id = t.signal_id WHERE a.id IS NULL") == 0)
        try expectMoneyReconciles(stack)
    }
}

extension TradingCycleTests {
    @Test func aRunAllWithoutWaiting_answers202_itsProgressIsVisible_andARetriedKeyRunsOnce() throws {
        let stack = try TradingStack()
        let ids = try Self.portfolios.prefix(2).map { try stack.createPortfolio($0) }
        let orchestrator = stack.url("orchestrator")
        // Slow the upstream so the run is still going when its progress is read.
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", #"{"latency_ms":200}"#).status == 200)
        let started = try stack.post(orchestrator + "/trading/run-all-portfolios?wait=false", "")
        #expect(started.status == 202, "\(started.text)")
        let runID = try #require(started.json["run_id"] as? String)
        #expect(started.headers.first { $0.key.lowercased() == "location" }?.value == "/trading/runs/\(runID)")
        var seen: [String] = []
        var progress: [String: Any] = [:]
        for _ in 0..<1_200 {
            progress = try stack.get(orchestrator + "/trading/runs/\(runID)").json
            seen.append("\(progress["status"] ?? "?")/\(progress["percent"] ?? "?")")
            if progress["status"] as? String != "running" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(seen.first?.hasPrefix("running") == true, "\(seen.prefix(3))")
        #expect(progress["status"] as? String == "finished" && progress["percent"] as? Int == 100, "\(progress)")
        #expect(progress["portfolios_total"] as? Int == 2 && progress["portfolios_done"] as? Int == 2)
        let portfolios = progress["portfolios"] as? [[String: Any]] ?? []
        #expect(portfolios.compactMap { ($0["portfolio_id"] as? NSNumber)?.int64Value }.sorted() == ids.map(\.rawValue).sorted())
        for portfolio in portfolios {
            #expect(portfolio["status"] as? String == "succeeded", "\(portfolio)")
            let steps = (portfolio["steps"] as? [[String: Any]] ?? []).compactMap { $0["step"] as? String }
            #expect(steps.count >= 3 && steps.first == "settle", "\(steps)")
        }
        #expect(try stack.get(orchestrator + "/trading/runs/r-none").status == 404)
        #expect(try stack.get(orchestrator + "/trading/runs/r-\(String(repeating: "9", count: 5_000))").status == 404)
        #expect(try stack.get(orchestrator + "/trading/runs/%00").status == 400)
        #expect(try stack.post(orchestrator + "/trading/run-all-portfolios?wait=maybe", "").status == 400)
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", #"{"latency_ms":0}"#).status == 200)

        // The same run-all sent twice with one key: one run, the second answer the first's.
        let runsBefore = try stack.count("SELECT count(*) AS n FROM trading_runs")
        let key = [("Idempotency-Key", "run-all-7")]
        let first = try stack.http.sendJSON("POST", orchestrator + "/trading/run-all-portfolios", body: [], headers: key)
        let second = try stack.http.sendJSON("POST", orchestrator + "/trading/run-all-portfolios", body: [], headers: key)
        #expect(first.status == 200 && second.status == 200)
        #expect(first.text == second.text && second.headers.contains { $0.key.lowercased() == "idempotent-replayed" })
        #expect(try stack.count("SELECT count(*) AS n FROM trading_runs") == runsBefore + 1)
    }
}
