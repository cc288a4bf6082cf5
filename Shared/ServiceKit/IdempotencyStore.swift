import Foundation
import HTTPServer
import Postgres

/// `idempotency_keys`: the first answer to each `Idempotency-Key` a service was sent, kept until
/// it expires, so a retried request gets that answer again instead of running twice. Rows are
/// scoped by service; the request's fingerprint (SHA-256 of method, path, query and body,
/// computed by PostgreSQL) tells a retry from a different request reusing the key. Owns that SQL.
struct IdempotencyStore: Sendable {
    let pool: PostgresPool
    let service: String
    /// How long an answer is kept.
    let ttl: Double
    /// A claim still running after this long is taken to be abandoned (its process died).
    let abandonedAfter: Double

    /// What became of a claim on a key.
    enum Claim {
        /// This request runs; it must `complete` or `release` the key.
        case claimed
        /// The same request was answered before: its answer.
        case answered(HTTPResponse)
        /// The same request is running elsewhere now.
        case running
        /// The key was used by a different request.
        case reused(method: String, path: String)
    }

    func claim(key: String, request: HTTPRequest) throws -> Claim {
        let fingerprint = Self.fingerprintInput(request)
        // Now and then, forget this service's expired answers in bulk.
        if Int.random(in: 0..<100) == 0 {
            _ = try? pool.execute(
                """
                DELETE FROM idempotency_keys WHERE ctid IN (
                    SELECT ctid FROM idempotency_keys WHERE service = \(service) AND expires_at < now() LIMIT 1000)
                """)
        }
        return try pool.withTransaction { db in
            try db.execute(
                """
                DELETE FROM idempotency_keys WHERE service = \(service) AND key = \(key)
                  AND (expires_at < now() OR (status = 'running' AND created_at < now() - make_interval(secs => \(abandonedAfter))))
                """)
            let inserted = try db.execute(
                """
                INSERT INTO idempotency_keys (service, key, fingerprint, method, path, status, expires_at)
                VALUES (\(service), \(key), encode(sha256(decode(\(fingerprint), 'base64')), 'hex'), \(request.method), \(request.path),
                        'running', now() + make_interval(secs => \(ttl)))
                ON CONFLICT (service, key) DO NOTHING
                """
            ).affectedRows
            if inserted == 1 { return .claimed }
            let row = try db.execute(
                """
                SELECT fingerprint = encode(sha256(decode(\(fingerprint), 'base64')), 'hex') AS same, method, path, status,
                       response_status, response_reason, response_content_type, response_location, response_body
                FROM idempotency_keys WHERE service = \(service) AND key = \(key)
                """)[0]
            guard try row.decode("same", as: Bool.self) else {
                return .reused(method: try row.decode("method"), path: try row.decode("path"))
            }
            guard try row.decode("status", as: String.self) == "done" else { return .running }
            var headers = HTTPHeaders()
            if let type: String = try row.decodeIfPresent("response_content_type") { headers.add("Content-Type", type) }
            if let location: String = try row.decodeIfPresent("response_location") { headers.add("Location", location) }
            headers.add("Idempotent-Replayed", "true")
            let code: Int = try row.decode("response_status")
            return .answered(
                HTTPResponse(
                    status: HTTPStatus(code, try row.decode("response_reason")), headers: headers,
                    body: Array(Data(base64Encoded: try row.decode("response_body", as: String.self)) ?? Data())))
        }
    }

    /// Stores the answer of a claimed key.
    func complete(key: String, response: HTTPResponse) throws {
        try pool.execute(
            """
            UPDATE idempotency_keys SET status = 'done', response_status = \(response.status.code), response_reason = \(response.status.reason),
                response_content_type = \(response.headers["Content-Type"]), response_location = \(response.headers["Location"]),
                response_body = \(Data(response.body).base64EncodedString()), completed_at = now()
            WHERE service = \(service) AND key = \(key)
            """)
    }

    /// Gives a claimed key up (the request failed in a way a retry may fix).
    func release(key: String) {
        _ = try? pool.execute("DELETE FROM idempotency_keys WHERE service = \(service) AND key = \(key) AND status = 'running'")
    }

    /// Method, path, query and body, base64-encoded for PostgreSQL to hash.
    static func fingerprintInput(_ request: HTTPRequest) -> String {
        Data(Array("\(request.method) \(request.path)?\(request.rawQuery)\n".utf8) + request.body).base64EncodedString()
    }
}
