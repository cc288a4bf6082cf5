import Contracts
import Foundation
import Logging
import Portfolios
import Postgres
import PrescientCore
import ServiceClients
import Trading

/// Runs portfolios' cycles: settle resolved markets → generate signals → execute them →
/// snapshot, each step recorded (fresh cycles in batches, `CycleRunner+Batch`).
///
/// A session advisory lock keyed by the portfolio is held for the whole cycle, so a second
/// cycle for the same portfolio (from this orchestrator or another) answers 409. A failed step
/// stops the cycle; the next run resumes that cycle from the failed step, and because signals
/// are unique per cycle and execution takes only the cycle's own pending signals, nothing is
/// duplicated. A cycle left `running` by a runner that died is found by the next runner (which
/// holds the lock, so the old one is gone), marked failed and resumed the same way.
struct CycleRunner: Sendable {
    let peers: ServicePeers
    let cycles: CycleRepository
    let pool: PostgresPool
    /// Connections that only hold the per-portfolio advisory locks, one per portfolio running at
    /// once (plus one for a single-portfolio call), so a cycle holding its lock can never starve
    /// the main pool its own steps record through.
    let lockPool: PostgresPool
    let logger: Logger

    static func mode(of portfolio: Portfolio) -> String { portfolio.status.opensPositions ? "normal" : "reduce_only" }

    /// Runs one portfolio's cycle under its lock: a fresh cycle as a batch of one (the same engine
    /// as run-all's), a cycle left failed or abandoned resumed from its failed step.
    func run(_ portfolio: Portfolio, runID: String?) throws -> CycleResult {
        try lockPool.withConnection { lockConnection in
            guard try CycleLocks.tryLock([portfolio.id], on: lockConnection).contains(portfolio.id) else {
                throw CycleAlreadyRunning(portfolioID: portfolio.id)
            }
            defer { CycleLocks.unlock([portfolio.id], on: lockConnection) }
            if let cycleID = try cycles.resumableCycle(portfolioID: portfolio.id) {
                return try resume(portfolio, cycleID: cycleID, runID: runID)
            }
            return try runFresh([portfolio], runID: runID)[0]
        }
    }

    /// Resumes the portfolio's unfinished cycle `cycleID` from its first step that did not
    /// succeed, one step call at a time (the portfolio's lock held by the caller).
    func resume(_ portfolio: Portfolio, cycleID: CycleID, runID: String?) throws -> CycleResult {
        try cycles.startCycle(id: cycleID, portfolioID: portfolio.id, runID: runID, resumed: true)
        let done = try cycles.succeededSteps(cycleID: cycleID)
        var answers: [CycleStep: any Encodable] = [:]
        var failure: (step: CycleStep, error: String)?
        for step in CycleStep.allCases where !done.contains(step) {
            try cycles.beginStep(cycleID: cycleID, step: step)
            do {
                let detail = try perform(step, portfolio: portfolio, cycleID: cycleID)
                try cycles.finishStep(cycleID: cycleID, step: step, detail: detail, error: nil)
                answers[step] = detail
            } catch {
                let message = Self.message(error)
                try cycles.finishStep(cycleID: cycleID, step: step, detail: nil, error: message)
                failure = (step, message)
                logger.warning(
                    "cycle step failed", metadata: ["portfolio.id": "\(portfolio.id)", "step": "\(step.rawValue)", "error": "\(message)"])
                break
            }
        }
        try cycles.finishCycle(id: cycleID, error: failure.map { "\($0.step.rawValue): \($0.error)" })
        func answer<Detail: Decodable>(_ step: CycleStep, as type: Detail.Type) throws -> Detail? {
            if let fresh = answers[step] as? Detail { return fresh }
            return try cycles.stepDetail(cycleID: cycleID, step: step, as: type)
        }
        let generated = try answer(.generateSignals, as: GenerateSignalsResult.self)
        let executed = try answer(.executeSignals, as: ExecuteSignalsResult.self)
        let snapshot = try answer(.snapshot, as: PortfolioView.self)
        // A resumed cycle's trades may come from several attempts: they are counted from the rows.
        return CycleResult(
            portfolioID: portfolio.id, portfolioName: portfolio.name, strategyType: portfolio.strategyType.rawValue,
            cycleID: cycleID, status: failure == nil ? "succeeded" : "failed", mode: Self.mode(of: portfolio), resumed: true,
            signalsGenerated: generated?.signalsGenerated ?? 0, tradesExecuted: try cycles.tradesExecuted(cycleID: cycleID),
            newBalance: snapshot?.balance ?? executed?.newBalance, totalPnl: snapshot?.totalPnl,
            failedStep: failure?.step.rawValue, error: failure?.error)
    }

    /// What a failed step or cycle reports: a domain error's message, any other error's description.
    static func message(_ error: any Error) -> String {
        (error as? any DomainError)?.message ?? "\(error)"
    }

    /// The result of a portfolio whose cycle could not even start (its lock, the database).
    static func notStarted(_ portfolio: Portfolio, error: any Error) -> CycleResult {
        CycleResult(
            portfolioID: portfolio.id, portfolioName: portfolio.name, strategyType: portfolio.strategyType.rawValue, cycleID: "",
            status: "failed", mode: mode(of: portfolio), resumed: false, signalsGenerated: 0, tradesExecuted: 0, newBalance: nil,
            totalPnl: nil, failedStep: "start", error: message(error))
    }

    /// Runs one step and returns the summary stored with it.
    private func perform(_ step: CycleStep, portfolio: Portfolio, cycleID: CycleID) throws -> any Encodable {
        switch step {
        case .settle:
            return try peers.paperTrading.settle(portfolioID: portfolio.id)
        case .generateSignals:
            var answer = try peers.strategies[portfolio.strategyType]!.generateSignals(
                GenerateSignalsRequest(portfolioID: portfolio.id, cycleID: cycleID))
            answer.signals = nil
            return answer
        case .executeSignals:
            // Only this cycle's signals: an abandoned cycle's signals are executed when it resumes, never by another.
            var answer = try peers.paperTrading.executeSignals(portfolioID: portfolio.id, cycleID: cycleID)
            answer.rejections = nil
            return answer
        case .snapshot:
            var view = try peers.paperTrading.portfolio(id: portfolio.id)
            view.positions = nil
            try EquityHistory.record([(portfolio.id, cycleID)], pool: pool)
            return view
        }
    }
}

/// A cycle already runs for the portfolio, here or on another orchestrator (409 `cycle_running`).
struct CycleAlreadyRunning: DomainError, Sendable {
    let portfolioID: PortfolioID
    var kind: DomainErrorKind { .conflict }
    var code: String { "cycle_running" }
    var description: String { "a cycle is already running for portfolio \(portfolioID)" }
}
