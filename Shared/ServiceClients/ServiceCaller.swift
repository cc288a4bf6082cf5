import Contracts
import Foundation
import HTTPClient
import PrescientCore

/// Sends one typed request to another Prescient service and decodes its typed answer; any
/// failure becomes a `ServiceCallError` that says which call failed and what came back.
public struct ServiceCaller: Sendable {
    let http: HTTPClient
    let token: String?
    let timeout: Double

    /// - Parameters:
    ///   - token: sent as a bearer token when the services require one.
    ///   - timeout: of each whole call, in seconds.
    public init(http: HTTPClient, token: String?, timeout: Double) {
        self.http = http
        self.token = token
        self.timeout = timeout
    }

    /// Sends `body` (JSON) or an empty body (a POST without one) and decodes a 2xx answer.
    public func send<Response: Decodable>(
        _ method: String, _ url: String, body: (some Encodable & Sendable)? = nil as Empty?, as type: Response.Type = Response.self
    ) throws -> Response {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        var bytes: [UInt8]?
        if let body {
            bytes = Array(try ContractCoding.encoder().encode(body))
            headers.append(("Content-Type", "application/json"))
        } else if method == "POST" {
            bytes = []
        }
        let response: HTTPClientResponse
        do {
            response = try http.send(HTTPClientRequest(method: method, url: url, headers: headers, body: bytes, timeout: timeout))
        } catch {
            throw ServiceCallError(method: method, url: url, status: nil, code: nil, message: "\(error)")
        }
        guard (200..<300).contains(response.status) else {
            let failure = try? ContractCoding.decoder().decodeBounded(ErrorBody.self, from: response.body)
            throw ServiceCallError(
                method: method, url: url, status: response.status, code: failure?.error.code,
                message: failure?.error.message ?? String(response.text.prefix(300)))
        }
        do {
            return try ContractCoding.decoder().decodeBounded(Response.self, from: response.body)
        } catch {
            throw ServiceCallError(
                method: method, url: url, status: response.status, code: "unreadable_answer",
                message: "the answer is not a \(Response.self): \(error)")
        }
    }

    /// A request without a body.
    public struct Empty: Encodable, Sendable {}
}
