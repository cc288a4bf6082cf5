import Contracts
import Foundation
import Logging
import Portfolios
import Postgres
import PrescientCore
import ServiceClients

/// Runs trading cycles: shared data once, then every active portfolio (and every paused or
/// halted one still holding positions, reduce-only) through its strategy service and the paper
/// trading service, in parallel up to a bound.
struct Orchestrator: Sendable {
    let configuration: OrchestratorConfiguration
    let peers: ServicePeers
    let cycles: CycleRepository
    let runner: CycleRunner
    let portfolios: PortfolioRepository
    let signals: SignalRepository
    let runs: RunRepository
    /// Connections that only hold locks (the runner's per-portfolio locks, run membership).
    let lockPool: PostgresPool
    let logger: Logger
    /// Run-alls asked for at once in this process share one run.
    let flight: RunFlight

    /// What a shared-data collection stores: both exports' answers.
    struct CollectionDetail: Encodable {
        let events: EventsExportResult
        let markets: MarketsExportResult
    }

    /// Exports events and markets, unless a successful collection is younger than `maxAge`.
    func collectSharedData(maxAge: Double?) throws -> SharedDataResult {
        let started = Date()
        if let maxAge, let last = try cycles.lastCollection(), Date().timeIntervalSince(last) < maxAge {
            return SharedDataResult(reused: true, eventsExported: nil, marketsExported: nil, durationMilliseconds: 0)
        }
        let id = try cycles.startCollection()
        do {
            // The two exports are independent (the whole-universe markets export does not read the
            // events table), so they run side by side.
            let marketsAnswer = ParallelWork.start { [peers] in try peers.markets.exportAllMarkets() }
            let eventsAnswer = Result { try peers.events.exportAllActiveEvents() }
            let markets = try marketsAnswer.wait()
            let events = try eventsAnswer.get()
            try cycles.finishCollection(id: id, detail: CollectionDetail(events: events, markets: markets), error: nil)
            return SharedDataResult(
                reused: false, eventsExported: events.eventsExported, marketsExported: markets.marketsExported,
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000))
        } catch {
            try? cycles.finishCollection(id: id, detail: nil, error: "\(error)")
            throw SharedDataFailed(reason: CycleRunner.message(error))
        }
    }

    /// Runs every portfolio that runs. A run-all started while another replica's run is under
    /// way (started within `RUN_JOIN_WINDOW_S`) joins that run: it waits for the run's shared
    /// data instead of collecting again, and the two split the portfolios, each claimed by exactly
    /// one of them (`run_claims`). Each answers for the portfolios it ran. `onJoined` hears the
    /// run's id as soon as it is known (an asynchronous run-all answers with it).
    /// Runs (or joins) a run-all; `onLed` hears the result only when this caller led the run in
    /// this process (callers that shared it add no second run to the metrics).
    func runAll(onJoined: (String) -> Void = { _ in }, onLed: (RunAllResult) -> Void = { _ in }) throws -> RunAllResult {
        let outcome = try flight.run(onJoined: onJoined) { named in
            // The connection holding this orchestrator's part in the run (its shared lock on the run).
            try lockPool.withConnection { membership in
                let (runID, joined) = try runs.joinOrStart(
                    on: membership, orchestrator: configuration.orchestratorID, window: configuration.runJoinWindow)
                defer { runs.leave(runID: runID, on: membership) }
                named(runID)
                return try runAll(runID: runID, joined: joined)
            }
        }
        if !outcome.sharedInProcess { onLed(outcome.result) }
        return outcome.result
    }

    private func runAll(runID: String, joined: Bool) throws -> RunAllResult {
        let started = Date()
        let shared: SharedDataResult
        do {
            shared = joined ? try sharedDataOfJoinedRun(runID, started: started) : try sharedDataOfNewRun(started: started)
            if !joined { try runs.sharedDataReady(runID: runID, shared) }
        } catch {
            if !joined { try? runs.finish(runID: runID, error: CycleRunner.message(error)) }
            throw error
        }
        let runnable = try portfolios.listForCycles()
        if !joined { try runs.planned(runID: runID, portfolios: runnable.count) }
        let batches = Self.batches(runnable, size: configuration.batchSize)
        let outcomes = ParallelWork.map(batches, width: configuration.parallelism) {
            [runner, runs, configuration] batch -> (results: [CycleResult], elsewhere: Int) in
            do {
                // A replica in the same run may have claimed some of them already.
                let mine = try runs.claim(runID: runID, portfolioIDs: batch.map(\.id), orchestrator: configuration.orchestratorID)
                return (runner.run(batch: batch.filter { mine.contains($0.id) }, runID: runID), batch.count - mine.count)
            } catch {
                return (batch.map { CycleRunner.notStarted($0, error: error) }, 0)
            }
        }
        let results = outcomes.flatMap(\.results)
        let archived = (try? signals.archive(olderThan: configuration.signalArchiveAge)) ?? 0
        try? runs.finish(runID: runID, error: nil)
        var result = RunAllResult(
            runID: runID, sharedData: shared, signalsArchived: archived,
            durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000),
            results: results.sorted { $0.portfolioID < $1.portfolioID })
        result.joinedRun = joined
        result.portfoliosRunElsewhere = outcomes.reduce(0) { $0 + $1.elsewhere }
        return result
    }

    /// A fresh collection, or (upstream trouble) the last one when it is younger than
    /// `SHARED_DATA_MAX_AGE_S`.
    private func sharedDataOfNewRun(started: Date) throws -> SharedDataResult {
        do {
            return try collectSharedData(maxAge: nil)
        } catch {
            guard let last = try cycles.lastCollection(), Date().timeIntervalSince(last) < configuration.sharedDataMaxAge else {
                throw error
            }
            logger.warning("shared data collection failed; using the last one", metadata: ["error": "\(error)"])
            return SharedDataResult(
                reused: true, eventsExported: nil, marketsExported: nil,
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000), fallbackReason: CycleRunner.message(error))
        }
    }

    /// The shared data the joined run's starter collected, once it is there.
    private func sharedDataOfJoinedRun(_ runID: String, started: Date) throws -> SharedDataResult {
        guard var shared = try runs.waitForSharedData(runID: runID, timeout: configuration.callTimeout) else {
            throw SharedDataFailed(reason: "run \(runID), which this run-all joined, has no shared data (its starter failed or stopped)")
        }
        shared.reused = true
        shared.durationMilliseconds = Int(Date().timeIntervalSince(started) * 1000)
        return shared
    }

    /// The portfolios in batches of at most `size` of one strategy, oldest first, taking the
    /// strategies in turn, so the first batches running in parallel call different strategy
    /// services, which warm their caches side by side instead of one after another.
    static func batches(_ portfolios: [Portfolio], size: Int) -> [[Portfolio]] {
        let queues = Dictionary(grouping: portfolios, by: \.strategyType).sorted { $0.key.rawValue < $1.key.rawValue }.map { group in
            stride(from: 0, to: group.value.count, by: size).map { Array(group.value[$0..<min($0 + size, group.value.count)]) }
        }
        var result: [[Portfolio]] = []
        var index = 0
        while result.count < queues.reduce(0, { $0 + $1.count }) {
            for queue in queues where index < queue.count { result.append(queue[index]) }
            index += 1
        }
        return result
    }
}
