import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// What only real processes show: metrics counted by the listening server, SIGTERM, and a bad
/// configuration stopping the executable. Everything else a service answers is tested in
/// process (`ServiceRoutesTests`).
@Suite("Service kit behaviour through real processes", .serialized, .tags(.stack, .database))
struct ServiceBehaviourTests {
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
