import Foundation
import Logging
import Postgres
import PrescientCore
import Replay

/// Runs backtests and tuner runs in the background, one thread each, at most `maxRunning` at
/// once: each in a schema of its own, its progress written to its table about every 2% of its
/// steps, its result when it ends; `cancel` stops a run at its next step and keeps the partial
/// result, marked cancelled.
final class BacktestRunner: Sendable {
    let admin: PostgresPool
    let databaseURL: String
    let maxRunning: Int
    let logger: Logger
    private let active = Locked<[String: Bool]>([:])

    init(admin: PostgresPool, databaseURL: String, maxRunning: Int, logger: Logger) {
        self.admin = admin
        self.databaseURL = databaseURL
        self.maxRunning = maxRunning
        self.logger = logger
    }

    /// Too many runs at once.
    struct Busy: Error {
        let running: Int
    }

    /// What a run's work gives back: its summary and full result as JSON, whether it stopped
    /// early, and the evidence its verdicts are judged on (JSON).
    struct Outcome: Sendable {
        let summary: String?
        let result: String
        let cancelled: Bool
        var evidence: String? = nil
    }

    /// The work of a run: given its id, its schema and a progress callback (steps done, in all;
    /// false means stop), its outcome.
    typealias Work = @Sendable (String, BacktestSchema, (Int, Int) -> Bool) throws -> Outcome

    /// Starts a run recorded in `runs` and returns its id at once.
    func start(prefix: String, strategy: String, settings: String, runs: BacktestRunRepository, work: @escaping Work) throws -> String {
        let id = prefix + String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12))
        let admitted = active.mutate { running -> Bool in
            guard running.count < maxRunning else { return false }
            running[id] = false
            return true
        }
        guard admitted else { throw Busy(running: maxRunning) }
        do {
            try runs.insert(id: id, strategy: strategy, settings: settings, schema: "backtest_" + id)
        } catch {
            active.mutate { $0[id] = nil }
            throw error
        }
        let thread = Thread { [self] in execute(id, runs: runs, work: work) }
        thread.name = "backtest-\(id)"
        thread.start()
        return id
    }

    /// Asks a running run to stop; false when it is not running here.
    func cancel(_ id: String) -> Bool {
        active.mutate { running in
            guard running[id] != nil else { return false }
            running[id] = true
            return true
        }
    }

    func execute(_ id: String, runs: BacktestRunRepository, work: Work) {
        defer { active.mutate { $0[id] = nil } }
        do {
            let schema = try BacktestSchema.create(run: id, databaseURL: databaseURL, admin: admin)
            defer { schema.pool.close() }
            var written = 0
            let outcome = try work(id, schema) { done, total in
                let stop = active.value[id] == true
                if stop || done == 1 || done == total || done - written >= max(1, total / 50) {
                    written = done
                    try? runs.progress(id: id, done: done, total: total)
                }
                return !stop
            }
            try runs.finish(
                id: id, status: outcome.cancelled ? "cancelled" : "succeeded", summary: outcome.summary, result: outcome.result,
                evidence: outcome.evidence, error: nil)
            logger.info("run finished", metadata: ["id": "\(id)", "cancelled": "\(outcome.cancelled)"])
        } catch {
            logger.error("run failed", metadata: ["id": "\(id)", "error": "\(error)"])
            try? runs.finish(id: id, status: "failed", summary: nil, result: nil, evidence: nil, error: "\(error)")
        }
    }
}
