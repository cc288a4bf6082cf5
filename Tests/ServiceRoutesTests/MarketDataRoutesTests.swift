import Contracts
import Foundation
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// The events and markets services (and the simulator's control routes) in process: bad input,
/// upstream failures, the export lock, readiness and the bearer token.
@Suite("Market data routes in process", .tags(.database))
struct MarketDataRoutesTests {
    func count(_ suite: InProcessSuite, _ table: String) throws -> Int {
        try suite.pool.execute(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table)"))[0].decode("n", as: Int.self)
    }

    /// The simulator's answer on the host that serves `target` (the CLOB's `/book`, else Gamma's with `/sim/*`).
    func simulator(_ suite: InProcessSuite, _ method: String, _ target: String, body: String? = nil) -> HTTPResponse {
        suite.simulator.application.request(method, target, body: body, listener: target.hasPrefix("/book") ? "clob" : nil)
    }

    @Test func badInput_getsPreciseStatusesAndJSONErrors() throws {
        let suite = try InProcessSuite()
        let events = suite.events, markets = suite.markets
        let cases: [(InProcessService?, String, String, String?, Int, String)] = [
            (events, "GET", "/events/filter-trading-candidates-db?min_liquidity=abc", nil, 400, "invalid_parameter"),
            (events, "GET", "/events/filter-trading-candidates-db?max_days_to_end=-1", nil, 400, "invalid_parameter"),
            (events, "GET", "/events?limit=0", nil, 400, "invalid_parameter"),
            (events, "GET", "/events?ending_before=yesterday", nil, 400, "invalid_parameter"),
            (events, "GET", "/events/does-not-exist", nil, 404, "not_found"),
            (events, "DELETE", "/events/export-all-active-events-db", "{}", 405, "method_not_allowed"),
            (events, "GET", "/nowhere", nil, 404, "not_found"),
            (markets, "GET", "/markets?min_volume=-5", nil, 400, "invalid_parameter"),
            (markets, "GET", "/markets?tradable_only=maybe", nil, 400, "invalid_parameter"),
            (markets, "GET", "/markets/unknown-id", nil, 404, "not_found"),
            (markets, "GET", "/markets/export-filtered-markets-db?min_volume=lots", nil, 400, "invalid_parameter"),
            (nil, "POST", "/sim/advance", "{not json", 400, "invalid_json"),
            (nil, "POST", "/sim/advance", #"{"seconds":"ten"}"#, 400, "invalid_json"),
            (nil, "POST", "/sim/advance", #"{"seconds":-1}"#, 400, "invalid_seconds"),
            (nil, "POST", "/sim/advance", "", 400, "empty_body"),
            (nil, "POST", "/sim/resolve", #"{"condition_id":"0xnope","outcome":"YES"}"#, 404, "not_found"),
            (nil, "POST", "/sim/resolve", #"{"condition_id":"0xnope","outcome":"MAYBE"}"#, 400, "invalid_outcome"),
            (nil, "POST", "/sim/faults", #"{"rate_500":2}"#, 400, "invalid_faults"),
            (nil, "GET", "/book", nil, 400, "missing_parameter"),
            (nil, "GET", "/book?token_id=123", nil, 404, "not_found"),
            (nil, "GET", "/events/keyset?limit=501", nil, 422, "invalid_limit"),
            (nil, "GET", "/events/keyset?after_cursor=garbage", nil, 422, "invalid_cursor"),
        ]
        for (service, method, target, body, status, code) in cases {
            let response = service?.request(method, target, body: body) ?? simulator(suite, method, target, body: body)
            #expect(response.status.code == status, "\(method) \(target)")
            if service == nil && !target.hasPrefix("/sim/") {
                // Polymarket's routes answer errors as Polymarket does: {"error":"…"}.
                #expect(response.polymarketError?.isEmpty == false, "\(method) \(target): \(response.text)")
            } else {
                #expect(response.errorCode == code, "\(method) \(target): \(response.text)")
            }
            #expect(response.headers["Content-Type"] == "application/json", "\(method) \(target)")
        }
    }

    @Test func upstreamFailure_answers502AndWritesNothing() throws {
        let suite = try InProcessSuite()
        #expect(simulator(suite, "POST", "/sim/faults", body: #"{"rate_500":1}"#).status == .ok)
        let response = suite.markets.request("GET", "/markets/export-all-markets-db")
        #expect(response.status.code == 502)
        #expect(response.errorCode == "upstream_error")
        #expect(try count(suite, "markets") == 0)
        #expect(simulator(suite, "POST", "/sim/faults", body: #"{"rate_500":0,"rate_malformed":1}"#).status == .ok)
        let garbage = suite.events.request("GET", "/events/export-all-active-events-db")
        #expect(garbage.status.code == 502)
        #expect(garbage.errorCode == "upstream_malformed")
        #expect(try count(suite, "events") == 0)
    }

    @Test func openCircuit_answers503WithRetryAfter() throws {
        let suite = try InProcessSuite(extraEnvironment: ["POLYMARKET_BREAKER_THRESHOLD": "2", "POLYMARKET_BREAKER_COOLDOWN_S": "30"])
        #expect(simulator(suite, "POST", "/sim/faults", body: #"{"rate_500":1}"#).status == .ok)
        _ = suite.events.request("GET", "/events/export-all-active-events-db")
        let response = suite.events.request("GET", "/events/export-all-active-events-db")
        #expect(response.status.code == 503)
        #expect(response.errorCode == "upstream_circuit_open")
        #expect(Int(response.headers["Retry-After"] ?? "") ?? 0 > 0)
    }

    @Test func exportThenConcurrentExports_storeTheUniverseAndTheSecondAnswers409() throws {
        let suite = try InProcessSuite()
        let first = try suite.markets.request("GET", "/markets/export-all-markets-db").decode(MarketsExportResult.self)
        // The small dataset holds 500 recorded markets (its file name says so; DatasetFacts checks it end to end).
        #expect(first.marketsExported == 500)
        #expect(try count(suite, "markets") == 500)
        #expect(simulator(suite, "POST", "/sim/faults", body: #"{"latency_ms":400}"#).status == .ok)
        let statuses = Locked<[Int]>([])
        runConcurrently(2) { _ in
            let status = suite.markets.request("GET", "/markets/export-all-markets-db").status.code
            statuses.mutate { $0.append(status) }
        }
        #expect(statuses.value.sorted() == [200, 409])
    }

    @Test func readiness_fails503WhenTheDatabaseGoesAway() throws {
        let suite = try InProcessSuite()
        #expect(suite.events.request("GET", "/health/ready").status == .ok)
        suite.database.drop()
        let ready = suite.events.request("GET", "/health/ready")
        #expect(ready.status.code == 503)
        #expect(ready.errorCode == "database_unavailable")
        #expect(suite.events.request("GET", "/health/live").status == .ok)
    }

    @Test func bearerToken_guardsEveryStateChangingEndpointOnly() throws {
        let token = "s3cret-token-0123456"
        let suite = try InProcessSuite(token: token)
        let export = "/events/export-all-active-events-db"
        let missing = suite.events.request("GET", export)
        #expect(missing.status.code == 401)
        #expect(missing.errorCode == "unauthorized")
        #expect(missing.headers["WWW-Authenticate"] == "Bearer")
        #expect(suite.events.request("GET", export, headers: [("Authorization", "Bearer wrong")]).status.code == 401)
        #expect(suite.events.request("GET", export, headers: [("Authorization", "Bearer \(token)x")]).status.code == 401)
        #expect(suite.events.request("GET", export, headers: [("Authorization", "Bearer \(token)")]).status == .ok)
        #expect(suite.markets.request("GET", "/markets/export-all-markets-db").status.code == 401)
        #expect(suite.events.request("GET", "/events/filter-trading-candidates-db").status.code == 401)
        #expect(suite.paperTrading.request("POST", "/portfolios", body: #"{"name":"x","strategy_type":"momentum"}"#).status.code == 401)
        // Read-only queries, health and metrics stay open.
        for target in ["/events", "/health", "/health/ready", "/metrics"] {
            #expect(suite.events.request("GET", target).status == .ok, "\(target)")
        }
        #expect(suite.markets.request("GET", "/markets").status == .ok)
    }
}
