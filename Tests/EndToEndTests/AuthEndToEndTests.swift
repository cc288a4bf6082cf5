import Foundation
import HTTPClient
import PrescientCore
import TestSupport
import Testing

/// With `PRESCIENT_API_TOKEN` set, every endpoint that changes state, on every service, answers
/// 401 without the token — whatever its method — and the reads stay open.
@Suite("Bearer token on every service", .serialized, .tags(.stack, .database))
struct AuthEndToEndTests {
    @Test func everyStateChangingEndpoint_needsTheTokenAndReadsDoNot() throws {
        let token = "s3cret-token-0123456"
        let stack = try TradingStack(extraEnvironment: ["PRESCIENT_API_TOKEN": token])
        let authorized = [("Authorization", "Bearer \(token)")]
        let created = try stack.http.send(
            HTTPClientRequest(
                method: "POST", url: stack.url("paper-trading") + "/portfolios", headers: authorized,
                body: Array(#"{"name":"Guarded","strategy_type":"momentum"}"#.utf8)))
        #expect(created.status == 201, "\(created.text)")
        let id = created.json["id"] as? Int ?? 0
        let paper = stack.url("paper-trading")
        let writes: [(String, String, String)] =
            [
                ("POST", paper + "/portfolios", #"{"name":"x","strategy_type":"momentum"}"#),
                ("PATCH", paper + "/portfolios/\(id)", #"{"status":"paused"}"#),
                ("POST", paper + "/portfolios/\(id)/resume", #"{"confirm":true}"#),
                ("POST", paper + "/portfolios/\(id)/archive", ""),
                ("DELETE", paper + "/portfolios/\(id)", ""),
                ("GET", paper + "/paper-trading/execute-signals?portfolio_id=\(id)", ""),
                ("POST", paper + "/paper-trading/execute-signals?portfolio_id=\(id)", ""),
                ("POST", paper + "/paper-trading/settle", ""),
                ("POST", paper + "/paper-trading/price-updater/run", ""),
                ("POST", stack.url("orchestrator") + "/trading/run-all-portfolios", ""),
                ("POST", stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(id)}"#),
                ("GET", stack.url("events") + "/events/export-all-active-events-db", ""),
                ("GET", stack.url("events") + "/events/filter-trading-candidates-db", ""),
                ("GET", stack.url("markets") + "/markets/export-all-markets-db", ""),
                ("GET", stack.url("markets") + "/markets/export-filtered-markets-db", ""),
            ] + TradingStack.strategies.map { ("POST", stack.url($0.0) + "/strategy/generate-signals", #"{"portfolio_id":\#(id)}"#) }
        for (method, url, body) in writes {
            let response =
                method == "GET"
                ? try stack.http.get(url) : try stack.http.send(HTTPClientRequest(method: method, url: url, body: Array(body.utf8)))
            #expect(response.status == 401, "\(method) \(url): \(response.status)")
            #expect(response.errorCode == "unauthorized", "\(method) \(url)")
        }
        // Nothing changed behind the refusals.
        #expect(try stack.count("SELECT count(*) AS n FROM portfolios") == 1)
        #expect(try stack.get(paper + "/portfolios/\(id)").json["status"] as? String == "active")
        let reads =
            [
                paper + "/portfolios", paper + "/portfolios/\(id)", paper + "/paper-trading/portfolio?portfolio_id=\(id)",
                paper + "/paper-trading/ledger?portfolio_id=\(id)", paper + "/paper-trading/reconcile?portfolio_id=\(id)",
                paper + "/paper-trading/performance?portfolio_id=\(id)", paper + "/paper-trading/price-updater",
                stack.url("orchestrator") + "/trading/portfolio-summary", stack.url("orchestrator") + "/trading/leaderboard",
                stack.url("momentum") + "/strategy/info", stack.url("events") + "/events", stack.url("markets") + "/markets",
            ] + stack.services.values.map { $0.baseURL + "/health" } + stack.services.values.map { $0.baseURL + "/metrics" }
        for url in reads {
            #expect(try stack.get(url).status == 200, "GET \(url)")
        }
    }
}
