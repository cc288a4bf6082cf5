import Foundation
import HTTPServer
import PrescientCore
import ServiceKit

extension ServiceHost {
    /// A service without a database listening on free ports of this process (for services the
    /// code under test reaches over HTTP, such as the Polymarket simulator): the main port and
    /// every further listener's.
    public static func startedInProcess(
        name: String, environment: [String: String] = [:], routes: (ServiceContext) throws -> ServiceRoutes
    ) throws -> ServiceHost {
        // A free port for the simulator's market channel too (its own listener, outside ServiceRoutes).
        var values = [
            "TEST_PORT": "0", "PRESCIENT_LOG_LEVEL": "critical", "SIMULATOR_WS_PORT": "0",
            "PRESCIENT_ALLOWED_HOSTS": "test,127.0.0.1,localhost",
        ]
        values.merge(environment) { _, new in new }
        let reader = EnvironmentReader(values)
        let configuration = try ServiceConfiguration(
            name: name, portVariable: "TEST_PORT", defaultPort: 0, usesDatabase: false, environment: reader)
        let host = try ServiceHost(configuration: configuration, environment: reader) { context in
            var built = try routes(context)
            for index in built.listeners.indices { built.listeners[index].defaultPort = 0 }
            return built
        }
        try host.start()
        return host
    }

    /// `http://127.0.0.1:<port>` of the main port, or of the further listener named `listener`.
    public func baseURL(_ listener: String? = nil) -> String {
        let port = listener.map { listenerServers[$0]!.port } ?? server.port
        return "http://127.0.0.1:\(port)"
    }
}
