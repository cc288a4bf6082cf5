import HTTPServer

/// A check of requests to routes that change state, decided on the request's head alone (the
/// server runs it before reading a body; as middleware it runs in process too). Conformers write
/// only `check(_:changesState:)`.
public protocol StateChangeCheck: HTTPMiddleware {
    var router: Router { get }
    /// Throws the refusal of `request`, given whether its route changes state.
    func check(_ request: HTTPRequest, changesState: Bool) throws
}

extension StateChangeCheck {
    public func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        try check(request)
        return try next.respond(to: request)
    }

    /// The check, with the route looked up.
    public func check(_ request: HTTPRequest) throws {
        try check(request, changesState: router.route(for: request.method, path: request.path)?.changesState ?? false)
    }
}
