import HTTPServer

/// Labels each request with its route template (never the raw path) before it is dispatched,
/// so the server's response hook can count it under that template.
struct RouteLabelMiddleware: HTTPMiddleware {
    let router: Router

    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        var labelled = request
        labelled.routeTemplate = router.route(for: request.method, path: request.path)?.template
        return try next.respond(to: labelled)
    }
}
