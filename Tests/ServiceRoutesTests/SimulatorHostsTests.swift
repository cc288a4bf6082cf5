import Foundation
import HTTPClient
import HTTPServer
import ServiceKit
import SimulatorService
import TestSupport
import Testing

/// The simulator's three hosts, as on Polymarket: Gamma (with the `/sim/*` control), the CLOB and
/// the Data API each answer only their own routes; a path of one host is a 404 on the others.
@Suite("Simulator hosts")
struct SimulatorHostsTests {
    /// Which hosts serve each route, as Polymarket's documentation lays them out (the oracle;
    /// nil is Gamma with the control). `/markets` and `/markets/{…}` exist on both Gamma and the
    /// CLOB, with different answers (on the CLOB, `/markets/keyset` is a lookup of a market whose
    /// condition id is "keyset": a 404 for that market, not for the route).
    static let routes: [(method: String, target: String, hosts: [String?])] = [
        ("GET", "/markets?condition_ids=0x1", [nil, "clob"]), ("GET", "/markets/1", [nil, "clob"]),
        ("GET", "/markets/keyset?limit=1", [nil, "clob"]), ("GET", "/events/keyset?limit=1", [nil]), ("GET", "/events/1", [nil]),
        ("GET", "/events", [nil]), ("GET", "/sim/state", [nil]), ("POST", "/sim/advance", [nil]),
        ("GET", "/book?token_id=1", ["clob"]), ("POST", "/books", ["clob"]), ("GET", "/midpoint?token_id=1", ["clob"]),
        ("POST", "/midpoints", ["clob"]), ("GET", "/price?token_id=1&side=BUY", ["clob"]), ("GET", "/prices-history?market=1", ["clob"]),
        ("GET", "/", ["clob"]), ("GET", "/time", ["clob"]), ("GET", "/spread?token_id=1", ["clob"]), ("POST", "/prices", ["clob"]),
        ("GET", "/tick-size?token_id=1", ["clob"]), ("GET", "/simplified-markets", ["clob"]), ("GET", "/sampling-markets", ["clob"]),
        ("GET", "/trades?market=0x1", ["data"]), ("GET", "/holders?market=0x1", ["data"]),
    ]

    static func start() throws -> ServiceHost {
        try ServiceHost.simulator()
    }

    /// A 404 naming no route (in Polymarket's error body, or the suite's for `/sim/*`).
    static func isMissingRoute(_ response: HTTPResponse) -> Bool {
        response.status.code == 404 && response.text.contains("no route for")
    }

    @Test func eachRoute_isServedByItsHostOnlyAndA404OnTheOthers() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        for (method, target, hosts) in Self.routes {
            for listener in [nil, "clob", "data", "weather"] {
                let response = simulator.application.request(method, target, body: method == "POST" ? "[]" : nil, listener: listener)
                if hosts.contains(listener) {
                    #expect(
                        !Self.isMissingRoute(response),
                        "\(method) \(target) on its host \(listener ?? "gamma"): \(response.text.prefix(200))")
                } else {
                    #expect(
                        Self.isMissingRoute(response),
                        "\(method) \(target) on \(listener ?? "gamma"): \(response.status.code) \(response.text)")
                }
            }
        }
        // `/markets` answers as its host does: Gamma a bare array, the CLOB a cursor page.
        #expect(simulator.application.request("GET", "/markets?condition_ids=0x1").text == "[]")
        let page = simulator.application.request("GET", "/markets", listener: "clob").text
        #expect(page.hasPrefix("{") && page.contains(#""next_cursor":"LTE=""#))
        // Every host has the health endpoints, so each port can be probed on its own.
        for listener in [nil, "clob", "data", "weather"] {
            #expect(simulator.application.request("GET", "/health/live", listener: listener).status == .ok)
        }
    }

    @Test func eachHost_answersOverRealSocketsOnItsOwnPortWithItsOwnRoutes() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        let ports = Set([simulator.server.port] + simulator.listenerServers.values.map(\.port))
        #expect(ports.count == 4, "Gamma, CLOB, Data API and Open-Meteo on distinct ports: \(ports)")
        let http = HTTPClient(connectTimeout: 2, defaultTimeout: 10)
        let onClob = try http.get(simulator.baseURL("clob") + "/book")
        #expect(onClob.status == 400 && onClob.text == #"{"error":"token_id is required"}"#, "\(onClob.text)")
        let onGamma = try http.get(simulator.baseURL() + "/book")
        #expect(onGamma.status == 404 && onGamma.text.contains("no route"))
        let keyset = try http.get(simulator.baseURL() + "/markets/keyset?limit=2")
        #expect(keyset.status == 200 && keyset.text.contains("next_cursor"))
        #expect(try http.get(simulator.baseURL("data") + "/markets/keyset?limit=2").status == 404)
        #expect(try http.get(simulator.baseURL("data") + "/trades?market=0x1").status == 200)
        #expect(try http.get(simulator.baseURL("weather") + "/book").status == 404)
        #expect(try http.get(simulator.baseURL() + "/v1/forecast?latitude=51.5&longitude=0").status == 404)
        #expect(
            try http.get(simulator.baseURL("weather") + "/v1/forecast?latitude=51.5&longitude=0").status == 400, "before the recordings")
    }
}

/// Polymarket's published rate limits in the simulator: off by default, and when switched on a
/// request beyond a limit is a 429 with `Retry-After` and Polymarket's error body.
@Suite("Simulator rate limits")
struct SimulatorRateLimitTests {
    @Test func switchedOn_the501stBooksCallIn10SecondsIs429AndOtherRoutesStillAnswer() throws {
        let simulator = try SimulatorHostsTests.start()
        defer { simulator.stop() }
        let body = #"[{"token_id":"1"}]"#
        // Off (the default): well past the published 500 per 10 s, every call is answered.
        for _ in 0..<600 { #expect(simulator.application.request("POST", "/books", body: body, listener: "clob").status == .ok) }
        let on = simulator.application.request("POST", "/sim/rate-limits", body: #"{"enabled":true}"#)
        #expect(on.status == .ok)
        #expect(simulator.application.request("GET", "/sim/state").text.contains(#""rate_limits":true"#))
        var refused: [HTTPResponse] = []
        for _ in 0..<501 {
            let response = simulator.application.request("POST", "/books", body: body, listener: "clob")
            if response.status.code == 429 { refused.append(response) }
        }
        #expect(refused.count == 1, "500 admitted, the 501st refused")
        let limited = try #require(refused.first)
        let retryAfter = try #require(limited.headers["Retry-After"].flatMap(Int.init))
        #expect((1...10).contains(retryAfter))
        #expect(limited.polymarketError?.contains("Too Many Requests") == true)
        // Another limit of the same host, and another host, still have room.
        #expect(simulator.application.request("GET", "/book?token_id=1", listener: "clob").status.code == 404)
        #expect(simulator.application.request("GET", "/markets/keyset?limit=1").status == .ok)
        // The control is never limited, and switching off lifts the limit at once.
        #expect(simulator.application.request("POST", "/sim/rate-limits", body: #"{"enabled":false}"#).status == .ok)
        #expect(simulator.application.request("POST", "/books", body: body, listener: "clob").status == .ok)
    }
}
