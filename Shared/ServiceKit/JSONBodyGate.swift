import HTTPServer
import PrescientCore

/// Checks every request body before any route sees it: every body the suite accepts is JSON, so a
/// body that is not (malformed, nesting deeper than `JSONNesting.limit`, a key twice, a NUL) is
/// refused with 400 `invalid_json` on every route, also on those that read no body, instead of
/// being ignored by one route and decoded recursively by another.
struct JSONBodyGate: HTTPMiddleware {
    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        guard !request.body.isEmpty else { return try next.respond(to: request) }
        try request.checkJSONBody()
        var checked = request
        checked.bodyIsCheckedJSON = true
        return try next.respond(to: checked)
    }
}
