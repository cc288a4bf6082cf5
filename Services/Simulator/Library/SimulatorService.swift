import HTTPServer
import ServiceKit

/// Builds the simulator's routes for `ServiceMain` (the simulator needs no database).
public enum SimulatorService {
    public static func routes(context: ServiceContext, arguments: [String]) throws -> ServiceRoutes {
        let configuration = try SimulatorConfiguration(environment: context.environment, arguments: arguments)
        let simulator = try Simulator(configuration: configuration, logger: context.logger)
        return ServiceRoutes(router: simulator.makeRouter(), middleware: [simulator.faultInjector])
    }
}
