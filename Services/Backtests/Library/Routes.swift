import Foundation
import HTTPServer
import Postgres
import PrescientCore
import Replay
import ServiceKit

/// The backtests service (port 8012): replays of recorded history through the live trading
/// code, each in a schema of its own (`Shared/Replay`). Every endpoint in one list.
public enum BacktestsService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        guard let databaseURL = context.configuration.databaseURL else {
            throw ConfigurationError(variable: "DATABASE_URL", problem: "is required")
        }
        let runs = BacktestRunRepository(pool: pool)
        try runs.failAbandoned()
        let directory = context.environment.string(
            "BACKTEST_DATA_DIR", default: context.environment.string("PRESCIENT_FIXTURES_DIR") ?? "Fixtures/polymarket")
        let loaded = Locked<WeatherHistory?>(nil)
        let runner = BacktestRunner(
            runs: runs, admin: pool, databaseURL: databaseURL,
            history: {
                try loaded.mutate { stored in
                    if let stored { return stored }
                    let history = try WeatherHistory.load(directory: directory)
                    stored = history
                    return history
                }
            }, maxRunning: try context.environment.int("BACKTEST_MAX_RUNNING", default: 2, range: 1...64), logger: context.logger)
        var router = Router()

        router.post("/backtests") { request in
            let settings = try BacktestRequest.settings(request)
            do {
                let id = try runner.start(settings)
                return .json(["id": id, "status": "running", "progress": "/backtests/\(id)"], status: .accepted)
            } catch let busy as BacktestRunner.Busy {
                throw HTTPError(
                    .tooManyRequests, code: "too_many_backtests", message: "\(busy.running) backtests are running; try again when one ends",
                    headers: [("Retry-After", "5")])
            }
        }

        router.get("/backtests") { request in
            .json(["runs": try runs.list(limit: try request.queryInt("limit", default: 50, range: 1...500) ?? 50)])
        }

        router.get("/backtests/{id}") { request in
            let id = try runID(request)
            guard let run = try runs.find(id, full: try request.queryBool("full") ?? false) else { throw unknownRun(id) }
            return .json(run)
        }

        router.delete("/backtests/{id}") { request in
            let id = try runID(request)
            guard let run = try runs.find(id, full: false) else { throw unknownRun(id) }
            guard run.status == "running", runner.cancel(id) else {
                throw HTTPError(.conflict, code: "not_running", message: "backtest \(id) is \(run.status), not running")
            }
            return .json(["id": id, "status": "cancelling"], status: .accepted)
        }

        return ServiceRoutes(router: router)
    }

    static func runID(_ request: HTTPRequest) throws -> String {
        let id = request.pathParameters["id"] ?? ""
        guard (1...40).contains(id.count), id.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw HTTPError.badRequest("a backtest id is letters and digits", code: "invalid_parameter")
        }
        return id
    }

    static func unknownRun(_ id: String) -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: "no backtest \(id)")
    }
}
