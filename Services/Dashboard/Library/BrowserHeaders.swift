import HTTPServer

/// What a browser is told about every dashboard answer: scripts, styles and fetches from this
/// service only and nothing inline (`Content-Security-Policy`), no framing, no type sniffing, and
/// no address leaked to another site.
struct BrowserHeaders: HTTPMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        var response = try next.respond(to: request)
        response.headers["Content-Security-Policy"] = Self.contentSecurityPolicy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response
    }
}
