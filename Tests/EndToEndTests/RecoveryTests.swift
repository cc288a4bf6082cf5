import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// Crashes and odd states a real deployment meets: a runner killed mid-cycle, a service killed
/// mid-execution, portfolios paused or halted while they hold positions.
@Suite("Recovery end to end", .serialized, .tags(.stack, .database))
struct RecoveryTests {
    static let reckless =
        #"{"name":"Reckless","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"max_single_position_pct":1,"max_exposure_pct":1}}"#

    /// A liquid market priced between 0.2 and 0.8: (id, YES token).
    static func liquidMarket(_ stack: TradingStack) throws -> (id: String, token: String) {
        let row = try stack.pool.execute(
            "SELECT id, yes_token_id FROM markets WHERE passes_quality_filter AND best_ask BETWEEN 0.2 AND 0.8 ORDER BY liquidity DESC LIMIT 1"
        )[0]
        return (try row.decode("id"), try row.decode("yes_token_id"))
    }

    @Test func cycleLeftRunningByADeadRunner_isResumedAndItsSignalsExecuteOnce() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")  // shared data
        let id = try stack.createPortfolio(Self.reckless)
        let market = try Self.liquidMarket(stack)
        // What an orchestrator killed after generating signals leaves behind.
        try stack.pool.execute(
            "INSERT INTO trading_cycles (id, portfolio_id, status, current_step) VALUES ('c-abandoned', \(id), 'running', 'execute_signals')"
        )
        try stack.pool.execute(
            """
            INSERT INTO cycle_steps (cycle_id, step, position, status) VALUES
                ('c-abandoned', 'settle', 0, 'succeeded'), ('c-abandoned', 'generate_signals', 1, 'succeeded'),
                ('c-abandoned', 'execute_signals', 2, 'running')
            """)
        let orphan = try stack.insertSignal(
            portfolio: id, cycle: "c-abandoned", market: market.id, token: market.token, action: "buy_yes", amount: 50,
            limit: Decimal(string: "0.95")!)
        // A signal of another cycle is not this cycle's to execute.
        let other = try stack.insertSignal(
            portfolio: id, cycle: "manual-elsewhere", market: market.id, token: market.token, action: "buy_yes", amount: 20,
            limit: Decimal(string: "0.95")!)

        let first = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#)
        #expect(first.status == 200, "\(first.text)")
        let result = first.json["result"] as? [String: Any] ?? [:]
        #expect(result["cycle_id"] as? String == "c-abandoned")
        #expect(result["resumed"] as? Bool == true)
        #expect(result["trades_executed"] as? Int == 1)
        #expect(try stack.signalStatus(orphan).status == "executed")
        #expect(try stack.signalStatus(other).status == "pending")
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'running'") == 0)

        let second = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#)
        #expect(second.status == 200, "\(second.text)")
        #expect((second.json["result"] as? [String: Any])?["cycle_id"] as? String != "c-abandoned")
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE signal_id = \(orphan)") == 1)
        #expect(try stack.signalStatus(other).status == "pending")
        try expectMoneyReconciles(stack)
    }

    /// Kills `service` with SIGKILL the moment a cycle reaches `step`, while `run` is in flight.
    static func kill(_ service: String, whenACycleReaches step: String, in stack: TradingStack, during run: @escaping @Sendable () -> Void)
        throws
    {
        let finished = DispatchSemaphore(value: 0)
        Thread {
            run()
            finished.signal()
        }.start()
        let deadline = Date().addingTimeInterval(60)
        var killed = false
        while !killed && Date() < deadline {
            if try stack.count("SELECT count(*) AS n FROM cycle_steps WHERE step = '\(step)' AND status = 'running'") > 0 {
                Glibc.kill(stack.services[service]!.process.processIdentifier, SIGKILL)
                killed = true
            } else {
                usleep(2_000)
            }
        }
        #expect(killed, "no cycle reached \(step)")
        finished.wait()
    }

    @Test func orchestratorKilledMidCycle_nextRunResumesWithoutDuplicates() throws {
        let stack = try TradingStack()
        let ids = try TradingCycleTests.portfolios.map { try stack.createPortfolio($0) }
        try Self.kill("orchestrator", whenACycleReaches: "execute_signals", in: stack) {
            _ = try? stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        }
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'running'") > 0)
        try stack.restartService("orchestrator", variable: "ORCHESTRATOR_PORT")
        let rerun = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(rerun.status == 200, "\(rerun.text)")
        #expect(rerun.json["status"] as? String == "success", "\(rerun.text)")
        // The killed run is not joined (its only participant's session, and lock, died with it): it is marked failed.
        #expect(rerun.json["joined_run"] as? Bool == false)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_runs WHERE status = 'failed' AND error LIKE 'every orchestrator%'") == 1)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'running'") == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM (SELECT signal_id FROM trades GROUP BY signal_id HAVING count(*) > 1) d") == 0)
        // No market is bought twice by one portfolio because a second cycle re-ran an orphan's intents.
        #expect(
            try stack.count(
                """
                SELECT count(*) AS n FROM (SELECT s.portfolio_id, s.market_id FROM trades t JOIN trading_signals s ON s.id = t.signal_id
                                           WHERE t.side = 'buy' GROUP BY 1, 2 HAVING count(*) > 1) d
                """) == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM trading_signals WHERE status = 'pending'") == 0)
        #expect(Set(ids).count == 4)
        try expectMoneyReconciles(stack)
    }

    @Test func paperTradingKilledMidExecution_cycleResumesAndBooksReconcile() throws {
        let stack = try TradingStack()
        _ = try TradingCycleTests.portfolios.map { try stack.createPortfolio($0) }
        try Self.kill("paper-trading", whenACycleReaches: "execute_signals", in: stack) {
            _ = try? stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        }
        try stack.restartService("paper-trading", variable: "PAPER_TRADING_PORT")
        let rerun = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(rerun.status == 200, "\(rerun.text)")
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'running'") == 0)
        #expect(try stack.count("SELECT count(*) AS n FROM (SELECT signal_id FROM trades GROUP BY signal_id HAVING count(*) > 1) d") == 0)
        #expect(
            try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'failed'") == 0,
            "every cycle the kill failed has resumed")
        try expectMoneyReconciles(stack)
    }

    @Test func pausedAndHaltedPortfolios_stillSellButNeverBuy() throws {
        let stack = try TradingStack()
        _ = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let id = try stack.createPortfolio(Self.reckless)
        let market = try Self.liquidMarket(stack)
        try stack.insertSignal(
            portfolio: id, cycle: "open", market: market.id, token: market.token, action: "buy_yes", amount: 100,
            limit: Decimal(string: "0.95")!)
        #expect(try stack.execute(id).json["trades_executed"] as? Int == 1)
        let shares = try stack.decimal("SELECT shares AS v FROM portfolio_positions WHERE portfolio_id = \(id) AND status = 'open'")
        #expect(shares > 10)
        let patch = try stack.http.sendJSON(
            "PATCH", stack.url("paper-trading") + "/portfolios/\(id)", body: Array(#"{"status":"paused"}"#.utf8))
        #expect(patch.status == 200)

        let buy = try stack.insertSignal(
            portfolio: id, cycle: "paused", market: market.id, token: market.token, action: "buy_yes", amount: 100,
            limit: Decimal(string: "0.95")!)
        let sell = try stack.insertSignal(
            portfolio: id, cycle: "paused", market: market.id, token: market.token, action: "sell_yes", amount: 5,
            limit: Decimal(string: "0.01")!)
        let executed = try stack.execute(id)
        #expect(executed.status == 200, "\(executed.text)")
        #expect(try stack.signalStatus(buy).status == "rejected")
        #expect(try stack.signalStatus(buy).reason.contains("reduce-only"))
        #expect(try stack.signalStatus(sell).status == "executed")

        // Halted by a risk limit: a cycle still runs its exits (reduce-only) and buys nothing.
        try stack.pool.execute("UPDATE portfolios SET status = 'halted', status_reason = 'test halt' WHERE id = \(id)")
        let buysBefore = try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id) AND side = 'buy'")
        let cycle = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#)
        #expect(cycle.status == 200, "\(cycle.text)")
        #expect((cycle.json["result"] as? [String: Any])?["mode"] as? String == "reduce_only")
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        let modes = (run.json["results"] as? [[String: Any]] ?? []).filter { $0["portfolio_id"] as? Int == Int(id.rawValue) }.map {
            $0["mode"] as? String
        }
        #expect(modes == ["reduce_only"], "a halted portfolio holding positions runs reduce-only: \(run.text)")
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(id) AND side = 'buy'") == buysBefore)
        #expect(try stack.get(stack.url("paper-trading") + "/portfolios/\(id)").json["status"] as? String == "halted")
        try expectMoneyReconciles(stack)
    }
}
