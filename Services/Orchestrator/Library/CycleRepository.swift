import Contracts
import Foundation
import Postgres
import PrescientCore

/// Records cycles and their steps, data collections and portfolio snapshots. Owns that SQL.
struct CycleRepository: Sendable {
    let pool: PostgresPool

    /// The portfolio's last cycle if it must be resumed, else nil: one that failed, or one still
    /// marked running although the caller holds the portfolio's cycle lock — its runner is gone
    /// (an orchestrator killed mid-cycle), so it is marked failed first, with its running step.
    func resumableCycle(portfolioID: PortfolioID) throws -> CycleID? {
        let row = try pool.execute(
            "SELECT id, status FROM trading_cycles WHERE portfolio_id = \(portfolioID) ORDER BY started_at DESC, id DESC LIMIT 1"
        ).rows.first
        guard let row else { return nil }
        let id: CycleID = try row.decode("id")
        switch try row.decode("status", as: String.self) {
        case "failed":
            return id
        case "running":
            let abandoned = "abandoned: its runner stopped before the cycle finished (resumed)"
            try pool.withTransaction { db in
                try db.execute(
                    "UPDATE cycle_steps SET status = 'failed', error = \(abandoned), finished_at = now() WHERE cycle_id = \(id) AND status = 'running'"
                )
                try db.execute("UPDATE trading_cycles SET status = 'failed', error = \(abandoned), finished_at = now() WHERE id = \(id)")
            }
            return id
        default:
            return nil
        }
    }

    /// Trades made by the cycle's signals, whichever attempt of the cycle made them.
    func tradesExecuted(cycleID: CycleID) throws -> Int {
        try pool.execute(
            """
            SELECT count(*) AS n FROM trades t
            WHERE t.signal_id IN (SELECT id FROM trading_signals WHERE cycle_id = \(cycleID)
                                  UNION ALL SELECT id FROM signal_archives WHERE cycle_id = \(cycleID))
            """)[0].decode("n", as: Int.self)
    }

    func startCycle(id: CycleID, portfolioID: PortfolioID, runID: String?, resumed: Bool) throws {
        if resumed {
            try pool.execute("UPDATE trading_cycles SET status = 'running', error = NULL, finished_at = NULL WHERE id = \(id)")
        } else {
            try startCycles([(id, portfolioID)], runID: runID)
        }
    }

    /// Records new cycles as running, in one statement.
    func startCycles(_ cycles: [(id: CycleID, portfolioID: PortfolioID)], runID: String?) throws {
        guard !cycles.isEmpty else { return }
        try pool.execute(
            """
            INSERT INTO trading_cycles (id, portfolio_id, run_id, status)
            SELECT c.id, c.portfolio_id, \(runID), 'running' FROM unnest(\(cycles.map(\.id))::text[], \(cycles.map(\.portfolioID))::bigint[]) AS c(id, portfolio_id)
            """)
    }

    /// Whether each portfolio's last cycle must be resumed (it failed, or is still marked
    /// running), in one query; portfolios without such a cycle are absent.
    func portfoliosToResume(_ portfolioIDs: [PortfolioID]) throws -> Set<PortfolioID> {
        guard !portfolioIDs.isEmpty else { return [] }
        return Set(
            try pool.execute(
                """
                SELECT portfolio_id FROM (
                    SELECT DISTINCT ON (portfolio_id) portfolio_id, status FROM trading_cycles
                    WHERE portfolio_id = ANY(\(portfolioIDs)::bigint[]) ORDER BY portfolio_id, started_at DESC, id DESC) last
                WHERE status IN ('failed', 'running')
                """
            ).rows.map { try $0.decode("portfolio_id", as: PortfolioID.self) })
    }

    func succeededSteps(cycleID: CycleID) throws -> Set<CycleStep> {
        Set(
            try pool.execute("SELECT step FROM cycle_steps WHERE cycle_id = \(cycleID) AND status = 'succeeded'").rows.compactMap {
                CycleStep(rawValue: try $0.decode("step", as: String.self))
            })
    }

    /// The stored summary of a step, when it ran and has the contract's shape.
    func stepDetail<Detail: Decodable>(cycleID: CycleID, step: CycleStep, as type: Detail.Type) throws -> Detail? {
        guard
            let text = try pool.execute("SELECT detail::text AS d FROM cycle_steps WHERE cycle_id = \(cycleID) AND step = \(step.rawValue)")
                .rows.first?.decodeIfPresent("d", as: String.self)
        else { return nil }
        return try? ContractCoding.decoder().decode(Detail.self, from: Data(text.utf8))
    }

    /// Marks the step running and makes it the cycle's current step, in one statement.
    func beginStep(cycleID: CycleID, step: CycleStep) throws {
        try beginStep(cycleIDs: [cycleID], step: step)
    }

    /// Marks the step running in every cycle and makes it their current step, in one statement.
    func beginStep(cycleIDs: [CycleID], step: CycleStep) throws {
        guard !cycleIDs.isEmpty else { return }
        try pool.execute(
            """
            WITH began AS (
                INSERT INTO cycle_steps (cycle_id, step, position, status)
                SELECT c.id, \(step.rawValue), \(step.position), 'running' FROM unnest(\(cycleIDs)::text[]) AS c(id)
                ON CONFLICT (cycle_id, step) DO UPDATE SET status = 'running', error = NULL, started_at = now(), finished_at = NULL
                RETURNING cycle_id)
            UPDATE trading_cycles SET current_step = \(step.rawValue) WHERE id IN (SELECT cycle_id FROM began)
            """)
    }

    /// How one cycle's step ended: its stored summary, or its error.
    struct StepEnd {
        let cycleID: CycleID
        let detail: (any Encodable)?
        let error: String?
    }

    func finishStep(cycleID: CycleID, step: CycleStep, detail: (any Encodable)?, error: String?) throws {
        try finishStep(step, [StepEnd(cycleID: cycleID, detail: detail, error: error)])
    }

    /// Records how the step ended in each cycle, in one statement.
    func finishStep(_ step: CycleStep, _ ends: [StepEnd]) throws {
        guard !ends.isEmpty else { return }
        try pool.execute(
            """
            UPDATE cycle_steps s SET status = CASE WHEN e.error IS NULL THEN 'succeeded' ELSE 'failed' END,
                detail = e.detail::jsonb, error = e.error, finished_at = now()
            FROM unnest(\(ends.map(\.cycleID))::text[], \(ends.map { $0.detail.map(Self.json) })::text[], \(ends.map(\.error))::text[])
                AS e(cycle_id, detail, error)
            WHERE s.cycle_id = e.cycle_id AND s.step = \(step.rawValue)
            """)
    }

    func finishCycle(id: CycleID, error: String?) throws {
        try finishCycles([(id, error)])
    }

    /// Records each cycle finished: succeeded, or failed with its error (keeping its current step).
    func finishCycles(_ cycles: [(id: CycleID, error: String?)]) throws {
        guard !cycles.isEmpty else { return }
        try pool.execute(
            """
            UPDATE trading_cycles c SET status = CASE WHEN f.error IS NULL THEN 'succeeded' ELSE 'failed' END, error = f.error,
                finished_at = now(), current_step = CASE WHEN f.error IS NULL THEN NULL ELSE c.current_step END
            FROM unnest(\(cycles.map(\.id))::text[], \(cycles.map(\.error))::text[]) AS f(id, error)
            WHERE c.id = f.id
            """)
    }

    /// The finish time of the last successful shared-data collection.
    func lastCollection() throws -> Date? {
        try pool.execute("SELECT max(finished_at) AS at FROM data_collections WHERE status = 'succeeded'")[0].decodeIfPresent("at")
    }

    func startCollection() throws -> Int64 {
        try pool.execute("INSERT INTO data_collections (status) VALUES ('running') RETURNING id")[0].decode("id")
    }

    func finishCollection(id: Int64, detail: (any Encodable)?, error: String?) throws {
        let json = detail.map(Self.json) ?? "{}"
        try pool.execute(
            """
            UPDATE data_collections SET status = \(error == nil ? "succeeded" : "failed"), detail = \(json)::jsonb,
                error = \(error), finished_at = now() WHERE id = \(id)
            """)
    }

    /// One cycle with its steps, as recorded.
    func cycle(id: CycleID) throws -> CycleRecord? {
        guard let cycle = try pool.execute("SELECT * FROM trading_cycles WHERE id = \(id)").rows.first else { return nil }
        let steps = try pool.execute(
            "SELECT step, status, detail::text AS detail, error, started_at, finished_at FROM cycle_steps WHERE cycle_id = \(id) ORDER BY position"
        ).rows.map { row in
            CycleRecord.Step(
                step: try row.decode("step", asCaseOf: CycleStep.self), status: try row.decode("status"),
                detail: try row.decodeIfPresent("detail", as: String.self).flatMap {
                    try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))
                },
                error: try row.decodeIfPresent("error"), startedAt: try row.decode("started_at"),
                finishedAt: try row.decodeIfPresent("finished_at"))
        }
        return CycleRecord(
            id: id, portfolioID: try cycle.decode("portfolio_id"), runID: try cycle.decodeIfPresent("run_id"),
            status: try cycle.decode("status"), currentStep: try cycle.decodeIfPresent("current_step", asCaseOf: CycleStep.self),
            error: try cycle.decodeIfPresent("error"), startedAt: try cycle.decode("started_at"),
            finishedAt: try cycle.decodeIfPresent("finished_at"), steps: steps)
    }

    /// A step or collection summary as stored JSON (`{}` if it cannot be encoded).
    static func json(_ detail: any Encodable) -> String {
        String(decoding: (try? ContractCoding.encoder().encode(detail)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
