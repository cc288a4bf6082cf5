import Foundation
import HTTPClient
import PrescientCore
import TestSupport

/// Every service of the suite as a real process, with an API token set: the trading stack
/// (wallets, live signals, live_momentum and weather included) plus backtests and the dashboard.
/// The simulator's HTTP hosts are reached through its own base URLs.
final class SecurityStack: @unchecked Sendable {
    // Safe because everything is set once in init and only read afterwards.
    static let token = "sec-test-token-9f2c"
    let trading: TradingStack
    let extra: [String: ServiceProcess]
    var http: HTTPClient { trading.http }

    init(extraEnvironment: [String: String] = [:]) throws {
        trading = try TradingStack(
            // The delivery worker is off: a webhook registered here is never sent anywhere.
            extraEnvironment: ["PRESCIENT_API_TOKEN": Self.token, "NOTIFY_INTERVAL_S": "0"].merging(extraEnvironment) { $1 },
            wallets: true, live: true,
            weather: true)
        var extra: [String: ServiceProcess] = [:]
        extra["backtests"] = try ServiceProcess(
            executable: "backtests", portVariable: "BACKTESTS_PORT",
            environment: trading.environment.merging(["BACKTEST_DATA_DIR": TestEnvironment.fixturesDirectory]) { $1 })
        extra["dashboard"] = try ServiceProcess(executable: "dashboard", portVariable: "DASHBOARD_PORT", environment: trading.environment)
        self.extra = extra
    }

    deinit {
        for service in extra.values { service.stop() }
    }

    /// Every listening base URL by a readable name: each service, and the simulator's hosts.
    var origins: [(name: String, url: String)] {
        var result: [(name: String, url: String)] =
            trading.services.map { ($0.key, $0.value.baseURL) } + extra.map { ($0.key, $0.value.baseURL) }
        result.append(("simulator", trading.simulator.baseURL))
        // The market channel's host speaks WebSocket, not the suite's HTTP API; its process is checked with the rest.
        for (variable, port) in trading.simulator.extraPorts where variable != "SIMULATOR_WS_PORT" {
            result.append(("simulator \(variable)", "http://127.0.0.1:\(port)"))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Every process, for liveness and log checks.
    var processes: [ServiceProcess] { Array(trading.services.values) + Array(extra.values) + [trading.simulator] }

    /// The operations `origin` documents at `/openapi.json`, as (method, path with every `{parameter}` set to `1`).
    func operations(at origin: String) throws -> [(method: String, path: String)] {
        let answer = try http.get(origin + "/openapi.json")
        guard answer.status == 200, let document = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
            let paths = document["paths"] as? [String: Any]
        else { return [] }
        var result: [(method: String, path: String)] = []
        for (template, value) in paths {
            let path = template.split(separator: "/").map { $0.hasPrefix("{") ? "1" : String($0) }.joined(separator: "/")
            for method in (value as? [String: Any] ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                result.append((method.uppercased(), "/" + path))
            }
        }
        return result.sorted { $0.path + $0.method < $1.path + $1.method }
    }

    /// The processes that have exited, with the end of their logs.
    func deadProcesses() -> [String] {
        processes.filter { !$0.process.isRunning }.map { "\($0.name): \(String($0.readLog().suffix(400)))" }
    }

    /// The origins whose `/health/live` does not answer 200.
    func silentOrigins() -> [String] {
        origins.filter { (try? http.get($0.url + "/health/live", timeout: 5))?.status != 200 }.map(\.name)
    }
}
