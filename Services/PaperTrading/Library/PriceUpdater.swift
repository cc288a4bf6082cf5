import Foundation
import Logging
import MarketData
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import ServiceKit
import Trading

/// The background price updater: one pass gathers the unique tokens of every open position of
/// every portfolio, fetches their midpoints in batches of 500, and in one transaction marks every
/// position, recomputes every portfolio's unrealised P&L and appends `market_snapshots`
/// (`MarkToMarket`).
/// Failures of a batch are logged and skipped; the loop never dies.
final class PriceUpdater: @unchecked Sendable {
    // Safe because `lastPass` and `running` are guarded by `lock`, and `task` is set once in `init`; the rest is immutable.
    let pool: PostgresPool
    let client: PolymarketClient
    let logger: Logger
    let metrics: MetricsRegistry
    let interval: Double
    let clock: MarketClock
    let settlement: SettlementPass
    let breaker: DrawdownBreaker
    private let lock = NSCondition()
    private var running = false
    private var task: PeriodicTask?
    private(set) var lastPass: Pass?

    struct Pass: Encodable, Sendable {
        let finished_at: Date
        let tokens: Int
        let positions_updated: Int
        let portfolios_updated: Int
        let failures: Int
        /// Time spent fetching prices (and settling markets that came back without one).
        let fetch_ms: Int
        let duration_ms: Int
        let error: String?
    }

    init(
        pool: PostgresPool, client: PolymarketClient, clock: MarketClock, logger: Logger, metrics: MetricsRegistry, interval: Double,
        settlement: SettlementPass, breaker: DrawdownBreaker
    ) {
        self.breaker = breaker
        self.clock = clock
        self.settlement = settlement
        self.pool = pool
        self.client = client
        self.logger = logger
        self.metrics = metrics
        self.interval = interval
        task = PeriodicTask(name: "price-updater", interval: interval) { [weak self] in _ = self?.runPass() }
    }

    /// Starts the loop on its own thread; the first pass runs after one interval.
    func start() { task?.start() }

    func stop() { task?.stop() }

    /// Runs one pass now (at most one at a time) and returns its record.
    @discardableResult
    func runPass() -> Pass {
        lock.lock()
        while running { lock.wait() }
        running = true
        lock.unlock()
        defer {
            lock.lock()
            running = false
            lock.broadcast()
            lock.unlock()
        }
        let started = Date()
        var failures = 0
        var pass: Pass
        do {
            let markets = try MarkToMarket.openTokens(pool: pool)
            let tokens = markets.keys.sorted()
            // Batches of 500, four requests in flight (within the CLOB's rate limit, which the
            // client's token bucket enforces anyway).
            let batches = stride(from: 0, to: tokens.count, by: 500).map { Array(tokens[$0..<min($0 + 500, tokens.count)]) }
            let collected = Locked<(marks: [String: Decimal], failures: Int)>(([:], 0))
            DispatchQueue.concurrentPerform(iterations: min(4, batches.count)) { lane in
                for index in stride(from: lane, to: batches.count, by: 4) {
                    do {
                        let mids = try client.midpoints(tokenIDs: batches[index].map(\.rawValue))
                        collected.mutate { $0.marks.merge(mids) { $1 } }
                    } catch {
                        collected.mutate { $0.failures += 1 }
                        logger.warning("price batch failed", metadata: ["tokens": "\(batches[index].count)", "error": "\(error)"])
                    }
                }
            }
            let marks = Dictionary(collected.value.marks.map { (TokenID($0.key), $0.value) }, uniquingKeysWith: { $1 })
            failures += collected.value.failures
            // A resolved market's book disappears, so its tokens come back without a midpoint: only
            // those markets are checked for settlement here (the cycle's settle step checks all).
            let unmarked = Set(tokens.filter { marks[$0] == nil }.compactMap { markets[$0] })
            if failures == 0 {
                do {
                    _ = try settlement.run(onlyMarkets: unmarked.sorted())
                } catch {
                    failures += 1
                    logger.warning("settlement pass failed", metadata: ["error": "\(error)"])
                }
            }
            let fetched = Date()
            let (positions, portfolios) = try store(marks: marks, markets: markets, at: try clock.now())
            for id in try breaker.check() {
                logger.warning("portfolio halted by the drawdown breaker", metadata: ["portfolio.id": "\(id)"])
            }
            pass = Pass(
                finished_at: Date(), tokens: tokens.count, positions_updated: positions, portfolios_updated: portfolios,
                failures: failures, fetch_ms: Int(fetched.timeIntervalSince(started) * 1000),
                duration_ms: Int(Date().timeIntervalSince(started) * 1000), error: nil)
            metrics.increment("price_updater_passes_total", labels: ["outcome": failures == 0 ? "ok" : "partial"])
        } catch {
            logger.error("price updater pass failed", metadata: ["error": "\(error)"])
            pass = Pass(
                finished_at: Date(), tokens: 0, positions_updated: 0, portfolios_updated: 0, failures: failures + 1, fetch_ms: 0,
                duration_ms: Int(Date().timeIntervalSince(started) * 1000), error: "\(error)")
            metrics.increment("price_updater_passes_total", labels: ["outcome": "failed"])
        }
        metrics.set("price_updater_last_pass_duration_seconds", Double(pass.duration_ms) / 1000)
        metrics.set("price_updater_last_pass_tokens", Double(pass.tokens))
        metrics.set("price_updater_last_pass_failures", Double(pass.failures))
        lock.lock()
        lastPass = pass
        lock.unlock()
        return pass
    }

    /// Writes the marks in bulk: COPY into a temp table, then set-based updates.
    private func store(marks: [TokenID: Decimal], markets: [TokenID: MarketID], at capturedAt: Date) throws -> (Int, Int) {
        let rows = marks.map { MarkToMarket.Mark(tokenID: $0.key, marketID: markets[$0.key], price: $0.value) }
        let outcome = try pool.withTransaction { db in try MarkToMarket.apply(rows, snapshotAt: capturedAt, on: db) }
        return (outcome.positions, outcome.portfolios)
    }
}
