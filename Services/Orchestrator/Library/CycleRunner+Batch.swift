import Contracts
import Foundation
import Logging
import Portfolios
import Postgres
import PrescientCore
import ServiceClients
import Trading

extension CycleRunner {
    /// Runs the cycles of several portfolios of one strategy together: each step is one batch
    /// call for all of them (settle, generate, execute, snapshot) and one statement recording it,
    /// instead of one of each per portfolio. Every portfolio keeps its own cycle, lock, steps and
    /// outcome: one that fails a step stops there alone, exactly as in a single run, and a
    /// portfolio whose last cycle must be resumed runs alone through `resume(_:cycleID:runID:)`.
    func run(batch portfolios: [Portfolio], runID: String?) -> [CycleResult] {
        guard !portfolios.isEmpty else { return [] }
        do {
            return try lockPool.withConnection { lock in
                let lockedIDs = try CycleLocks.tryLock(portfolios.map(\.id), on: lock)
                defer { CycleLocks.unlock(portfolios.map(\.id).filter(lockedIDs.contains), on: lock) }
                var results: [PortfolioID: CycleResult] = [:]
                let locked = portfolios.filter { lockedIDs.contains($0.id) }
                for portfolio in portfolios where !lockedIDs.contains(portfolio.id) {
                    results[portfolio.id] = Self.notStarted(portfolio, error: CycleAlreadyRunning(portfolioID: portfolio.id))
                }
                var resumed = try cycles.portfoliosToResume(locked.map(\.id))
                for portfolio in locked where resumed.contains(portfolio.id) {
                    do {
                        guard let cycleID = try cycles.resumableCycle(portfolioID: portfolio.id) else {
                            resumed.remove(portfolio.id)
                            continue
                        }
                        results[portfolio.id] = try resume(portfolio, cycleID: cycleID, runID: runID)
                    } catch {
                        results[portfolio.id] = Self.notStarted(portfolio, error: error)
                    }
                }
                for result in try runFresh(locked.filter { !resumed.contains($0.id) }, runID: runID) {
                    results[result.portfolioID] = result
                }
                return portfolios.map { results[$0.id]! }
            }
        } catch {
            return portfolios.map { Self.notStarted($0, error: error) }
        }
    }

    /// New cycles for portfolios holding their locks, step by step, one batch call per step.
    func runFresh(_ portfolios: [Portfolio], runID: String?) throws -> [CycleResult] {
        guard let strategyType = portfolios.first?.strategyType else { return [] }
        let cycleIDs = Dictionary(uniqueKeysWithValues: portfolios.map { ($0.id, CycleID.unique("c-")) })
        try cycles.startCycles(portfolios.map { (cycleIDs[$0.id]!, $0.id) }, runID: runID)
        var alive = portfolios
        var failures: [PortfolioID: (step: CycleStep, error: String)] = [:]
        var generated: [PortfolioID: GenerateSignalsResult] = [:]
        var executed: [PortfolioID: ExecuteSignalsResult] = [:]
        var views: [PortfolioID: PortfolioView] = [:]

        /// Records one step's answers: the successes' summaries (kept in `store`), the failures'
        /// errors; a call that failed as a whole fails the step of every portfolio in it.
        func record<Answer: Encodable>(
            _ step: CycleStep, _ call: () throws -> PortfolioBatchResult<Answer>, strip: (inout Answer) -> Void = { _ in }
        ) throws -> [PortfolioID: Answer] {
            var answers: [PortfolioID: Answer] = [:]
            var ends: [CycleRepository.StepEnd] = []
            let items: [PortfolioID: PortfolioBatchResult<Answer>.Item]
            var callError: String?
            do {
                items = try call().byPortfolio
            } catch {
                items = [:]
                callError = Self.message(error)
            }
            for portfolio in alive {
                let cycleID = cycleIDs[portfolio.id]!
                do {
                    guard let item = items[portfolio.id] else {
                        throw BatchStepFailed(message: callError ?? "the batch answer has no item for portfolio \(portfolio.id)")
                    }
                    var answer = try item.get()
                    strip(&answer)
                    answers[portfolio.id] = answer
                    ends.append(CycleRepository.StepEnd(cycleID: cycleID, detail: answer, error: nil))
                } catch {
                    let message = Self.message(error)
                    failures[portfolio.id] = (step, message)
                    ends.append(CycleRepository.StepEnd(cycleID: cycleID, detail: nil, error: message))
                    logger.warning(
                        "cycle step failed",
                        metadata: ["portfolio.id": "\(portfolio.id)", "step": "\(step.rawValue)", "error": "\(message)"])
                }
            }
            try cycles.finishStep(step, ends)
            return answers
        }

        for step in CycleStep.allCases {
            alive = alive.filter { failures[$0.id] == nil }
            guard !alive.isEmpty else { break }
            try cycles.beginStep(cycleIDs: alive.map { cycleIDs[$0.id]! }, step: step)
            let requests = alive.map { PortfolioCycle(portfolioID: $0.id, cycleID: cycleIDs[$0.id]) }
            switch step {
            case .settle:
                _ = try record(step) { try peers.paperTrading.settle(requests) }
            case .generateSignals:
                generated = try record(step, { try peers.strategies[strategyType]!.generateSignals(requests) }, strip: { $0.signals = nil })
            case .executeSignals:
                executed = try record(step, { try peers.paperTrading.executeSignals(requests) }, strip: { $0.rejections = nil })
            case .snapshot:
                views = try record(step) {
                    let answer = try peers.paperTrading.portfolios(requests)
                    let recorded = answer.results.compactMap { item in
                        // An answer for a portfolio this batch did not ask about is ignored, never trusted.
                        item.result.flatMap { _ in cycleIDs[item.portfolioID].map { (item.portfolioID, $0) } }
                    }
                    try EquityHistory.record(recorded, pool: cycles.pool)
                    return answer
                }
            }
        }
        try cycles.finishCycles(
            portfolios.map { portfolio in (cycleIDs[portfolio.id]!, failures[portfolio.id].map { "\($0.step.rawValue): \($0.error)" }) })
        return try portfolios.map { portfolio in
            let failure = failures[portfolio.id]
            let cycleID = cycleIDs[portfolio.id]!
            // A failed cycle's trades may come from an execution cut short: those are counted from the rows.
            let trades = failure != nil ? try cycles.tradesExecuted(cycleID: cycleID) : executed[portfolio.id]?.tradesExecuted ?? 0
            return CycleResult(
                portfolioID: portfolio.id, portfolioName: portfolio.name, strategyType: portfolio.strategyType.rawValue,
                cycleID: cycleID, status: failure == nil ? "succeeded" : "failed", mode: Self.mode(of: portfolio), resumed: false,
                signalsGenerated: generated[portfolio.id]?.signalsGenerated ?? 0, tradesExecuted: trades,
                newBalance: views[portfolio.id]?.balance ?? executed[portfolio.id]?.newBalance, totalPnl: views[portfolio.id]?.totalPnl,
                failedStep: failure?.step.rawValue, error: failure?.error)
        }
    }
}

/// A batch step that gave a portfolio no answer (the call failed, or the answer left it out).
struct BatchStepFailed: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
