import Foundation
import Logging
import MarketData
import Postgres
import PrescientCore
import Weather

/// Keeps the forecasts the weather strategy reads current: parses newly stored temperature
/// markets into `weather_markets`, then for every known city with an open market today or later
/// fetches Open-Meteo's forecast and stores each day's high with the market clock's time as its
/// issue time (what was known then). A city whose fetch fails is logged and skipped; the others
/// are stored.
public struct ForecastRefresher: Sendable {
    let pool: PostgresPool
    let client: OpenMeteoClient
    let clock: MarketClock
    let logger: Logger

    public init(pool: PostgresPool, client: OpenMeteoClient, clock: MarketClock, logger: Logger) {
        self.pool = pool
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// What one pass did.
    public struct Pass: Sendable, Encodable {
        public let marketsParsed: Int
        public let cities: [String]
        public let forecastsStored: Int
        public let failures: [String]

        enum CodingKeys: String, CodingKey {
            case cities, failures
            case marketsParsed = "markets_parsed", forecastsStored = "forecasts_stored"
        }
    }

    public func run() throws -> Pass {
        let parsed = try WeatherMarketRepository(pool: pool).parseStoredMarkets()
        let now = try clock.now()
        let today = OpenMeteoDaily.localDay(now, offsetSeconds: 0)
        let cities = try pool.execute(
            """
            SELECT DISTINCT w.city FROM weather_markets w JOIN markets m ON m.id = w.market_id
            WHERE NOT m.closed AND w.target_date >= \(today)::date - 1 ORDER BY w.city
            """
        ).rows.map { try $0.decode("city", as: String.self) }
        let repository = ForecastRepository(pool: pool)
        var stored = 0
        var failures: [String] = []
        for name in cities {
            guard let city = WeatherCity.named(name) else { continue }
            do {
                let (daily, body) = try client.forecast(city)
                stored += try repository.store(daily.forecasts(city: city.name, issuedAt: now, source: "open-meteo"), raw: body)
            } catch {
                failures.append("\(city.name): \(error)")
                logger.warning("forecast fetch failed", metadata: ["city": "\(city.name)", "error": "\(error)"])
            }
        }
        return Pass(marketsParsed: parsed, cities: cities, forecastsStored: stored, failures: failures)
    }
}
