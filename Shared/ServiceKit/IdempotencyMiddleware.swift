import Foundation
import HTTPServer

/// `Idempotency-Key` on every state-changing route of a service with a database (creating
/// portfolios, executing signals, running cycles and backtests among them): the first request
/// with a key runs and its answer is stored (`IdempotencyStore`, `IDEMPOTENCY_TTL_S`, 24 h); a
/// retry with the same key and the same request gets that answer again, marked
/// `Idempotent-Replayed: true`, and nothing runs twice. A retry arriving while the first still
/// runs waits for its answer (up to `IDEMPOTENCY_WAIT_S`, 30 s; then 409
/// `idempotency_key_in_progress` with `Retry-After`). The same key on a different request is a
/// 422 `idempotency_key_reused`; a malformed key (1 to 255 visible ASCII characters) a 400
/// `invalid_idempotency_key`. An answer of 429 or 5xx, or an error, is not kept: the key may be
/// retried. Requests without the header are untouched.
public struct IdempotencyMiddleware: HTTPMiddleware {
    let store: IdempotencyStore
    let router: Router
    let wait: Double

    init(store: IdempotencyStore, router: Router, wait: Double) {
        self.store = store
        self.router = router
        self.wait = wait
    }

    public func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        guard let key = request.headers["Idempotency-Key"],
            router.route(for: request.method, path: request.path)?.changesState ?? false
        else { return try next.respond(to: request) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw HTTPError.badRequest(
                "Idempotency-Key must be 1 to 255 visible ASCII characters", code: "invalid_idempotency_key")
        }
        let deadline = Date().addingTimeInterval(wait)
        while true {
            switch try store.claim(key: key, request: request) {
            case .claimed:
                return try run(request, key: key, next: next)
            case .answered(let response):
                return response
            case .reused(let method, let path):
                throw HTTPError(
                    .unprocessableContent, code: "idempotency_key_reused",
                    message: "Idempotency-Key '\(key)' was used for a different request (\(method) \(path.prefix(200)))")
            case .running:
                guard Date() < deadline else {
                    throw HTTPError(
                        .conflict, code: "idempotency_key_in_progress",
                        message: "a request with Idempotency-Key '\(key)' is still running; retry for its answer",
                        headers: [("Retry-After", "1")])
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    func run(_ request: HTTPRequest, key: String, next: any HTTPResponder) throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try next.respond(to: request)
        } catch {
            store.release(key: key)
            throw error
        }
        if response.status.code == 429 || response.status.code >= 500 {
            store.release(key: key)
        } else {
            do {
                try store.complete(key: key, response: response)
            } catch {
                store.release(key: key)
            }
        }
        return response
    }
}
