import Foundation
import HTTPClient
import HTTPServer
import Portfolios
import Postgres
import PrescientCore
import ServiceKit

/// The orchestrator (port 8004): trading cycles across portfolios.
public enum OrchestratorService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let configuration = try OrchestratorConfiguration(environment: context.environment)
        let caller = ServiceCaller(
            http: HTTPClient(connectTimeout: 3, defaultTimeout: configuration.callTimeout, maxIdleHandles: 64),
            token: configuration.apiToken, timeout: configuration.callTimeout)
        let cycles = CycleRepository(pool: pool)
        let lockPool = PostgresPool(
            connectionString: pool.connectionString, maxConnections: configuration.parallelism + 2,
            checkoutTimeout: configuration.callTimeout)
        let runner = CycleRunner(
            configuration: configuration, caller: caller, cycles: cycles, pool: pool, lockPool: lockPool, logger: context.logger)
        let portfolios = PortfolioRepository(pool: pool)
        let orchestrator = Orchestrator(
            configuration: configuration, caller: caller, cycles: cycles, runner: runner, portfolios: portfolios,
            signals: SignalRepository(pool: pool), logger: context.logger)
        let metrics = context.metrics
        var router = Router()

        router.post("/trading/run-all-portfolios") { _ in
            let result = try orchestrator.runAll()
            metrics.increment("orchestrator_runs_total", labels: ["status": result.status])
            metrics.set("orchestrator_last_run_duration_seconds", Double(result.duration_ms) / 1000)
            return .json(result)
        }

        router.post("/trading/run-portfolio-cycle") { request in
            let fields = try JSONFields(request, allowed: ["portfolio_id"])
            let id = try fields.requiredInt64("portfolio_id")
            guard let portfolio = try portfolios.find(id: id) else { throw HTTPError.notFound("no portfolio with id \(id)") }
            // Paused and halted portfolios run reduce-only (their exits); archived ones never run.
            guard portfolio.status.reducesPositions else {
                throw HTTPError(.conflict, code: "portfolio_not_active", message: "portfolio \(id) is \(portfolio.status.rawValue)")
            }
            let shared = try orchestrator.collectSharedData(maxAge: configuration.sharedDataMaxAge)
            let result = try runner.run(portfolio, runID: nil)
            return .json(SingleResult(status: result.status == "succeeded" ? "success" : "failed", shared_data: shared, result: result))
        }

        router.get("/trading/portfolio-summary") { _ in
            let rows = try pool.execute(
                """
                SELECT p.id, p.name, p.strategy_type, p.status, p.initial_balance, p.current_balance, p.total_invested,
                       p.realized_pnl, p.unrealized_pnl, p.fees_paid,
                       (SELECT count(*) FROM portfolio_positions x WHERE x.portfolio_id = p.id AND x.status = 'open') AS open_positions,
                       (SELECT count(*) FROM trades t WHERE t.portfolio_id = p.id) AS trades,
                       c.id AS last_cycle_id, c.status AS last_cycle_status, c.finished_at AS last_cycle_at
                FROM portfolios p
                LEFT JOIN LATERAL (SELECT * FROM trading_cycles c WHERE c.portfolio_id = p.id ORDER BY started_at DESC LIMIT 1) c ON TRUE
                WHERE p.status <> 'archived' ORDER BY p.id
                """
            ).rows
            let summaries = try rows.map { row in
                Summary(
                    portfolio_id: try row.decode("id"), name: try row.decode("name"), strategy_type: try row.decode("strategy_type"),
                    status: try row.decode("status"), initial_balance: try row.decode("initial_balance"),
                    balance: try row.decode("current_balance"), total_invested: try row.decode("total_invested"),
                    realized_pnl: try row.decode("realized_pnl"), unrealized_pnl: try row.decode("unrealized_pnl"),
                    fees_paid: try row.decode("fees_paid"),
                    total_pnl: try row.decode("realized_pnl", as: Decimal.self) + (try row.decode("unrealized_pnl", as: Decimal.self))
                        - (try row.decode("fees_paid", as: Decimal.self)),
                    open_positions: try row.decode("open_positions"), trades: try row.decode("trades"),
                    last_cycle_id: try row.decodeIfPresent("last_cycle_id"), last_cycle_status: try row.decodeIfPresent("last_cycle_status"),
                    last_cycle_at: try row.decodeIfPresent("last_cycle_at"))
            }
            return .json(["portfolios": summaries])
        }

        router.get("/trading/leaderboard") { request in
            .json(try Leaderboard.rank(request, portfolios: portfolios, pool: pool))
        }

        router.get("/trading/cycles/{id}") { request in
            let id = request.pathParameters["id"] ?? ""
            guard let cycle = try pool.execute("SELECT * FROM trading_cycles WHERE id = \(id)").rows.first else {
                throw HTTPError.notFound("no cycle with id \(id)")
            }
            let steps = try pool.execute("SELECT step, status, detail::text AS detail, error, started_at, finished_at FROM cycle_steps WHERE cycle_id = \(id) ORDER BY position").rows.map { row in
                Step(
                    step: try row.decode("step"), status: try row.decode("status"),
                    detail: try row.decodeIfPresent("detail", as: String.self).flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) },
                    error: try row.decodeIfPresent("error"), started_at: try row.decode("started_at"), finished_at: try row.decodeIfPresent("finished_at"))
            }
            return .json(
                Cycle(
                    id: id, portfolio_id: try cycle.decode("portfolio_id"), run_id: try cycle.decodeIfPresent("run_id"),
                    status: try cycle.decode("status"), current_step: try cycle.decodeIfPresent("current_step"),
                    error: try cycle.decodeIfPresent("error"), started_at: try cycle.decode("started_at"),
                    finished_at: try cycle.decodeIfPresent("finished_at"), steps: steps))
        }
        return ServiceRoutes(router: router, onStop: { lockPool.close() })
    }

    struct SingleResult: Encodable {
        let status: String
        let shared_data: Orchestrator.SharedData
        let result: CycleRunner.Result
    }

    struct Summary: Encodable {
        let portfolio_id: Int64
        let name: String
        let strategy_type: String
        let status: String
        let initial_balance: Decimal
        let balance: Decimal
        let total_invested: Decimal
        let realized_pnl: Decimal
        let unrealized_pnl: Decimal
        let fees_paid: Decimal
        let total_pnl: Decimal
        let open_positions: Int
        let trades: Int
        let last_cycle_id: String?
        let last_cycle_status: String?
        let last_cycle_at: Date?
    }

    struct Step: Encodable {
        let step: String
        let status: String
        let detail: JSONValue?
        let error: String?
        let started_at: Date
        let finished_at: Date?
    }

    struct Cycle: Encodable {
        let id: String
        let portfolio_id: Int64
        let run_id: String?
        let status: String
        let current_step: String?
        let error: String?
        let started_at: Date
        let finished_at: Date?
        let steps: [Step]
    }
}
