import Foundation
import HTTPClient
import HTTPServer
import PrescientCore

/// Calls another Prescient service and turns any failure into a step error that says which
/// service, which call and what came back.
struct ServiceCaller: Sendable {
    let http: HTTPClient
    let token: String?
    let timeout: Double

    struct CallError: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends the request and returns the JSON object of a 2xx answer.
    func call(_ method: String, _ url: String, json: [String: JSONValue]? = nil) throws -> [String: JSONValue] {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        var body: [UInt8]?
        if let json {
            body = Array(try JSONEncoder().encode(json))
            headers.append(("Content-Type", "application/json"))
        } else if method == "POST" {
            body = []
        }
        let response: HTTPClientResponse
        do {
            response = try http.send(HTTPClientRequest(method: method, url: url, headers: headers, body: body, timeout: timeout))
        } catch {
            throw CallError(description: "\(method) \(url) failed: \(error)")
        }
        let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(response.body))
        guard (200..<300).contains(response.status), let object else {
            var message = response.text.prefix(300)
            if case .object(let error)? = object?["error"], case .string(let text)? = error["message"] { message = Substring(text) }
            throw CallError(description: "\(method) \(url) answered \(response.status): \(message)")
        }
        return object
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    func int(_ key: String) -> Int? {
        if case .number(let value)? = self[key] { return NSDecimalNumber(decimal: value).intValue }
        return nil
    }

    func decimal(_ key: String) -> Decimal? {
        if case .number(let value)? = self[key] { return value }
        return nil
    }
}
