import Contracts
import Foundation
import Logging
import Portfolios
import Postgres
import PrescientCore

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
    let logger: Logger

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

    func runAll() throws -> RunAllResult {
        let started = Date()
        let runID = "r-" + UUID().uuidString.lowercased()
        let shared: SharedDataResult
        do {
            shared = try collectSharedData(maxAge: nil)
        } catch {
            // Upstream trouble: cycles may still run on a collection younger than SHARED_DATA_MAX_AGE_S.
            guard let last = try cycles.lastCollection(), Date().timeIntervalSince(last) < configuration.sharedDataMaxAge else {
                throw error
            }
            logger.warning("shared data collection failed; using the last one", metadata: ["error": "\(error)"])
            shared = SharedDataResult(
                reused: true, eventsExported: nil, marketsExported: nil,
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000), fallbackReason: CycleRunner.message(error))
        }
        let active = Self.interleavedByStrategy(try portfolios.listForCycles())
        let results = ParallelWork.map(active, width: configuration.parallelism) { [runner] portfolio in
            do {
                return try runner.run(portfolio, runID: runID)
            } catch {
                return CycleRunner.notStarted(portfolio, error: error)
            }
        }
        let archived = (try? signals.archive(olderThan: configuration.signalArchiveAge)) ?? 0
        return RunAllResult(
            runID: runID, sharedData: shared, signalsArchived: archived,
            durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000),
            results: results.sorted { $0.portfolioID < $1.portfolioID })
    }

    /// Round-robin over the strategies (oldest portfolio of each first), so the first portfolios
    /// running in parallel call different strategy services, which warm their caches side by side
    /// instead of one after another.
    static func interleavedByStrategy(_ portfolios: [Portfolio]) -> [Portfolio] {
        let queues = Dictionary(grouping: portfolios, by: \.strategyType).sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value)
        var result: [Portfolio] = []
        result.reserveCapacity(portfolios.count)
        var index = 0
        while result.count < portfolios.count {
            for q in queues.indices where index < queues[q].count { result.append(queues[q][index]) }
            index += 1
        }
        return result
    }
}
