/// Anything that turns a request into a response: a router, a middleware chain, a test double.
///
/// Handlers run on the connection's own thread and may block (database, outbound HTTP).
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) throws -> HTTPResponse
}

/// A responder built from a closure.
public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (HTTPRequest) throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        self.body = body
    }

    public func respond(to request: HTTPRequest) throws -> HTTPResponse {
        try body(request)
    }
}

/// Wraps a responder to add behaviour before or after it (metrics, auth, logging).
public protocol HTTPMiddleware: Sendable {
    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse
}

/// A responder that runs `middleware` around `next`.
public struct MiddlewareResponder: HTTPResponder {
    let middleware: any HTTPMiddleware
    let next: any HTTPResponder

    public init(_ middleware: any HTTPMiddleware, next: any HTTPResponder) {
        self.middleware = middleware
        self.next = next
    }

    public func respond(to request: HTTPRequest) throws -> HTTPResponse {
        try middleware.respond(to: request, next: next)
    }
}
