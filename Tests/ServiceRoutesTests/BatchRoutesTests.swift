import Contracts
import Foundation
import HTTPServer
import Postgres
import PrescientCore
import TestSupport
import Testing
import Verdicts

/// The batch calls the orchestrator's run-all makes (`…/batch`): malformed bodies are refused
/// naming the item at fault; each portfolio is answered as the single call answers it, and one
/// portfolio's failure fails only that portfolio.
@Suite("Batch routes in process", .tags(.database))
struct BatchRoutesTests {
    static let batchRoutes = [
        "/strategy/generate-signals/batch", "/paper-trading/settle/batch", "/paper-trading/execute-signals/batch",
        "/paper-trading/portfolio/batch",
    ]

    @Test func malformedBatchBodies_areRefusedWithTheItemNamed() throws {
        let suite = try InProcessSuite()
        let tooMany = "[" + (1...1_001).map { #"{"portfolio_id":\#($0)}"# }.joined(separator: ",") + "]"
        let cases: [(String, Int, String, String?)] = [
            ("{nope", 400, "invalid_json", nil),
            ("{}", 400, "missing_field", "'portfolios'"),
            (#"{"portfolios":[]}"#, 400, "invalid_field", "1 to 1000"),
            (#"{"portfolios":\#(tooMany)}"#, 400, "invalid_field", "1 to 1000"),
            (#"{"portfolios":{"portfolio_id":1}}"#, 400, "invalid_field", "'portfolios'"),
            (#"{"portfolios":[5]}"#, 400, "invalid_field", "'portfolios[0]' must be an object"),
            (#"{"portfolios":[{"portfolio_id":1},{"portfolio_id":"two"}]}"#, 400, "invalid_field", "'portfolios[1].portfolio_id'"),
            (#"{"portfolios":[{"cycle_id":"c"}]}"#, 400, "missing_field", "'portfolios[0].portfolio_id'"),
            (#"{"portfolios":[{"portfolio_id":1,"colour":"red"}]}"#, 400, "unknown_field", "'portfolios[0].colour'"),
            (#"{"portfolios":[{"portfolio_id":1,"cycle_id":""}]}"#, 400, "invalid_field", "'portfolios[0].cycle_id'"),
            (#"{"portfolios":[{"portfolio_id":1},{"portfolio_id":1}]}"#, 400, "invalid_field", "named twice"),
            (#"{"portfolios":[],"extra":1}"#, 400, "unknown_field", "'extra'"),
            (#"{"portfolios":[{"portfolio_id":1,"cycle_id":"a\u0000b"}]}"#, 400, "invalid_json", "NUL"),
            (#"{"portfolios":[{"portfolio_id":1e30}]}"#, 400, "invalid_field", "'portfolios[0].portfolio_id'"),
            (#"{"portfolios":[{"portfolio_id":1.5}]}"#, 400, "invalid_field", "'portfolios[0].portfolio_id'"),
            (#"{"portfolios":[{"portfolio_id":1,"cycle_id":"\#(String(repeating: "c", count: 101))"}]}"#, 400, "invalid_field", "cycle_id"),
        ]
        for route in Self.batchRoutes {
            let service = route.hasPrefix("/strategy") ? suite.momentum : suite.paperTrading
            for (body, status, code, detail) in cases {
                let response = service.request("POST", route, body: body)
                #expect(response.status.code == status, "\(route) \(body.prefix(80)): \(response.text)")
                #expect(response.errorCode == code, "\(route) \(body.prefix(80)): \(response.text)")
                if let detail { #expect(response.text.contains(detail), "\(route) \(body.prefix(80)): \(response.text)") }
            }
            #expect(service.request("GET", route).status.code == 405, "\(route) answers only POST")
        }
    }

    /// Two momentum portfolios with different filters generate in one batch exactly what their
    /// twins (same configuration, same moment) generate alone, so sharing candidates between
    /// the portfolios of a batch never mixes them up; the unknown, archived and wrong-strategy
    /// portfolios in the same batch get the errors their single calls get.
    @Test func generateBatch_givesEachPortfolioWhatItsSingleCallGives() throws {
        let suite = try InProcessSuite()
        try exportMarkets(suite)
        let loose = #""strategy_config":{"min_liquidity":1000,"min_conviction":0.005,"max_signals_per_cycle":8,"per_trade_amount":40}"#
        let tight = #""strategy_config":{"min_liquidity":20000,"min_conviction":0.005,"max_signals_per_cycle":8,"per_trade_amount":25}"#
        let looseID = try suite.createPortfolio(#"{"name":"Loose","strategy_type":"momentum",\#(loose)}"#)
        let tightID = try suite.createPortfolio(#"{"name":"Tight","strategy_type":"momentum",\#(tight)}"#)
        let looseTwin = try suite.createPortfolio(#"{"name":"Loose twin","strategy_type":"momentum",\#(loose)}"#)
        let tightTwin = try suite.createPortfolio(#"{"name":"Tight twin","strategy_type":"momentum",\#(tight)}"#)
        let archived = try suite.createPortfolio(#"{"name":"Archived","strategy_type":"momentum"}"#)
        #expect(suite.paperTrading.request("DELETE", "/portfolios/\(archived)").status == .ok)
        let hybrid = try suite.createPortfolio(#"{"name":"Hybrid","strategy_type":"hybrid"}"#)

        let body = try batchBody([looseID, tightID, archived, hybrid, 999_999], cycle: "batch-1")
        let answer = try suite.momentum.request("POST", "/strategy/generate-signals/batch", body: body)
            .decode(PortfolioBatchResult<GenerateSignalsResult>.self)
        #expect(answer.results.map(\.portfolioID) == [looseID, tightID, archived, hybrid, 999_999], "in the order asked")
        let items = answer.byPortfolio
        #expect(items[archived]?.error?.code == "portfolio_not_active")
        #expect(items[hybrid]?.error?.code == "wrong_strategy")
        #expect(items[999_999]?.error?.code == "not_found")
        for (id, twin) in [(looseID, looseTwin), (tightID, tightTwin)] {
            let batched = try #require(items[id]?.result, "\(String(describing: items[id]?.error))")
            let alone = try suite.momentum.request(
                "POST", "/strategy/generate-signals", body: #"{"portfolio_id":\#(twin),"cycle_id":"alone-1"}"#
            ).decode(GenerateSignalsResult.self)
            #expect(batched.cycleID == "batch-1" && !batched.reused)
            #expect(Self.signature(batched.signals ?? []) == Self.signature(alone.signals ?? []), "portfolio \(id) and its twin")
            #expect(batched.marketsConsidered == alone.marketsConsidered)
            // What the answer says is what the table holds.
            let stored = try suite.pool.execute(
                "SELECT count(*) AS n FROM trading_signals WHERE portfolio_id = \(id) AND cycle_id = 'batch-1'")[0].decode(
                    "n", as: Int.self)
            #expect(batched.signalsNew == stored && batched.signals?.count == stored)
        }
        #expect(items[looseID]?.result?.signals?.isEmpty == false, "the loose portfolio must have signals to compare")
        #expect(items[looseID]?.result?.marketsConsidered ?? 0 > items[tightID]?.result?.marketsConsidered ?? 0)

        // Asked again, the batch returns what was stored and stores nothing new.
        let again = try suite.momentum.request("POST", "/strategy/generate-signals/batch", body: body)
            .decode(PortfolioBatchResult<GenerateSignalsResult>.self).byPortfolio
        #expect(again[looseID]?.result?.reused == true && again[looseID]?.result?.signalsNew == 0)
        #expect(Self.signature(again[looseID]?.result?.signals ?? []) == Self.signature(items[looseID]?.result?.signals ?? []))

        // Every stored signal was registered once, as it was stored, twins under one configuration
        // hash, and the orchestrator's verify recomputes the chain over all of them.
        let ledger = try suite.pool.execute(
            """
            SELECT (SELECT count(*) FROM trading_signals) AS signals, count(*) AS registered,
                   count(*) FILTER (WHERE l.signal_id = s.id AND l.market_id = s.market_id AND l.price = s.limit_price
                                     AND l.source = 'live' AND l.strategy = 'momentum' AND l.probability IS NULL) AS matching,
                   count(DISTINCT l.config_hash) FILTER (WHERE l.portfolio_id IN (\(looseID), \(looseTwin))) AS loose_hashes
            FROM signal_ledger l LEFT JOIN trading_signals s ON s.id = l.signal_id
            """)[0]
        let signals = try ledger.decode("signals", as: Int.self), registered = try ledger.decode("registered", as: Int.self)
        #expect(signals > 0 && registered == signals)
        #expect(try ledger.decode("matching", as: Int.self) == signals)
        #expect(try ledger.decode("loose_hashes", as: Int.self) == 1)
        let verified = try suite.orchestrator.request("GET", "/evidence/ledger/verify").decode(SignalLedger.Verification.self)
        #expect(verified.valid && verified.rows == signals)
    }

    /// Settling, executing and viewing in batches: every known portfolio answered from its own
    /// rows, the unknown one failing alone, and no pending signal of the cycle left behind.
    @Test func paperTradingBatches_answerEachPortfolioFromItsRows() throws {
        let suite = try InProcessSuite()
        try exportMarkets(suite)
        let config = #""strategy_config":{"min_liquidity":1000,"min_conviction":0.005,"max_signals_per_cycle":6,"per_trade_amount":30}"#
        let ids = try (1...3).map { try suite.createPortfolio(#"{"name":"P\#($0)","strategy_type":"momentum",\#(config)}"#) }
        let generated = try suite.momentum.request("POST", "/strategy/generate-signals/batch", body: try batchBody(ids, cycle: "cycle-x"))
            .decode(PortfolioBatchResult<GenerateSignalsResult>.self)
        #expect(generated.results.allSatisfy { $0.result != nil })

        let settled = try suite.paperTrading.request(
            "POST", "/paper-trading/settle/batch", body: try batchBody(ids + [999_999], cycle: "cycle-x")
        ).decode(PortfolioBatchResult<SettlementResult>.self).byPortfolio
        #expect(ids.allSatisfy { settled[$0]?.result == .empty }, "nothing held yet, nothing to settle")
        #expect(settled[999_999]?.error?.code == "not_found")

        let executed = try suite.paperTrading.request(
            "POST", "/paper-trading/execute-signals/batch", body: try batchBody(ids + [999_999], cycle: "cycle-x")
        ).decode(PortfolioBatchResult<ExecuteSignalsResult>.self).byPortfolio
        #expect(executed[999_999]?.error?.code == "not_found")
        var tradesInAll = 0
        for id in ids {
            let result = try #require(executed[id]?.result, "\(String(describing: executed[id]?.error))")
            let rows = try suite.pool.execute(
                """
                SELECT count(*) FILTER (WHERE status = 'executed') AS executed, count(*) FILTER (WHERE status = 'rejected') AS rejected,
                       count(*) FILTER (WHERE status = 'pending') AS pending, count(*) AS considered,
                       (SELECT count(*) FROM trades t JOIN trading_signals s ON s.id = t.signal_id
                        WHERE s.portfolio_id = \(id) AND s.cycle_id = 'cycle-x') AS trades,
                       (SELECT current_balance FROM portfolios WHERE id = \(id)) AS balance
                FROM trading_signals WHERE portfolio_id = \(id) AND cycle_id = 'cycle-x'
                """)[0]
            #expect(try rows.decode("pending", as: Int.self) == 0)
            #expect(result.signalsConsidered == (try rows.decode("considered", as: Int.self)))
            #expect(result.tradesExecuted == (try rows.decode("executed", as: Int.self)))
            #expect(result.tradesExecuted == (try rows.decode("trades", as: Int.self)))
            #expect(result.signalsRejected == (try rows.decode("rejected", as: Int.self)))
            #expect(result.rejections?.count == result.signalsRejected)
            #expect(result.newBalance == (try rows.decode("balance", as: Decimal.self)))
            tradesInAll += result.tradesExecuted
            let reconciled = suite.paperTrading.request("GET", "/paper-trading/reconcile?portfolio_id=\(id)").text
            #expect(reconciled.contains(#""status":"ok""#), "\(reconciled)")
        }
        #expect(tradesInAll > 0, "the data must exercise fills, not only refusals")

        // Executing again does nothing twice: every signal was handled.
        let repeated = try suite.paperTrading.request(
            "POST", "/paper-trading/execute-signals/batch", body: try batchBody(ids, cycle: "cycle-x")
        ).decode(PortfolioBatchResult<ExecuteSignalsResult>.self)
        #expect(repeated.results.allSatisfy { $0.result?.signalsConsidered == 0 && $0.result?.tradesExecuted == 0 })

        let views = try suite.paperTrading.request("POST", "/paper-trading/portfolio/batch", body: try batchBody(ids, cycle: nil))
            .decode(PortfolioBatchResult<PortfolioView>.self).byPortfolio
        for id in ids {
            let alone = try suite.paperTrading.request("GET", "/paper-trading/portfolio?portfolio_id=\(id)").decode(PortfolioView.self)
            let batched = try #require(views[id]?.result)
            #expect(batched.balance == alone.balance && batched.equity == alone.equity && batched.openPositions == alone.openPositions)
            #expect(batched.positionsValue == alone.positionsValue && batched.totalPnl == alone.totalPnl && batched.positions == nil)
        }
    }

    /// Signals compared by what they ask for, not by their ids or portfolios.
    static func signature(_ signals: [TradingSignal]) -> [String] {
        signals.map { "\($0.marketID) \($0.action.rawValue) \($0.amount) \($0.limitPrice) \($0.confidence) \($0.reason)" }
    }

    func exportMarkets(_ suite: InProcessSuite) throws {
        let response = suite.markets.request("GET", "/markets/export-all-markets-db")
        guard response.status == .ok else { throw TestSetupError("markets export failed: \(response.text)") }
    }

    func batchBody(_ ids: [PortfolioID], cycle: CycleID?) throws -> String {
        String(
            decoding: try ContractCoding.encoder().encode(
                PortfolioBatchRequest(portfolios: ids.map { PortfolioCycle(portfolioID: $0, cycleID: cycle) })), as: UTF8.self)
    }

    /// With a token set, the batch calls that write need it and the batch read does not.
    @Test func token_guardsTheWritingBatchesOnly() throws {
        let suite = try InProcessSuite(token: "secret-0123456789")
        let body = #"{"portfolios":[{"portfolio_id":999999}]}"#
        for route in ["/paper-trading/settle/batch", "/paper-trading/execute-signals/batch"] {
            #expect(suite.paperTrading.request("POST", route, body: body).status.code == 401, "\(route)")
        }
        #expect(suite.momentum.request("POST", "/strategy/generate-signals/batch", body: body).status.code == 401)
        let read = suite.paperTrading.request("POST", "/paper-trading/portfolio/batch", body: body)
        #expect(read.status == .ok, "\(read.text)")
        #expect(read.text.contains(#""code":"not_found""#))
        let authorized = suite.paperTrading.request(
            "POST", "/paper-trading/settle/batch", body: body, headers: [("Authorization", "Bearer secret-0123456789")])
        #expect(authorized.status == .ok)
    }
}
