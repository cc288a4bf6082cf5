import CMalloc
import HTTPServer
import PrescientCore
import ServiceKit

/// Builds the simulator's listeners for `ServiceMain` (the simulator needs no database): Gamma
/// with the `/sim/*` control on `SIMULATOR_PORT` (8900), the CLOB on `SIMULATOR_CLOB_PORT` (8901),
/// the Data API on `SIMULATOR_DATA_PORT` (8902), each with only its own host's routes, the
/// CLOB's WebSocket market channel on `SIMULATOR_WS_PORT` (8903), and Open-Meteo's forecast API
/// on `SIMULATOR_WEATHER_PORT` (8904).
public enum SimulatorService {
    public static func routes(context: ServiceContext, arguments: [String]) throws -> ServiceRoutes {
        let configuration = try SimulatorConfiguration(environment: context.environment, arguments: arguments)
        let simulator = try Simulator(configuration: configuration, logger: context.logger)
        // Loading read the whole recording: the heap pages that held what was read and dropped go
        // back to the system before the simulator idles.
        _ = prescient_release_free_heap()
        let limits = simulator.rateLimiter
        let channel = try MarketChannelServer(
            simulator: simulator, host: context.configuration.http.host,
            port: try context.environment.int("SIMULATOR_WS_PORT", default: 8903, range: 0...65_535), logger: context.logger)
        var gamma = simulator.gammaRouter()
        channel.register(on: &gamma)
        channel.start()
        var routes = ServiceRoutes(
            router: gamma, middleware: [PolymarketErrorBodies(), simulator.faultInjector],
            listeners: [
                ServiceListener(
                    name: "clob", portVariable: "SIMULATOR_CLOB_PORT", defaultPort: 8901, router: simulator.clobRouter(),
                    middleware: [RateLimits(limiter: limits, host: .clob)]),
                ServiceListener(
                    name: "data", portVariable: "SIMULATOR_DATA_PORT", defaultPort: 8902, router: simulator.dataRouter(),
                    middleware: [RateLimits(limiter: limits, host: .data)]),
                ServiceListener(
                    name: "weather", portVariable: "SIMULATOR_WEATHER_PORT", defaultPort: 8904, router: simulator.openMeteoRouter()),
            ])
        routes.mainMiddleware = [RateLimits(limiter: limits, host: .gamma)]
        routes.onStop = { channel.stop() }
        return routes
    }
}
