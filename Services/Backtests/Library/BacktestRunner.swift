import Foundation
import Logging
import Postgres
import PrescientCore
import Replay

/// Runs backtests in the background, one thread each, at most `maxRunning` at once: each in a
/// schema of its own, its progress written to `backtest_runs` about every 2% of its steps, its
/// result when it ends; `cancel` stops a run at its next step and keeps the partial result,
/// marked cancelled.
final class BacktestRunner: Sendable {
    let runs: BacktestRunRepository
    let admin: PostgresPool
    let databaseURL: String
    let history: @Sendable () throws -> WeatherHistory
    let maxRunning: Int
    let logger: Logger
    private let active = Locked<[String: Bool]>([:])

    init(
        runs: BacktestRunRepository, admin: PostgresPool, databaseURL: String, history: @escaping @Sendable () throws -> WeatherHistory,
        maxRunning: Int, logger: Logger
    ) {
        self.runs = runs
        self.admin = admin
        self.databaseURL = databaseURL
        self.history = history
        self.maxRunning = maxRunning
        self.logger = logger
    }

    /// Too many runs at once.
    struct Busy: Error {
        let running: Int
    }

    /// Starts a run and returns its id at once.
    func start(_ settings: WeatherBacktest.Settings) throws -> String {
        let id = "bt" + String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12))
        let admitted = active.mutate { runs -> Bool in
            guard runs.count < maxRunning else { return false }
            runs[id] = false
            return true
        }
        guard admitted else { throw Busy(running: maxRunning) }
        do {
            let text = String(decoding: try WireJSON.encoder().encode(settings), as: UTF8.self)
            try runs.insert(id: id, strategy: "weather", settings: text, schema: "backtest_" + id)
        } catch {
            active.mutate { $0[id] = nil }
            throw error
        }
        let thread = Thread { [self] in execute(id, settings) }
        thread.name = "backtest-\(id)"
        thread.start()
        return id
    }

    /// Asks a running run to stop; false when it is not running here.
    func cancel(_ id: String) -> Bool {
        active.mutate { runs in
            guard runs[id] != nil else { return false }
            runs[id] = true
            return true
        }
    }

    func isRunning(_ id: String) -> Bool { active.value[id] != nil }

    func execute(_ id: String, _ settings: WeatherBacktest.Settings) {
        defer { active.mutate { $0[id] = nil } }
        do {
            let schema = try BacktestSchema.create(run: id, databaseURL: databaseURL, admin: admin)
            defer { schema.pool.close() }
            var written = 0
            let result = try WeatherBacktest(settings: settings).run(try history(), pool: schema.pool) { done, total in
                let stop = active.value[id] == true
                if stop || done == 1 || done == total || done - written >= max(1, total / 50) {
                    written = done
                    try? runs.progress(id: id, done: done, total: total)
                }
                return !stop
            }
            try runs.finish(id: id, status: result.cancelled ? "cancelled" : "succeeded", result: result, error: nil)
            logger.info(
                "backtest finished", metadata: ["id": "\(id)", "trades": "\(result.trades.count)", "cancelled": "\(result.cancelled)"])
        } catch {
            logger.error("backtest failed", metadata: ["id": "\(id)", "error": "\(error)"])
            try? runs.finish(id: id, status: "failed", result: nil, error: "\(error)")
        }
    }
}
