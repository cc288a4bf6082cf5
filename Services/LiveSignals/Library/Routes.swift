import Foundation
import HTTPServer
import LiveTier
import MarketData
import Polymarket
import PrescientCore
import ServiceKit

/// The live-signals service (port 8010): the watchlist, the market-channel feed and its
/// 10-second snapshots, momentum signals with elite attribution, and the scorecards of every
/// strategy's signals. Every endpoint in one list.
public enum LiveSignalsService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let environment = context.environment
        let client = try PolymarketClient.make(environment: environment, logger: context.logger)
        let clock = try MarketClock(environment: environment)
        let watchlist = WatchlistRepository(pool: pool)
        let snapshots = SnapshotRepository(
            pool: pool, retentionDays: try environment.int("LIVE_SNAPSHOT_RETENTION_DAYS", default: 7, range: 1...3_650))
        let signals = LiveSignalRepository(pool: pool)
        let runner = LiveTierRunner(
            settings: try LiveTierRunner.Settings(environment: environment), snapshots: snapshots, signals: signals, client: client,
            logger: context.logger)
        let attribution = EliteAttribution(
            client: client,
            trades: TradeRepository(pool: pool, minResolved: try environment.int("WALLETS_MIN_RESOLVED", default: 20, range: 1...10_000)),
            signals: signals, watchlist: watchlist, clock: clock,
            lookback: try environment.double("LIVE_ATTRIBUTION_LOOKBACK_S", default: 3_600, range: 60...604_800),
            before: try environment.double("LIVE_ATTRIBUTION_BEFORE_S", default: 120, range: 0...86_400),
            after: try environment.double("LIVE_ATTRIBUTION_AFTER_S", default: 300, range: 0...86_400), logger: context.logger)
        let scores = ScoreRepository(pool: pool)
        let mutes = MuteRepository(pool: pool)
        let scorer = SignalScorer(
            scores: scores, snapshots: snapshots, mutes: mutes, client: client, clock: clock, logger: context.logger,
            muteFloor: try environment.double("SCORECARD_MUTE_FLOOR", default: 0, range: 0...1),
            muteMinSignals: try environment.int("SCORECARD_MUTE_MIN_SIGNALS", default: 20, range: 1...100_000))
        let resubscribe: @Sendable () throws -> Void = {
            var assets: [String: String] = [:]
            for entry in try watchlist.entries() {
                for asset in entry.assets { assets[asset] = entry.conditionID }
            }
            runner.watch(assets)
        }
        var router = Router()

        router.get("/watchlist") { _ in
            let entries = try watchlist.entries()
            return .json(WatchlistView(markets: entries, assets: entries.count * 2))
        }

        router.post("/watchlist") { request in
            let fields = try JSONFields(request, allowed: ["condition_id", "note"])
            let id = try PolymarketIdentifier.conditionID(try fields.requiredString("condition_id"), field: "condition_id")
            let note = try fields.string("note")
            if let note, note.count > 500 {
                throw HTTPError.badRequest("field 'note' must be at most 500 characters", code: "invalid_field")
            }
            guard try watchlist.isKnown(id) else {
                throw HTTPError(
                    .notFound, code: "unknown_market", message: "market \(id) is not stored: run the markets export first")
            }
            let added = try watchlist.add(id, note: note)
            try resubscribe()
            return .json(["condition_id": id, "added": added ? "true" : "already watched"], status: added ? .created : .ok)
        }

        router.delete("/watchlist/{condition_id}") { request in
            let id = try PolymarketIdentifier.conditionID(request.pathParameters["condition_id"] ?? "", field: "condition_id")
            guard try watchlist.remove(id) else {
                throw HTTPError(.notFound, code: "not_found", message: "market \(id) was not added by an operator")
            }
            try resubscribe()
            let still = try watchlist.entries().first { $0.conditionID == id }
            return .json(
                WatchlistRemoval(
                    conditionID: id,
                    stillWatched: still.map { entry in
                        [entry.held ? "held by a portfolio" : nil, entry.top12 ? "in the Top 12" : nil].compactMap { $0 }
                    }
                        ?? []))
        }

        router.get("/live/status") { _ in .json(runner.status) }

        router.get("/live/signals") { request in
            let market = try request.query["market"].map { try PolymarketIdentifier.conditionID($0, field: "market") }
            let asset = request.query["asset"]
            if let asset, asset.isEmpty || asset.count > 100 || !asset.allSatisfy(\.isNumber) {
                throw HTTPError.badRequest("query parameter 'asset' must be a token id (digits)", code: "invalid_parameter")
            }
            let limit = try request.queryInt("limit", default: 100, range: 1...1_000) ?? 100
            return .json(["signals": try signals.list(since: try request.queryDate("since"), market: market, asset: asset, limit: limit)])
        }

        router.get("/snapshots") { request in
            guard let asset = request.query["asset"], !asset.isEmpty, asset.count <= 100, asset.allSatisfy(\.isNumber) else {
                throw HTTPError.badRequest("query parameter 'asset' (a token id, digits) is required", code: "invalid_parameter")
            }
            let to = try request.queryDate("to") ?? .distantFuture
            let from = try request.queryDate("from") ?? Date(timeIntervalSince1970: 0)
            let limit = try request.queryInt("limit", default: 360, range: 1...10_000) ?? 360
            return .json(["snapshots": try snapshots.series(asset: asset, from: from, to: to, limit: limit)])
        }

        router.post("/live/attribution/run") { _ in .json(try attribution.run()) }

        router.post("/scorecards/refresh") { _ in .json(try scorer.run()) }

        router.get("/scorecards") { request in
            let strategy = request.query["strategy"]
            if let strategy, strategy.isEmpty || strategy.count > 64 || !strategy.allSatisfy({ $0.isLetter || $0 == "_" }) {
                throw HTTPError.badRequest("query parameter 'strategy' must be a strategy type (letters and _)", code: "invalid_parameter")
            }
            let portfolio: PortfolioID? = try request.queryID("portfolio_id")
            let rows = try scores.rows(strategy: strategy, portfolioID: portfolio, since: try request.queryDate("since"), limit: 100_000)
            return .json(ScorecardReport(rows: rows, mutes: try mutes.list(portfolioID: portfolio).filter { $0.unmutedAt == nil }))
        }

        router.get("/scorecards/mutes") { request in
            .json(["mutes": try mutes.list(portfolioID: try request.queryID("portfolio_id"))])
        }

        router.post("/scorecards/mutes") { request in
            let fields = try JSONFields(request, allowed: ["portfolio_id", "reason"])
            let id: PortfolioID = try fields.requiredID("portfolio_id")
            let reason = try fields.requiredString("reason")
            guard (1...500).contains(reason.count) else {
                throw HTTPError.badRequest("field 'reason' must be 1 to 500 characters", code: "invalid_field")
            }
            guard try mutes.portfolioExists(id) else {
                throw HTTPError(.notFound, code: "portfolio_not_found", message: "no portfolio \(id)")
            }
            guard let mute = try mutes.mute(portfolioID: id, by: "operator", reason: reason, figures: nil) else {
                throw HTTPError(.conflict, code: "already_muted", message: "portfolio \(id) is muted already")
            }
            return .json(mute, status: .created)
        }

        router.delete("/scorecards/mutes/{portfolio_id}") { request in
            let id: PortfolioID = try request.pathID("portfolio_id", label: "portfolio_id")
            var reason = "unmuted by an operator"
            if !request.body.isEmpty {
                let fields = try JSONFields(request, allowed: ["reason"])
                if let given = try fields.string("reason") {
                    guard (1...500).contains(given.count) else {
                        throw HTTPError.badRequest("field 'reason' must be 1 to 500 characters", code: "invalid_field")
                    }
                    reason = given
                }
            }
            guard let mute = try mutes.unmute(portfolioID: id, reason: reason) else {
                throw HTTPError(.notFound, code: "not_muted", message: "portfolio \(id) is not muted")
            }
            return .json(mute)
        }

        router.post("/live/retention/run") { _ in .json(["dropped": try snapshots.applyRetention(now: try clock.now())]) }

        let loops = try LiveSignalsLoops(
            environment: environment, runner: runner, resubscribe: resubscribe, attribution: attribution, scorer: scorer,
            snapshots: snapshots, clock: clock, logger: context.logger)
        loops.start()
        return ServiceRoutes(
            router: router,
            onStop: {
                loops.stop()
                runner.stop()
            })
    }
}
