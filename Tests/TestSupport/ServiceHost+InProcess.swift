import PrescientCore
import ServiceKit

extension ServiceHost {
    /// A service without a database listening on a free port of this process (for services the
    /// code under test reaches over HTTP, such as the Polymarket simulator).
    public static func startedInProcess(
        name: String, environment: [String: String] = [:], routes: (ServiceContext) throws -> ServiceRoutes
    ) throws -> ServiceHost {
        var values = ["TEST_PORT": "0", "PRESCIENT_LOG_LEVEL": "critical"]
        values.merge(environment) { _, new in new }
        let reader = EnvironmentReader(values)
        let configuration = try ServiceConfiguration(
            name: name, portVariable: "TEST_PORT", defaultPort: 0, usesDatabase: false, environment: reader)
        let host = try ServiceHost(configuration: configuration, environment: reader, routes: routes)
        try host.start()
        return host
    }
}
