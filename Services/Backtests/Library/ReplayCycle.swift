import Contracts
import Foundation
import Logging
import MarketData
import Polymarket
import Portfolios
import Postgres
import Replay
import Strategies
import StrategyKit
import Trading

/// One portfolio cycle of a replay, as the orchestrator runs it live: the drawdown breaker's
/// check (against the peak of the equity snapshots the replay writes at every step), the strategy
/// service's `SignalGenerator` at the replay's clock, then the paper trading service's
/// `SignalExecutor` with its daily-loss day at the replay's clock, both reading the replay's
/// quotes; a halted portfolio is reduce-only, as live. Neither can reach Polymarket: the client
/// they are given points at a closed port, so a read that bypassed the replay's quotes would fail
/// the run.
public enum ReplayCycle {
    /// The cycle strategies a replay can run (smart money and live momentum need recorded wallet
    /// trades and a tick stream, which the recordings do not hold).
    /// The strategy of `type` as its service runs it; the weather strategy reads the modelled
    /// forecasts of `history` (seeded by `seed`).
    public static func strategy(_ type: StrategyType, history: WeatherHistory, seed: UInt64) -> (any Strategy)? {
        switch type {
        case .weather: return WeatherStrategy(forecasts: ModelledForecasts(history: history, seed: seed))
        case .momentum: return MomentumStrategy()
        case .meanReversion: return MeanReversionStrategy()
        case .arbitrage: return ArbitrageStrategy()
        case .hybrid: return HybridStrategy()
        case .smartMoney, .liveMomentum: return nil
        }
    }

    public static func make(strategy: any Strategy, pool: PostgresPool, quotes: ReplayQuotes, logger: Logger) -> StrategyReplay.Cycle {
        var configuration = PolymarketConfiguration()
        configuration.gammaURL = "http://127.0.0.1:9"
        configuration.clobURL = "http://127.0.0.1:9"
        configuration.dataURL = "http://127.0.0.1:9"
        configuration.maxAttempts = 1
        let client = PolymarketClient(transport: PolymarketTransport(configuration: configuration, logger: logger))
        let portfolios = PortfolioRepository(pool: pool)
        let breaker = DrawdownBreaker(pool: pool)
        return { portfolioID, cycleID, now in
            try breaker.check(portfolioIDs: [portfolioID])
            let generator = SignalGenerator(
                strategy: strategy, pool: pool, client: client, clock: .fixed(now), books: BookCache(ttl: 0), quotes: quotes,
                ledgerSource: "replay")
            for (_, outcome) in try generator.generate([PortfolioCycle(portfolioID: portfolioID, cycleID: cycleID)]) {
                _ = try outcome.get()
            }
            let executor = SignalExecutor(pool: pool, quotes: quotes, logger: logger, asOf: now)
            _ = try executor.execute(portfolio: try portfolios.require(id: portfolioID), cycleID: cycleID)
        }
    }
}
