import Foundation
import HTTPServer

/// Answers errors of the Polymarket routes as Polymarket's hosts do, `{"error":"<message>"}`
/// with the same status (and `Retry-After` where set), instead of the suite's
/// `{"error":{"code","message"}}`. The simulator's own `/sim/*` control, health and metrics keep
/// the suite's form.
struct PolymarketErrorBodies: HTTPMiddleware {
    struct Body: Encodable {
        let error: String
    }

    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        guard !FaultInjector.isSimulatorOwn(request.path) else { return try next.respond(to: request) }
        do {
            return try next.respond(to: request)
        } catch let error as HTTPError {
            var response = HTTPResponse.json(Body(error: error.message))
            response.status = error.status
            for (name, value) in error.headers { response.headers.add(name, value) }
            return response
        }
    }
}
