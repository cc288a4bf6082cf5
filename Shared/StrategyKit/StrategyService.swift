import Foundation
import HTTPServer
import Logging
import MarketData
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import ServiceKit

/// The routes every strategy service shares: `POST /strategy/generate-signals` and
/// `GET /strategy/info`. Only the `Strategy` differs between services.
public enum StrategyService {
    public static func routes(context: ServiceContext, strategy: any Strategy) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let portfolios = PortfolioRepository(pool: pool)
        let signals = SignalRepository(pool: pool)
        let markets = MarketPool(pool: pool)
        let client = try PolymarketClient.make(environment: context.environment, logger: context.logger)
        let clock = try MarketClock(environment: context.environment)
        let books = BookCache(ttl: try context.environment.double("STRATEGY_BOOK_TTL_S", default: 2, range: 0...300))
        let type = type(of: strategy).type
        let metrics = context.metrics
        var router = Router()

        router.post("/strategy/generate-signals") { request in
            let fields = try JSONFields(request, allowed: ["portfolio_id", "cycle_id"])
            let id = try fields.requiredInt64("portfolio_id")
            let cycleID = try fields.string("cycle_id") ?? "manual-" + UUID().uuidString.lowercased()
            guard !cycleID.isEmpty, cycleID.count <= 100 else {
                throw HTTPError(.badRequest, code: "invalid_field", message: "field 'cycle_id' must have 1 to 100 characters")
            }
            guard let portfolio = try portfolios.find(id: id) else { throw HTTPError.notFound("no portfolio with id \(id)") }
            guard portfolio.strategyType == type else {
                throw HTTPError(.conflict, code: "wrong_strategy",
                    message: "portfolio \(id) runs \(portfolio.strategyType.rawValue); this service runs \(type.rawValue)")
            }
            // Paused and halted portfolios are reduce-only: their exits still run, buys do not.
            guard portfolio.status.reducesPositions else {
                throw HTTPError(.conflict, code: "portfolio_not_active", message: "portfolio \(id) is \(portfolio.status.rawValue)")
            }
            let reduceOnly = !portfolio.status.opensPositions
            let started = Date()
            // A cycle asks once: asking again (a retry, a resumed cycle) returns what was stored.
            let existing = try signals.signals(portfolioID: id, cycleID: cycleID)
            if !existing.isEmpty {
                return .json(
                    Result(
                        portfolio_id: id, cycle_id: cycleID, strategy: type.rawValue, markets_considered: 0,
                        signals_generated: existing.count, signals_new: 0, reused: true, reduce_only: reduceOnly, sizing: nil,
                        duration_ms: Int(Date().timeIntervalSince(started) * 1000), signals: existing))
            }
            let config = portfolio.config
            let now = try clock.now()
            let tradeSize = try PositionSizer.size(config: config, equity: portfolio.equity) {
                try ResolvedTradeStatistics.load(portfolioID: id, pool: pool)
            }
            let held = try markets.heldPositions(portfolioID: id)
            let heldMarkets = Set(held.map(\.market.id))
            let candidates = try markets.candidates(for: config, now: now).filter { !heldMarkets.contains($0.id) }
            let input = StrategyInput(
                portfolio: portfolio, config: config, cycleID: cycleID, now: now, markets: candidates, pool: markets,
                client: client, tradeSize: tradeSize, bookCache: books)
            var generated: [TradingSignal]
            do {
                // Exits first: a sell frees the cash and the limits the buys then use.
                generated = try input.exits(held: held, strategy: strategy)
                // A stake of zero (Kelly sees no edge) buys nothing; a reduce-only portfolio buys nothing.
                if !reduceOnly {
                    generated += try strategy.signals(input).filter { !$0.action.isBuy || $0.amount > 0 }
                }
            } catch {
                throw ExportFailure.translate(error)
            }
            let new = try signals.store(generated)
            metrics.increment("strategy_signals_generated_total", by: Double(new), labels: ["strategy": type.rawValue])
            return .json(
                Result(
                    portfolio_id: id, cycle_id: cycleID, strategy: type.rawValue, markets_considered: candidates.count,
                    signals_generated: generated.count, signals_new: new, reused: false, reduce_only: reduceOnly, sizing: tradeSize, duration_ms: Int(Date().timeIntervalSince(started) * 1000),
                    signals: try signals.signals(portfolioID: id, cycleID: cycleID)))
        }

        router.get("/strategy/info") { _ in
            .json(Info(strategy: type.rawValue, default_config: StrategyConfig.defaults(for: type)))
        }
        return ServiceRoutes(router: router)
    }

    struct Result: Encodable {
        let status = "success"
        let portfolio_id: Int64
        let cycle_id: String
        let strategy: String
        let markets_considered: Int
        /// Signals the strategy produced this call.
        let signals_generated: Int
        /// Of those, how many were not already stored for this cycle.
        let signals_new: Int
        /// True when the cycle already had signals and they were returned instead of new ones.
        let reused: Bool
        /// True for a paused or halted portfolio: only exits were considered.
        let reduce_only: Bool
        /// How this call sized its buys (absent when the stored signals were reused).
        let sizing: PositionSizer.Size?
        let duration_ms: Int
        let signals: [TradingSignal]
    }

    struct Info: Encodable {
        let strategy: String
        let default_config: [String: JSONValue]
    }
}

extension StrategyConfig {
    /// The defaults of `type`, as shown by `/strategy/info`.
    public static func defaults(for type: StrategyType) -> [String: JSONValue] {
        ((try? StrategyConfig(json: [:], for: type)) ?? StrategyConfig()).json(for: type)
    }
}
