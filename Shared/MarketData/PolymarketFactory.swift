import HTTPClient
import Logging
import Polymarket
import PrescientCore

extension PolymarketClient {
    /// A client configured from the environment (`POLYMARKET_*`).
    public static func make(environment: EnvironmentReader, logger: Logger) throws -> PolymarketClient {
        let configuration = try PolymarketConfiguration(environment: environment)
        let transport = PolymarketTransport(
            configuration: configuration, http: HTTPClient(defaultTimeout: configuration.requestTimeout), logger: logger)
        return PolymarketClient(transport: transport)
    }
}
