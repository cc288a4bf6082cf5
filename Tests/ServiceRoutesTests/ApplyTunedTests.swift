import Foundation
import HTTPServer
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Verdicts
import WorldEvidence

/// `POST /portfolios/{id}/apply-tuned` through the paper trading router: the tuner run's chosen
/// settings land in the portfolio's configuration only on that call, and the configuration
/// history records every change with its source; bad calls are refused naming the problem.
@Suite("Apply tuned", .serialized, .tags(.database))
struct ApplyTunedTests {
    /// A finished tuner run's stored result, in the tuner's format: two ranked configurations.
    static let result = """
        {"configurations_tried": 4, "procedure_return_pct": 3.1, "modelled": false, "windows": [],
         "ranking": [
           {"configuration": {"min_edge": 0.08, "kelly_fraction": 0.15, "max_stake": 120}, "deflated_sharpe": 0.71,
            "oos_sharpe": 0.4, "oos_return_pct": 2.5, "trades": 31},
           {"configuration": {"min_edge": 0.05, "kelly_fraction": 0.25, "max_stake": 250}, "deflated_sharpe": 0.2,
            "oos_sharpe": 0.1, "oos_return_pct": 0.5, "trades": 40}]}
        """

    /// Evidence for the two ranked configurations: rank 1's planted trades have a true edge over 200
    /// events with steady daily returns (GO); rank 2 traded 12 events (INSUFFICIENT).
    static func evidence() throws -> String {
        let daily = (0..<90).map { 0.004 + 0.01 * sin(Double($0)) }
        let evidence = StoredEvidence(
            strategy: "weather", dataset: "weather-recordings/recorded/recorded", from: "2026-03-01", to: "2026-06-01",
            configurations: [
                .init(
                    configHash: "a", configuration: .object([:]), trades: PlantedEvidence.trades(events: 400, edge: 0.15, seed: 5),
                    dailyReturns: daily),
                .init(
                    configHash: "b", configuration: .object([:]), trades: PlantedEvidence.trades(events: 12, edge: 0.15, seed: 6),
                    dailyReturns: daily),
            ])
        return String(decoding: try JSONEncoder().encode(evidence), as: UTF8.self)
    }

    func insertRun(
        _ pool: PostgresPool, id: String, strategy: String = "weather", status: String = "succeeded", forecasts: String = "recorded",
        result: String = Self.result, evidence: String? = nil
    ) throws {
        let settings = #"{"base":{"forecasts":"\#(forecasts)"}}"#
        try pool.execute(
            """
            INSERT INTO tuner_runs (id, strategy, settings, status, schema_name, result, evidence)
            VALUES (\(id), \(strategy), \(settings)::jsonb, \(status), \("backtest_" + id), \(status == "succeeded" ? result : nil)::jsonb,
                    \(evidence)::jsonb)
            """)
    }

    @Test func theChosenSettings_applyOnlyOnTheCall_andTheHistoryRecordsEachChange() throws {
        let suite = try InProcessSuite()
        try insertRun(suite.pool, id: "tu_done", evidence: try Self.evidence())
        try insertRun(suite.pool, id: "tu_unjudged")
        let id = try suite.createPortfolio(#"{"name":"Rain","strategy_type":"weather","strategy_config":{"max_stake":300}}"#)
        // Nothing is applied on its own: the portfolio keeps its own settings.
        let before = try suite.paperTrading.request("GET", "/portfolios/\(id)").decode(Portfolio.self)
        #expect(before.config.minEdge == Decimal(string: "0.05")! && before.config.maxStake == 300)

        let applied = suite.paperTrading.request("POST", "/portfolios/\(id)/apply-tuned", body: #"{"tuner_run_id":"tu_done"}"#)
        #expect(applied.status == .ok, "\(applied.text)")
        let after = try applied.decode(Portfolio.self)
        #expect(after.config.minEdge == Decimal(string: "0.08")! && after.config.kellyFraction == Decimal(string: "0.15")!)
        #expect(after.config.maxStake == 120 && after.config.maxPositions == before.config.maxPositions)

        // Rank 2 is INSUFFICIENT and a run without evidence has no verdict: neither applies without
        // an override, and the refusal names why.
        let refused = suite.paperTrading.request("POST", "/portfolios/\(id)/apply-tuned", body: #"{"tuner_run_id":"tu_done","rank":2}"#)
        #expect(
            refused.status == .conflict && refused.text.contains("verdict_not_go") && refused.text.contains("18 more"), "\(refused.text)")
        let unjudged = suite.paperTrading.request("POST", "/portfolios/\(id)/apply-tuned", body: #"{"tuner_run_id":"tu_unjudged"}"#)
        #expect(unjudged.status == .conflict && unjudged.text.contains("no evidence kept"), "\(unjudged.text)")
        // Rank 2 by override, then an operator's change: four entries, each with its source and the settings before and after.
        let overridden = suite.paperTrading.request(
            "POST", "/portfolios/\(id)/apply-tuned", body: #"{"tuner_run_id":"tu_done","rank":2,"override":{"reason":"trial week"}}"#)
        #expect(overridden.status == .ok, "\(overridden.text)")
        #expect(suite.paperTrading.request("PATCH", "/portfolios/\(id)", body: #"{"strategy_config":{"min_edge":0.1}}"#).status == .ok)
        let history = try #require(
            try JSONSerialization.jsonObject(with: Data(suite.paperTrading.request("GET", "/portfolios/\(id)/config-history").body))
                as? [String: Any])
        let changes = try #require(history["changes"] as? [[String: Any]])
        #expect(changes.map { $0["source"] as? String } == ["created", "tuner", "tuner", "operator"])
        #expect(changes[1]["tuner_run_id"] as? String == "tu_done" && (changes[1]["note"] as? String)?.hasPrefix("rank 1 of 4") == true)
        #expect((changes[1]["note"] as? String)?.contains("verdict GO") == true)
        let overrideNote = changes[2]["note"] as? String ?? ""
        #expect(
            overrideNote.contains("verdict INSUFFICIENT") && overrideNote.contains("applied by override: trial week"), "\(overrideNote)")
        let previous = try #require(changes[1]["previous_config"] as? [String: Any])
        let new = try #require(changes[1]["new_config"] as? [String: Any])
        #expect((previous["max_stake"] as? NSNumber)?.intValue == 300 && (new["max_stake"] as? NSNumber)?.intValue == 120)
        #expect((changes[3]["new_config"] as? [String: Any])?["min_edge"] as? NSNumber == 0.1)
        #expect(changes[0]["previous_config"] == nil || changes[0]["previous_config"] is NSNull)
    }

    @Test func badCalls_areRefusedNamingTheProblem() throws {
        let suite = try InProcessSuite()
        try insertRun(suite.pool, id: "tu_done")
        try insertRun(suite.pool, id: "tu_running", status: "running")
        // Runs tuned on the oracle forecast, under its new name and its old one.
        try insertRun(suite.pool, id: "tu_oracle", forecasts: "oracle")
        try insertRun(suite.pool, id: "tu_modelled", forecasts: "modelled")
        // A run whose best configuration never traded out of sample.
        try insertRun(suite.pool, id: "tu_idle", result: Self.result.replacingOccurrences(of: #""trades": 31"#, with: #""trades": 0"#))
        let weather = try suite.createPortfolio(#"{"name":"Sun","strategy_type":"weather"}"#)
        let momentum = try suite.createPortfolio(#"{"name":"Trend","strategy_type":"momentum"}"#)
        func post(_ portfolio: PortfolioID, _ body: String) -> HTTPResponse {
            suite.paperTrading.request("POST", "/portfolios/\(portfolio)/apply-tuned", body: body)
        }
        let cases: [(PortfolioID, String, HTTPStatus, String)] = [
            (weather, #"{"tuner_run_id":"tu_nope"}"#, .notFound, "tuner_run_not_found"),
            (weather, #"{"tuner_run_id":"tu_running"}"#, .conflict, "tuner_run_not_finished"),
            (weather, #"{"tuner_run_id":"tu_oracle"}"#, .conflict, "oracle_forecasts"),
            (weather, #"{"tuner_run_id":"tu_modelled"}"#, .conflict, "oracle_forecasts"),
            (weather, #"{"tuner_run_id":"tu_idle"}"#, .conflict, "no_trades"),
            (momentum, #"{"tuner_run_id":"tu_done"}"#, .conflict, "strategy_mismatch"),
            (weather, #"{"tuner_run_id":"tu_done","rank":3}"#, .badRequest, "invalid_field"),
            (weather, #"{"tuner_run_id":"tu_done","rank":0}"#, .badRequest, "invalid_field"),
            (weather, #"{"tuner_run_id":7}"#, .badRequest, "invalid_field"),
            (weather, #"{"run":"tu_done"}"#, .badRequest, "unknown_field"),
            (weather, #"{"tuner_run_id":"tu_done""#, .badRequest, "invalid_json"),
            (999_999, #"{"tuner_run_id":"tu_done"}"#, .notFound, "not_found"),
            (weather, #"{"tuner_run_id":"tu_\u0000done"}"#, .badRequest, "invalid_json"),
            (weather, #"{"tuner_run_id":"tu_done","rank":1e30}"#, .badRequest, "invalid_field"),
            (weather, #"{"tuner_run_id":"tu_done","override":{"reason":"  "}}"#, .badRequest, "invalid_field"),
            (weather, #"{"tuner_run_id":"tu_done","override":"because"}"#, .badRequest, "invalid_field"),
            (weather, #"{"tuner_run_id":"tu_done","override":{"reason":"x","by":"me"}}"#, .badRequest, "unknown_field"),
            (weather, #"{"tuner_run_id":"tu_done"}"#, .conflict, "verdict_not_go"),
            (weather, "{\"tuner_run_id\":\"" + String(repeating: "x", count: 5_000) + "\"}", .badRequest, "invalid_field"),
        ]
        for (portfolio, body, status, code) in cases {
            let answer = post(portfolio, body)
            #expect(answer.status == status && answer.text.contains(#""code":"\#(code)""#), "\(body): \(answer.status) \(answer.text)")
        }
        #expect(suite.paperTrading.request("GET", "/portfolios/999999/config-history").status == .notFound)
        #expect(suite.paperTrading.request("GET", "/portfolios/abc/config-history").status == .badRequest)
        // Nothing changed: only the creation is in the history.
        let history = suite.paperTrading.request("GET", "/portfolios/\(weather)/config-history").text
        #expect(history.components(separatedBy: #""source":"#).count == 2)
    }
}
