/// An error a handler throws to answer with a precise status and a JSON error body.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    /// A stable machine-readable code, e.g. `invalid_json`, `not_found`.
    public let code: String
    /// A human-readable explanation naming the offending field or value.
    public let message: String
    /// Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`).
    public var headers: [(String, String)] = []

    public init(_ status: HTTPStatus, code: String, message: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func notFound(_ message: String) -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: message)
    }

    public static func badRequest(_ message: String, code: String = "bad_request") -> HTTPError {
        HTTPError(.badRequest, code: code, message: message)
    }
}
