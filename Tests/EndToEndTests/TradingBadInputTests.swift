import Foundation
import HTTPClient
import Testing
import TestSupport

@Suite("Trading endpoints reject bad input precisely", .serialized)
struct TradingBadInputTests {
    @Test func everyNewEndpoint_answersJSONErrorsWithTheFieldNamed() throws {
        let stack = try TradingStack()
        let paper = stack.url("paper-trading")
        let orchestrator = stack.url("orchestrator")
        let momentum = stack.url("momentum")
        let id = try stack.createPortfolio(#"{"name":"Valid","strategy_type":"momentum"}"#)
        let cases: [(String, String, String?, Int, String, String?)] = [
            ("POST", paper + "/portfolios", "{nope", 400, "invalid_json", nil),
            ("POST", paper + "/portfolios", "[]", 400, "invalid_json", nil),
            ("POST", paper + "/portfolios", #"{"strategy_type":"momentum"}"#, 400, "missing_field", "'name'"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","colour":"red"}"#, 400, "unknown_field", "'colour'"),
            ("POST", paper + "/portfolios", #"{"name":7,"strategy_type":"momentum"}"#, 400, "invalid_field", "'name'"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"astrology"}"#, 400, "invalid_field", "'strategy_type'"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","initial_balance":-5}"#, 400, "invalid_field", "'initial_balance'"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","initial_balance":true}"#, 400, "invalid_field", "'initial_balance'"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"max_spread":0.1}}"#, 400, "invalid_strategy_config", "max_spread"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"min_liquidity":"lots"}}"#, 400, "invalid_strategy_config", "min_liquidity"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"max_positions":2.5}}"#, 400, "invalid_strategy_config", "max_positions"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"categories":"sports"}}"#, 400, "invalid_strategy_config", "categories"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":[]}"#, 400, "invalid_field", "'strategy_config'"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"sizing":"martingale"}}"#, 400, "invalid_strategy_config", "sizing"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"sizing":2}}"#, 400, "invalid_strategy_config", "sizing"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"time_exit":"yes"}}"#, 400, "invalid_strategy_config", "time_exit"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"max_daily_loss":-1}}"#, 400, "invalid_strategy_config", "max_daily_loss"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"stop_loss_pct":1.5}}"#, 400, "invalid_strategy_config", "stop_loss_pct"),
            ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum","strategy_config":{"band_exit_drop":0.2}}"#, 400, "invalid_strategy_config", "band_"),
            ("GET", paper + "/portfolios/abc", nil, 400, "invalid_parameter", nil),
            ("GET", paper + "/portfolios/999999", nil, 404, "not_found", nil),
            ("GET", paper + "/portfolios?status=sleepy", nil, 400, "invalid_parameter", nil),
            ("PATCH", paper + "/portfolios/\(id)", #"{"status":"halted"}"#, 400, "invalid_field", "'status'"),
            ("PATCH", paper + "/portfolios/\(id)", #"{"strategy_type":"hybrid"}"#, 400, "invalid_field", "'strategy_type'"),
            ("PATCH", paper + "/portfolios/999999", #"{"status":"paused"}"#, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/execute-signals", nil, 400, "missing_parameter", nil),
            ("GET", paper + "/paper-trading/execute-signals?portfolio_id=x", nil, 400, "invalid_parameter", nil),
            ("GET", paper + "/paper-trading/execute-signals?portfolio_id=999999", nil, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/portfolio?portfolio_id=999999", nil, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/ledger?portfolio_id=999999", nil, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/ledger?portfolio_id=\(id)&limit=0", nil, 400, "invalid_parameter", nil),
            ("GET", paper + "/paper-trading/reconcile", nil, 400, "missing_parameter", nil),
            ("GET", paper + "/paper-trading/reconcile?portfolio_id=-3", nil, 400, "invalid_parameter", nil),
            ("GET", paper + "/paper-trading/quote?portfolio_id=\(id)&token_id=abc&amount=10", nil, 400, "invalid_parameter", "'token_id'"),
            ("GET", paper + "/paper-trading/quote?portfolio_id=\(id)&token_id=123&amount=10&side=hold", nil, 400, "invalid_parameter", "'side'"),
            ("GET", paper + "/paper-trading/quote?portfolio_id=\(id)&token_id=123", nil, 400, "invalid_parameter", "'amount'"),
            ("GET", paper + "/paper-trading/quote?portfolio_id=\(id)&token_id=123&amount=10", nil, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/quote?portfolio_id=999999&token_id=123&amount=10", nil, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/performance", nil, 400, "missing_parameter", nil),
            ("GET", paper + "/paper-trading/performance?portfolio_id=abc", nil, 400, "invalid_parameter", nil),
            ("GET", paper + "/paper-trading/performance?portfolio_id=999999", nil, 404, "not_found", nil),
            ("GET", paper + "/paper-trading/performance?portfolio_id=\(id)&equity_curve=maybe", nil, 400, "invalid_parameter", "'equity_curve'"),
            ("GET", orchestrator + "/trading/leaderboard?sort=luck", nil, 400, "invalid_parameter", "'sort'"),
            ("GET", orchestrator + "/trading/leaderboard?limit=many", nil, 400, "invalid_parameter", "'limit'"),
            ("POST", paper + "/paper-trading/settle?portfolio_id=999999", "", 404, "not_found", nil),
            ("POST", paper + "/paper-trading/settle?portfolio_id=x", "", 400, "invalid_parameter", nil),
            ("POST", momentum + "/strategy/generate-signals", "{bad", 400, "invalid_json", nil),
            ("POST", momentum + "/strategy/generate-signals", "{}", 400, "missing_field", "'portfolio_id'"),
            ("POST", momentum + "/strategy/generate-signals", #"{"portfolio_id":"one"}"#, 400, "invalid_field", "'portfolio_id'"),
            ("POST", momentum + "/strategy/generate-signals", #"{"portfolio_id":999999}"#, 404, "not_found", nil),
            ("POST", stack.url("hybrid") + "/strategy/generate-signals", #"{"portfolio_id":\#(id)}"#, 409, "wrong_strategy", nil),
            ("POST", orchestrator + "/trading/run-portfolio-cycle", "", 400, "empty_body", nil),
            ("POST", orchestrator + "/trading/run-portfolio-cycle", #"{"portfolio_id":1.5}"#, 400, "invalid_field", "'portfolio_id'"),
            ("POST", orchestrator + "/trading/run-portfolio-cycle", #"{"portfolio_id":999999}"#, 404, "not_found", nil),
            ("GET", orchestrator + "/trading/cycles/nope", nil, 404, "not_found", nil),
            // 150 family emoji are 150 characters to Swift but 750 code points to PostgreSQL.
            ("POST", paper + "/portfolios", #"{"name":"\#(String(repeating: "👨‍👩‍👧", count: 150))","strategy_type":"momentum"}"#, 400, "invalid_field", "'name'"),
            ("POST", paper + "/portfolios", #"{"name":"a\u0000b","strategy_type":"momentum"}"#, 400, "invalid_json", "NUL"),
            ("POST", paper + "/portfolios", #"{"name":"a","name":"b","strategy_type":"momentum"}"#, 400, "invalid_json", "twice"),
            ("POST", paper + "/portfolios", #"{"name":"a","strategy_type":"momentum",}"#, 400, "invalid_json", nil),
            ("GET", paper + "/paper-trading/execute-signals?portfolio_id=\(id)&cycle_id=", nil, 400, "invalid_parameter", "'cycle_id'"),
            ("POST", paper + "/paper-trading/execute-signals", "", 400, "missing_parameter", nil),
            ("POST", paper + "/paper-trading/execute-signals?portfolio_id=x", "", 400, "invalid_parameter", nil),
            ("POST", paper + "/paper-trading/execute-signals?portfolio_id=999999", "", 404, "not_found", nil),
            ("POST", paper + "/paper-trading/execute-signals?portfolio_id=99999999999999999999", "", 400, "invalid_parameter", nil),
            ("POST", paper + "/paper-trading/execute-signals?portfolio_id=\(id)&cycle_id=\(String(repeating: "c", count: 101))", "", 400,
             "invalid_parameter", "'cycle_id'"),
            ("POST", paper + "/paper-trading/execute-signals?portfolio_id=\(id)&cycle_id=a%00b", "", 400, "malformed_request", nil),
        ]
        for (method, url, body, status, code, field) in cases {
            let response =
                method == "GET" ? try stack.http.get(url) : try stack.http.sendJSON(method, url, body: Array((body ?? "").utf8))
            #expect(response.status == status, "\(method) \(url) \(body ?? ""): \(response.text)")
            #expect(response.errorCode == code, "\(method) \(url) \(body ?? ""): \(response.text)")
            if let field {
                let message = ((response.json["error"] as? [String: Any])?["message"] as? String) ?? ""
                #expect(message.contains(field), "\(method) \(url): \(message)")
            }
        }
        // An empty POST is an empty body (RFC 9112 §6.3), not a 411.
        let raw = try RawConnection(port: stack.services["paper-trading"]!.port)
        try raw.send("POST /paper-trading/settle HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(raw.readResponses(1, timeout: 30).first?.status == 200)
        // A signal on a market the suite never stored is refused, not traded fee-free outside every cap.
        let unknown = try stack.insertSignal(
            portfolio: id, cycle: "unknown", market: "no-such-market", token: "123", action: "buy_yes", amount: 10, limit: Decimal(string: "0.5")!)
        _ = try stack.execute(id)
        let refused = try stack.signalStatus(unknown)
        #expect(refused.status == "rejected" && refused.reason.contains("not in the stored universe"), "\(refused)")
        // A price pass that fails as a whole answers 502, not 200.
        try stack.pool.execute("ALTER TABLE portfolio_positions RENAME TO portfolio_positions_away")
        let failedPass = try stack.post(paper + "/paper-trading/price-updater/run", "")
        try stack.pool.execute("ALTER TABLE portfolio_positions_away RENAME TO portfolio_positions")
        #expect(failedPass.status == 502, "\(failedPass.text)")
        #expect(failedPass.errorCode == "price_update_failed")
        // A new portfolio's ledger holds its deposit and it reconciles.
        let ledger = try stack.get(paper + "/paper-trading/ledger?portfolio_id=\(id)")
        let entries = ledger.json["entries"] as? [[String: Any]] ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["kind"] as? String == "deposit")
        #expect(try stack.get(paper + "/paper-trading/reconcile?portfolio_id=\(id)").json["status"] as? String == "ok")
        // Money changed behind the ledger's back is caught.
        try stack.pool.execute("UPDATE portfolios SET current_balance = current_balance - 1 WHERE id = \(id)")
        let tampered = try stack.get(paper + "/paper-trading/reconcile?portfolio_id=\(id)")
        #expect(tampered.json["status"] as? String == "mismatch")
        let checks = (tampered.json["differences"] as? [[String: Any]] ?? []).compactMap { $0["check"] as? String }
        #expect(checks.contains("cash = sum(ledger)"))
        try stack.pool.execute("UPDATE portfolios SET current_balance = current_balance + 1 WHERE id = \(id)")
        // Archive instead of delete.
        let archived = try stack.http.send(HTTPClientRequest(method: "DELETE", url: paper + "/portfolios/\(id)"))
        #expect(archived.status == 200)
        #expect(archived.json["status"] as? String == "archived")
        #expect(try stack.count("SELECT count(*) AS n FROM portfolios WHERE id = \(id)") == 1)
        let afterArchive = try stack.http.sendJSON("PATCH", paper + "/portfolios/\(id)", body: Array(#"{"status":"active"}"#.utf8))
        #expect(afterArchive.status == 409)
    }
}
