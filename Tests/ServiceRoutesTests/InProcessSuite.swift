import EventsService
import Foundation
import HTTPServer
import MarketsService
import OrchestratorService
import PaperTradingService
import Postgres
import PrescientCore
import ServiceKit
import SimulatorService
import Strategies
import StrategyKit
import TestSupport

/// Every service library built in this test process on one fresh database, as they share one in
/// production, answering through their routers without sockets. Only the simulator listens (on
/// a free port in this same process), because the services reach Polymarket through libcurl.
final class InProcessSuite: Sendable {
    let database: TestDatabase
    let simulator: ServiceHost
    let paperTrading: InProcessService
    let orchestrator: InProcessService
    let momentum: InProcessService
    let hybrid: InProcessService
    let events: InProcessService
    let markets: InProcessService
    let pool: PostgresPool

    init(token: String? = nil, extraEnvironment: [String: String] = [:]) throws {
        database = try TestDatabase()
        simulator = try ServiceHost.startedInProcess(name: "simulator") { context in
            try SimulatorService.routes(
                context: context,
                arguments: ["simulator"] + SimulatedWorld.simulatorArguments())
        }
        let environment = SimulatedWorld.serviceEnvironment(
            polymarket: [
                "POLYMARKET_GAMMA_URL": simulator.baseURL(), "POLYMARKET_CLOB_URL": simulator.baseURL("clob"),
                "POLYMARKET_DATA_URL": simulator.baseURL("data"),
            ], token: token, extra: extraEnvironment)
        paperTrading = try InProcessService.make(name: "paper-trading", environment: environment, database: database) {
            try PaperTradingService.routes(context: $0)
        }
        orchestrator = try InProcessService.make(name: "orchestrator", environment: environment, database: database) {
            try OrchestratorService.routes(context: $0)
        }
        momentum = try InProcessService.make(name: "momentum", environment: environment, database: database) {
            try StrategyService.routes(context: $0, strategy: MomentumStrategy())
        }
        hybrid = try InProcessService.make(name: "hybrid", environment: environment, database: database) {
            try StrategyService.routes(context: $0, strategy: HybridStrategy())
        }
        events = try InProcessService.make(name: "events", environment: environment, database: database) {
            try EventsService.routes(context: $0)
        }
        markets = try InProcessService.make(name: "markets", environment: environment, database: database) {
            try MarketsService.routes(context: $0)
        }
        pool = database.makePool(size: 2)
    }

    deinit {
        for service in [paperTrading, orchestrator, momentum, hybrid, events, markets] { service.shutdown() }
        simulator.stop()
        pool.close()
    }

    /// Creates a portfolio through the route and returns its id.
    func createPortfolio(_ json: String) throws -> PortfolioID {
        let response = paperTrading.request("POST", "/portfolios", body: json)
        struct Created: Decodable { let id: PortfolioID }
        guard response.status == .created else { throw TestSetupError("portfolio creation failed: \(response.text)") }
        return try response.decode(Created.self).id
    }
}
