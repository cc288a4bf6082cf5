import Foundation
import Logging
import MarketData
import PrescientCore
import ServiceKit

/// The live-signals service's background work, each on its own `PeriodicTask`: writing closed
/// snapshots (every second), following the watchlist (`LIVE_WATCHLIST_REFRESH_S`, 15; also at
/// start), polling trades for attribution (`LIVE_TRADES_POLL_S`, 30), scoring signals
/// (`SCORECARD_INTERVAL_S`, 30) and applying the snapshot retention (hourly). An interval of 0
/// turns a loop off (the endpoints still run it on demand).
struct LiveSignalsLoops: Sendable {
    let tasks: [PeriodicTask]
    let resubscribe: @Sendable () throws -> Void
    let logger: Logger

    init(
        environment: EnvironmentReader, runner: LiveTierRunner, resubscribe: @escaping @Sendable () throws -> Void,
        attribution: EliteAttribution, scorer: SignalScorer, snapshots: SnapshotRepository, clock: MarketClock, logger: Logger
    ) throws {
        self.resubscribe = resubscribe
        self.logger = logger
        let watchInterval = try environment.double("LIVE_WATCHLIST_REFRESH_S", default: 15, range: 0...86_400)
        let pollInterval = try environment.double("LIVE_TRADES_POLL_S", default: 30, range: 0...86_400)
        let scoreInterval = try environment.double("SCORECARD_INTERVAL_S", default: 30, range: 0...86_400)
        func logged(_ name: String, _ work: @escaping @Sendable () throws -> Void) -> @Sendable () -> Void {
            {
                do { try work() } catch { logger.error("\(name) failed", metadata: ["error": "\(error)"]) }
            }
        }
        var tasks = [PeriodicTask(name: "live-flush", interval: 1) { runner.flush() }]
        if watchInterval > 0 {
            tasks.append(PeriodicTask(name: "live-watchlist", interval: watchInterval, work: logged("watchlist refresh", resubscribe)))
        }
        if pollInterval > 0 {
            tasks.append(
                PeriodicTask(name: "live-trades", interval: pollInterval, work: logged("trade polling") { _ = try attribution.run() }))
        }
        if scoreInterval > 0 {
            tasks.append(PeriodicTask(name: "scorecards", interval: scoreInterval, work: logged("scoring") { _ = try scorer.run() }))
        }
        tasks.append(
            PeriodicTask(
                name: "live-retention", interval: 3_600,
                work: logged("snapshot retention") { _ = try snapshots.applyRetention(now: try clock.now()) }))
        self.tasks = tasks
    }

    func start() {
        do { try resubscribe() } catch { logger.error("first watchlist read failed", metadata: ["error": "\(error)"]) }
        for task in tasks { task.start() }
    }

    func stop() {
        for task in tasks { task.stop() }
    }
}
