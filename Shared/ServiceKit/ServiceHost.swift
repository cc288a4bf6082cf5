import Foundation
import HTTPServer
import PrescientCore

/// Runs one service: its `ServiceApplication` served over HTTP with request metrics, and
/// graceful shutdown. Executables call `ServiceMain.run`; tests can use this directly.
public final class ServiceHost: Sendable {
    public let application: ServiceApplication
    public let server: HTTPServer

    public var context: ServiceContext { application.context }

    /// Builds the application (context, migrations, routes) and the server around it.
    public init(
        configuration: ServiceConfiguration, environment: EnvironmentReader = EnvironmentReader(),
        routes: (ServiceContext) throws -> ServiceRoutes
    ) throws {
        let application = try ServiceApplication(configuration: configuration, environment: environment, routes: routes)
        self.application = application
        let metrics = application.context.metrics
        let router = application.router
        server = HTTPServer(configuration: configuration.http, responder: application.responder)
        server.onResponse = { request, status, seconds in
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
        server.onHandlerError = application.logHandlerError
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
        server.shutdown()
        application.shutdown()
        context.logger.info("service stopped")
    }
}
