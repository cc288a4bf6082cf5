import Foundation
import PrescientCore

/// An HTTP response. Bodies are bytes; helpers build JSON and text bodies.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response encoding `value`.
    public static func json(_ value: some Encodable, status: HTTPStatus = .ok) -> HTTPResponse {
        do {
            let data = try WireJSON.encoder().encode(value)
            return HTTPResponse(
                status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(data))
        } catch {
            return HTTPResponse(error: HTTPError(.internalServerError, code: "internal_error", message: "the answer could not be encoded"))
        }
    }

    /// A JSON response from already-encoded bytes.
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: bytes)
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8")
        -> HTTPResponse
    {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: Array(text.utf8))
    }

    /// The one place an error becomes a response: `{"error":{"code":"…","message":"…"}}`.
    public init(error: HTTPError) {
        let body = ErrorBody(code: error.code, message: error.message)
        let data = (try? JSONEncoder().encode(body)) ?? Data("{\"error\":{\"code\":\"internal\",\"message\":\"\"}}".utf8)
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        for (name, value) in error.headers { headers.add(name, value) }
        self.init(status: error.status, headers: headers, body: Array(data))
    }
}
