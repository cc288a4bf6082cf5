import BacktestsService
import DashboardService
import EventsService
import Foundation
import HTTPServer
import LiveSignalsService
import MarketsService
import OrchestratorService
import PaperTradingService
import ServiceKit
import SimulatorService
import Strategies
import StrategyKit
import TestSupport
import Testing
import WalletsService
import WeatherService

/// `openapi.yaml` against the services themselves: every route each service's router serves is
/// an operation of the document tagged with that service (or `common`, or `strategy` for the
/// strategy services), and every operation the document names is served — a route added without
/// its contract, or a contract left behind by a removed route, fails here. Each service's
/// `/openapi.json` holds exactly its own operations. The simulator is held to its own routes
/// (`/sim/*` and the common ones); the Polymarket and Open-Meteo routes it plays are those hosts'
/// published APIs, several on the same paths as ours.
@Suite("OpenAPI contract", .serialized, .tags(.database))
struct OpenAPIContractTests {
    /// The document's operations ("GET /path") by tag, read independently of the services' YAML
    /// parser: a line scan of the block layout the file keeps (a quoted path at two spaces, a
    /// method at four, its `tags` at six).
    static func documented() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/openapi.yaml", encoding: .utf8)
        var byTag: [String: Set<String>] = [:]
        var path: String?
        var method: String?
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  \""), line.hasSuffix("\":") {
                path = String(line.dropFirst(3).dropLast(2))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
            } else if line.hasPrefix("      tags: ["), let path, let method {
                let tags = line.dropFirst("      tags: [".count).dropLast().split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                for tag in tags { byTag[tag, default: []].insert("\(method) \(path)") }
            }
        }
        return byTag
    }

    static let quiet = [
        "PRICE_UPDATE_INTERVAL_S": "3600", "NOTIFY_INTERVAL_S": "0", "WALLETS_REFRESH_INTERVAL_S": "0", "SEER_SCAN_INTERVAL_S": "0",
        "LIVE_WATCHLIST_REFRESH_S": "0", "LIVE_TRADES_POLL_S": "0", "SCORECARD_INTERVAL_S": "0", "WEATHER_REFRESH_INTERVAL_S": "0",
        "POLYMARKET_MAX_ATTEMPTS": "1", "SIMULATOR_WS_PORT": "0", "OPENAPI_PATH": TestEnvironment.repositoryRoot + "/openapi.yaml",
    ]

    @Test func everyRouteIsDocumented_andEveryDocumentedRouteIsServed() throws {
        let documented = try Self.documented()
        let closed = try ServiceProcess.freePort()
        let environment = Self.quiet.merging(["POLYMARKET_WS_URL": "ws://127.0.0.1:\(closed)/ws/market"]) { $1 }
        let database = try TestDatabase()
        let services: [(name: String, tags: [String], routes: (ServiceContext) throws -> ServiceRoutes)] = [
            ("events", ["events"], { try EventsService.routes(context: $0) }),
            ("markets", ["markets"], { try MarketsService.routes(context: $0) }),
            ("paper-trading", ["paper-trading"], { try PaperTradingService.routes(context: $0) }),
            ("orchestrator", ["orchestrator"], { try OrchestratorService.routes(context: $0) }),
            ("momentum", ["strategy"], { try StrategyService.routes(context: $0, strategy: MomentumStrategy()) }),
            ("weather", ["strategy", "weather"], { try WeatherService.routes(context: $0) }),
            ("wallets", ["wallets"], { try WalletsService.routes(context: $0) }),
            ("live-signals", ["live-signals"], { try LiveSignalsService.routes(context: $0) }),
            ("backtests", ["backtests"], { try BacktestsService.routes(context: $0) }),
            ("dashboard", ["dashboard"], { try DashboardService.routes(context: $0) }),
            (
                "simulator", ["simulator"],
                {
                    try SimulatorService.routes(context: $0, arguments: ["simulator"] + SimulatedWorld.simulatorArguments())
                }
            ),
        ]
        var everyTag: Set<String> = ["common"]
        for service in services {
            let running = try InProcessService.make(
                name: service.name, environment: environment, database: database, routes: service.routes)
            defer { running.shutdown() }
            let common = ["/health", "/health/live", "/health/ready", "/metrics", "/openapi.json"]
            let ours = { (template: String) in service.name != "simulator" || template.hasPrefix("/sim/") || common.contains(template) }
            let served = Set(running.application.router.templates.filter { ours($0.template) }.map { "\($0.method) \($0.template)" })
            let expected = (service.tags + ["common"]).reduce(into: Set<String>()) { $0.formUnion(documented[$1] ?? []) }
            everyTag.formUnion(service.tags)
            #expect(
                served.subtracting(expected).isEmpty,
                "\(service.name) serves routes openapi.yaml lacks: \(served.subtracting(expected).sorted())")
            #expect(
                expected.subtracting(served).isEmpty,
                "openapi.yaml names \(service.name) routes it lacks: \(expected.subtracting(served).sorted())")

            // Its /openapi.json: exactly its own operations.
            let answer = running.request("GET", "/openapi.json")
            #expect(answer.status == .ok, "\(service.name): \(answer.text.prefix(200))")
            let paths =
                (try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["paths"] as? [String: [String: Any]] ?? [:]
            let listed = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(
                listed == served, "\(service.name)'s /openapi.json differs from its routes: \(listed.symmetricDifference(served).sorted())")
        }
        #expect(
            Set(documented.keys).subtracting(everyTag).isEmpty, "tags no service carries: \(Set(documented.keys).subtracting(everyTag))")
    }
}
