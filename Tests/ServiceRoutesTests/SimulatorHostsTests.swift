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
    /// Which host serves each route, as Polymarket's documentation lays them out (the oracle).
    static let routes: [(method: String, target: String, host: String?)] = [
        ("GET", "/markets?condition_ids=0x1", nil), ("GET", "/markets/keyset?limit=1", nil), ("GET", "/events/keyset?limit=1", nil),
        ("GET", "/markets/1", nil), ("GET", "/events/1", nil), ("GET", "/events", nil), ("GET", "/sim/state", nil),
        ("POST", "/sim/advance", nil),
        ("GET", "/book?token_id=1", "clob"), ("POST", "/books", "clob"), ("GET", "/midpoint?token_id=1", "clob"),
        ("POST", "/midpoints", "clob"), ("GET", "/price?token_id=1&side=BUY", "clob"), ("GET", "/prices-history?market=1", "clob"),
        ("GET", "/trades?market=0x1", "data"), ("GET", "/holders?market=0x1", "data"),
    ]

    static func start() throws -> ServiceHost {
        try ServiceHost.startedInProcess(name: "simulator") { context in
            try SimulatorService.routes(
                context: context,
                arguments: ["simulator", "--dataset", TestEnvironment.fixturesDirectory, "--markets", InProcessSuite.smallDataset])
        }
    }

    static func isMissingRoute(_ response: HTTPResponse) -> Bool {
        response.status.code == 404 && response.text.contains("no route")
    }

    @Test func eachRoute_isServedByItsHostOnlyAndA404OnTheOthers() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        for (method, target, host) in Self.routes {
            for listener in [nil, "clob", "data"] {
                let response = simulator.application.request(method, target, body: method == "POST" ? "[]" : nil, listener: listener)
                if listener == host {
                    #expect(!Self.isMissingRoute(response), "\(method) \(target) on its host \(host ?? "gamma"): \(response.text)")
                } else {
                    #expect(
                        Self.isMissingRoute(response),
                        "\(method) \(target) on \(listener ?? "gamma"): \(response.status.code) \(response.text)")
                    #expect(response.errorCode == "not_found")
                }
            }
        }
        // Every host has the health endpoints, so each port can be probed on its own.
        for listener in [nil, "clob", "data"] {
            #expect(simulator.application.request("GET", "/health/live", listener: listener).status == .ok)
        }
    }

    @Test func threePorts_answerOverRealSocketsWithTheirOwnRoutes() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        let ports = Set([simulator.server.port] + simulator.listenerServers.values.map(\.port))
        #expect(ports.count == 3, "three distinct ports: \(ports)")
        let http = HTTPClient(connectTimeout: 2, defaultTimeout: 10)
        let onClob = try http.get(simulator.baseURL("clob") + "/book")
        #expect(onClob.status == 400 && onClob.text.contains("missing_parameter"), "\(onClob.text)")
        let onGamma = try http.get(simulator.baseURL() + "/book")
        #expect(onGamma.status == 404 && onGamma.text.contains("no route"))
        let keyset = try http.get(simulator.baseURL() + "/markets/keyset?limit=2")
        #expect(keyset.status == 200 && keyset.text.contains("next_cursor"))
        #expect(try http.get(simulator.baseURL("data") + "/markets/keyset?limit=2").status == 404)
        #expect(try http.get(simulator.baseURL("data") + "/trades?market=0x1").status == 200)
    }
}
