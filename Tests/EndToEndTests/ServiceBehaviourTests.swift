import Foundation
import HTTPClient
import Postgres
import PrescientCore
import Testing
import TestSupport

@Suite("Service kit behaviour through real processes", .serialized)
struct ServiceBehaviourTests {
    @Test func badInput_getsPreciseStatusesAndJSONErrors() throws {
        let stack = try MarketDataStack()
        let events = stack.events.baseURL
        let markets = stack.markets.baseURL
        let sim = stack.simulator.baseURL
        let cases: [(String, String, String?, Int, String)] = [
            ("GET", events + "/events/filter-trading-candidates-db?min_liquidity=abc", nil, 400, "invalid_parameter"),
            ("GET", events + "/events/filter-trading-candidates-db?max_days_to_end=-1", nil, 400, "invalid_parameter"),
            ("GET", events + "/events?limit=0", nil, 400, "invalid_parameter"),
            ("GET", events + "/events?ending_before=yesterday", nil, 400, "invalid_parameter"),
            ("GET", events + "/events/does-not-exist", nil, 404, "not_found"),
            ("POST", events + "/events/export-all-active-events-db", "{}", 405, "method_not_allowed"),
            ("GET", events + "/nowhere", nil, 404, "not_found"),
            ("GET", markets + "/markets?min_volume=-5", nil, 400, "invalid_parameter"),
            ("GET", markets + "/markets?tradable_only=maybe", nil, 400, "invalid_parameter"),
            ("GET", markets + "/markets/unknown-id", nil, 404, "not_found"),
            ("GET", markets + "/markets/export-filtered-markets-db?min_volume=lots", nil, 400, "invalid_parameter"),
            ("POST", sim + "/sim/advance", "{not json", 400, "invalid_json"),
            ("POST", sim + "/sim/advance", #"{"seconds":"ten"}"#, 400, "invalid_json"),
            ("POST", sim + "/sim/advance", #"{"seconds":-1}"#, 400, "invalid_seconds"),
            ("POST", sim + "/sim/advance", "", 400, "empty_body"),
            ("POST", sim + "/sim/resolve", #"{"condition_id":"0xnope","outcome":"YES"}"#, 404, "not_found"),
            ("POST", sim + "/sim/resolve", #"{"condition_id":"0xnope","outcome":"MAYBE"}"#, 400, "invalid_outcome"),
            ("POST", sim + "/sim/faults", #"{"rate_500":2}"#, 400, "invalid_faults"),
            ("GET", sim + "/book", nil, 400, "missing_parameter"),
            ("GET", sim + "/book?token_id=123", nil, 404, "not_found"),
            ("GET", sim + "/events/keyset?limit=501", nil, 422, "invalid_limit"),
            ("GET", sim + "/events/keyset?after_cursor=garbage", nil, 422, "invalid_cursor"),
        ]
        for (method, url, body, status, code) in cases {
            let response =
                method == "GET" ? try stack.http.get(url) : try stack.http.sendJSON(method, url, body: Array((body ?? "").utf8))
            #expect(response.status == status, "\(method) \(url)")
            #expect(response.errorCode == code, "\(method) \(url): \(response.text)")
            #expect(response.headers["content-type"] == "application/json", "\(method) \(url)")
        }
        let huge = [UInt8](repeating: 32, count: 2 * 1024 * 1024)
        let tooLarge = try stack.http.sendJSON("POST", sim + "/sim/advance", body: huge)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.errorCode == "body_too_large")
    }

    @Test func bearerToken_guardsEveryStateChangingEndpointOnly() throws {
        let token = "s3cret-token"
        let stack = try MarketDataStack(token: token)
        let export = stack.events.baseURL + "/events/export-all-active-events-db"
        let missing = try stack.get(export)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "unauthorized")
        #expect(missing.headers["www-authenticate"] == "Bearer")
        #expect(try stack.get(export, token: "wrong").status == 401)
        #expect(try stack.get(export, token: token + "x").status == 401)
        #expect(try stack.get(export, token: token).status == 200)
        #expect(try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db").status == 401)
        #expect(try stack.get(stack.events.baseURL + "/events/filter-trading-candidates-db").status == 401)
        // Read-only queries, health and metrics stay open.
        #expect(try stack.get(stack.events.baseURL + "/events").status == 200)
        #expect(try stack.get(stack.markets.baseURL + "/markets").status == 200)
        #expect(try stack.get(stack.events.baseURL + "/health").status == 200)
        #expect(try stack.get(stack.events.baseURL + "/health/ready").status == 200)
        #expect(try stack.get(stack.events.baseURL + "/metrics").status == 200)
    }

    @Test func upstreamFailure_answers502AndWritesNothing() throws {
        let stack = try MarketDataStack()
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", json: #"{"rate_500":1}"#).status == 200)
        let response = try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db")
        #expect(response.status == 502)
        #expect(response.errorCode == "upstream_error")
        #expect(try stack.count("SELECT count(*) AS n FROM markets") == 0)
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", json: #"{"rate_malformed":1}"#).status == 200)
        let garbage = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        #expect(garbage.status == 502)
        #expect(garbage.errorCode == "upstream_malformed")
        #expect(try stack.count("SELECT count(*) AS n FROM events") == 0)
    }

    @Test func openCircuit_answers503WithRetryAfter() throws {
        let stack = try MarketDataStack(extraEnvironment: ["POLYMARKET_BREAKER_THRESHOLD": "2", "POLYMARKET_BREAKER_COOLDOWN_S": "30"])
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", json: #"{"rate_500":1}"#).status == 200)
        _ = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        let response = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        #expect(response.status == 503)
        #expect(response.errorCode == "upstream_circuit_open")
        #expect(response.headers["retry-after"] != nil)
    }

    @Test func concurrentExports_secondAnswers409() throws {
        let stack = try MarketDataStack()
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", json: #"{"latency_ms":400}"#).status == 200)
        let statuses = Locked<[Int]>([])
        runConcurrently(2) { _ in
            let status = (try? stack.get(stack.markets.baseURL + "/markets/export-all-markets-db").status) ?? -1
            statuses.mutate { $0.append(status) }
        }
        #expect(statuses.value.sorted() == [200, 409])
    }

    @Test func readiness_fails503WhenTheDatabaseGoesAway() throws {
        let stack = try MarketDataStack()
        #expect(try stack.get(stack.events.baseURL + "/health/ready").status == 200)
        stack.database.drop()
        let ready = try stack.get(stack.events.baseURL + "/health/ready")
        #expect(ready.status == 503)
        #expect(ready.errorCode == "database_unavailable")
        #expect(try stack.get(stack.events.baseURL + "/health/live").status == 200)
    }

    @Test func metrics_countRequestsByRouteTemplate() throws {
        let stack = try MarketDataStack()
        _ = try stack.get(stack.events.baseURL + "/events/123")
        _ = try stack.get(stack.events.baseURL + "/events/456")
        let metrics = try stack.get(stack.events.baseURL + "/metrics").text
        #expect(metrics.contains(#"http_requests_total{method="GET",route="/events/{id}",status="404"} 2"#))
        #expect(metrics.contains("# TYPE http_request_duration_seconds histogram"))
        #expect(!metrics.contains("/events/123"))
    }

    @Test func sigterm_drainsAndExitsZero() throws {
        let stack = try MarketDataStack()
        #expect(stack.events.stop() == 0)
        #expect(stack.simulator.stop() == 0)
    }

    @Test func badConfiguration_stopsWithOneLineNamingTheVariable() throws {
        let database = try TestDatabase()
        do {
            _ = try ServiceProcess(
                executable: "events", portVariable: "IGNORED_PORT",
                environment: ["DATABASE_URL": database.url, "EVENTS_PORT": "eighty", "POLYMARKET_GAMMA_URL": "http://127.0.0.1:1"],
                startupTimeout: 10)
            Issue.record("a bad port must stop the service")
        } catch let error as TestSetupError {
            #expect(error.description.contains("EVENTS_PORT must be an integer"))
        }
        do {
            _ = try ServiceProcess(
                executable: "markets", portVariable: "MARKETS_PORT",
                environment: ["DATABASE_URL": database.url, "POLYMARKET_GAMMA_URL": "ftp://nowhere"], startupTimeout: 10)
            Issue.record("a bad URL must stop the service")
        } catch let error as TestSetupError {
            #expect(error.description.contains("POLYMARKET_GAMMA_URL must be an http(s) URL"))
        }
    }
}
