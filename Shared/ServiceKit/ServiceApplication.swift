import Foundation
import HTTPServer
import Logging
import Postgres
import PrescientCore
import Schema

/// A service's request handling without a socket: its context (configuration, logger, metrics,
/// migrated database pool), its routes with the health endpoints, and the middleware chain
/// (error mapping, the host allow-list, the cross-origin guard, auth, `Idempotency-Key`, the
/// service's own, the JSON body check). The checks that need only a request's head are also
/// offered to the server as its head gate, so a refused request's body is never read.
/// `ServiceHost` serves it over HTTP; tests answer requests with it in process.
public final class ServiceApplication: Sendable {
    public let context: ServiceContext
    /// The routes, for labelling metrics by template.
    public let router: Router
    /// Every request goes through this chain.
    public let responder: any HTTPResponder
    /// The head-only checks of the main port (host, origin, token), for the server to run before reading a body.
    public let headGate: @Sendable (HTTPRequest) throws -> Void
    /// The further listeners, each with its routes (health endpoints added), its chain and its head gate.
    public let listeners:
        [(listener: ServiceListener, router: Router, responder: any HTTPResponder, headGate: @Sendable (HTTPRequest) throws -> Void)]
    private let onStop: @Sendable () -> Void

    /// Builds the context, migrates the database, and asks `routes` for the service's routes.
    public init(
        configuration: ServiceConfiguration, environment: EnvironmentReader = EnvironmentReader(),
        routes: (ServiceContext) throws -> ServiceRoutes
    ) throws {
        setenv("PGCONNECT_TIMEOUT", "3", 0)
        // Every session of this process: no statement runs away, no transaction is left open.
        let statementMilliseconds = Int(configuration.statementTimeoutSeconds * 1000)
        setenv("PGOPTIONS", "-c statement_timeout=\(statementMilliseconds) -c idle_in_transaction_session_timeout=120000", 0)
        var logger = Logger(label: configuration.name) { JSONLogHandler(label: $0) }
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let metrics = MetricsRegistry()
        var database: PostgresPool?
        if let url = configuration.databaseURL {
            let pool = PostgresPool(connectionString: url, maxConnections: configuration.databasePoolSize)
            try Migrator(pool: pool).migrate()
            database = pool
        }
        let context = ServiceContext(
            configuration: configuration, environment: environment, logger: logger, metrics: metrics, database: database)
        self.context = context
        let serviceRoutes: ServiceRoutes
        do {
            serviceRoutes = try routes(context)
        } catch {
            database?.close()
            throw error
        }
        let idempotencyTTL = try environment.double("IDEMPOTENCY_TTL_S", default: 86_400, range: 60...86_400 * 30)
        let idempotencyWait = try environment.double("IDEMPOTENCY_WAIT_S", default: 30, range: 0...3_600)
        let hosts = HostAllowList(configuration.allowedHosts)
        typealias HeadGate = @Sendable (HTTPRequest) throws -> Void
        func chain(_ routes: Router, own: [any HTTPMiddleware]) -> (Router, any HTTPResponder, HeadGate) {
            var router = routes
            HealthRoutes.register(on: &router, context: context)
            OpenAPIRoute.register(on: &router, service: configuration.name, environment: environment)
            var responder: any HTTPResponder = MiddlewareResponder(JSONBodyGate(), next: router)
            for middleware in (serviceRoutes.middleware + own).reversed() {
                responder = MiddlewareResponder(middleware, next: responder)
            }
            if let database {
                let store = IdempotencyStore(pool: database, service: configuration.name, ttl: idempotencyTTL, abandonedAfter: 900)
                responder = MiddlewareResponder(IdempotencyMiddleware(store: store, router: router, wait: idempotencyWait), next: responder)
            }
            let auth = configuration.apiToken.map { AuthMiddleware(token: $0, router: router) }
            if let auth { responder = MiddlewareResponder(auth, next: responder) }
            let origins = CrossOriginGuard(router: router)
            responder = MiddlewareResponder(origins, next: responder)
            responder = MiddlewareResponder(hosts, next: responder)
            let routes = router
            let headGate: HeadGate = { request in
                // A health probe needs no check at all (they answer any host, change nothing, carry no body).
                if request.method == "GET" && HostAllowList.probes.contains(request.path) { return }
                try hosts.check(request)
                // A body for a route that does not exist is refused before it is read.
                if request.headers["Content-Length"].map({ $0 != "0" }) ?? (request.headers["Transfer-Encoding"] != nil),
                    let refusal = routes.refusal(for: request.method, path: request.path)
                {
                    throw refusal
                }
                // One route lookup for both checks (this runs for every request).
                let changesState = routes.route(for: request.method, path: request.path)?.changesState ?? false
                try origins.check(request, changesState: changesState)
                try auth?.check(request, changesState: changesState)
            }
            return (router, MiddlewareResponder(ErrorMapping(), next: responder), headGate)
        }
        (self.router, self.responder, self.headGate) = chain(serviceRoutes.router, own: serviceRoutes.mainMiddleware)
        listeners = serviceRoutes.listeners.map { listener in
            let (router, responder, headGate) = chain(listener.router, own: listener.middleware)
            return (listener, router, responder, headGate)
        }
        self.onStop = serviceRoutes.onStop ?? {}
    }

    /// The response to one request, exactly as the server would send it (errors as JSON bodies):
    /// on the main port, or on the further listener named `listener`.
    public func answer(_ request: HTTPRequest, listener: String? = nil) -> HTTPResponse {
        guard let listener else { return responder.answer(request, onHandlerError: logHandlerError) }
        guard let chain = listeners.first(where: { $0.listener.name == listener })?.responder else {
            preconditionFailure("\(context.configuration.name) has no listener named \(listener)")
        }
        return chain.answer(request, onHandlerError: logHandlerError)
    }

    /// Logs an error no mapping turned into a status (it becomes a 500).
    @Sendable func logHandlerError(_ request: HTTPRequest, _ error: any Error, _ requestID: String) {
        context.logger.error(
            "handler failed", metadata: ["http.path": "\(request.path)", "error": "\(error)", "request.id": "\(requestID)"])
    }

    /// Stops the service's background work and closes its pool.
    public func shutdown() {
        onStop()
        context.database?.close()
    }
}
