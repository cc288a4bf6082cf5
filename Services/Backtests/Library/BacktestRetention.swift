import Foundation
import Postgres
import Replay

/// What the backtests service keeps: a run's schema (its tables, for inspection) for
/// `BACKTEST_SCHEMA_TTL_H` (24) after the run finished, its row and result for
/// `BACKTEST_RETENTION_DAYS` (30); deleting a finished run drops both at once. Backtests and tuner
/// runs alike.
public struct BacktestRetention: Sendable {
    public struct Outcome: Sendable, Equatable, CustomStringConvertible {
        public var schemasDropped = 0
        public var runsDeleted = 0
        public var description: String { "\(schemasDropped) schemas dropped, \(runsDeleted) runs deleted" }

        public init(schemasDropped: Int = 0, runsDeleted: Int = 0) {
            self.schemasDropped = schemasDropped
            self.runsDeleted = runsDeleted
        }
    }

    let repositories: [BacktestRunRepository]
    let admin: PostgresPool
    let schemaHours: Double
    let runDays: Double

    public init(pool: PostgresPool, schemaHours: Double = 24, runDays: Double = 30) {
        repositories = [BacktestRunRepository(pool: pool, table: .backtests), BacktestRunRepository(pool: pool, table: .tuners)]
        admin = pool
        self.schemaHours = schemaHours
        self.runDays = runDays
    }

    public func run(now: Date = Date()) throws -> Outcome {
        var outcome = Outcome()
        var failures: [any Error] = []
        for runs in repositories {
            // One schema that cannot be dropped does not hold up the others (the next pass retries it).
            for (id, schema) in try runs.finishedWithSchema(before: now.addingTimeInterval(-schemaHours * 3_600)) {
                do {
                    try BacktestSchema.drop(named: schema, admin: admin)
                    try runs.schemaDropped(id: id)
                    outcome.schemasDropped += 1
                } catch {
                    failures.append(error)
                }
            }
            for (id, schema) in try runs.finished(before: now.addingTimeInterval(-runDays * 86_400)) {
                do {
                    try BacktestSchema.drop(named: schema, admin: admin)
                    if try runs.delete(id: id) { outcome.runsDeleted += 1 }
                } catch {
                    failures.append(error)
                }
            }
        }
        if let first = failures.first, outcome == Outcome() { throw first }
        return outcome
    }

    /// Deletes one finished run of `runs` and drops its schema; false when there is no finished run `id`.
    static func delete(_ id: String, schema: String, from runs: BacktestRunRepository, admin: PostgresPool) throws -> Bool {
        try BacktestSchema.drop(named: schema, admin: admin)
        return try runs.delete(id: id)
    }
}
