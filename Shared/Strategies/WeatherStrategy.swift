import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore
import StrategyKit
import Weather

/// The weather trader of weather-trader-v2: for each open "Highest temperature in <city> on
/// <day>" event among the candidates (markets parsed into `weather_markets`), every bucket's
/// probability from the forecast known now (`ForecastSource`); edge = probability − the YES ask;
/// the bucket of best expected value (edge ÷ ask) when its edge is at least `min_edge`; one
/// position per event; the stake `kelly_fraction` of the Kelly fraction of equity, at most
/// `max_stake` (`PositionSizer.binaryKellyStake`). Confidence tiers follow the edge: HIGH at
/// ≥ 3 × `min_edge`, MEDIUM at ≥ 2 ×, LOW otherwise. The region limit is the executor's
/// (`max_region_exposure_pct`).
public struct WeatherStrategy: Strategy {
    public static let type = StrategyType.weather

    let forecasts: any ForecastSource

    public init(forecasts: any ForecastSource) {
        self.forecasts = forecasts
    }

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        let repository = WeatherMarketRepository(pool: input.pool.pool)
        let parsed = try repository.parsed(input.markets.map(\.id))
        // One position per event: events the portfolio holds a bucket of are left alone.
        let held = try repository.parsed(Array(try input.pool.heldMarkets(portfolioID: input.portfolio.id)))
        let heldEvents = Set(held.values.map { "\($0.market.city)|\($0.market.targetDate)" })
        var events: [String: [(market: CandidateMarket, parsed: WeatherMarketRepository.Parsed)]] = [:]
        for market in input.markets {
            guard let found = parsed[market.id] else { continue }
            let key = "\(found.market.city)|\(found.market.targetDate)"
            if !heldEvents.contains(key) { events[key, default: []].append((market, found)) }
        }
        let books = try input.books(events.values.flatMap { $0.map(\.market.yesTokenID) }.sorted())
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for key in events.keys.sorted() {
            let buckets = events[key]!
            let first = buckets[0].parsed.market
            guard
                let forecast = try forecasts.distribution(
                    city: first.city, targetDate: first.targetDate, unit: first.bucket.unit, at: input.now)
            else { continue }
            var best: (value: Decimal, market: CandidateMarket, bucket: TemperatureBucket, p: Decimal, ask: Decimal)?
            for (market, found) in buckets {
                guard let ask = books[market.yesTokenID]?.bestAsk?.price, ask > 0, ask < 1 else { continue }
                let p = Self.decimal(forecast.probability(of: found.market.bucket))
                let edge = p - ask
                guard edge >= config.minEdge else { continue }
                let value = edge / ask
                if value > best?.value ?? -1 { best = (value, market, found.market.bucket, p, ask) }
            }
            guard let best else { continue }
            let stake = PositionSizer.binaryKellyStake(probability: best.p, price: best.ask, equity: input.portfolio.equity, config: config)
            guard stake >= 1 else { continue }
            let edge = best.p - best.ask
            let tier = edge >= 3 * config.minEdge ? "HIGH" : edge >= 2 * config.minEdge ? "MEDIUM" : "LOW"
            let reason =
                "\(tier): forecast high \(Self.text(forecast.mean)) ± \(Self.text(forecast.sigma)) gives \(best.bucket) "
                + "p \(ReasonFormat.price(best.p)) vs ask \(ReasonFormat.price(best.ask)): edge \(ReasonFormat.change(edge)), "
                + "EV \(ReasonFormat.price(best.value)) a dollar; stake \(config.kellyFraction) Kelly = \(stake)"
            scored.append(
                (best.value, input.buy(best.market, yes: true, reference: best.ask, confidence: best.p, reason: reason, amount: stake)))
        }
        return input.strongest(scored)
    }

    /// A probability as a 6-decimal `Decimal` (computed in `Double`, traded in `Decimal`).
    static func decimal(_ value: Double) -> Decimal { Decimal(string: String(format: "%.6f", value)) ?? 0 }

    static func text(_ value: Double) -> String { String(format: "%.1f", value) }
}
