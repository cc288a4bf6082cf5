import HTTPServer

/// A further port a service answers on, with routes of its own (the simulator's CLOB and Data
/// API hosts beside its Gamma host). It shares the service's middleware, token and health
/// endpoints, and may add middleware of its own (run inside the shared ones); its port comes
/// from `portVariable` like the main one's.
public struct ServiceListener: Sendable {
    /// Names the listener in logs and metrics (`clob`, `data`).
    public var name: String
    public var portVariable: String
    public var defaultPort: Int
    public var router: Router
    public var middleware: [any HTTPMiddleware]

    public init(name: String, portVariable: String, defaultPort: Int, router: Router, middleware: [any HTTPMiddleware] = []) {
        self.name = name
        self.portVariable = portVariable
        self.defaultPort = defaultPort
        self.router = router
        self.middleware = middleware
    }
}
