import Contracts
import Foundation
import HTTPServer
import MarketData
import Polymarket
import Portfolios
import PrescientCore
import ServiceKit

/// The routes every strategy service shares: `POST /strategy/generate-signals` and
/// `GET /strategy/info`. Only the `Strategy` differs between services.
public enum StrategyService {
    public static func routes(context: ServiceContext, strategy: any Strategy) throws -> ServiceRoutes {
        let generator = SignalGenerator(
            strategy: strategy, pool: try context.requireDatabase(),
            client: try PolymarketClient.make(environment: context.environment, logger: context.logger),
            clock: try MarketClock(environment: context.environment),
            books: BookCache(ttl: try context.environment.double("STRATEGY_BOOK_TTL_S", default: 2, range: 0...300)))
        let type = type(of: strategy).type
        let metrics = context.metrics
        var router = Router()

        router.post("/strategy/generate-signals") { request in
            let result = try generator.generate(try generateSignalsRequest(request))
            metrics.increment("strategy_signals_generated_total", by: Double(result.signalsNew), labels: ["strategy": type.rawValue])
            return .json(result)
        }

        // Many portfolios of this strategy at once (the orchestrator's run-all): each gets what
        // the single call would answer, or its error; one portfolio's failure fails only it.
        router.post("/strategy/generate-signals/batch") { request in
            let answer = PortfolioBatchResult(
                try generator.generate(try PortfolioBatch.request(request).portfolios), logger: context.logger)
            let new = answer.results.reduce(0) { $0 + ($1.result?.signalsNew ?? 0) }
            metrics.increment("strategy_signals_generated_total", by: Double(new), labels: ["strategy": type.rawValue])
            return .json(answer)
        }

        router.get("/strategy/info") { _ in
            .json(StrategyInfo(strategy: type.rawValue, defaultConfig: StrategyConfig.defaults(for: type)))
        }
        return ServiceRoutes(router: router)
    }

    /// The body, strictly: known fields only, each of its type, a `cycle_id` of 1 to 100 characters.
    static func generateSignalsRequest(_ request: HTTPRequest) throws -> GenerateSignalsRequest {
        let fields = try JSONFields(request, allowed: ["portfolio_id", "cycle_id"])
        return GenerateSignalsRequest(portfolioID: try fields.requiredID("portfolio_id"), cycleID: try fields.textID("cycle_id"))
    }
}

extension StrategyConfig {
    /// The defaults of `type`, as shown by `/strategy/info`.
    public static func defaults(for type: StrategyType) -> [String: JSONValue] {
        ((try? StrategyConfig(json: [:], for: type)) ?? StrategyConfig()).json(for: type)
    }
}
