import Contracts
import Foundation
import HTTPServer
import Postgres
import PrescientCore
import TestSupport
import Testing

/// Paper trading, a strategy and the orchestrator answering bad input in process: each case
/// gets its precise status, its JSON error code and, where a field is at fault, its name.
@Suite("Trading routes in process", .tags(.database))
struct TradingRoutesTests {
    @Test func everyTradingEndpoint_answersJSONErrorsWithTheFieldNamed() throws {
        let suite = try InProcessSuite()
        let id = try suite.createPortfolio(#"{"name":"Valid","strategy_type":"momentum"}"#)
        let paper = suite.paperTrading, orchestrator = suite.orchestrator, momentum = suite.momentum
        let cases: [(InProcessService, String, String, String?, Int, String, String?)] = [
            (paper, "POST", "/portfolios", "{nope", 400, "invalid_json", nil),
            (paper, "POST", "/portfolios", "[]", 400, "invalid_json", nil),
            (paper, "POST", "/portfolios", #"{"strategy_type":"momentum"}"#, 400, "missing_field", "'name'"),
            (paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","colour":"red"}"#, 400, "unknown_field", "'colour'"),
            (paper, "POST", "/portfolios", #"{"name":7,"strategy_type":"momentum"}"#, 400, "invalid_field", "'name'"),
            (paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"astrology"}"#, 400, "invalid_field", "'strategy_type'"),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","initial_balance":-5}"#, 400, "invalid_field",
                "'initial_balance'"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","initial_balance":true}"#, 400, "invalid_field",
                "'initial_balance'"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"max_spread":0.1}}"#, 400,
                "invalid_strategy_config", "max_spread"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"min_liquidity":"lots"}}"#, 400,
                "invalid_strategy_config", "min_liquidity"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"max_positions":2.5}}"#, 400,
                "invalid_strategy_config", "max_positions"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"categories":"sports"}}"#, 400,
                "invalid_strategy_config", "categories"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":[]}"#, 400, "invalid_field",
                "'strategy_config'"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"sizing":"martingale"}}"#, 400,
                "invalid_strategy_config", "sizing"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"sizing":2}}"#, 400,
                "invalid_strategy_config", "sizing"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"time_exit":"yes"}}"#, 400,
                "invalid_strategy_config", "time_exit"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"max_daily_loss":-1}}"#, 400,
                "invalid_strategy_config", "max_daily_loss"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"stop_loss_pct":1.5}}"#, 400,
                "invalid_strategy_config", "stop_loss_pct"
            ),
            (
                paper, "POST", "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"band_exit_drop":0.2}}"#, 400,
                "invalid_strategy_config", "band_"
            ),
            // 150 family emoji are 150 characters to Swift but 750 code points to PostgreSQL.
            (
                paper, "POST", "/portfolios", #"{"name":"\#(String(repeating: "👨‍👩‍👧", count: 150))","strategy_type":"momentum"}"#, 400,
                "invalid_field", "'name'"
            ),
            (paper, "POST", "/portfolios", #"{"name":"a\u0000b","strategy_type":"momentum"}"#, 400, "invalid_json", "NUL"),
            (paper, "POST", "/portfolios", #"{"name":"a","name":"b","strategy_type":"momentum"}"#, 400, "invalid_json", "twice"),
            (paper, "POST", "/portfolios", #"{"name":"a","strategy_type":"momentum",}"#, 400, "invalid_json", nil),
            (paper, "GET", "/portfolios/abc", nil, 400, "invalid_parameter", nil),
            (paper, "GET", "/portfolios/999999", nil, 404, "not_found", nil),
            (paper, "GET", "/portfolios?status=sleepy", nil, 400, "invalid_parameter", nil),
            (paper, "PATCH", "/portfolios/\(id)", #"{"status":"halted"}"#, 400, "invalid_field", "'status'"),
            (paper, "PATCH", "/portfolios/\(id)", #"{"strategy_type":"hybrid"}"#, 400, "invalid_field", "'strategy_type'"),
            (paper, "PATCH", "/portfolios/999999", #"{"status":"paused"}"#, 404, "not_found", nil),
            (paper, "GET", "/paper-trading/execute-signals", nil, 400, "missing_parameter", nil),
            (paper, "GET", "/paper-trading/execute-signals?portfolio_id=x", nil, 400, "invalid_parameter", nil),
            (paper, "GET", "/paper-trading/execute-signals?portfolio_id=999999", nil, 404, "not_found", nil),
            (paper, "GET", "/paper-trading/execute-signals?portfolio_id=\(id)&cycle_id=", nil, 400, "invalid_parameter", "'cycle_id'"),
            (paper, "POST", "/paper-trading/execute-signals", "", 400, "missing_parameter", nil),
            (paper, "POST", "/paper-trading/execute-signals?portfolio_id=x", "", 400, "invalid_parameter", nil),
            (paper, "POST", "/paper-trading/execute-signals?portfolio_id=999999", "", 404, "not_found", nil),
            (paper, "POST", "/paper-trading/execute-signals?portfolio_id=99999999999999999999", "", 400, "invalid_parameter", nil),
            (
                paper, "POST", "/paper-trading/execute-signals?portfolio_id=\(id)&cycle_id=\(String(repeating: "c", count: 101))", "", 400,
                "invalid_parameter", "'cycle_id'"
            ),
            (paper, "GET", "/paper-trading/portfolio?portfolio_id=999999", nil, 404, "not_found", nil),
            (paper, "GET", "/paper-trading/ledger?portfolio_id=999999", nil, 404, "not_found", nil),
            (paper, "GET", "/paper-trading/ledger?portfolio_id=\(id)&limit=0", nil, 400, "invalid_parameter", nil),
            (paper, "GET", "/paper-trading/reconcile", nil, 400, "missing_parameter", nil),
            (paper, "GET", "/paper-trading/reconcile?portfolio_id=-3", nil, 400, "invalid_parameter", nil),
            (paper, "GET", "/paper-trading/quote?portfolio_id=\(id)&token_id=abc&amount=10", nil, 400, "invalid_parameter", "'token_id'"),
            (
                paper, "GET", "/paper-trading/quote?portfolio_id=\(id)&token_id=123&amount=10&side=hold", nil, 400, "invalid_parameter",
                "'side'"
            ),
            (paper, "GET", "/paper-trading/quote?portfolio_id=\(id)&token_id=123", nil, 400, "invalid_parameter", "'amount'"),
            (paper, "GET", "/paper-trading/quote?portfolio_id=\(id)&token_id=123&amount=10", nil, 404, "not_found", nil),
            (paper, "GET", "/paper-trading/quote?portfolio_id=999999&token_id=123&amount=10", nil, 404, "not_found", nil),
            (paper, "GET", "/paper-trading/performance", nil, 400, "missing_parameter", nil),
            (paper, "GET", "/paper-trading/performance?portfolio_id=abc", nil, 400, "invalid_parameter", nil),
            (paper, "GET", "/paper-trading/performance?portfolio_id=999999", nil, 404, "not_found", nil),
            (
                paper, "GET", "/paper-trading/performance?portfolio_id=\(id)&equity_curve=maybe", nil, 400, "invalid_parameter",
                "'equity_curve'"
            ),
            (paper, "POST", "/paper-trading/settle?portfolio_id=999999", "", 404, "not_found", nil),
            (paper, "POST", "/paper-trading/settle?portfolio_id=x", "", 400, "invalid_parameter", nil),
            (orchestrator, "GET", "/trading/leaderboard?sort=luck", nil, 400, "invalid_parameter", "'sort'"),
            (orchestrator, "GET", "/trading/leaderboard?limit=many", nil, 400, "invalid_parameter", "'limit'"),
            (orchestrator, "GET", "/strategies/astrology/verdict", nil, 400, "invalid_parameter", "strategy must be"),
            (orchestrator, "GET", "/strategies/weather/verdict?config_hash=xyz", nil, 400, "invalid_parameter", "config_hash"),
            (orchestrator, "GET", "/strategies/weather/verdict?from=yesterday", nil, 400, "invalid_parameter", "from"),
            (orchestrator, "GET", "/strategies/weather/verdict?from=2026-03-02&to=2026-03-01", nil, 400, "invalid_parameter", "before"),
            (orchestrator, "GET", "/strategies/weather/verdict?portfolio=0", nil, 400, "invalid_parameter", "'portfolio'"),
            (orchestrator, "POST", "/trading/run-portfolio-cycle", "", 400, "empty_body", nil),
            (orchestrator, "POST", "/trading/run-portfolio-cycle", #"{"portfolio_id":1.5}"#, 400, "invalid_field", "'portfolio_id'"),
            (orchestrator, "POST", "/trading/run-portfolio-cycle", #"{"portfolio_id":999999}"#, 404, "not_found", nil),
            (orchestrator, "GET", "/trading/cycles/nope", nil, 404, "not_found", nil),
            (momentum, "POST", "/strategy/generate-signals", "{bad", 400, "invalid_json", nil),
            (momentum, "POST", "/strategy/generate-signals", "{}", 400, "missing_field", "'portfolio_id'"),
            (momentum, "POST", "/strategy/generate-signals", #"{"portfolio_id":"one"}"#, 400, "invalid_field", "'portfolio_id'"),
            (momentum, "POST", "/strategy/generate-signals", #"{"portfolio_id":999999}"#, 404, "not_found", nil),
            (momentum, "POST", "/strategy/generate-signals", #"{"portfolio_id":\#(id),"cycle_id":""}"#, 400, "invalid_field", "'cycle_id'"),
            (suite.hybrid, "POST", "/strategy/generate-signals", #"{"portfolio_id":\#(id)}"#, 409, "wrong_strategy", "runs momentum"),
        ]
        for (service, method, target, body, status, code, field) in cases {
            let response = service.request(method, target, body: body)
            #expect(response.status.code == status, "\(method) \(target) \(body ?? ""): \(response.text)")
            #expect(response.errorCode == code, "\(method) \(target) \(body ?? ""): \(response.text)")
            #expect(response.headers["Content-Type"] == "application/json", "\(method) \(target)")
            if let field {
                #expect(response.text.contains(field), "\(method) \(target): \(response.text)")
            }
        }
    }

    /// Archived portfolios run nothing: the shared guard answers 409 on every runner.
    @Test func archivedPortfolio_isRefusedByEveryRunnerWith409() throws {
        let suite = try InProcessSuite()
        let id = try suite.createPortfolio(#"{"name":"Gone","strategy_type":"momentum"}"#)
        let archived = suite.paperTrading.request("DELETE", "/portfolios/\(id)")
        #expect(archived.status == .ok)
        #expect(archived.text.contains(#""status":"archived""#))
        #expect(try suite.pool.execute("SELECT count(*) AS n FROM portfolios WHERE id = \(id)")[0].decode("n", as: Int.self) == 1)
        let answers = [
            suite.paperTrading.request("POST", "/paper-trading/execute-signals?portfolio_id=\(id)", body: ""),
            suite.momentum.request("POST", "/strategy/generate-signals", body: #"{"portfolio_id":\#(id)}"#),
            suite.orchestrator.request("POST", "/trading/run-portfolio-cycle", body: #"{"portfolio_id":\#(id)}"#),
        ]
        for answer in answers {
            #expect(answer.status == .conflict, "\(answer.text)")
            #expect(answer.errorCode == "portfolio_not_active")
            #expect(answer.text.contains("portfolio \(id) is archived"))
        }
        #expect(suite.paperTrading.request("PATCH", "/portfolios/\(id)", body: #"{"status":"active"}"#).status == .conflict)
    }

    /// A new portfolio's books through the routes: one deposit, reconciled, and tampering caught.
    @Test func newPortfolio_hasOneDepositReconcilesAndTamperingIsCaught() throws {
        let suite = try InProcessSuite()
        let id = try suite.createPortfolio(#"{"name":"Books","strategy_type":"momentum","initial_balance":2500.5}"#)
        let view = try suite.paperTrading.request("GET", "/paper-trading/portfolio?portfolio_id=\(id)").decode(PortfolioView.self)
        #expect(view.balance == Decimal(string: "2500.5")! && view.equity == view.balance && view.openPositions == 0)
        let ledger = suite.paperTrading.request("GET", "/paper-trading/ledger?portfolio_id=\(id)").text
        #expect(ledger.contains(#""kind":"deposit""#) && ledger.contains(#""total":1"#))
        #expect(suite.paperTrading.request("GET", "/paper-trading/reconcile?portfolio_id=\(id)").text.contains(#""status":"ok""#))
        try suite.pool.execute("UPDATE portfolios SET current_balance = current_balance - 1 WHERE id = \(id)")
        let tampered = suite.paperTrading.request("GET", "/paper-trading/reconcile?portfolio_id=\(id)").text
        #expect(tampered.contains(#""status":"mismatch""#) && tampered.contains("cash = sum(ledger)"))
        let summary = try suite.orchestrator.request("GET", "/trading/portfolio-summary").decode(PortfolioSummaryList.self)
        #expect(summary.portfolios.map(\.portfolioID) == [id])
        #expect(summary.portfolios.first?.balance == Decimal(string: "2499.5")!)
        #expect(summary.portfolios.first?.lastCycleID == nil)
    }

    /// A signal on a market the suite never stored is refused, not traded outside every cap;
    /// and a price pass that fails as a whole is a 502, not a 200.
    @Test func unknownMarketSignal_isRejectedAndAFailedPricePassIs502() throws {
        let suite = try InProcessSuite()
        let id = try suite.createPortfolio(#"{"name":"Unknown","strategy_type":"momentum"}"#)
        let signal = try suite.pool.execute(
            """
            INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason)
            VALUES (\(id), 'unknown', 'no-such-market', '123', 'buy_yes', 10, 0.5, 0.8, 'test signal') RETURNING id
            """)[0].decode("id", as: Int64.self)
        let executed = try suite.paperTrading.request("POST", "/paper-trading/execute-signals?portfolio_id=\(id)", body: "")
            .decode(ExecuteSignalsResult.self)
        #expect(executed.tradesExecuted == 0 && executed.signalsRejected == 1)
        #expect(executed.rejections?.first?.signalID == signal)
        #expect(executed.rejections?.first?.reason.contains("not in the stored universe") == true)
        try suite.pool.execute("ALTER TABLE portfolio_positions RENAME TO portfolio_positions_away")
        let failedPass = suite.paperTrading.request("POST", "/paper-trading/price-updater/run", body: "")
        try suite.pool.execute("ALTER TABLE portfolio_positions_away RENAME TO portfolio_positions")
        #expect(failedPass.status.code == 502, "\(failedPass.text)")
        #expect(failedPass.errorCode == "price_update_failed")
    }
}
