import Contracts
import Foundation
import HTTPServer
import MarketData
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import ServiceKit
import Trading
import Verdicts

/// The paper trading service (port 8003): portfolios, execution, views, the price updater and
/// the notification delivery worker (`NotificationRoutes`).
public enum PaperTradingService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let client = try PolymarketClient.make(environment: context.environment, logger: context.logger)
        let portfolios = PortfolioRepository(pool: pool)
        let executor = SignalExecutor(pool: pool, quotes: client, logger: context.logger)
        let interval = try context.environment.double("PRICE_UPDATE_INTERVAL_S", default: 300, range: 0.05...86_400)
        let clock = try MarketClock(environment: context.environment)
        let settlement = SettlementPass(pool: pool, client: client, logger: context.logger)
        let breaker = DrawdownBreaker(pool: pool)
        let updater = PriceUpdater(
            pool: pool, client: client, clock: clock, logger: context.logger, metrics: context.metrics, interval: interval,
            settlement: settlement, breaker: breaker)
        let metrics = context.metrics
        let views = PortfolioViewRepository(pool: pool)
        let ledger = LedgerRepository(pool: pool)
        var router = Router()
        PortfolioRoutes(
            repository: portfolios, tuned: TunedConfigurations(pool: pool), judge: VerdictJudge(trials: TrialsLedger(pool: pool))
        ).register(on: &router)

        @Sendable func portfolio(_ request: HTTPRequest) throws -> Portfolio {
            try portfolios.require(id: try request.portfolioIDParameter())
        }

        let executions = Coalescer<String, ExecuteSignalsResult>()
        let executeSignals: Router.Handler = { request in
            // Paused and halted portfolios are reduce-only: their sells (exits, stop-losses) execute.
            let target = try portfolios.requireRunnable(id: try request.portfolioIDParameter())
            let cycleID: CycleID? = try request.queryTextID("cycle_id")
            // Single flight per portfolio and cycle: concurrent callers share the next run
            // instead of each walking every signal under the portfolio lock.
            let (ran, joined) = try executions.run("\(target.id)|\(cycleID?.rawValue ?? "")") {
                try executor.execute(portfolio: target, cycleID: cycleID)
            }
            var outcome = ran
            outcome.joinedConcurrentCall = joined
            metrics.increment("paper_trades_executed_total", by: Double(outcome.tradesExecuted))
            metrics.increment("paper_signals_rejected_total", by: Double(outcome.signalsRejected))
            return .json(outcome)
        }
        router.getOrPost("/paper-trading/execute-signals", executeSignals)
        router.get("/paper-trading/portfolio") { request in
            .json(try views.view(of: try portfolio(request), withPositions: true))
        }
        router.get("/paper-trading/all-portfolios") { _ in
            .json(["portfolios": try views.views(of: try portfolios.list().filter { $0.status != .archived }, withPositions: false)])
        }
        router.get("/paper-trading/ledger") { request in
            let target = try portfolio(request)
            let (limit, offset) = try request.paging(defaultLimit: 100, maxLimit: 1_000)
            let (entries, total) = try ledger.page(portfolioID: target.id, limit: limit, offset: offset)
            return .json(LedgerPage(portfolio_id: target.id, entries: entries, total: total, limit: limit, offset: offset))
        }
        let quotes = QuoteRoute(pool: pool, client: client)
        router.get("/paper-trading/quote") { request in try quotes.quote(request, portfolio: try portfolio(request)) }
        router.get("/paper-trading/performance") { request in
            let target = try portfolio(request)
            let curve = try request.queryBool("equity_curve") ?? true
            return .json(try PerformanceReport.load(target, pool: pool, withCurve: curve))
        }
        router.get("/paper-trading/reconcile") { request in
            .json(try Reconciliation.run(try portfolio(request), pool: pool))
        }
        router.get("/paper-trading/price-updater") { _ in
            .json(PriceUpdaterStatus(interval_s: interval, last_pass: updater.lastPass))
        }
        router.post("/paper-trading/price-updater/run") { _ in
            let pass = updater.runPass()
            // A pass that failed as a whole (database or upstream down) is not a success.
            if let error = pass.error {
                throw HTTPError(.badGateway, code: "price_update_failed", message: "the price update pass failed: \(error)")
            }
            return .json(pass)
        }
        router.post("/paper-trading/settle") { request in
            // With `portfolio_id`, only that portfolio's positions (a cycle's settle step); without, all.
            let scope = request.query["portfolio_id"] == nil ? nil : [try portfolio(request).id]
            let outcome = try settlement.run(portfolioIDs: scope)
            metrics.increment("paper_positions_settled_total", by: Double(outcome.total.positionsSettled))
            let halted = try breaker.check(portfolioIDs: scope)
            metrics.increment("paper_portfolios_halted_total", by: Double(halted.count))
            return .json(outcome.total)
        }

        // The batch forms the orchestrator's run-all uses: many portfolios per call, each
        // answered as the single call would answer it, or with its own error.
        @Sendable func batch(_ request: HTTPRequest, runnableOnly: Bool) throws -> (
            requests: [PortfolioCycle], found: [(Portfolio, CycleID?)], failed: [PortfolioID: any Error]
        ) {
            let requests = try PortfolioBatch.request(request).portfolios
            let loaded = try portfolios.find(ids: requests.map(\.portfolioID))
            var found: [(Portfolio, CycleID?)] = []
            var failed: [PortfolioID: any Error] = [:]
            for item in requests {
                do {
                    let portfolio =
                        runnableOnly
                        ? try PortfolioRepository.runnable(loaded[item.portfolioID], id: item.portfolioID)
                        : try loaded[item.portfolioID] ?? { throw PortfolioNotFound(id: item.portfolioID) }()
                    found.append((portfolio, item.cycleID))
                } catch {
                    failed[item.portfolioID] = error
                }
            }
            return (requests, found, failed)
        }
        @Sendable func answer<Answer: Codable & Sendable>(
            _ requests: [PortfolioCycle], _ outcomes: [PortfolioID: Result<Answer, any Error>]
        )
            -> HTTPResponse
        {
            .json(
                PortfolioBatchResult(
                    requests.map { ($0.portfolioID, outcomes[$0.portfolioID] ?? .failure(PortfolioNotFound(id: $0.portfolioID))) },
                    logger: context.logger))
        }
        router.post("/paper-trading/settle/batch") { request in
            let (requests, found, failed) = try batch(request, runnableOnly: false)
            let ids = found.map(\.0.id)
            let outcome = try settlement.run(portfolioIDs: ids)
            metrics.increment("paper_positions_settled_total", by: Double(outcome.total.positionsSettled))
            metrics.increment("paper_portfolios_halted_total", by: Double(try breaker.check(portfolioIDs: ids).count))
            var outcomes = failed.mapValues { Result<SettlementResult, any Error>.failure($0) }
            for id in ids { outcomes[id] = .success(outcome.of(id)) }
            return answer(requests, outcomes)
        }
        router.post("/paper-trading/execute-signals/batch") { request in
            let (requests, found, failed) = try batch(request, runnableOnly: true)
            var outcomes = failed.mapValues { Result<ExecuteSignalsResult, any Error>.failure($0) }
            for (id, outcome) in try executor.execute(found) {
                outcomes[id] = outcome
                if case .success(let done) = outcome {
                    metrics.increment("paper_trades_executed_total", by: Double(done.tradesExecuted))
                    metrics.increment("paper_signals_rejected_total", by: Double(done.signalsRejected))
                }
            }
            return answer(requests, outcomes)
        }
        // A read that POSTs only to carry its list of portfolios: no token needed, as for GET /paper-trading/portfolio.
        router.post("/paper-trading/portfolio/batch", changesState: false) { request in
            let (requests, found, failed) = try batch(request, runnableOnly: false)
            var outcomes = failed.mapValues { Result<PortfolioView, any Error>.failure($0) }
            for view in try views.views(of: found.map(\.0), withPositions: false) { outcomes[view.portfolioID] = .success(view) }
            return answer(requests, outcomes)
        }

        let notifications = try NotificationRoutes(pool: pool, environment: context.environment, logger: context.logger)
        notifications.register(on: &router)

        let snapshots = MarketSnapshotRetention(
            pool: pool, days: try context.environment.double("SNAPSHOT_RETENTION_DAYS", default: 90, range: 1...36_500))
        let retentionTask = try RetentionTask.start(context: context) { "\(try snapshots.prune(now: try clock.now())) snapshots" }
        updater.start()
        notifications.task?.start()
        return ServiceRoutes(
            router: router,
            onStop: {
                updater.stop()
                notifications.task?.stop()
                retentionTask?.stop()
            })
    }

    struct LedgerPage: Encodable {
        let portfolio_id: PortfolioID
        let entries: [LedgerEntry]
        let total: Int
        let limit: Int
        let offset: Int
    }

    struct PriceUpdaterStatus: Encodable {
        let interval_s: Double
        let last_pass: PriceUpdater.Pass?
    }
}
