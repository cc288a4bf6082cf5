import Foundation

/// A route table: method + path template (`/events/{id}`) → handler.
///
/// Unknown paths answer 404 and known paths with another method 405, both as JSON errors.
/// `HEAD` is served by the `GET` route; the server drops the body.
public struct Router: HTTPResponder {
    public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse

    struct Route: Sendable {
        let method: String
        let template: String
        let segments: [Segment]
        let changesState: Bool
        let handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. Templates use `{name}` for a path parameter. `changesState` defaults to true for
    /// every method but GET; a GET that writes (the spec's export endpoints) passes it explicitly.
    public mutating func add(
        _ method: String, _ template: String, changesState: Bool? = nil, _ handler: @escaping Handler
    ) {
        let segments = template.split(separator: "/").map { part -> Segment in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        routes.append(
            Route(
                method: method, template: template, segments: segments, changesState: changesState ?? (method != "GET"),
                handler: handler))
    }

    public mutating func get(_ template: String, changesState: Bool = false, _ handler: @escaping Handler) {
        add("GET", template, changesState: changesState, handler)
    }
    /// A state-changing route the design documents name as a GET: served as a POST too (the form
    /// browsers and careful clients should use), its GET kept for compatibility.
    public mutating func getOrPost(_ template: String, _ handler: @escaping Handler) {
        add("GET", template, changesState: true, handler)
        add("POST", template, changesState: true, handler)
    }

    /// A POST route; `changesState: false` marks a read that uses POST only to carry a body
    /// (the CLOB's `POST /books`), so a token is not demanded of it.
    public mutating func post(_ template: String, changesState: Bool = true, _ handler: @escaping Handler) {
        add("POST", template, changesState: changesState, handler)
    }
    public mutating func patch(_ template: String, _ handler: @escaping Handler) { add("PATCH", template, handler) }
    public mutating func delete(_ template: String, _ handler: @escaping Handler) { add("DELETE", template, handler) }

    /// The templates of every route, for documentation and tests.
    public var templates: [(method: String, template: String)] { routes.map { ($0.method, $0.template) } }

    /// The matching route's template and whether it changes state, if a route matches.
    public func route(for method: String, path: String) -> (template: String, changesState: Bool)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let lookup = method == "HEAD" ? "GET" : method
        return routes.first { $0.method == lookup && Self.match($0.segments, parts) != nil }
            .map { ($0.template, $0.changesState) }
    }

    /// The 404 or 405 a request for `method path` gets, or nil when a route serves it; for
    /// refusing on the head, before a body is read.
    public func refusal(for method: String, path: String) -> HTTPError? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let lookup = method == "HEAD" ? "GET" : method
        let matching = routes.filter { Self.match($0.segments, parts) != nil }
        if matching.contains(where: { $0.method == lookup }) { return nil }
        if matching.isEmpty { return HTTPError.notFound("no route for \(method.prefix(20)) \(path.prefix(200))") }
        let allowed = matching.map(\.method).joined(separator: ", ")
        return HTTPError(
            .methodNotAllowed, code: "method_not_allowed",
            message: "\(method.prefix(20)) is not allowed on \(path.prefix(200)); use \(allowed)",
            headers: [("Allow", allowed)])
    }

    public func respond(to request: HTTPRequest) throws -> HTTPResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let method = request.method == "HEAD" ? "GET" : request.method
        for route in routes where route.method == method {
            guard let parameters = Self.match(route.segments, parts) else { continue }
            var routed = request
            routed.pathParameters = parameters
            routed.routeTemplate = route.template
            return try route.handler(routed)
        }
        // The same 404 or 405 the server gives on the head.
        throw refusal(for: request.method, path: request.path) ?? HTTPError.notFound("no route for \(request.method.prefix(20))")
    }

    static func match(_ segments: [Segment], _ parts: [String]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal): if literal != part { return nil }
            case .parameter(let name): parameters[name] = part
            }
        }
        return parameters
    }
}
