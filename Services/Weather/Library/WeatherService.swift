import Foundation
import HTTPServer
import Logging
import MarketData
import PrescientCore
import ServiceKit
import Strategies
import StrategyKit
import Weather

/// The weather strategy service (port 8013): the strategy routes every strategy service has, with
/// `WeatherStrategy` reading the stored forecasts; `POST /weather/refresh` parses the stored
/// temperature markets and fetches the forecasts of their cities now, as the background pass does
/// every `WEATHER_REFRESH_INTERVAL_S` (3600; 0 turns it off) from `OPEN_METEO_URL`.
public enum WeatherService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let strategy = WeatherStrategy(forecasts: StoredForecasts(repository: ForecastRepository(pool: pool)))
        var routes = try StrategyService.routes(context: context, strategy: strategy)
        let refresher = ForecastRefresher(
            pool: pool,
            client: OpenMeteoClient(baseURL: try context.environment.url("OPEN_METEO_URL", default: "https://api.open-meteo.com")),
            clock: try MarketClock(environment: context.environment), logger: context.logger)
        routes.router.post("/weather/refresh") { _ in .json(try refresher.run()) }
        let interval = try context.environment.double("WEATHER_REFRESH_INTERVAL_S", default: 3_600, range: 0...86_400)
        guard interval > 0 else { return routes }
        let logger = context.logger
        let task = PeriodicTask(name: "forecast-refresh", interval: interval) {
            do {
                _ = try refresher.run()
            } catch {
                logger.error("forecast refresh failed", metadata: ["error": "\(error)"])
            }
        }
        task.start()
        routes.onStop = { task.stop() }
        return routes
    }
}
