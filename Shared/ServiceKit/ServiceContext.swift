import HTTPServer
import Logging
import Postgres
import PrescientCore

/// What a service's routes are built from: its configuration, logger, metrics and database pool.
public struct ServiceContext: Sendable {
    public let configuration: ServiceConfiguration
    public let environment: EnvironmentReader
    public let logger: Logger
    public let metrics: MetricsRegistry
    /// The shared database pool; nil for services that run without a database.
    public let database: PostgresPool?

    /// The pool, for services that cannot work without one.
    public func requireDatabase() throws -> PostgresPool {
        guard let database else {
            throw ConfigurationError(variable: "DATABASE_URL", problem: "is required by \(configuration.name)")
        }
        return database
    }
}
