import Contracts
import Foundation
import HTTPClient
import HTTPServer
import Logging
import Portfolios
import Postgres
import PrescientCore
import ServiceClients
import ServiceKit
import Verdicts

/// The orchestrator (port 8004): trading cycles across portfolios.
public enum OrchestratorService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let configuration = try OrchestratorConfiguration(environment: context.environment)
        let caller = ServiceCaller(
            http: HTTPClient(connectTimeout: 3, defaultTimeout: configuration.callTimeout, maxIdleHandles: 64),
            token: configuration.apiToken, timeout: configuration.callTimeout)
        let peers = ServicePeers(configuration: configuration, caller: caller)
        let cycles = CycleRepository(pool: pool)
        let lockPool = PostgresPool(
            connectionString: pool.connectionString, maxConnections: configuration.parallelism + 3,
            checkoutTimeout: configuration.callTimeout)
        let runner = CycleRunner(peers: peers, cycles: cycles, pool: pool, lockPool: lockPool, logger: context.logger)
        let portfolios = PortfolioRepository(pool: pool)
        let orchestrator = Orchestrator(
            configuration: configuration, peers: peers, cycles: cycles, runner: runner, portfolios: portfolios,
            signals: SignalRepository(pool: pool), runs: RunRepository(pool: pool), lockPool: lockPool, logger: context.logger,
            flight: RunFlight(window: configuration.runJoinWindow))
        let summaries = PortfolioSummaryRepository(pool: pool)
        let metrics = context.metrics
        var router = Router()

        let runs = RunRepository(pool: pool)
        let logger = context.logger
        router.post("/trading/run-all-portfolios") { request in
            let record: @Sendable (RunAllResult) -> Void = { result in
                metrics.increment("orchestrator_runs_total", labels: ["status": result.status])
                metrics.set("orchestrator_last_run_duration_seconds", Double(result.durationMilliseconds) / 1000)
            }
            guard try request.queryBool("wait") == false else {
                return .json(try orchestrator.runAll(onLed: record))
            }
            // Answer 202 with the run's id once it is known; the run goes on in the background.
            let id = try BackgroundRun.start { onJoined in
                do {
                    _ = try orchestrator.runAll(onJoined: onJoined, onLed: record)
                } catch {
                    logger.error("background run-all failed", metadata: ["error": "\(error)"])
                    throw error
                }
            }
            var response = HTTPResponse.json(
                ["run_id": id, "status": "running", "progress": "/trading/runs/\(id)"], status: .accepted)
            response.headers.add("Location", "/trading/runs/\(id)")
            return response
        }

        router.get("/trading/runs/{id}") { request in
            let id = request.pathParameters["id"] ?? ""
            guard let progress = try runs.progress(runID: id) else { throw HTTPError.notFound("no run with id \(id.prefix(100))") }
            return .json(progress)
        }

        router.post("/trading/run-portfolio-cycle") { request in
            let fields = try JSONFields(request, allowed: ["portfolio_id"])
            let cycle = PortfolioCycleRequest(portfolioID: try fields.requiredID("portfolio_id"))
            // Paused and halted portfolios run reduce-only (their exits); archived ones never run.
            let portfolio = try portfolios.requireRunnable(id: cycle.portfolioID)
            let shared = try orchestrator.collectSharedData(maxAge: configuration.sharedDataMaxAge)
            return .json(PortfolioCycleResult(sharedData: shared, result: try runner.run(portfolio, runID: nil)))
        }

        router.get("/trading/portfolio-summary") { _ in
            .json(PortfolioSummaryList(portfolios: try summaries.summaries()))
        }

        router.get("/trading/leaderboard") { request in
            .json(try Leaderboard.rank(request, portfolios: portfolios, pool: pool))
        }

        router.get("/strategies/{type}/verdict") { request in
            .json(try StrategyVerdictRequest.answer(request, pool: pool))
        }

        // Recomputes the signal ledger's hash chain and names the first row that does not hold.
        router.get("/evidence/ledger/verify") { _ in
            .json(try SignalLedger(pool: pool).verify())
        }

        router.get("/trading/cycles/{id}") { request in
            let id = CycleID(request.pathParameters["id"] ?? "")
            guard let cycle = try cycles.cycle(id: id) else { throw HTTPError.notFound("no cycle with id \(id)") }
            return .json(cycle)
        }
        let retention = OrchestratorRetention(
            pool: pool, cycleDays: try context.environment.double("CYCLE_RETENTION_DAYS", default: 90, range: 1...36_500),
            fullHistoryDays: try context.environment.double("HISTORY_FULL_DAYS", default: 30, range: 1...36_500))
        let retentionTask = try RetentionTask.start(context: context) { "\(try retention.run())" }
        return ServiceRoutes(
            router: router,
            onStop: {
                retentionTask?.stop()
                lockPool.close()
            })
    }
}
