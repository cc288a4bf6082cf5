import Contracts
import Foundation
import HTTPClient
import Postgres
import PrescientCore
import ServiceClients
import TestSupport
import Testing

/// Two orchestrator processes against one database, as `compose/` and the Kubernetes manifests
/// run them.
@Suite("Orchestrator replicas end to end", .serialized, .tags(.stack, .database))
struct ReplicaTests {
    @Test func runAllStartedOnTwoOrchestrators_runsEveryPortfolioExactlyOnce() throws {
        let stack = try TradingStack(extraEnvironment: ["ORCHESTRATOR_PARALLELISM": "2"])
        var environment = stack.environment
        environment["ORCHESTRATOR_PARALLELISM"] = "2"
        environment["ORCHESTRATOR_ID"] = "replica-b"
        let second = try ServiceProcess(executable: "orchestrator", portVariable: "ORCHESTRATOR_PORT", environment: environment)
        defer { second.stop() }
        var ids: [PortfolioID] = []
        for index in 0..<12 {
            let strategy = ["momentum", "mean_reversion", "arbitrage", "hybrid"][index % 4]
            ids.append(
                try stack.createPortfolio(
                    #"{"name":"R\#(index)","strategy_type":"\#(strategy)","initial_balance":1000,"strategy_config":{"min_liquidity":1000}}"#
                ))
        }
        let caller = ServiceCaller(http: HTTPClient(connectTimeout: 2, defaultTimeout: 180), token: nil, timeout: 180)
        let clients = [
            OrchestratorClient(baseURL: stack.url("orchestrator"), caller: caller),
            OrchestratorClient(baseURL: second.baseURL, caller: caller),
        ]
        let answers = Locked<[RunAllResult]>([])
        runConcurrently(2) { index in
            if let answer = try? clients[index].runAllPortfolios() { answers.mutate { $0.append(answer) } }
        }
        let both = answers.value
        try #require(both.count == 2)
        #expect(both[0].runID == both[1].runID, "one run, joined")
        #expect(both.filter(\.joinedRun).count == 1)
        let ran = both.flatMap(\.results).map(\.portfolioID)
        #expect(ran.sorted() == ids.sorted(), "every portfolio once across both answers")
        #expect(both.allSatisfy { $0.portfoliosRunElsewhere + $0.portfoliosProcessed == ids.count })
        #expect(both.allSatisfy { $0.portfoliosFailed == 0 }, "\(both.flatMap(\.results).compactMap(\.error))")
        // The database agrees: one cycle per portfolio in the run, each claimed once.
        let runID = both[0].runID
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE run_id = '\(runID)'") == ids.count)
        #expect(try stack.count("SELECT count(DISTINCT portfolio_id) AS n FROM trading_cycles WHERE run_id = '\(runID)'") == ids.count)
        #expect(try stack.count("SELECT count(*) AS n FROM run_claims WHERE run_id = '\(runID)'") == ids.count)
        #expect(try stack.count("SELECT count(*) AS n FROM data_collections") == 1, "the joined replica reused the starter's collection")
        try expectMoneyReconciles(stack)
        // A later run-all is a new run, not a join.
        let later = try clients[1].runAllPortfolios()
        #expect(later.runID != runID && !later.joinedRun && later.portfoliosProcessed == ids.count)
    }

    /// Concurrent run-alls on one orchestrator share one run (one membership connection), so the
    /// lock pool (parallelism + 3 connections) is never exhausted by callers and no cycle fails
    /// for want of a lock connection.
    @Test func twelveRunAllsAtOnceOnOneOrchestrator_shareOneRunAndStarveNoLock() throws {
        let stack = try TradingStack(extraEnvironment: ["ORCHESTRATOR_PARALLELISM": "1", "SERVICE_CALL_TIMEOUT_S": "20"])
        var ids: [PortfolioID] = []
        for index in 0..<4 {
            ids.append(
                try stack.createPortfolio(
                    #"{"name":"F\#(index)","strategy_type":"momentum","initial_balance":1000,"strategy_config":{"min_liquidity":1000}}"#))
        }
        let client = OrchestratorClient(
            baseURL: stack.url("orchestrator"),
            caller: ServiceCaller(http: HTTPClient(connectTimeout: 2, defaultTimeout: 180), token: nil, timeout: 180))
        let answers = Locked<[Result<RunAllResult, any Error>]>([])
        runConcurrently(12) { _ in
            let answer = Result { try client.runAllPortfolios() }
            answers.mutate { $0.append(answer) }
        }
        let results = try answers.value.map { try $0.get() }
        #expect(results.count == 12)
        #expect(Set(results.map(\.runID)).count == 1, "\(Set(results.map(\.runID)))")
        #expect(results.filter { !$0.joinedRun }.count == 1)
        #expect(results.allSatisfy { $0.portfoliosFailed == 0 }, "\(results.flatMap(\.results).compactMap(\.error))")
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE run_id = '\(results[0].runID)'") == ids.count)
    }
}
