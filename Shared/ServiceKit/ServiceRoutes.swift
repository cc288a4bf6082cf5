import HTTPServer

/// What a service contributes to its host: its routes, middleware run inside auth and metrics,
/// further listeners with routes of their own, and an optional hook run at shutdown (e.g. to stop
/// a background loop).
public struct ServiceRoutes: Sendable {
    public var router: Router
    public var middleware: [any HTTPMiddleware]
    /// Middleware of the main port only, run inside `middleware` (listeners carry their own).
    public var mainMiddleware: [any HTTPMiddleware] = []
    public var listeners: [ServiceListener]
    public var onStop: (@Sendable () -> Void)?

    public init(
        router: Router, middleware: [any HTTPMiddleware] = [], listeners: [ServiceListener] = [],
        onStop: (@Sendable () -> Void)? = nil
    ) {
        self.router = router
        self.middleware = middleware
        self.listeners = listeners
        self.onStop = onStop
    }
}
