import Foundation
import HTTPClient
import PrescientCore
import TestSupport
import Testing

/// The answers of real services, recorded while an operator's flow runs — portfolios created,
/// listed, paused, refused; cycles run in the foreground and the background with their progress;
/// views, ledger, reconciliation, performance, leaderboard; webhooks; market data; errors of every
/// kind — each validated against the contract the answering service serves at `/openapi.json`:
/// the operation exists, the status is documented, the body has the documented shape.
@Suite("Contract end to end", .serialized, .tags(.stack, .database))
struct ContractEndToEndTests {
    @Test func everyRecordedAnswer_matchesTheServicesOwnContract() throws {
        let stack = try TradingStack()
        let paper = stack.url("paper-trading"), orchestrator = stack.url("orchestrator")
        let first = try stack.createPortfolio(TradingCycleTests.portfolios[0])
        _ = try stack.createPortfolio(TradingCycleTests.portfolios[3])
        try stack.post(paper + "/portfolios", #"{"name":"Bad","strategy_type":"astrology"}"#)
        try stack.post(paper + "/portfolios", "{")
        _ = try stack.get(paper + "/portfolios")
        _ = try stack.get(paper + "/portfolios/\(first)")
        _ = try stack.get(paper + "/portfolios/999")
        let run = try stack.post(orchestrator + "/trading/run-all-portfolios", "")
        let started = try stack.post(orchestrator + "/trading/run-all-portfolios?wait=false", "")
        if let id = started.json["run_id"] as? String {
            for _ in 0..<600 where (try stack.get(orchestrator + "/trading/runs/\(id)")).json["status"] as? String == "running" {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        _ = try stack.get(orchestrator + "/trading/runs/r-none")
        try stack.post(orchestrator + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(first)}"#)
        try stack.post(orchestrator + "/trading/run-portfolio-cycle", #"{"portfolio_id":"one"}"#)
        let cycle = (run.json["results"] as? [[String: Any]])?.first?["cycle_id"] as? String ?? "none"
        _ = try stack.get(orchestrator + "/trading/cycles/\(cycle)")
        for path in ["/trading/leaderboard", "/trading/portfolio-summary", "/trading/leaderboard?sort=sideways"] {
            _ = try stack.get(orchestrator + path)
        }
        for path in [
            "/paper-trading/portfolio?portfolio_id=\(first)", "/paper-trading/all-portfolios",
            "/paper-trading/ledger?portfolio_id=\(first)",
            "/paper-trading/reconcile?portfolio_id=\(first)", "/paper-trading/performance?portfolio_id=\(first)",
            "/paper-trading/portfolio?portfolio_id=abc", "/paper-trading/price-updater", "/portfolios/\(first)/config-history",
            "/notifications/webhooks", "/notifications/deliveries", "/notifications/events",
        ] {
            _ = try stack.get(paper + path)
        }
        try stack.send("PATCH", paper + "/portfolios/\(first)", #"{"status":"paused"}"#)
        try stack.send("PATCH", paper + "/portfolios/\(first)", #"{"status":"asleep"}"#)
        try stack.post(paper + "/notifications/webhooks", #"{"url":"http://127.0.0.1:9/hook"}"#)
        try stack.post(paper + "/notifications/webhooks", #"{"url":"gopher://x"}"#)
        try stack.post(paper + "/paper-trading/execute-signals?portfolio_id=\(first)", "")
        _ = try stack.get(stack.url("markets") + "/markets?limit=2")
        _ = try stack.get(stack.url("markets") + "/markets/nothing-here")
        _ = try stack.get(stack.url("events") + "/events?limit=2")
        for service in ["paper-trading", "orchestrator", "momentum"] {
            for path in ["/health", "/health/live", "/health/ready"] { _ = try stack.get(stack.url(service) + path) }
        }
        try stack.post(stack.url("momentum") + "/strategy/generate-signals", #"{"portfolio_id":999}"#)

        // Validate every answer against the contract its service serves.
        var contracts: [String: ContractValidator] = [:]
        var checked = 0
        for (method, url, response) in stack.recorded.value {
            guard let base = URL(string: url), let port = base.port else { continue }
            let origin = "http://127.0.0.1:\(port)"
            if contracts[origin] == nil {
                let body = try stack.http.get(origin + "/openapi.json").body
                contracts[origin] = ContractValidator(document: try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:])
            }
            let problems = contracts[origin]!.problems(method: method, path: base.path, status: response.status, body: response.body)
            #expect(problems.isEmpty, "\(method) \(url) → \(response.status): \(problems)")
            checked += 1
        }
        #expect(checked >= 40, "only \(checked) answers recorded")
    }
}
