import Foundation
import HTTPServer
import Logging
import Portfolios
import Postgres
import PrescientCore

/// Runs trading cycles: shared data once, then every active portfolio (and every paused or
/// halted one still holding positions, reduce-only) through its strategy service and the paper
/// trading service, in parallel up to a bound.
struct Orchestrator: Sendable {
    let configuration: OrchestratorConfiguration
    let caller: ServiceCaller
    let cycles: CycleRepository
    let runner: CycleRunner
    let portfolios: PortfolioRepository
    let signals: SignalRepository
    let logger: Logger

    struct SharedData: Encodable, Sendable {
        let reused: Bool
        let events_exported: Int?
        let markets_exported: Int?
        let duration_ms: Int
        /// Why the last collection was reused although a fresh one was asked for (it failed).
        var fallback_reason: String? = nil
    }

    struct RunResult: Encodable {
        let status: String
        let run_id: String
        let shared_data: SharedData
        let portfolios_processed: Int
        let portfolios_failed: Int
        let signals_archived: Int
        let duration_ms: Int
        let results: [CycleRunner.Result]
    }

    /// Exports events and markets, unless a successful collection is younger than `maxAge`.
    func collectSharedData(maxAge: Double?) throws -> SharedData {
        let started = Date()
        if let maxAge, let last = try cycles.lastCollection(), Date().timeIntervalSince(last) < maxAge {
            return SharedData(reused: true, events_exported: nil, markets_exported: nil, duration_ms: 0)
        }
        let id = try cycles.startCollection()
        do {
            // The two exports are independent (the whole-universe markets export does not read the
            // events table), so they run side by side.
            let marketsAnswer = Locked<Result<[String: JSONValue], any Error>?>(nil)
            let marketsDone = DispatchSemaphore(value: 0)
            let marketsThread = Thread { [caller, configuration] in
                let answer = Result { try caller.call("GET", configuration.marketsURL + "/markets/export-all-markets-db") }
                marketsAnswer.mutate { $0 = answer }
                marketsDone.signal()
            }
            marketsThread.start()
            let eventsAnswer = Result { try caller.call("GET", configuration.eventsURL + "/events/export-all-active-events-db") }
            marketsDone.wait()
            let events = try eventsAnswer.get()
            let markets = try marketsAnswer.value!.get()
            try cycles.finishCollection(id: id, detail: ["events": .object(events), "markets": .object(markets)], error: nil)
            return SharedData(
                reused: false, events_exported: events.int("events_exported"), markets_exported: markets.int("markets_exported"),
                duration_ms: Int(Date().timeIntervalSince(started) * 1000))
        } catch {
            try? cycles.finishCollection(id: id, detail: [:], error: "\(error)")
            throw HTTPError(.badGateway, code: "shared_data_failed", message: "collecting shared data failed: \(error)")
        }
    }

    func runAll() throws -> RunResult {
        let started = Date()
        let runID = "r-" + UUID().uuidString.lowercased()
        let shared: SharedData
        do {
            shared = try collectSharedData(maxAge: nil)
        } catch {
            // Upstream trouble: cycles may still run on a collection younger than SHARED_DATA_MAX_AGE_S.
            guard let last = try cycles.lastCollection(), Date().timeIntervalSince(last) < configuration.sharedDataMaxAge else {
                throw error
            }
            logger.warning("shared data collection failed; using the last one", metadata: ["error": "\(error)"])
            shared = SharedData(
                reused: true, events_exported: nil, markets_exported: nil, duration_ms: Int(Date().timeIntervalSince(started) * 1000),
                fallback_reason: (error as? HTTPError)?.message ?? "\(error)")
        }
        let active = Self.interleavedByStrategy(try portfolios.listForCycles())
        let results = Locked<[CycleRunner.Result]>([])
        let next = Locked(0)
        let group = DispatchGroup()
        for _ in 0..<min(configuration.parallelism, max(active.count, 1)) {
            group.enter()
            let worker = Thread {
                while true {
                    var index = 0
                    next.mutate { index = $0; $0 += 1 }
                    guard index < active.count else { break }
                    let portfolio = active[index]
                    let result: CycleRunner.Result
                    do {
                        result = try runner.run(portfolio, runID: runID)
                    } catch {
                        result = CycleRunner.Result(
                            portfolio_id: portfolio.id, portfolio_name: portfolio.name, strategy_type: portfolio.strategyType.rawValue,
                            cycle_id: "", status: "failed", mode: CycleRunner.mode(of: portfolio), resumed: false,
                            signals_generated: 0, trades_executed: 0,
                            new_balance: nil, total_pnl: nil, failed_step: "start", error: (error as? HTTPError)?.message ?? "\(error)")
                    }
                    results.mutate { $0.append(result) }
                }
                group.leave()
            }
            worker.start()
        }
        group.wait()
        let archived = (try? signals.archive(olderThan: configuration.signalArchiveAge)) ?? 0
        let all = results.value.sorted { $0.portfolio_id < $1.portfolio_id }
        let failed = all.filter { $0.status != "succeeded" }.count
        return RunResult(
            status: failed == 0 ? "success" : "partial", run_id: runID, shared_data: shared, portfolios_processed: all.count,
            portfolios_failed: failed, signals_archived: archived, duration_ms: Int(Date().timeIntervalSince(started) * 1000),
            results: all)
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
