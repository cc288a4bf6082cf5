import Foundation
import HTTPServer
import Logging
import PrescientCore

/// Runs one service: its `ServiceApplication` served over HTTP with request metrics, and
/// graceful shutdown. Executables call `ServiceMain.run`; tests can use this directly.
public final class ServiceHost: Sendable {
    public let application: ServiceApplication
    public let server: HTTPServer
    /// One server per further listener, by listener name.
    public let listenerServers: [String: HTTPServer]
    /// The health answers every server gives on its event loop.
    let health: LoopHealth

    public var context: ServiceContext { application.context }

    /// Builds the application (context, migrations, routes) and the servers around it: the main
    /// one, and one per further listener on the port its variable names.
    public init(
        configuration: ServiceConfiguration, environment: EnvironmentReader = EnvironmentReader(),
        routes: (ServiceContext) throws -> ServiceRoutes
    ) throws {
        let application = try ServiceApplication(configuration: configuration, environment: environment, routes: routes)
        self.application = application
        health = LoopHealth(context: application.context)
        server = Self.server(
            configuration.http, application: application, router: application.router, responder: application.responder,
            headGate: application.headGate, health: health)
        var servers: [String: HTTPServer] = [:]
        for (listener, router, responder, headGate) in application.listeners {
            var http = configuration.http
            http.port = try environment.int(listener.portVariable, default: listener.defaultPort, range: 0...65_535)
            servers[listener.name] = Self.server(
                http, application: application, router: router, responder: responder, headGate: headGate, health: health)
        }
        listenerServers = servers
    }

    /// A server for one of the application's routers, with request metrics.
    private static func server(
        _ http: HTTPServerConfiguration, application: ServiceApplication, router: Router, responder: any HTTPResponder,
        headGate: @escaping @Sendable (HTTPRequest) throws -> Void, health: LoopHealth
    ) -> HTTPServer {
        let metrics = application.context.metrics
        let server = HTTPServer(configuration: http, responder: responder)
        server.headGate = headGate
        server.loopResponder = { health.answer($0) }
        server.onResponse = { request, status, seconds in
            // Label by route template, never by raw path, so ids do not explode the series count.
            let route = request.routeTemplate ?? router.route(for: request.method, path: request.path)?.template ?? "unmatched"
            let method = Self.methodLabel(request.method)
            metrics.increment("http_requests_total", labels: ["route": route, "method": method, "status": String(status.code)])
            // Answers made on the event loop (probes) have no handler time to record.
            if seconds > 0 { metrics.observe("http_request_duration_seconds", seconds, labels: ["route": route, "method": method]) }
        }
        server.onRejected = { status in
            // Refused before routing: malformed, too slow, or over the connection cap.
            metrics.increment("http_requests_total", labels: ["route": "rejected", "method": "none", "status": String(status.code)])
        }
        server.onHandlerError = application.logHandlerError
        return server
    }

    /// The methods metrics are labelled with; any other is `other`, so clients cannot create series.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    static func methodLabel(_ method: String) -> String { knownMethods.contains(method) ? method : "other" }

    /// Binds the ports and starts serving (every listener, or none: a port that cannot be bound
    /// stops the ones already started).
    public func start() throws {
        if context.configuration.apiToken == nil {
            context.logger.warning(
                "no PRESCIENT_API_TOKEN: every write on this service is open to anyone who can reach its address",
                metadata: [
                    "http.host": "\(context.configuration.http.host)",
                    "allow_no_token": "\(context.configuration.allowsNoToken)",
                ])
        }
        health.start()
        var started: [HTTPServer] = []
        do {
            try server.start()
            started.append(server)
            for (_, listenerServer) in listenerServers.sorted(by: { $0.key < $1.key }) {
                try listenerServer.start()
                started.append(listenerServer)
            }
        } catch {
            for running in started { running.shutdown() }
            health.stop()
            throw error
        }
        var metadata: Logger.Metadata = ["http.host": "\(context.configuration.http.host)", "http.port": "\(server.port)"]
        for (name, listenerServer) in listenerServers { metadata["http.port.\(name)"] = "\(listenerServer.port)" }
        context.logger.info("service started", metadata: metadata)
    }

    /// Stops background work, drains the servers and closes the pool.
    public func stop() {
        context.logger.info("service stopping")
        server.shutdown()
        for listenerServer in listenerServers.values { listenerServer.shutdown() }
        health.stop()
        application.shutdown()
        context.logger.info("service stopped")
    }
}
