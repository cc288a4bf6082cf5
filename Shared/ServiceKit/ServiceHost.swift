import PrescientCore
import Foundation
import HTTPServer
import Logging
import Postgres
import Schema

/// Runs one service: migrations, the HTTP server with health/metrics/auth around the service's
/// routes, and graceful shutdown. Executables call `ServiceMain.run`; tests can use this directly.
public final class ServiceHost: @unchecked Sendable {
    // Safe because the properties are set once in init and the server synchronises itself.
    public let context: ServiceContext
    public let server: HTTPServer
    private let onStop: @Sendable () -> Void

    /// Builds the context, migrates the database, and asks `routes` for the service's routes.
    public init(
        configuration: ServiceConfiguration, environment: EnvironmentReader = EnvironmentReader(),
        routes: (ServiceContext) throws -> ServiceRoutes
    ) throws {
        setenv("PGCONNECT_TIMEOUT", "3", 0)
        var logger = Logger(label: configuration.name) { JSONLogHandler(label: $0) }
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let metrics = MetricsRegistry()
        metrics.describe("http_requests_total", "HTTP requests answered, by route template, method and status")
        metrics.describe("http_request_duration_seconds", "HTTP request latency by route template and method")
        var database: PostgresPool?
        if let url = configuration.databaseURL {
            let pool = PostgresPool(connectionString: url, maxConnections: configuration.databasePoolSize)
            try Migrator(pool: pool).migrate()
            database = pool
        }
        let context = ServiceContext(
            configuration: configuration, environment: environment, logger: logger, metrics: metrics, database: database)
        self.context = context
        let serviceRoutes = try routes(context)
        var router = serviceRoutes.router
        HealthRoutes.register(on: &router, context: context)
        var responder: any HTTPResponder = router
        for middleware in serviceRoutes.middleware.reversed() {
            responder = MiddlewareResponder(middleware, next: responder)
        }
        if let token = configuration.apiToken {
            responder = MiddlewareResponder(AuthMiddleware(token: token, router: router), next: responder)
        }
        responder = MiddlewareResponder(ErrorMapping(), next: responder)
        self.onStop = serviceRoutes.onStop ?? {}
        server = HTTPServer(configuration: configuration.http, responder: responder)
        server.onResponse = { [router] request, status, seconds in
            // Label by route template, never by raw path, so ids do not explode the series count.
            let route = router.route(for: request.method, path: request.path)?.template ?? "unmatched"
            let method = Self.methodLabel(request.method)
            metrics.increment("http_requests_total", labels: ["route": route, "method": method, "status": String(status.code)])
            metrics.observe("http_request_duration_seconds", seconds, labels: ["route": route, "method": method])
        }
        server.onRejected = { status in
            // Refused before routing: malformed, too slow, or over the connection cap.
            metrics.increment("http_requests_total", labels: ["route": "rejected", "method": "none", "status": String(status.code)])
        }
        server.onHandlerError = { [logger] request, error in
            logger.error("handler failed", metadata: ["http.path": "\(request.path)", "error": "\(error)"])
        }
    }

    /// The methods metrics are labelled with; any other is `other`, so clients cannot create series.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    static func methodLabel(_ method: String) -> String { knownMethods.contains(method) ? method : "other" }

    /// Binds the port and starts serving.
    public func start() throws {
        try server.start()
        context.logger.info(
            "service started",
            metadata: ["http.host": "\(context.configuration.http.host)", "http.port": "\(server.port)"])
    }

    /// Stops background work, drains the server and closes the pool.
    public func stop() {
        context.logger.info("service stopping")
        onStop()
        server.shutdown()
        context.database?.close()
        context.logger.info("service stopped")
    }
}
